# bench/lib.sh — what bench/compare.sh and bench/scale.sh share: making the
# bench sites, waiting for the disk, timing one cold build, medians.
# Source it; it sets nothing until a function is called.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_shared="$bench_root/../shared/bench"
bench_dir="${BENCH_DIR:-/tmp/folio-compare}"

bench_install() { # the Debian packages the scripts run: hugo and GNU time
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  command -v hugo >/dev/null || $sudo apt-get install -y -qq hugo >/dev/null
  command -v /usr/bin/time >/dev/null || $sudo apt-get install -y -qq time >/dev/null
  return 0
}

# bench_setup N: makes, under $bench_dir/N, the corpus of N articles, the
# folio and Hugo sites on it, and the folio and lowerbound binaries from
# this checkout. Existing corpora and sites are kept.
#
# folio: the same articles, the same URLs (/articles/<slug>/), paginate 10,
# and the Hugo site's shape: tags as the only taxonomy, one page per tag
# (paginate_terms = 0: the Hugo site's term template lists every article),
# no highlighting, no date archives, no search index, feeds for the site
# only. folio still does more: its default theme (tag pages list cards with
# summaries, not titles), RSS, Atom and JSON feeds of full articles, and a
# /tags/ index. BENCH_FULL_SHAPE=1 keeps folio's defaults instead
# (archives, search index, paginated tag pages, every tag's feeds).
bench_setup() {
  local work="$bench_dir/$1"
  mkdir -p "$work/bound" "$work/trash"
  if [ ! -d "$work/corpus/articles" ]; then
    python3 "$bench_shared/gen-corpus" "$1" 42 "$work/corpus" >/dev/null
  fi
  if [ ! -d "$work/folio/content" ]; then
    mkdir -p "$work/folio/content"
    cp -r "$work/corpus/articles" "$work/folio/content/articles"
  fi
  local shape=$'paginate_terms = 0\narchives = false\nbuild_search_index = false' feeds=$'[feeds]\nterms = false'
  [ -z "${BENCH_FULL_SHAPE:-}" ] || shape="" feeds=""
  cat >"$work/folio/folio.toml" <<TOML
title = "Bench News"
base_url = "https://example.org/"
paginate = 10
permalink = "/articles/:slug/"
$shape
[taxonomies]
tag = "tags"
[markdown]
highlight_code = false
$feeds
TOML
  if [ ! -f "$work/hugo/hugo.toml" ]; then
    cp -r "$bench_shared/peers/hugo" "$work/hugo" && chmod -R u+w "$work/hugo"
    mkdir -p "$work/hugo/content" && cp -r "$work/corpus/articles" "$work/hugo/content/articles"
  fi
  (cd "$bench_root" && go build -o "$work/folio-bin" ./cmd/folio && go build -o "$work/lowerbound" ./bench/lowerbound)
}

# bench_settle waits for the disk. The disk of these machines (ext4
# without a journal) scans recently freed inodes on every file it creates,
# for up to 6 minutes after they are freed (ext4's recently_deleted()). A
# run started soon after another emptied its trash would time that, not
# the builds: wait it out (BENCH_NO_WAIT=1 skips).
bench_settle() {
  local stamp="$bench_dir/.last-rm" left
  if [ -f "$stamp" ] && [ -z "${BENCH_NO_WAIT:-}" ]; then
    left=$(( $(stat -c %Y "$stamp") + 390 - $(date +%s) ))
    if [ "$left" -gt 0 ]; then
      echo "waiting ${left}s for the disk to settle after the last run's cleanup" >&2
      sleep "$left"
    fi
  fi
}

# bench_warm PATH...: reads every file under each PATH once (output
# folders aside), untimed. These machines drop file pages that nobody has
# read for a minute (DAMON's proactive reclaim), so a build's inputs may
# come from the disk or from memory depending on how long ago the last run
# read them: at 100,000 articles Hugo's run alone takes longer than that.
# Reading them just before each timed run puts every tool on the same
# footing: its inputs in memory, its output folder empty.
bench_warm() {
  local p
  for p in "$@"; do
    [ -e "$p" ] || continue
    find "$p" -name public -prune -o -type f -print0 | xargs -0r cat >/dev/null
  done
}

# bench_once N NAME DIR CMD...: one cold build in DIR, appended to
# $bench_dir/N/NAME.times as "wall user sys maxrss-KiB". The old output is
# moved aside to N's trash, not deleted (see bench_settle). DIR, the
# command's executable and its arguments that are absolute paths are read
# first (bench_warm).
bench_once() {
  local work="$bench_dir/$1" name="$2" dir="$3" a; shift 3
  [ -d "$dir/public" ] && mv "$dir/public" "$work/trash/$name.$RANDOM$RANDOM"
  local warm=("$dir" "$(command -v "$1")")
  for a in "${@:2}"; do
    case "$a" in /*) warm+=("$a") ;; esac
  done
  bench_warm "${warm[@]}"
  sync
  (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$work/$name.one" "$@" >/dev/null 2>&1)
  cat "$work/$name.one" >>"$work/$name.times"
}

# bench_median N NAME: prints "NAME wall cpu peak-MiB", the medians of wall
# time, CPU time (user + system) and peak RSS over N's NAME.times.
bench_median() {
  python3 - "$bench_dir/$1/$2.times" "$2" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] + r[2] for r in rows)
rss = statistics.median(r[3] for r in rows) / 1024
print(f"{sys.argv[2]} {wall:.2f} {cpu:.2f} {rss:.0f}")
PY
}

# bench_cleanup N...: empties the trash of each N, and notes the time, for
# the next run's bench_settle.
bench_cleanup() {
  local n
  for n in "$@"; do rm -rf "$bench_dir/$n/trash"; done
  touch "$bench_dir/.last-rm"
}
