//! The installed plugins, swappable while Warren runs.
//!
//! [`PluginSet::reload`] looks at every plugin directory again: a directory
//! whose files changed (size or modification time) is loaded anew and, when
//! that succeeds, replaces the old version at once. Calls already running
//! finish on the old version; the next call of each live agent hibernates it
//! and wakes it on the new one (see `registry::live_slot`). A directory that
//! fails to load leaves the old version serving and is reported; a removed
//! directory removes its plugin (or falls back to the bundled plugin of that
//! name). Every plugin that changed is announced on [`PluginSet::subscribe`],
//! which the MCP front door turns into `notifications/tools/list_changed`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use tokio::sync::broadcast;
use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::built::BUNDLED;
use crate::capabilities::HostState;
use crate::compile_cache::CompileCache;
use crate::ids::PluginName;
use crate::manifest::Manifest;
use crate::plugin::{LoadError, LoadedPlugin, Loader, PluginConfig, PluginSource};
use crate::runtime::StartError;

/// What a directory looked like when it was last loaded: each file's name,
/// size and modification time.
type Stamp = Vec<(String, u64, Option<SystemTime>)>;

/// What one reload did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReloadReport {
    /// Plugins now running a new version (or newly installed).
    pub changed: Vec<String>,
    /// Plugins no longer installed.
    pub removed: Vec<String>,
    /// Directories that failed to load, with the reason; their old versions keep serving.
    pub failed: Vec<String>,
}

/// Everything needed to load a plugin again.
pub struct Loading {
    /// The engine.
    pub engine: Engine,
    /// A linker with every host import.
    pub linker: Linker<HostState>,
    /// The compile cache.
    pub cache: CompileCache,
    /// The pool's memory slot size.
    pub max_memory_mib: u64,
    /// Plugin directories, or directories of them.
    pub plugin_dirs: Vec<PathBuf>,
    /// Whether bundled plugins are served.
    pub bundled: bool,
    /// Operator settings by plugin name.
    pub plugin_config: BTreeMap<String, PluginConfig>,
}

impl Loading {
    fn loader(&self) -> Loader<'_> {
        Loader { engine: &self.engine, linker: &self.linker, cache: &self.cache, max_memory_mib: self.max_memory_mib }
    }
}

/// The plugins being served, by name.
pub struct PluginSet {
    loading: Loading,
    current: RwLock<BTreeMap<PluginName, Arc<LoadedPlugin>>>,
    /// Each plugin directory's stamp at its last load and the plugin it gave.
    dirs: Mutex<BTreeMap<PathBuf, (Stamp, Option<PluginName>)>>,
    changes: broadcast::Sender<PluginName>,
}

impl PluginSet {
    /// Loads every plugin: the bundled ones (if enabled), then each
    /// directory; a directory may replace a bundled plugin of the same name.
    pub fn load(loading: Loading) -> Result<Self, StartError> {
        let loader = loading.loader();
        let mut current: BTreeMap<PluginName, Arc<LoadedPlugin>> = BTreeMap::new();
        let mut dirs = BTreeMap::new();
        if loading.bundled {
            for bundled in BUNDLED {
                let plugin = loader.load(PluginSource::Bundled(bundled), &loading.plugin_config)?;
                log_loaded(&plugin);
                current.insert(plugin.name().clone(), Arc::new(plugin));
            }
        }
        for dir in plugin_dirs(&loading.plugin_dirs)? {
            let stamp = stamp(&dir);
            let plugin = loader.load(PluginSource::Dir(&dir), &loading.plugin_config)?;
            let name = plugin.name().clone();
            match current.get(&name) {
                Some(old) if !old.origin.starts_with("bundled:") => {
                    return Err(StartError::Duplicate {
                        name: name.to_string(),
                        first: old.origin.clone(),
                        second: plugin.origin.clone(),
                    });
                }
                Some(old) => tracing::info!(plugin = %name, "{} replaces {}", plugin.origin, old.origin),
                None => {}
            }
            log_loaded(&plugin);
            current.insert(name.clone(), Arc::new(plugin));
            dirs.insert(dir, (stamp, Some(name)));
        }
        if let Some(unknown) = loading.plugin_config.keys().find(|k| !current.keys().any(|p| p.as_str() == k.as_str()))
        {
            return Err(LoadError::Config {
                plugin: unknown.clone(),
                message: "config is given for a plugin that is not installed".into(),
            }
            .into());
        }
        let (changes, _) = broadcast::channel(64);
        Ok(Self { loading, current: RwLock::new(current), dirs: Mutex::new(dirs), changes })
    }

    /// The plugin called `name`.
    pub fn get(&self, name: &PluginName) -> Option<Arc<LoadedPlugin>> {
        self.read().get(name).cloned()
    }

    /// Every plugin, by name.
    pub fn all(&self) -> Vec<Arc<LoadedPlugin>> {
        self.read().values().cloned().collect()
    }

    /// The names of every plugin.
    pub fn names(&self) -> Vec<String> {
        self.read().keys().map(ToString::to_string).collect()
    }

    /// Announces the name of each plugin whose version changed.
    pub fn subscribe(&self) -> broadcast::Receiver<PluginName> {
        self.changes.subscribe()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<PluginName, Arc<LoadedPlugin>>> {
        self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Loads what changed on disk since the last look. Compiles, so call it
    /// off the async workers.
    pub fn reload(&self) -> ReloadReport {
        let mut report = ReloadReport::default();
        let found = match plugin_dirs(&self.loading.plugin_dirs) {
            Ok(found) => found,
            Err(e) => {
                report.failed.push(e.to_string());
                return report;
            }
        };
        let mut dirs = self.dirs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for dir in &found {
            let stamp = stamp(dir);
            if dirs.get(dir).is_some_and(|(seen, _)| *seen == stamp) {
                continue;
            }
            let previous = dirs.get(dir).and_then(|(_, name)| name.clone());
            match self.loading.loader().load(PluginSource::Dir(dir), &self.loading.plugin_config) {
                Err(e) => {
                    tracing::error!(dir = %dir.display(), "reloading a plugin failed; the running version stays: {e}");
                    report.failed.push(format!("{}: {e}", dir.display()));
                    dirs.insert(dir.clone(), (stamp, previous));
                }
                Ok(plugin) => {
                    let name = plugin.name().clone();
                    let taken = dirs.iter().any(|(d, (_, n))| d != dir && n.as_ref() == Some(&name));
                    if taken {
                        let message = format!(
                            "{}: plugin {name:?} is already installed from another directory; rename one",
                            dir.display()
                        );
                        tracing::error!("{message}");
                        report.failed.push(message);
                        dirs.insert(dir.clone(), (stamp, previous));
                        continue;
                    }
                    log_loaded(&plugin);
                    self.swap(&name, Some(Arc::new(plugin)));
                    report.changed.push(name.to_string());
                    if let Some(old) = previous.filter(|old| *old != name) {
                        self.remove(&old, &mut report);
                    }
                    dirs.insert(dir.clone(), (stamp, Some(name)));
                }
            }
        }
        let gone: Vec<PathBuf> = dirs.keys().filter(|d| !found.contains(d)).cloned().collect();
        for dir in gone {
            if let Some((_, Some(name))) = dirs.remove(&dir) {
                self.remove(&name, &mut report);
            }
        }
        for name in report.changed.iter().chain(&report.removed) {
            if let Ok(name) = PluginName::new(name) {
                // No subscriber is fine: nobody is connected.
                let _ = self.changes.send(name);
            }
        }
        report
    }

    /// Uninstalls `name`, falling back to the bundled plugin of that name.
    fn remove(&self, name: &PluginName, report: &mut ReloadReport) {
        // Read the bundled manifests' names first: only the match is loaded.
        let bundled = BUNDLED
            .iter()
            .filter(|_| self.loading.bundled)
            .find(|b| Manifest::parse(b.manifest, Path::new("bundled plugin.toml")).is_ok_and(|m| m.name == *name))
            .and_then(|b| self.loading.loader().load(PluginSource::Bundled(b), &self.loading.plugin_config).ok());
        match bundled {
            Some(plugin) => {
                self.swap(name, Some(Arc::new(plugin)));
                report.changed.push(name.to_string());
            }
            None => {
                self.swap(name, None);
                tracing::info!(plugin = %name, "plugin removed");
                report.removed.push(name.to_string());
            }
        }
    }

    fn swap(&self, name: &PluginName, plugin: Option<Arc<LoadedPlugin>>) {
        let mut current = self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        match plugin {
            Some(p) => current.insert(name.clone(), p),
            None => current.remove(name),
        };
    }
}

fn log_loaded(plugin: &LoadedPlugin) {
    tracing::info!(plugin = %plugin.name(), version = %plugin.version, source = ?plugin.compile_source, "loaded plugin");
}

/// Each file of `dir` with its size and modification time, sorted.
fn stamp(dir: &Path) -> Stamp {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Stamp = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            Some((e.file_name().to_string_lossy().into_owned(), meta.len(), meta.modified().ok()))
        })
        .collect();
    files.sort();
    files
}

/// Expands `dirs` into plugin directories: a directory with `plugin.toml`
/// is one; otherwise each subdirectory with one is.
fn plugin_dirs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, StartError> {
    let mut out = Vec::new();
    for dir in dirs {
        if dir.join("plugin.toml").is_file() {
            out.push(dir.clone());
            continue;
        }
        let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io { path: dir.clone(), source })?;
        let mut found: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("plugin.toml").is_file()).collect();
        if found.is_empty() {
            let source =
                std::io::Error::new(std::io::ErrorKind::NotFound, "no plugin.toml in it or its subdirectories");
            return Err(LoadError::Io { path: dir.clone(), source }.into());
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}
