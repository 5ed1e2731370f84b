#!/usr/bin/env bash
# Run fuzz targets one after another, one process each (the machine is shared), from a copy of
# the committed corpora, and print each one's wall time, executions, final coverage and crashes.
#
#   fuzz/plateau.sh WORK_DIR TARGET:SECONDS...      e.g. fuzz/plateau.sh /tmp/fz scenario:600 nfg:300
#
# Builds nothing: set FUZZ_BIN to the directory of the binaries (`cargo +nightly fuzz build -s
# none` puts them in fuzz/target/x86_64-unknown-linux-gnu/release). New corpus entries and
# crashes stay in WORK_DIR; copy only small, telling ones back into fuzz/corpus/.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${FUZZ_BIN:-$here/target/x86_64-unknown-linux-gnu/release}"
work="$1"
shift
mkdir -p "$work/logs"
for spec in "$@"; do
    target="${spec%%:*}"
    seconds="${spec##*:}"
    mkdir -p "$work/corpus" "$work/artifacts/$target"
    [ -d "$work/corpus/$target" ] || cp -r "$here/corpus/$target" "$work/corpus/$target"
    start=$(date +%s)
    (cd "$work" && nice -n 15 "$bin/$target" "corpus/$target" -jobs=1 -workers=1 \
        -max_total_time="$seconds" -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
        >/dev/null 2>&1)
    mv "$work/fuzz-0.log" "$work/logs/$target.log"
    wall=$(($(date +%s) - start))
    last=$(grep -E '^#[0-9]+' "$work/logs/$target.log" | tail -1)
    execs=$(grep -E '^stat::number_of_executed_units' "$work/logs/$target.log" | awk '{print $2}')
    crashes=$(find "$work/artifacts/$target" -type f | wc -l)
    echo "$target: wall ${wall}s, executions ${execs:-?}, $(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]+'), artifacts $crashes"
done
