#!/usr/bin/env bash
# Runs the fuzz targets. With no settings: every target for 5 seconds (the CI
# smoke run). Settings, all optional:
#   SECONDS_EACH=600        stop each target after this many seconds
#   RUNS_EACH=10000000      stop each target after this many inputs instead
#   SANITIZER=none          libFuzzer without AddressSanitizer (the crate has
#                           no unsafe code; ~3x the inputs per second)
#   scripts/fuzz.sh arn preset   only these targets
# libFuzzer's whole output goes to fuzz/logs/<target>.log (progress lines
# with the input count, `#N`), so a long run can be followed with
# `tail -f fuzz/logs/policy_parse.log`.
# For the long runs recorded in BENCHMARKS.md:
#   RUNS_EACH=10000000 SANITIZER=none scripts/fuzz.sh
# Needs the nightly toolchain and cargo-fuzz (scripts/install.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
each="${SECONDS_EACH:-5}"
runs="${RUNS_EACH:-}"
sanitizer="${SANITIZER:-address}"
targets=(policy_parse share_decode arn preset choices_pipeline)
[ "$#" -gt 0 ] && targets=("$@")

limit=(-max_total_time="$each")
[ -n "$runs" ] && limit=(-runs="$runs")

cargo +nightly fuzz build -O -s "$sanitizer"
for t in "${targets[@]}"; do
    corpus="fuzz/corpus/$t"
    mkdir -p "$corpus" fuzz/logs
    log="fuzz/logs/$t.log"
    seeds=()
    [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
    printf '==> fuzz %s (%s)\n' "$t" "${limit[*]}" >&2
    start=$(date +%s)
    cargo +nightly fuzz run -O -s "$sanitizer" "$t" "$corpus" "${seeds[@]}" -- \
        "${limit[@]}" -print_final_stats=1 2>&1 \
        | tee "$log" | grep -E "stat::number_of_executed_units|ERROR|panicked" || true
    printf '    %s: %ss wall\n' "$t" "$(( $(date +%s) - start ))" >&2
    # A crash, a hang (an input over libFuzzer's 1200 s timeout) or running
    # out of memory leaves an artifact: fail loudly. (`slow-unit-*` files
    # are only reports of inputs over 10 s and do not fail the run.)
    for kind in crash timeout oom; do
        if compgen -G "fuzz/artifacts/$t/$kind-*" >/dev/null; then
            echo "fuzz: $t: $kind; see fuzz/artifacts/$t and $log" >&2
            exit 1
        fi
    done
done
