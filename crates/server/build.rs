//! Embeds the built web app (`frontend/dist`, from `scripts/build-frontend.sh`)
//! in the binary when it has been built, so that `mus serve` serves it from
//! anywhere. Each file comes with the gzip and brotli copies the build
//! script compressed once; nothing is compressed here.
//!
//! `MUS_EMBED_SPA_DIR` names another built copy; set it to an empty value
//! to embed nothing. Without a built copy the binary embeds nothing and
//! serves the web app from `MUS_SPA_DIR` (or `frontend/dist`) instead.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-env-changed=MUS_EMBED_SPA_DIR");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = match env::var_os("MUS_EMBED_SPA_DIR") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(manifest.join("../../frontend/dist")),
    };

    let mut files = Vec::new();
    if let Some(dist) = &dist {
        // Cargo watches a directory's whole tree; a missing one is looked
        // for again on the next build.
        println!("cargo::rerun-if-changed={}", dist.display());
        if dist.join("index.html").is_file() {
            collect(dist, dist, &mut files);
        }
    }
    files.sort();

    let mut code = String::from(
        "/// The web app built into this binary.\n\
         pub static EMBEDDED: &[File] = &[\n",
    );
    for (name, path) in &files {
        let variant = |suffix: &str| {
            let mut compressed = path.clone().into_os_string();
            compressed.push(suffix);
            let compressed = PathBuf::from(compressed);
            if compressed.is_file() {
                format!(
                    "Some(include_bytes!({:?}))",
                    compressed.display().to_string()
                )
            } else {
                "None".to_owned()
            }
        };
        writeln!(
            code,
            "    File {{ path: {name:?}, raw: include_bytes!({:?}), gzip: {}, brotli: {} }},",
            path.display().to_string(),
            variant(".gz"),
            variant(".br"),
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("spa_embedded.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

/// Every file under `dir` but the compressed copies, by its path relative
/// to `root` with `/` between the parts.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(root, &path, files);
            continue;
        }
        let compressed = path
            .extension()
            .is_some_and(|ext| ext == "gz" || ext == "br");
        if compressed {
            continue;
        }
        let relative = path.strip_prefix(root).expect("under the root");
        let name = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let absolute = path.canonicalize().expect("the file exists");
        files.push((name, absolute));
    }
}
