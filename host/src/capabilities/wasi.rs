//! The WASI sandbox: nothing but clocks and randomness. No preopened
//! directories, no environment or arguments, no sockets or name lookup, stdin
//! closed; stdout and stderr go to the host log tagged with the agent.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView};

/// Per-agent WASI state.
pub struct WasiState {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiState {
    /// A deny-all context whose stdio is logged under `label` (e.g. `notes/1a2b3c4d5e6f`).
    pub fn new(label: &str) -> Self {
        let ctx = WasiCtxBuilder::new()
            .stdout(GuestLog { label: label.into(), stream: "stdout" })
            .stderr(GuestLog { label: label.into(), stream: "stderr" })
            .build();
        Self { ctx, table: ResourceTable::new() }
    }

    /// The view `wasmtime_wasi` needs.
    pub fn view(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
}

/// A guest output stream that writes each chunk to the host log.
#[derive(Clone)]
struct GuestLog {
    label: String,
    stream: &'static str,
}

impl IsTerminal for GuestLog {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for GuestLog {
    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

impl AsyncWrite for GuestLog {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let text = String::from_utf8_lossy(buf);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            tracing::info!(target: "warren::guest", agent = %self.label, stream = self.stream, "{line}");
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
