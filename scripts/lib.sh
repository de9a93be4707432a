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

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm_packages
}

# schemathesis, from PyPI, in its own virtual environment under target/.
SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS_VENV="$ROOT/target/tools/schemathesis"

ensure_schemathesis() {
  if [ "$("$SCHEMATHESIS_VENV/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
    step "installing schemathesis $SCHEMATHESIS_VERSION from PyPI (once)"
    python3 -m venv "$SCHEMATHESIS_VENV"
    "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

# aiosmtpd, from PyPI, in its own virtual environment under target/: the
# real SMTP server the API and browser tests send their mail to.
AIOSMTPD_VERSION="1.4.6"
AIOSMTPD_VENV="$ROOT/target/tools/aiosmtpd"

ensure_aiosmtpd() {
  if ! "$AIOSMTPD_VENV/bin/python" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
    step "installing aiosmtpd $AIOSMTPD_VERSION from PyPI (once)"
    python3 -m venv "$AIOSMTPD_VENV"
    "$AIOSMTPD_VENV/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
  fi
}

# standardwebhooks, the Standard Webhooks reference library from PyPI, in
# its own virtual environment under target/: the API tests' webhook
# receiver verifies every delivery with it.
STANDARDWEBHOOKS_VERSION="1.1.0"
STANDARDWEBHOOKS_VENV="$ROOT/target/tools/standardwebhooks"

ensure_standardwebhooks() {
  if ! "$STANDARDWEBHOOKS_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('standardwebhooks') != '$STANDARDWEBHOOKS_VERSION')" 2>/dev/null; then
    step "installing standardwebhooks $STANDARDWEBHOOKS_VERSION from PyPI (once)"
    python3 -m venv "$STANDARDWEBHOOKS_VENV"
    "$STANDARDWEBHOOKS_VENV/bin/pip" install --quiet --disable-pip-version-check "standardwebhooks==$STANDARDWEBHOOKS_VERSION"
  fi
}

# scim2-tester, from PyPI, in its own virtual environment under target/:
# the SCIM conformance checks run against a real server.
SCIM2_TESTER_VERSION="0.5.2"
SCIM2_TESTER_VENV="$ROOT/target/tools/scim2-tester"

ensure_scim2_tester() {
  if ! "$SCIM2_TESTER_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('scim2-tester') != '$SCIM2_TESTER_VERSION')" 2>/dev/null; then
    step "installing scim2-tester $SCIM2_TESTER_VERSION from PyPI (once)"
    python3 -m venv "$SCIM2_TESTER_VENV"
    "$SCIM2_TESTER_VENV/bin/pip" install --quiet --disable-pip-version-check "scim2-tester[httpx2]==$SCIM2_TESTER_VERSION"
  fi
}

# The client generators an integrator is most likely to use, pinned:
# openapi-python-client from PyPI in its own virtual environment under
# target/ (with python-dateutil, which the generated client imports), and
# openapi-typescript, openapi-fetch and typescript from npm as
# devDependencies (package.json). `scripts/generators` runs them.
OPENAPI_PYTHON_CLIENT_VERSION="0.29.1"
OPENAPI_PYTHON_CLIENT_VENV="$ROOT/target/tools/openapi-python-client"

ensure_generators() {
  if [ "$("$OPENAPI_PYTHON_CLIENT_VENV/bin/openapi-python-client" --version 2>/dev/null | awk '{print $NF}')" != "$OPENAPI_PYTHON_CLIENT_VERSION" ]; then
    step "installing openapi-python-client $OPENAPI_PYTHON_CLIENT_VERSION from PyPI (once)"
    python3 -m venv "$OPENAPI_PYTHON_CLIENT_VENV"
    "$OPENAPI_PYTHON_CLIENT_VENV/bin/pip" install --quiet --disable-pip-version-check \
      "openapi-python-client==$OPENAPI_PYTHON_CLIENT_VERSION" "python-dateutil==2.9.0.post0"
  fi
  # openapi-typescript, openapi-fetch and typescript are in package-lock.json.
  ensure_npm_packages
}
