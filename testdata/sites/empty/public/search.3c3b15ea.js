// search.js: the search page of a folio site. It reads the static index the
// build writes under search/ (documented in folio's internal/search), and
// fetches only what a query needs: the manifest, the term shards of the
// query's words, then the article shards of the top results.
//
// Words must match all (AND); the last word also matches longer words while
// the reader is still typing it. Results rank by how many words are in the
// title rather than only the text, then newest first.
//
// Everything from the index is put on the page as text (textContent, text
// nodes), never as HTML, so a headline like </script><script>… stays words.
(() => {
  "use strict";

  const root = document.querySelector("[data-search-base]");
  if (!root || !window.fetch) return;
  const base = root.getAttribute("data-search-base") || "/";
  const form = root.querySelector("form");
  const input = root.querySelector("[data-search-input]");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");

  const MAX_RESULTS = 20;
  const MAX_PREFIX_SHARDS = 8; // a shorter prefix waits for more letters
  const MAX_TERM = 64;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  // Tokenizing, as internal/search's Terms does it: NFKC, lower case, words
  // of letters, digits and marks in any script, a few spellings folded.
  const WORD = /[\p{L}\p{N}\p{M}\u200c\u200d]+/gu;
  const FOLDS = /[\u064a\u0643\u03c2\u0640\u200c\u200d\u0660-\u0669\u06f0-\u06f9]/g;
  const foldChar = (c) => {
    const n = c.charCodeAt(0);
    if (n >= 0x660 && n <= 0x669) return String(n - 0x660);
    if (n >= 0x6f0 && n <= 0x6f9) return String(n - 0x6f0);
    return { "\u064a": "\u06cc", "\u0643": "\u06a9", "\u03c2": "\u03c3" }[c] || "";
  };
  const normWord = (w) => w.toLowerCase().replace(FOLDS, foldChar);
  const runes = (s) => Array.from(s);

  // words returns the query's words, each {term, prefix}: stop words, single
  // Latin letters and duplicates dropped, except that the word being typed
  // is kept as a prefix.
  function words(q, stop) {
    const raw = (q.normalize("NFKC").match(WORD) || []).map(normWord).filter((t) => t !== "");
    const typing = raw.length > 0 && !/[\s\p{P}]$/u.test(q);
    const out = [];
    const seen = new Set();
    raw.forEach((t, i) => {
      const n = runes(t).length;
      const prefix = typing && i === raw.length - 1 && n >= 2;
      if (n > MAX_TERM || !/[\p{L}\p{N}]/u.test(t) || (!prefix && (stop.has(t) || /^[a-z]$/.test(t)))) return;
      const key = t + (prefix ? "*" : "");
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ term: t, prefix });
    });
    return out;
  }

  // Fetching, each URL once.
  const cache = new Map();
  function getJSON(url, opts) {
    let p = cache.get(url);
    if (!p) {
      p = fetch(url, opts).then((r) => {
        if (!r.ok) throw new Error(r.status + " " + r.statusText + ": " + url);
        return r.json();
      });
      p.catch(() => cache.delete(url));
      cache.set(url, p);
    }
    return p;
  }

  let manifestPromise = null;
  function manifest() {
    if (!manifestPromise) {
      manifestPromise = getJSON(base + "search/index.json", { cache: "no-cache" }).then((m) => {
        if (m.format !== 1) throw new Error("the search index has an unknown format");
        m.shardSet = new Set(m.shards);
        m.stop = new Set(m.stopWords);
        return m;
      });
      manifestPromise.catch(() => { manifestPromise = null; });
    }
    return manifestPromise;
  }

  // shardFile is internal/search's ShardFile: a-z 0-9 keys as they are,
  // others as "x" and the hex of their UTF-8 bytes.
  function shardFile(key) {
    if (/^[a-z0-9]+$/.test(key)) return key;
    let hex = "x";
    for (const b of new TextEncoder().encode(key)) hex += b.toString(16).padStart(2, "0");
    return hex;
  }
  const shardURL = (m, key) => base + "search/terms/" + shardFile(key) + ".json?v=" + m.version;
  const docsURL = (m, n) => base + "search/docs/" + n + ".json?v=" + m.version;

  // shardKeys returns the keys of the shards that can hold the word: the
  // longest key that starts it, and for a prefix every longer key it
  // starts. A prefix that needs too many shards is looked up as a word.
  function shardKeys(m, w) {
    const r = runes(w.term);
    const keys = [];
    for (let n = r.length; n >= 1; n--) {
      const k = r.slice(0, n).join("");
      if (m.shardSet.has(k)) { keys.push(k); break; }
    }
    if (w.prefix) {
      const longer = m.shards.filter((k) => k.length > w.term.length && k.startsWith(w.term));
      if (keys.length + longer.length <= MAX_PREFIX_SHARDS) return { keys: keys.concat(longer), prefix: true };
      return { keys, prefix: false, broad: true };
    }
    return { keys, prefix: false };
  }

  // lookup returns a Map from article id to the word's weight in it: 3 when
  // the word is in the title, else 1. A prefix too short to look up (broad)
  // is marked on the map.
  async function lookup(m, w) {
    const { keys, prefix, broad } = shardKeys(m, w);
    const shards = await Promise.all(keys.map((k) => getJSON(shardURL(m, k))));
    const hits = new Map();
    const add = (lists) => {
      [3, 1].forEach((weight, which) => {
        let id = 0;
        for (const delta of lists[which]) {
          id += delta;
          if ((hits.get(id) || 0) < weight) hits.set(id, weight);
        }
      });
    };
    for (const shard of shards) {
      if (prefix) {
        for (const [term, lists] of Object.entries(shard)) if (term.startsWith(w.term)) add(lists);
      } else if (Object.prototype.hasOwnProperty.call(shard, w.term)) {
        add(shard[w.term]);
      }
    }
    hits.broad = !!broad;
    return hits;
  }

  // rank intersects the words' hits and orders them: weight, then newest
  // (smaller id) first.
  function rank(hitLists) {
    hitLists.sort((a, b) => a.size - b.size);
    let scores = hitLists[0];
    for (const hits of hitLists.slice(1)) {
      const next = new Map();
      for (const [id, s] of scores) {
        const w = hits.get(id);
        if (w) next.set(id, s + w);
      }
      scores = next;
    }
    return Array.from(scores).sort((a, b) => b[1] - a[1] || a[0] - b[0]).map((e) => e[0]);
  }

  async function docs(m, ids) {
    const shards = [...new Set(ids.map((id) => Math.floor(id / m.docsPerShard)))];
    const loaded = new Map();
    await Promise.all(shards.map(async (n) => loaded.set(n, await getJSON(docsURL(m, n)))));
    return ids.map((id) => loaded.get(Math.floor(id / m.docsPerShard))[id % m.docsPerShard]).filter(Boolean);
  }

  // Showing results.
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // highlight appends text to parent, with the words that match the query
  // in <mark>.
  function highlight(parent, text, ws) {
    let last = 0;
    for (const match of text.matchAll(WORD)) {
      const t = normWord(match[0].normalize("NFKC"));
      if (!ws.some((w) => (w.prefix ? t.startsWith(w.term) : t === w.term))) continue;
      parent.append(text.slice(last, match.index), el("mark", "", match[0]));
      last = match.index + match[0].length;
    }
    parent.append(text.slice(last));
  }

  function formatDate(iso) {
    const [y, mo, d] = iso.split("-").map(Number);
    return d + " " + MONTHS[mo - 1] + " " + y;
  }

  function result(doc, ws) {
    const li = el("li", "search-result");
    const article = el("article", "card");
    const h = el("h2", "card__title");
    const a = el("a");
    // Article URLs are paths on this site; anything else is not followed.
    if (typeof doc.url === "string" && doc.url.startsWith("/") && !doc.url.startsWith("//")) a.href = doc.url;
    highlight(a, String(doc.title || ""), ws);
    h.append(a);
    article.append(h);
    if (doc.excerpt) {
      const p = el("p", "card__summary search-result__excerpt");
      highlight(p, String(doc.excerpt), ws);
      article.append(p);
    }
    if (doc.date) {
      const by = el("p", "byline");
      const span = el("span", "byline__date");
      const time = el("time", "", formatDate(doc.date));
      time.setAttribute("datetime", doc.date);
      span.append(time);
      by.append(span);
      article.append(by);
    }
    li.append(article);
    return li;
  }

  let current = 0;
  async function run(q) {
    const seq = ++current;
    const url = new URL(location.href);
    if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(history.state, "", url);
    try {
      const m = await manifest();
      const ws = words(q, m.stop);
      if (ws.length === 0) {
        if (seq !== current) return;
        list.replaceChildren();
        status.textContent = q.trim() ? "Type a longer word to search." : "";
        return;
      }
      root.setAttribute("aria-busy", "true");
      const hitLists = await Promise.all(ws.map((w) => lookup(m, w)));
      const broad = hitLists.some((h) => h.broad);
      const ids = rank(hitLists);
      const found = await docs(m, ids.slice(0, MAX_RESULTS));
      if (seq !== current) return;
      list.replaceChildren(...found.map((d) => result(d, ws)));
      if (ids.length === 0 && broad) status.textContent = "Type more of the last word to search.";
      else if (ids.length === 0) status.textContent = "No articles match \u201c" + q.trim() + "\u201d.";
      else if (ids.length === 1) status.textContent = "1 article";
      else if (ids.length > MAX_RESULTS) status.textContent = ids.length + " articles; the " + MAX_RESULTS + " best are shown.";
      else status.textContent = ids.length + " articles";
    } catch (err) {
      if (seq !== current) return;
      list.replaceChildren();
      status.textContent = "Search is not available: " + err.message;
    } finally {
      if (seq === current) root.removeAttribute("aria-busy");
    }
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 120);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });

  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run(q);
  }
})();
