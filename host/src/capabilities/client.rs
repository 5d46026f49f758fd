//! The `client` import: log and progress messages from the plugin to whoever
//! made the call (the CLI prints them; the MCP front door forwards them), and
//! to the host log.

use std::sync::Arc;

use crate::bindings::warren::plugin::client::{Host, LogLevel};
use crate::capabilities::HostState;

/// The level's name as MCP's `logging` spells it.
pub fn level_name(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Debug => "debug",
        LogLevel::Info => "info",
        LogLevel::Notice => "notice",
        LogLevel::Warning => "warning",
        LogLevel::Error => "error",
    }
}

/// Receives a call's log and progress messages.
pub trait CallObserver: Send + Sync {
    /// A log message from the plugin.
    fn log(&self, level: LogLevel, message: &str);
    /// A progress report from the plugin.
    fn progress(&self, progress: f64, total: Option<f64>, message: Option<&str>);
}

/// An observer that keeps nothing: messages still reach the host log.
pub struct Unobserved;

impl CallObserver for Unobserved {
    fn log(&self, _: LogLevel, _: &str) {}
    fn progress(&self, _: f64, _: Option<f64>, _: Option<&str>) {}
}

/// Per-agent state: the current call's observer.
pub struct ClientState {
    label: String,
    observer: Arc<dyn CallObserver>,
}

impl ClientState {
    /// State for the agent logged as `label`.
    pub fn new(label: &str) -> Self {
        Self { label: label.into(), observer: Arc::new(Unobserved) }
    }

    /// Routes messages to `observer` for the next call.
    pub fn set_observer(&mut self, observer: Arc<dyn CallObserver>) {
        self.observer = observer;
    }
}

impl Host for HostState {
    async fn log(&mut self, level: LogLevel, message: String) -> wasmtime::Result<()> {
        let c = &self.client;
        match level {
            LogLevel::Error => {
                tracing::error!(target: "warren::guest", agent = %c.label, "{message}")
            }
            LogLevel::Warning => {
                tracing::warn!(target: "warren::guest", agent = %c.label, "{message}")
            }
            LogLevel::Info | LogLevel::Notice => {
                tracing::info!(target: "warren::guest", agent = %c.label, "{message}")
            }
            LogLevel::Debug => {
                tracing::debug!(target: "warren::guest", agent = %c.label, "{message}")
            }
        }
        c.observer.log(level, &message);
        Ok(())
    }

    async fn progress(&mut self, progress: f64, total: Option<f64>, message: Option<String>) -> wasmtime::Result<()> {
        self.client.observer.progress(progress, total, message.as_deref());
        Ok(())
    }
}
