#!/usr/bin/env bash
# bench/pgo.sh [RUNS] — remakes cmd/folio/default.pgo, the CPU profile the
# Go compiler uses to optimise folio (profile-guided optimisation: `go
# build` finds it beside the main package and, mostly, inlines the calls
# that are hot in it). The profile is merged from cold builds of the bench
# sites of 1,000 and 10,000 articles (made as bench/compare.sh makes them),
# each in the Hugo peer's shape and in folio's default shape (archives,
# search index, every tag's feeds), RUNS times each (3 by default), so that
# it weighs what real builds do. Rerun it after changes that move where a
# build spends its time, and commit the new profile with a measurement.
set -euo pipefail
RUNS="${1:-3}"
source "$(dirname "$0")/lib.sh"

# Profiles and outputs go to memory where there is some: the builds here
# are for their profiles, and deleting their output from the disk would
# slow the next benchmark's file creation (see bench_settle).
scratch="$(mktemp -d -p "$([ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")" folio-pgo.XXXX)"
trap 'rm -rf "$scratch"' EXIT
for n in 1000 10000; do
  for shape in "" 1; do
    BENCH_FULL_SHAPE="$shape" bench_setup "$n"
    for i in $(seq 1 "$RUNS"); do
      "$bench_dir/$n/folio-bin" build -s "$bench_dir/$n/folio" -d "$scratch/public" \
        --cpuprofile "$scratch/$n-${shape:-hugo}-$i.prof" >/dev/null
      rm -rf "$scratch/public"
    done
  done
  bench_setup "$n" # the Hugo peer's shape again, as compare.sh expects
done
go tool pprof -proto "$scratch"/*.prof >"$bench_root/cmd/folio/default.pgo"
echo "wrote cmd/folio/default.pgo from $((4 * RUNS)) builds" >&2
