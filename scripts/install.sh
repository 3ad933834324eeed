#!/usr/bin/env bash
# Installs every tool the build and the tests need, from the package
# registries only (crates.io, npm, Debian apt): nothing from GitHub. Each step
# is skipped when the right version is already there, so a second run takes
# seconds. Sourced by ./serve and ./test; safe to run on its own.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$root/node_modules/.bin:$PATH"

TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must be exactly the wasm-bindgen that Cargo.lock pins.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"

say() { printf '==> %s\n' "$*" >&2; }

need_browser="${NEED_BROWSER:-1}"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (debug build without the update check: ~3.5 min)"
    cargo install --locked trunk --version "$TRUNK_VERSION" --no-default-features --debug
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
    || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (~2.5 min)"
    # Not --locked: its lockfile pins a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! cargo deny --version >/dev/null 2>&1; then
    say "installing cargo-deny (licence, ban and source checks; ~7 min)"
    cargo install cargo-deny --locked
fi

# Fuzzing: cargo-fuzz on the nightly toolchain (present on this machine kind).
if [ "${NEED_FUZZ:-1}" = 1 ] && ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (~3 min)"
    cargo install cargo-fuzz --locked
fi

# Node tools: wasm-opt (binaryen 132 reads what rustc 1.95 emits; Debian's
# binaryen does not), playwright-core and axe for the end-to-end tests, and
# the pinned IAM dataset for scripts/gen-catalog.mjs.
stamp="node_modules/.installed-from-lock"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    say "installing node tools (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
fi

# Test-only Python tools (tests/python/requirements.txt) in .tools/venv:
# moto's managed-policy corpus and emulator, and the real AWS CLI.
if [ "${NEED_PYTHON:-1}" = 1 ]; then
    venv="$root/.tools/venv"
    pystamp="$venv/.installed-from"
    if [ ! -f "$pystamp" ] || ! cmp -s tests/python/requirements.txt "$pystamp"; then
        say "installing test-only Python tools into .tools/venv (pip)"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
        cp tests/python/requirements.txt "$pystamp"
    fi
    export PATH="$venv/bin:$PATH"
    MOTO_MANAGED_POLICIES="$("$venv/bin/python" -c 'import moto.iam.aws_managed_policies as m; print(m.__file__)')"
    export MOTO_MANAGED_POLICIES
fi

if [ "$need_browser" = 1 ]; then
    CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
    CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || true)}"
    if [ -z "$CHROMIUM" ] || [ -z "$CHROMEDRIVER" ]; then
        say "installing Debian's chromium and chromium-driver"
        sudo_=""
        [ "$(id -u)" = 0 ] || sudo_="sudo"
        $sudo_ apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
        CHROMIUM="$(command -v chromium)"
        CHROMEDRIVER="$(command -v chromedriver)"
    fi
    export CHROMIUM CHROMEDRIVER
fi
