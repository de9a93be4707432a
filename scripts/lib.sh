# Shared by scripts/run and scripts/test: install what this machine lacks.
# Only package registries are used (crates.io, npm, Debian); nothing is
# downloaded from elsewhere.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen CLI must be exactly the version in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local wanted
  wanted="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wanted" ]; then
    step "installing wasm-bindgen-cli $wanted from crates.io (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$wanted"
  fi
}

# wasm-split-cli cuts the web app into parts (scripts/build-frontend.sh).
WASM_SPLIT_VERSION=0.2.4

ensure_wasm_split() {
  # It has no --version: ask cargo what it installed.
  if ! command -v wasm-split-cli >/dev/null ||
    ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    step "installing wasm-split-cli $WASM_SPLIT_VERSION from crates.io (a few minutes, once)"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
  fi
}

ensure_npm_packages() {
  if [ ! -x node_modules/.bin/wasm-opt ] || ! cmp -s package-lock.json node_modules/.package-lock.json.copy; then
    step "installing npm packages (wasm-opt, playwright-core, oidc-provider)"
    npm ci --no-audit --no-fund
    cp package-lock.json node_modules/.package-lock.json.copy
  fi
}

ensure_chromium() {
  # sqlite3: the browser tests let months pass in the server's database.
  if [ ! -x /usr/bin/chromium ] || ! command -v sqlite3 >/dev/null; then
    step "installing Debian's chromium and sqlite3 for the browser tests"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium sqlite3
  fi
}

# HAProxy: the proxy in front of two instances in tests/api/cluster.rs
# (and scripts/cluster, which installs it by itself).
ensure_haproxy() {
  if ! command -v haproxy >/dev/null; then
    step "installing Debian's haproxy for the cluster tests"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq haproxy
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_npm_packages
}

# A tool from PyPI, pinned, in its own virtual environment under
# target/tools/NAME, installed once: `ensure_pypi NAME VERSION [SPEC...]`
# installs NAME==VERSION, or the pip SPECs given (extras, companions).
# Whether it is there is asked of the installed package's metadata.
ensure_pypi() {
  local name="$1" version="$2"
  shift 2
  local venv="$ROOT/target/tools/$name"
  if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('$name') != '$version')" 2>/dev/null; then
    step "installing $name $version from PyPI (once)"
    python3 -m venv "$venv"
    if [ "$#" -eq 0 ]; then
      set -- "$name==$version"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  fi
}

# schemathesis: the API fuzzed against its own spec (scripts/schemathesis).
SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS_VENV="$ROOT/target/tools/schemathesis"
ensure_schemathesis() { ensure_pypi schemathesis "$SCHEMATHESIS_VERSION"; }

# aiosmtpd: the real SMTP server the API and browser tests send mail to.
AIOSMTPD_VERSION="1.4.6"
AIOSMTPD_VENV="$ROOT/target/tools/aiosmtpd"
ensure_aiosmtpd() { ensure_pypi aiosmtpd "$AIOSMTPD_VERSION"; }

# standardwebhooks, the Standard Webhooks reference library: the API
# tests' webhook receiver verifies every delivery with it.
STANDARDWEBHOOKS_VERSION="1.1.0"
STANDARDWEBHOOKS_VENV="$ROOT/target/tools/standardwebhooks"
ensure_standardwebhooks() { ensure_pypi standardwebhooks "$STANDARDWEBHOOKS_VERSION"; }

# scim2-tester: the SCIM conformance checks against a real server.
SCIM2_TESTER_VERSION="0.5.2"
SCIM2_TESTER_VENV="$ROOT/target/tools/scim2-tester"
ensure_scim2_tester() {
  ensure_pypi scim2-tester "$SCIM2_TESTER_VERSION" "scim2-tester[httpx2]==$SCIM2_TESTER_VERSION"
}

# The client generators an integrator is most likely to use, pinned:
# openapi-python-client from PyPI (with python-dateutil, which the
# generated client imports), and openapi-typescript, openapi-fetch and
# typescript from npm as devDependencies (package.json).
# `scripts/generators` runs them.
OPENAPI_PYTHON_CLIENT_VERSION="0.29.1"
OPENAPI_PYTHON_CLIENT_VENV="$ROOT/target/tools/openapi-python-client"

ensure_generators() {
  ensure_pypi openapi-python-client "$OPENAPI_PYTHON_CLIENT_VERSION" \
    "openapi-python-client==$OPENAPI_PYTHON_CLIENT_VERSION" "python-dateutil==2.9.0.post0"
  # openapi-typescript, openapi-fetch and typescript are in package-lock.json.
  ensure_npm_packages
}
