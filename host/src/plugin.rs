//! Plugin loading: read and validate the manifest, resolve the operator's
//! config, compile the component (or load it from the compile cache), check
//! it against the `warren:plugin` world, and keep one `PluginPre` per
//! plugin version for cheap instantiation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::bindings::PluginPre;
use crate::built::Bundled;
use crate::capabilities::HostState;
use crate::capabilities::http::HttpPolicy;
use crate::compile_cache::{CompileCache, CompileSource};
use crate::ids::PluginName;
use crate::manifest::{Manifest, ManifestError};

/// Operator settings for one plugin.
#[derive(Debug, Clone, Default)]
pub struct PluginConfig {
    /// Values for the manifest's `[config.KEY]` entries.
    pub values: BTreeMap<String, String>,
    /// Whether the plugin may use plain `http://` to its allowed hosts.
    pub allow_insecure_http: bool,
}

/// Where a plugin comes from.
#[derive(Clone, Copy)]
pub enum PluginSource<'a> {
    /// A directory with `plugin.toml` and the component.
    Dir(&'a Path),
    /// Embedded in the binary.
    Bundled(&'a Bundled),
}

/// Why a plugin could not be loaded. Each message names the plugin and the fix.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The manifest is missing, unreadable or invalid.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// A file could not be read.
    #[error("cannot read {path:?}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The operator's config does not fit the manifest.
    #[error("plugin {plugin:?}: {message}")]
    Config {
        /// The plugin.
        plugin: String,
        /// What to set or remove.
        message: String,
    },
    /// The component is not valid WebAssembly or failed to compile.
    #[error("plugin {plugin:?} ({origin}): the component does not compile: {message}")]
    Compile {
        /// The plugin.
        plugin: String,
        /// Where it came from.
        origin: String,
        /// wasmtime's message.
        message: String,
    },
    /// The component does not implement the world.
    #[error(
        "plugin {plugin:?} ({origin}) does not implement the warren:plugin@0.1.0 world: {message}; build it with wit-bindgen against this Warren's wit/ (see plugins/notes/README.md)"
    )]
    World {
        /// The plugin.
        plugin: String,
        /// Where it came from.
        origin: String,
        /// What is missing or mistyped.
        message: String,
    },
}

/// A loaded plugin version, ready to instantiate agents from.
pub struct LoadedPlugin {
    /// The validated manifest.
    pub manifest: Manifest,
    /// `"{manifest version}+{first 12 hex digits of the component's SHA-256}"`.
    pub version: String,
    /// Where it came from (a manifest path or `bundled:NAME`).
    pub origin: String,
    /// Whether the code was compiled now or loaded from the cache.
    pub compile_source: CompileSource,
    /// Config values with defaults applied, sorted by key.
    pub config: BTreeMap<String, String>,
    /// The outbound policy built from the manifest and config.
    pub http_policy: Arc<HttpPolicy>,
    /// Pre-linked, pre-checked instantiation.
    pub pre: PluginPre<HostState>,
}

impl LoadedPlugin {
    /// The plugin's name.
    pub fn name(&self) -> &PluginName {
        &self.manifest.name
    }
}

/// Reads a plugin's manifest and component bytes.
fn read(source: PluginSource<'_>) -> Result<(Manifest, Vec<u8>, String), LoadError> {
    match source {
        PluginSource::Bundled(b) => {
            let manifest = Manifest::parse(b.manifest, Path::new("bundled plugin.toml"))?;
            let origin = format!("bundled:{}", manifest.name);
            Ok((manifest, b.component.to_vec(), origin))
        }
        PluginSource::Dir(dir) => {
            let path = dir.join("plugin.toml");
            let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Io { path: path.clone(), source })?;
            let manifest = Manifest::parse(&text, &path)?;
            let wasm_path = dir.join(&manifest.component);
            let wasm = std::fs::read(&wasm_path).map_err(|source| LoadError::Io { path: wasm_path, source })?;
            Ok((manifest, wasm, path.display().to_string()))
        }
    }
}

/// Applies defaults and refuses unknown or missing keys.
fn resolve_config(manifest: &Manifest, given: &PluginConfig) -> Result<BTreeMap<String, String>, LoadError> {
    let fail = |message: String| LoadError::Config { plugin: manifest.name.to_string(), message };
    if let Some(unknown) = given.values.keys().find(|k| !manifest.config.contains_key(*k)) {
        let known: Vec<&String> = manifest.config.keys().collect();
        return Err(fail(format!("config {unknown:?} is not declared by the plugin (it declares {known:?})")));
    }
    let mut out = BTreeMap::new();
    for (key, spec) in &manifest.config {
        let value = given.values.get(key).or(spec.default.as_ref()).ok_or_else(|| {
            fail(format!(
                "config {key:?} must be set ({}); pass --config {}.{key}=VALUE",
                spec.description, manifest.name
            ))
        })?;
        out.insert(key.clone(), value.clone());
    }
    Ok(out)
}

/// Everything loading needs from the runtime.
pub struct Loader<'a> {
    /// The engine.
    pub engine: &'a Engine,
    /// A linker with every host import.
    pub linker: &'a Linker<HostState>,
    /// The compile cache.
    pub cache: &'a CompileCache,
    /// The pool's memory slot size, the most any manifest may ask for.
    pub max_memory_mib: u64,
}

impl Loader<'_> {
    /// Loads one plugin; `configs` holds operator settings by plugin name.
    pub fn load(
        &self,
        source: PluginSource<'_>,
        configs: &BTreeMap<String, PluginConfig>,
    ) -> Result<LoadedPlugin, LoadError> {
        let (manifest, wasm, origin) = read(source)?;
        let name = manifest.name.to_string();
        let default = PluginConfig::default();
        let given = configs.get(&name).unwrap_or(&default);
        if manifest.limits.memory_mib > self.max_memory_mib {
            return Err(LoadError::Config {
                plugin: name,
                message: format!(
                    "[limits] memory_mib = {} is over this host's per-agent maximum of {} MiB; lower it or start warren with a larger --max-agent-memory-mib",
                    manifest.limits.memory_mib, self.max_memory_mib
                ),
            });
        }
        let config = resolve_config(&manifest, given)?;
        let http_policy = HttpPolicy::build(&manifest, &origin, &config, given.allow_insecure_http)
            .map_err(|message| LoadError::Config { plugin: name.clone(), message })?;
        let (component, compile_source) = self.cache.load(self.engine, &wasm).map_err(|e| LoadError::Compile {
            plugin: name.clone(),
            origin: origin.clone(),
            message: format!("{e:#}"),
        })?;
        let world = |e: wasmtime::Error| LoadError::World {
            plugin: name.clone(),
            origin: origin.clone(),
            message: format!("{e:#}"),
        };
        let instance_pre = self.linker.instantiate_pre(&component).map_err(world)?;
        let pre = PluginPre::new(instance_pre).map_err(world)?;
        let hash = hex::encode(Sha256::digest(&wasm));
        Ok(LoadedPlugin {
            version: format!("{}+{}", manifest.version, &hash[..12]),
            manifest,
            origin,
            compile_source,
            config,
            http_policy: Arc::new(http_policy),
            pre,
        })
    }
}
