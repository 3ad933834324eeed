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
work="$(mktemp -d)"
browser_note=""
if ! BENCH_JSON="$work/browser.json" node scripts/browser-bench.mjs; then
    browser_note="scripts/browser-bench.mjs failed (its output is above)"
fi

# The CLI beside the Python peers, in one run: wall time per call (median
# of 11 calls), and peak memory (maximum resident set size, from
# /usr/bin/time, of one more call). The peers go into a throwaway venv.
# parliament reads the policy from stdin: given `--file`, it refuses to run
# whenever stdin is not a terminal (a CI job, a script run without one).
echo
echo "CLI vs Python peers (median wall time of 11 calls; peak RSS of one call):"
cargo build --release --locked --bin policy-builder >/dev/null 2>&1
venv="$work/peers"
python3 -m venv "$venv"
pb_note="" parl_note="" ps_note="" rss_note=""
if ! "$venv/bin/pip" install -q parliament policy_sentry >/dev/null 2>&1; then
    parl_note="pip could not install parliament and policy_sentry"
    ps_note="$parl_note"
fi
[ -x /usr/bin/time ] || rss_note="no /usr/bin/time on this machine"
seed=tests/fixtures/amplify-workshop-policy.json
cli=target/release/policy-builder
lint() { "$cli" lint "$seed" --fail-on error; }
parliament() { "$venv/bin/parliament" <"$seed"; }
generate() { "$cli" generate --choices benches/policy-sentry-equivalent.json; }
policy_sentry() { "$venv/bin/policy_sentry" write-policy --input-file benches/policy-sentry-crud.yml; }
# Microseconds, from bash's clock: no `date` process inside the timing
# (one added about a millisecond to each call).
median() {
    local times=()
    for _ in $(seq 11); do
        local s e
        s=${EPOCHREALTIME/[.,]/}
        "$@" >/dev/null 2>&1 </dev/null || true
        e=${EPOCHREALTIME/[.,]/}
        times+=($((e - s)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 6p
}
# Peak memory in KiB of `$@` (a command, not a function), stdin from $1.
peak_kib() {
    local input="$1"
    shift
    /usr/bin/time -f %M -o "$work/rss" "$@" <"$input" >/dev/null 2>&1 || true
    tail -n 1 "$work/rss"
}
# Each command once, to check it does the job: a failed one is not timed.
check() {
    local pattern="$1"
    shift
    "$@" >"$work/out" 2>&1 </dev/null || true
    grep -qE "$pattern" "$work/out" || echo "$* printed no result: $(head -c 200 "$work/out" | tr '\n' ' ')"
}
[ -n "$pb_note" ] || pb_note=$(check 'findings:' lint)
[ -n "$parl_note" ] || parl_note=$(check '^(CRITICAL|HIGH|MEDIUM|LOW|INFO) - ' parliament)
[ -n "$ps_note" ] || ps_note=$(check '"Statement"' policy_sentry)
lint_us="" parl_us="" lint_kib="" parl_kib=""
[ -n "$pb_note" ] || lint_us=$(median lint)
[ -n "$parl_note" ] || parl_us=$(median parliament)
if [ -z "$rss_note" ]; then
    [ -n "$pb_note" ] || lint_kib=$(peak_kib /dev/null "$cli" lint "$seed" --fail-on error)
    [ -n "$parl_note" ] || parl_kib=$(peak_kib "$seed" "$venv/bin/parliament")
fi
if [ -n "$lint_us" ] && [ -n "$parl_us" ]; then
    printf 'lint amplify seed:   policy-builder %8d us %8s KiB   parliament    %8d us %8s KiB   ratio %sx\n' \
        "$lint_us" "${lint_kib:-?}" "$parl_us" "${parl_kib:-?}" "$((parl_us / lint_us))"
else
    echo "lint amplify seed: not measured: ${pb_note:-$parl_note}"
fi
if [ -z "$pb_note" ] && [ -z "$ps_note" ]; then
    gen_us=$(median generate)
    ps_us=$(median policy_sentry)
    printf 'generate CRUD:       policy-builder %8d us                policy_sentry %8d us                ratio %sx\n' \
        "$gen_us" "$ps_us" "$((ps_us / gen_us))"
else
    echo "generate CRUD: not measured: ${pb_note:-$ps_note}"
fi

# The issue-19 rows beside their targets, from the figures above.
echo
BROWSER_JSON="$work/browser.json" BROWSER_NOTE="$browser_note" \
    LINT_US="$lint_us" PARL_US="$parl_us" LINT_KIB="$lint_kib" PARL_KIB="$parl_kib" \
    RATIO_NOTE="${pb_note:-$parl_note}" RSS_NOTE="${pb_note:-$rss_note}" \
    node scripts/bench-summary.mjs
rm -rf "$work"
