#!/usr/bin/env bash
# Builds the MUS single-page app into frontend/dist/, ready for `mus serve`
# (MUS_SPA_DIR) to hand out: index.html, which the server must not cache, and
# assets/ with content-hashed names, which it may cache forever.
#
# Needs: the wasm32-unknown-unknown target, the wasm-bindgen CLI in the exact
# version of Cargo.lock, and `npm ci` (for binaryen's wasm-opt).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() {
    echo "build-frontend: $*" >&2
    exit 1
}

# ---- tools -----------------------------------------------------------------

# wasm-bindgen's CLI and library must agree byte for byte on the glue format.
locked_bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[[ -n "$locked_bindgen" ]] || die "cannot find wasm-bindgen in Cargo.lock"
command -v wasm-bindgen >/dev/null ||
    die "wasm-bindgen CLI not on PATH; install it with: cargo install wasm-bindgen-cli --version $locked_bindgen"
cli_bindgen="$(wasm-bindgen --version | awk '{ print $2 }')"
[[ "$cli_bindgen" == "$locked_bindgen" ]] ||
    die "wasm-bindgen CLI is $cli_bindgen but Cargo.lock has $locked_bindgen; run: cargo install wasm-bindgen-cli --version $locked_bindgen"

# npm's binaryen, not the distribution's: Debian's binaryen 108 produces a
# wasm that Chromium refuses (WebAssembly.Table.set(): Argument 1 is invalid).
wasm_opt="$root/node_modules/.bin/wasm-opt"
[[ -x "$wasm_opt" ]] || die "$wasm_opt is missing; run: npm ci"

# ---- compile ---------------------------------------------------------------

# A target dir of its own, so this build does not wait for the server's lock.
cargo build --profile wasm-release --target wasm32-unknown-unknown -p mus-frontend --target-dir target/spa
# A binary target keeps the package's dash (a library would get an underscore).
wasm="target/spa/wasm32-unknown-unknown/wasm-release/mus-frontend.wasm"
[[ -f "$wasm" ]] || die "cargo did not produce $wasm"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name mus "$wasm"
[[ -f "$work/mus_bg.wasm" && -f "$work/mus.js" ]] || die "wasm-bindgen did not write mus.js and mus_bg.wasm"

# The features rustc 1.95 enables by default for wasm32-unknown-unknown. wasm-opt
# also reads them from the target_features section; naming them keeps the
# build working should that section go missing again.
"$wasm_opt" -Oz --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
    -o "$work/mus_bg.opt.wasm" "$work/mus_bg.wasm"

# ---- assemble dist/ ----------------------------------------------------------

hash16() {
    sha256sum "$1" | cut -c1-16
}

dist="$root/frontend/dist"
rm -rf "$dist"
mkdir -p "$dist/assets"

wasm_name="mus-$(hash16 "$work/mus_bg.opt.wasm")_bg.wasm"
cp "$work/mus_bg.opt.wasm" "$dist/assets/$wasm_name"

js_name="mus-$(hash16 "$work/mus.js").js"
cp "$work/mus.js" "$dist/assets/$js_name"

css_name="style-$(hash16 frontend/style.css).css"
cp frontend/style.css "$dist/assets/$css_name"

icon_name="icon-$(hash16 frontend/icon.svg).svg"
cp frontend/icon.svg "$dist/assets/$icon_name"

# A module of its own rather than an inline script, so that the page works
# under `script-src 'self' 'wasm-unsafe-eval'`.
cat >"$work/boot.js" <<JS
import init from './$js_name';

init({ module_or_path: '/assets/$wasm_name' }).catch((error) => {
  console.error(error);
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.className = 'boot-failed';
  message.textContent =
    'MUS kunne ikke starte i denne browser. / MUS could not start in this browser.';
  document.body.append(message);
});
JS
boot_name="boot-$(hash16 "$work/boot.js").js"
cp "$work/boot.js" "$dist/assets/$boot_name"

sed -e "s|{{STYLE}}|/assets/$css_name|g" \
    -e "s|{{ICON}}|/assets/$icon_name|g" \
    -e "s|{{GLUE}}|/assets/$js_name|g" \
    -e "s|{{WASM}}|/assets/$wasm_name|g" \
    -e "s|{{BOOT}}|/assets/$boot_name|g" \
    frontend/index.html >"$dist/index.html"
if grep -q '{{' "$dist/index.html"; then
    die "frontend/index.html has a placeholder this script does not fill"
fi

# ---- report ----------------------------------------------------------------

size_line() {
    local file="$1"
    printf '  %-34s %8d bytes raw %8d bytes gzip -9\n' \
        "$(basename "$file")" "$(wc -c <"$file")" "$(gzip -9 -c "$file" | wc -c)"
}

echo "frontend/dist/ written:"
echo "  (wasm before wasm-opt: $(wc -c <"$work/mus_bg.wasm") bytes)"
size_line "$dist/assets/$wasm_name"
size_line "$dist/assets/$js_name"
size_line "$dist/assets/$boot_name"
size_line "$dist/assets/$css_name"
size_line "$dist/index.html"
