#!/usr/bin/env bash
# The benchmark command: sizes (dist/ and the catalog, raw and gzip -9),
# criterion benches of the core, browser timings against the release build,
# and the CLI beside the Python peers. Prints everything, and writes it with
# the date, commit and machine between the markers in BENCHMARKS.md (the
# tables and the reading of them above the markers are written by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_FUZZ=0 source scripts/install.sh

if [ -z "${BENCH_INNER:-}" ]; then
    out="$(mktemp)"
    load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
    BENCH_INNER=1 "$0" "$@" | tee "$out"
    {
        echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)'),"
        echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo),"
        echo "load average before the run: $load_before; $("${CHROMIUM:-chromium}" --version 2>/dev/null || echo 'no chromium'); $(rustc --version)."
        echo
        echo '```'
        cat "$out"
        echo '```'
    } >"$out.md"
    node -e '
      const fs = require("fs");
      const [file, block] = [process.argv[1], fs.readFileSync(process.argv[2], "utf8")];
      const text = fs.readFileSync(file, "utf8");
      const re = /(<!-- bench:begin -->\n)[\s\S]*?(<!-- bench:end -->)/;
      if (!re.test(text)) { console.error("BENCHMARKS.md has no bench markers"); process.exit(1); }
      fs.writeFileSync(file, text.replace(re, (_, a, b) => a + block + b));
    ' BENCHMARKS.md "$out.md"
    rm -f "$out" "$out.md"
    echo "bench: figures written to BENCHMARKS.md" >&2
    exit 0
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    trunk build --release --public-url ./ >/dev/null
fi

printf '%-60s %12s %12s\n' "file (dist/)" "raw bytes" "gzip bytes"
total_raw=0
total_gz=0
while IFS= read -r f; do
    raw=$(wc -c <"$f")
    gz=$(gzip -9c "$f" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '%-60s %12d %12d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f | sort)
printf '%-60s %12d %12d\n' "TOTAL" "$total_raw" "$total_gz"

echo
echo "catalog (static/catalog/, the committed files):"
for f in static/catalog/*.txt; do
    printf '%-60s %12d %12d\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done

echo
echo "native core (criterion; full reports in target/criterion):"
cargo bench --bench core -- --noplot 2>/dev/null | grep -E "time:" || true

echo
echo "browser (headless Chromium, release build on 127.0.0.1):"
node scripts/browser-bench.mjs

# The CLI beside the Python peers, in one run. The peers go into a
# throwaway venv; wall time per call, median of 11 calls.
echo
echo "CLI vs Python peers (median wall time of 11 calls):"
cargo build --release --locked --bin policy-builder >/dev/null 2>&1
venv="$(mktemp -d)/peers"
python3 -m venv "$venv"
"$venv/bin/pip" install -q parliament policy_sentry >/dev/null 2>&1
median() {
    local times=()
    for _ in $(seq 11); do
        local s e
        s=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        e=$(date +%s%N)
        times+=($(( (e - s) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 6p
}
cli=target/release/policy-builder
lint_us=$(median "$cli" lint tests/fixtures/amplify-workshop-policy.json --fail-on error)
parl_us=$(median "$venv/bin/parliament" --file tests/fixtures/amplify-workshop-policy.json)
gen_us=$(median "$cli" generate --choices benches/policy-sentry-equivalent.json)
ps_us=$(median "$venv/bin/policy_sentry" write-policy --input-file benches/policy-sentry-crud.yml)
printf 'lint amplify seed:   policy-builder %8d us   parliament      %8d us   ratio %sx\n' "$lint_us" "$parl_us" "$((parl_us / lint_us))"
printf 'generate CRUD:       policy-builder %8d us   policy_sentry   %8d us   ratio %sx\n' "$gen_us" "$ps_us" "$((ps_us / gen_us))"
rm -rf "$(dirname "$venv")"
