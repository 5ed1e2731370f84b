#!/usr/bin/env bash
# The short fuzz run of CI (`.ci/run`): build the targets as cargo-fuzz does (nightly, no
# cargo-fuzz needed), then run each over its committed corpus and a fixed number of mutations
# from a fixed seed, so the run is the same on every machine (within its time cap). Any crash,
# leak of the stack or hang fails it; the crashing input is left in $FUZZ_WORK/artifacts.
#
#   fuzz/ci.sh            (FUZZ_WORK: scratch directory, default a temporary one)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${FUZZ_WORK:-$(mktemp -d)}"
target_dir="$(realpath -m "${CARGO_TARGET_DIR:-$here/target}")"
export CARGO_TARGET_DIR="$target_dir"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
(cd "$here" && cargo +nightly build --release --bins --locked --target x86_64-unknown-linux-gnu)
bin="$target_dir/x86_64-unknown-linux-gnu/release"
# Executions per target: some 20-40 s each on a 2-core machine (their speeds differ 100-fold).
for spec in scenario:30000 set_override:20000 replay:60000 run_tables:10000 nfg:500000 ron_game:500000 work_dir:30000; do
    target="${spec%%:*}"
    runs="${spec##*:}"
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    cp -r "$here/corpus/$target/." "$work/corpus/$target/"
    start=$(date +%s)
    if ! "$bin/$target" "$work/corpus/$target" -seed=1 -runs="$runs" -max_total_time=90 -timeout=20 \
        -rss_limit_mb=3072 -artifact_prefix="$work/artifacts/$target/" >"$work/$target.log" 2>&1; then
        tail -40 "$work/$target.log"
        echo "fuzz: $target FAILED; its input is in $work/artifacts/$target/" >&2
        exit 1
    fi
    echo "fuzz: $target ok ($(grep -oE 'cov: [0-9]+' "$work/$target.log" | tail -1), $(($(date +%s) - start)) s)"
done
