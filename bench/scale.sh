#!/usr/bin/env bash
# bench/scale.sh [SMALL] [LARGE] [RUNS] — checks that folio's cost per
# article stays flat as the archive grows. It times cold builds of the
# bench sites of SMALL and LARGE articles (1,000 and 100,000 by default;
# made as bench/compare.sh makes them, in the Hugo peer's shape), one size
# after the other, RUNS times (3 by default), so that a slow spell of the
# machine hits both sizes alike; then it prints the median wall and CPU
# time per article at each size, and LARGE's per-article cost as a multiple
# of SMALL's. Comparing two runs of compare.sh instead compares two moments
# of a machine whose speed drifts by 10% or more.
set -euo pipefail
SMALL="${1:-1000}" LARGE="${2:-100000}" RUNS="${3:-3}"
source "$(dirname "$0")/lib.sh"

bench_install
bench_setup "$SMALL"
bench_setup "$LARGE"
bench_settle
for n in "$SMALL" "$LARGE"; do : >"$bench_dir/$n/scale.times"; done
for i in $(seq 1 "$RUNS"); do
  for n in "$SMALL" "$LARGE"; do
    bench_once "$n" scale "$bench_dir/$n/folio" "$bench_dir/$n/folio-bin" build
  done
done
python3 - "$SMALL" "$LARGE" "$RUNS" "$(bench_median "$SMALL" scale)" "$(bench_median "$LARGE" scale)" <<'PY'
import sys
small, large, runs = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rows = {small: sys.argv[4].split(), large: sys.argv[5].split()}
print(f"folio cold builds, median of {runs} each, sizes interleaved")
print(f"{'articles':>9} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'wall ms/article':>16} {'cpu ms/article':>15}")
per = {}
for n, r in rows.items():
    wall, cpu, rss = float(r[1]), float(r[2]), float(r[3])
    per[n] = (1000 * wall / n, 1000 * cpu / n)
    print(f"{n:9,} {wall:8.2f} {cpu:8.2f} {rss:9.0f} {per[n][0]:16.3f} {per[n][1]:15.3f}")
print(f"per article, {large:,} ÷ {small:,}: wall {per[large][0] / per[small][0]:.2f}, cpu {per[large][1] / per[small][1]:.2f}")
PY
bench_cleanup "$SMALL" "$LARGE"
