//! The `client` import: log and progress messages from the plugin to whoever
//! made the call (the CLI prints them; the MCP front door forwards them), and
//! to the host log, and `wait`, which sleeps for a plugin that polls an
//! upstream job until the client cancels the call or its deadline nears.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

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
    /// Cancelled when the client gives up on the call; `None` if it can't.
    fn cancellation(&self) -> Option<CancellationToken> {
        None
    }
}

/// An observer that keeps nothing: messages still reach the host log.
pub struct Unobserved;

impl CallObserver for Unobserved {
    fn log(&self, _: LogLevel, _: &str) {}
    fn progress(&self, _: f64, _: Option<f64>, _: Option<&str>) {}
}

/// Per-agent state: the current call's observer and deadline.
pub struct ClientState {
    label: String,
    observer: Arc<dyn CallObserver>,
    deadline: Option<Instant>,
}

impl ClientState {
    /// State for the agent logged as `label`.
    pub fn new(label: &str) -> Self {
        Self { label: label.into(), observer: Arc::new(Unobserved), deadline: None }
    }

    /// Routes messages to `observer` for the next call, which the host
    /// aborts after `timeout`.
    pub fn start_call(&mut self, observer: Arc<dyn CallObserver>, timeout: Duration) {
        self.observer = observer;
        self.deadline = Some(Instant::now() + timeout);
    }
}

/// How long before the call's deadline `wait` stops agreeing to sleep, so
/// the plugin has time to return what it has: a tenth of the call's time,
/// at most one second.
fn deadline_margin(deadline: Instant, started: Instant) -> Duration {
    (deadline.saturating_duration_since(started) / 10).min(Duration::from_secs(1))
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

    async fn wait(&mut self, ms: u32) -> wasmtime::Result<bool> {
        let started = Instant::now();
        let span = Duration::from_millis(ms.into());
        let c = &self.client;
        if let Some(deadline) = c.deadline
            && started + span + deadline_margin(deadline, started) >= deadline
        {
            return Ok(false);
        }
        let completed = match c.observer.cancellation() {
            Some(token) if token.is_cancelled() => false,
            Some(token) => tokio::select! {
                () = tokio::time::sleep(span) => true,
                () = token.cancelled() => false,
            },
            None => {
                tokio::time::sleep(span).await;
                true
            }
        };
        self.limits.add_host_wait(started.elapsed());
        Ok(completed)
    }
}
