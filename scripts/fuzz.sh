#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 5: the CI smoke
# run). For the long runs recorded in BENCHMARKS.md:  SECONDS_EACH=600 scripts/fuzz.sh
# Needs the nightly toolchain and cargo-fuzz (scripts/install.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
each="${SECONDS_EACH:-5}"
targets=(policy_parse share_decode arn preset choices_pipeline)
cargo +nightly fuzz build -O
for t in "${targets[@]}"; do
    corpus="fuzz/corpus/$t"
    mkdir -p "$corpus"
    seeds=()
    [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
    printf '==> fuzz %s for %ss\n' "$t" "$each" >&2
    cargo +nightly fuzz run -O "$t" "$corpus" "${seeds[@]}" -- \
        -max_total_time="$each" -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|ERROR|panicked" || true
    # A crash leaves an artifact and a non-zero status: fail loudly.
    if compgen -G "fuzz/artifacts/$t/crash-*" >/dev/null; then
        echo "fuzz: $t crashed; see fuzz/artifacts/$t" >&2
        exit 1
    fi
done
