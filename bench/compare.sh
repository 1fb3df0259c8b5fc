#!/usr/bin/env bash
# bench/compare.sh N [RUNS] — builds the shared news corpus of N articles
# with folio and with Hugo (Debian's package) on equivalent sites, and prints
# median wall time, CPU time and peak RSS of cold builds side by side, with
# the ratios folio/Hugo and folio/bound. "bound" is bench/lowerbound, the
# least work any generator must do (read every article, goldmark on all
# cores, write one file each). All run under the same conditions in one run.
#
# Old output is moved aside rather than deleted between runs: on these
# machines the disk slows file creation for a while after a large rm -rf
# (see ../shared/bench/README.md).
set -euo pipefail
N="${1:?usage: bench/compare.sh N [RUNS]}"
RUNS="${2:-5}"
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="$here/../shared/bench"
work="${BENCH_DIR:-/tmp/folio-compare}/$N"
mkdir -p "$work"

command -v hugo >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq hugo >/dev/null; }
command -v /usr/bin/time >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq time >/dev/null; }

if [ ! -d "$work/corpus/articles" ]; then
  python3 "$shared/gen-corpus" "$N" 42 "$work/corpus" >/dev/null
fi
# folio: the same articles, the same URLs (/articles/<slug>/), paginate 10,
# and the Hugo site's shape: tags as the only taxonomy, no highlighting,
# no date archives, no search index, feeds for the site only. folio still
# does more: its default theme, RSS, Atom and JSON feeds of full articles,
# paginated tag pages and a /tags/ index. BENCH_FULL_SHAPE=1 keeps folio's
# defaults instead (archives, search index, every tag's feeds).
if [ ! -d "$work/folio/content" ]; then
  mkdir -p "$work/folio/content"
  cp -r "$work/corpus/articles" "$work/folio/content/articles"
fi
shape=$'archives = false\nbuild_search_index = false' feeds=$'[feeds]\nterms = false'
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
  cp -r "$shared/peers/hugo" "$work/hugo" && chmod -R u+w "$work/hugo"
  mkdir -p "$work/hugo/content" && cp -r "$work/corpus/articles" "$work/hugo/content/articles"
fi
(cd "$here" && go build -o "$work/folio-bin" ./cmd/folio && go build -o "$work/lowerbound" ./bench/lowerbound)
mkdir -p "$work/bound"

trash="$work/trash"; mkdir -p "$trash"
# The disk of these machines (ext4 without a journal) scans recently freed
# inodes on every file it creates, for up to 6 minutes after they are freed
# (ext4's recently_deleted()). A run started soon after another emptied its
# trash would time that, not the builds: wait it out (BENCH_NO_WAIT=1 skips).
stamp="${BENCH_DIR:-/tmp/folio-compare}/.last-rm"
if [ -f "$stamp" ] && [ -z "${BENCH_NO_WAIT:-}" ]; then
  left=$(( $(stat -c %Y "$stamp") + 390 - $(date +%s) ))
  if [ "$left" -gt 0 ]; then
    echo "waiting ${left}s for the disk to settle after the last run's cleanup" >&2
    sleep "$left"
  fi
fi
once() { # name dir cmd...: one cold build, appended to $work/name.times
  local name="$1" dir="$2"; shift 2
  [ -d "$dir/public" ] && mv "$dir/public" "$trash/$name.$RANDOM$RANDOM"
  sync
  (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$work/$name.one" "$@" >/dev/null 2>&1)
  cat "$work/$name.one" >>"$work/$name.times"
}
median() { # name: median wall, cpu (user+sys) and peak RSS (MiB)
  python3 - "$work/$1.times" "$1" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] + r[2] for r in rows)
rss = statistics.median(r[3] for r in rows) / 1024
print(f"{sys.argv[2]} {wall:.2f} {cpu:.2f} {rss:.0f}")
PY
}
: >"$work/folio.times"; : >"$work/hugo.times"; : >"$work/bound.times"
# Interleaved, so that a slow spell of the machine hits all three alike.
for i in $(seq 1 "$RUNS"); do
  once folio "$work/folio" "$work/folio-bin" build
  once hugo "$work/hugo" hugo --quiet
  once bound "$work/bound" "$work/lowerbound" "$work/corpus/articles" public
done
f="$(median folio)"; h="$(median hugo)"; b="$(median bound)"
python3 - "$N" "$RUNS" "$f" "$h" "$b" <<'PY'
import sys
n, runs = sys.argv[1], sys.argv[2]
f = sys.argv[3].split(); h = sys.argv[4].split(); b = sys.argv[5].split()
print(f"{int(n):,} articles, median of {runs} cold builds")
print(f"{'':8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
for row in (f, h, b):
    print(f"{row[0]:8} {float(row[1]):8.2f} {float(row[2]):8.2f} {float(row[3]):9.0f}")
for name, base in (("÷hugo", h), ("÷bound", b)):
    print(f"{'folio'+name:8} {float(f[1])/float(base[1]):8.2f} {float(f[2])/float(base[2]):8.2f} {float(f[3])/float(base[3]):9.2f}")
PY
# Empty the trash now (after printing); the next run waits for the disk.
rm -rf "$trash"
touch "$stamp"
