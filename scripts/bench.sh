#!/usr/bin/env bash
# The benchmark command. Builds the release site and prints the raw and gzip
# (-9) size of every file in dist/, then the totals. Figures go to
# BENCHMARKS.md by hand, with the date and this command.
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_BROWSER=0 NEED_FUZZ=0 source scripts/install.sh

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
