//! Where the build script put the plugins it built from `plugins/`, and the
//! bundled ones embedded in the binary.

/// A directory holding one built plugin directory per guest crate
/// (`notes/`, `sentry/`, `testbed/`), each with `plugin.toml` and its component.
/// Meant for tests and benchmarks of this build.
pub const PLUGINS_DIR: &str = concat!(env!("OUT_DIR"), "/plugins");

/// A plugin shipped inside the binary.
pub struct Bundled {
    /// The manifest text.
    pub manifest: &'static str,
    /// The component bytes.
    pub component: &'static [u8],
}

/// The plugins every Warren serves unless told otherwise.
pub const BUNDLED: &[Bundled] = &[
    Bundled {
        manifest: include_str!(concat!(env!("OUT_DIR"), "/plugins/notes/plugin.toml")),
        component: include_bytes!(concat!(env!("OUT_DIR"), "/plugins/notes/notes.wasm")),
    },
    Bundled {
        manifest: include_str!(concat!(env!("OUT_DIR"), "/plugins/sentry/plugin.toml")),
        component: include_bytes!(concat!(env!("OUT_DIR"), "/plugins/sentry/sentry.wasm")),
    },
];

/// The path of a built plugin's directory, e.g. `plugin_dir("testbed")`.
pub fn plugin_dir(name: &str) -> std::path::PathBuf {
    std::path::Path::new(PLUGINS_DIR).join(name)
}
