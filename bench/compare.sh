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
# (see ../shared/bench/README.md and bench/lib.sh).
set -euo pipefail
N="${1:?usage: bench/compare.sh N [RUNS]}"
RUNS="${2:-5}"
source "$(dirname "$0")/lib.sh"
work="$bench_dir/$N"

bench_install
bench_setup "$N"
bench_settle
: >"$work/folio.times"; : >"$work/hugo.times"; : >"$work/bound.times"
# Interleaved, so that a slow spell of the machine hits all three alike.
for i in $(seq 1 "$RUNS"); do
  bench_once "$N" folio "$work/folio" "$work/folio-bin" build
  bench_once "$N" hugo "$work/hugo" hugo --quiet
  bench_once "$N" bound "$work/bound" "$work/lowerbound" "$work/corpus/articles" public
done
f="$(bench_median "$N" folio)"; h="$(bench_median "$N" hugo)"; b="$(bench_median "$N" bound)"
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
bench_cleanup "$N"
