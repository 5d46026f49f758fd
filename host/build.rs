//! Builds the guest plugins in `plugins/` for wasm32-wasip2, once per host
//! build, and lays each out as an installable plugin directory
//! (`plugin.toml` + component) under `$OUT_DIR/plugins`. The host embeds the
//! bundled ones; tests load any of them by path. Tests never run cargo.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Guest crates to build: (plugin directory name, wasm file name).
const PLUGINS: &[(&str, &str)] = &[("notes", "notes.wasm"), ("sentry", "sentry.wasm"), ("testbed", "testbed.wasm")];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("host/ has a parent").to_path_buf();
    let plugins_src = root.join("plugins");
    println!("cargo:rerun-if-changed={}", plugins_src.display());
    println!("cargo:rerun-if-changed={}", root.join("wit").display());

    // A target dir of their own: the outer cargo holds the lock on ours.
    let target_base = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let target_dir = target_base.join("plugins");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&plugins_src)
        .args(["build", "--release", "--target", "wasm32-wasip2", "--target-dir"])
        .arg(&target_dir);
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        cmd.env_remove(var);
    }
    let output = cmd.output().expect("running cargo to build the plugins");
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let hint = if stderr.contains("wasm32-wasip2") && stderr.contains("target may not be installed") {
            "\nwarren: the wasm32-wasip2 target is missing: run `rustup target add wasm32-wasip2`\n"
        } else {
            ""
        };
        panic!("building plugins/ for wasm32-wasip2 failed:{hint}\n{stderr}");
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("plugins");
    for (name, wasm) in PLUGINS {
        let dir = out.join(name);
        std::fs::create_dir_all(&dir).expect("creating the plugin output dir");
        copy(&plugins_src.join(name).join("plugin.toml"), &dir.join("plugin.toml"));
        copy(&target_dir.join("wasm32-wasip2/release").join(wasm), &dir.join(wasm));
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("copying {} to {}: {e}", from.display(), to.display()));
}
