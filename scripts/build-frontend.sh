#!/usr/bin/env bash
# Builds the MUS single-page app into frontend/dist/: index.html, which the
# server must not cache, and assets/ with content-hashed names, which it may
# cache forever, each with gzip and brotli copies. A `mus` built afterwards
# carries it (crates/server/build.rs); MUS_SPA_DIR serves it from here.
#
# Needs: the wasm32-unknown-unknown target, the wasm-bindgen CLI in the exact
# version of Cargo.lock, wasm-split-cli, and `npm ci` (for binaryen's
# wasm-opt); `source scripts/lib.sh; ensure_build_tools` installs them.
#
# The app is cut into parts: what the sign-in page needs, and one chunk per
# page (see frontend/src/chunks.rs). It prints what each part costs as sent.
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

# wasm-split-cli (crates.io: wasm_split_cli_support) cuts the wasm into parts.
wasm_split="$(command -v wasm-split-cli || true)"
[[ -n "$wasm_split" ]] ||
    die "wasm-split-cli not on PATH; install it with: cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary"

# npm's binaryen, not the distribution's: Debian's binaryen 108 produces a
# wasm that Chromium refuses (WebAssembly.Table.set(): Argument 1 is invalid).
wasm_opt="$root/node_modules/.bin/wasm-opt"
[[ -x "$wasm_opt" ]] || die "$wasm_opt is missing; run: npm ci"

# ---- compile ---------------------------------------------------------------

# A target dir of its own, so this build does not wait for the server's lock.
# `--emit-relocs` keeps what wasm-split-cli needs to cut the wasm at the
# split points (`frontend/src/chunks.rs`); `erase_components` makes each
# component's view one type, not a tower of generics (much less code).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs --cfg erase_components"
cargo build --profile wasm-release --target wasm32-unknown-unknown -p mus-frontend --target-dir target/spa
# A binary target keeps the package's dash (a library would get an underscore).
wasm="target/spa/wasm32-unknown-unknown/wasm-release/mus-frontend.wasm"
[[ -f "$wasm" ]] || die "cargo did not produce $wasm"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The first download (the frame and the sign-in pages) and one chunk per
# page, with chunks for what pages share, and the loader that fetches them.
"$wasm_split" "$wasm" "$work/split" --out-name mus
[[ -f "$work/split/mus.wasm" && -f "$work/split/__wasm_split.js" ]] ||
    die "wasm-split-cli did not write mus.wasm and __wasm_split.js"

app="$work/app"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-dir "$app" --out-name mus "$work/split/mus.wasm"
[[ -f "$app/mus_bg.wasm" && -f "$app/mus.js" ]] || die "wasm-bindgen did not write mus.js and mus_bg.wasm"
find "$work/split" -maxdepth 1 -name '*.wasm' ! -name mus.wasm -exec cp {} "$app/" \;
cp "$work/split/__wasm_split.js" "$app/"
wasm_before="$(wc -c <"$app/mus_bg.wasm")"

# The features rustc 1.95 enables by default for wasm32-unknown-unknown. wasm-opt
# also reads them from the target_features section; naming them keeps the
# build working should that section go missing again. Each part on its own,
# two at a time.
# (The parts' name sections use a subsection binaryen does not know and
# says so for each; they are stripped anyway.)
find "$app" -name '*.wasm' -print0 | xargs -0 -P 2 -I{} "$wasm_opt" -Oz --strip-debug --strip-producers \
    --strip-target-features --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext -o {} {} \
    2> >(grep -v '^warning: unknown name subsection' >&2)

# ---- assemble dist/ ----------------------------------------------------------

hash16() {
    sha256sum "$1" | cut -c1-16
}

dist="$root/frontend/dist"
rm -rf "$dist"
mkdir -p "$dist/assets"

# The app's parts import each other by relative names, so they keep them
# and share one directory named by the hash of them all: a new build is a
# new directory, and a tab still running the old one finds its parts gone.
app_hash="$(cd "$app" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
app_dir="app-$app_hash"
cp -r "$app" "$dist/assets/$app_dir"

css_name="style-$(hash16 frontend/style.css).css"
cp frontend/style.css "$dist/assets/$css_name"

icon_name="icon-$(hash16 frontend/icon.svg).svg"
cp frontend/icon.svg "$dist/assets/$icon_name"

# A module of its own rather than an inline script, so that the page works
# under `script-src 'self' 'wasm-unsafe-eval'`.
cat >"$work/boot.js" <<JS
import init from './$app_dir/mus.js';

// index.html's frame stands in for the app until its first page is on
// screen (the stylesheet hides the app meanwhile); then it goes.
const frame = document.getElementById('boot-frame');
const firstPage = new MutationObserver(() => {
  if (document.querySelector('#main > *')) {
    firstPage.disconnect();
    frame?.remove();
  }
});
firstPage.observe(document.body, { childList: true, subtree: true });

init({ module_or_path: '/assets/$app_dir/mus_bg.wasm' }).catch((error) => {
  console.error(error);
  firstPage.disconnect();
  frame?.remove();
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
    -e "s|{{GLUE}}|/assets/$app_dir/mus.js|g" \
    -e "s|{{SPLIT}}|/assets/$app_dir/__wasm_split.js|g" \
    -e "s|{{WASM}}|/assets/$app_dir/mus_bg.wasm|g" \
    -e "s|{{BOOT}}|/assets/$boot_name|g" \
    frontend/index.html >"$dist/index.html"
if grep -q '{{' "$dist/index.html"; then
    die "frontend/index.html has a placeholder this script does not fill"
fi

# ---- compress once -----------------------------------------------------------

# gzip -9 and brotli 11 copies beside each file, for the server to send as
# they are (and for `mus` to carry when built after this script). A copy
# that would not be smaller is left out.
node "$root/scripts/compress.mjs" "$dist"

# ---- report ----------------------------------------------------------------

echo "frontend/dist/ written (wasm before wasm-opt: $wasm_before bytes)"
node "$root/scripts/compress.mjs" --report "$dist" "$app_dir"
