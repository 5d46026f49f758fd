//! The on-disk cache of compiled components: `compiled/<key>.cwasm` in the
//! data directory, where the key hashes the component bytes, the wasmtime
//! version and the engine's compatibility hash. A restart never recompiles.

use std::hash::Hasher;
use std::io::Write;
use std::path::PathBuf;

use cap_std::fs::Dir;
use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

const DIR: &str = "compiled";

/// Where a component's machine code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileSource {
    /// Compiled now (and written to the cache).
    Compiled,
    /// Loaded from the cache.
    Cache,
}

/// The cache, rooted in the data directory.
pub struct CompileCache {
    dir: Dir,
    path: PathBuf,
}

/// Feeds `Hash` output into SHA-256, so the key is stable across processes.
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        0
    }
}

impl CompileCache {
    /// Opens (creating) `compiled/` under the data directory.
    pub fn open(data: &Dir, data_path: &std::path::Path) -> std::io::Result<Self> {
        data.create_dir_all(DIR)?;
        Ok(Self { dir: data.open_dir(DIR)?, path: data_path.join(DIR) })
    }

    /// The cache key of `wasm` for this engine.
    pub fn key(engine: &Engine, wasm: &[u8]) -> String {
        let mut h = ShaHasher(Sha256::new());
        h.write(wasm);
        h.write(env!("CARGO_PKG_VERSION").as_bytes());
        std::hash::Hash::hash(&engine.precompile_compatibility_hash(), &mut h);
        hex::encode(h.0.finalize())
    }

    /// Loads `wasm`'s compiled form, compiling and storing it on a miss.
    pub fn load(&self, engine: &Engine, wasm: &[u8]) -> anyhow::Result<(Component, CompileSource)> {
        let name = format!("{}.cwasm", Self::key(engine, wasm));
        if self.dir.exists(&name) {
            match self.deserialize(engine, &name) {
                Ok(c) => return Ok((c, CompileSource::Cache)),
                // A truncated or foreign file: fall through and replace it.
                Err(e) => {
                    tracing::warn!("compile cache entry {name} is unusable, recompiling: {e}")
                }
            }
        }
        let bytes = engine.precompile_component(wasm)?;
        let tmp = format!("{name}.tmp{}", std::process::id());
        let mut file = self.dir.create(&tmp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        self.dir.rename(&tmp, &self.dir, &name)?;
        Ok((self.deserialize(engine, &name)?, CompileSource::Compiled))
    }

    #[allow(unsafe_code)]
    fn deserialize(&self, engine: &Engine, name: &str) -> anyhow::Result<Component> {
        // SAFETY: the file was written by `Engine::precompile_component` of an
        // engine with the same compatibility hash (the key says so), is never
        // modified in place (writes go to a temp file and are renamed), and
        // wasmtime checks its header before use.
        unsafe { Component::deserialize_file(engine, self.path.join(name)) }.map_err(anyhow::Error::from)
    }
}
