//! Per-agent limits: a memory cap enforced as memory grows (a trap naming the
//! cap, not an allocation failure deep in the guest) and CPU accounting for
//! the epoch callback, which excludes time spent awaiting the host.

use std::time::{Duration, Instant};

use wasmtime::ResourceLimiter;

/// The largest table a plugin may grow to.
const MAX_TABLE_ELEMENTS: usize = 100_000;

/// A limit a call ran into; carried as the trap's error so the caller can name it.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum LimitHit {
    /// Linear memory would exceed the cap.
    #[error("memory would grow to {desired_mib} MiB, over the cap of {cap_mib} MiB")]
    Memory {
        /// The cap.
        cap_mib: u64,
        /// The size asked for.
        desired_mib: u64,
    },
    /// The call used more guest CPU time than allowed.
    #[error("the call used more than its CPU budget of {budget_ms} ms")]
    Cpu {
        /// The budget.
        budget_ms: u64,
    },
}

/// Limits and accounting for one agent.
pub struct AgentLimits {
    memory_cap: usize,
    cpu_budget: Duration,
    call_started: Instant,
    host_wait: Duration,
}

impl AgentLimits {
    /// Limits from a plugin's manifest values.
    pub fn new(memory_mib: u64, cpu_ms: u64) -> Self {
        Self {
            memory_cap: (memory_mib << 20) as usize,
            cpu_budget: Duration::from_millis(cpu_ms),
            call_started: Instant::now(),
            host_wait: Duration::ZERO,
        }
    }

    /// Resets the CPU clock at the start of a guest call.
    pub fn start_call(&mut self) {
        self.call_started = Instant::now();
        self.host_wait = Duration::ZERO;
    }

    /// Records time spent awaiting the host (e.g. an HTTP response).
    pub fn add_host_wait(&mut self, d: Duration) {
        self.host_wait += d;
    }

    /// `Err` once the call has used its CPU budget.
    pub fn check_cpu(&self) -> Result<(), LimitHit> {
        let used = self.call_started.elapsed().saturating_sub(self.host_wait);
        if used > self.cpu_budget {
            return Err(LimitHit::Cpu { budget_ms: self.cpu_budget.as_millis() as u64 });
        }
        Ok(())
    }
}

impl ResourceLimiter for AgentLimits {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.memory_cap {
            let hit = LimitHit::Memory {
                cap_mib: (self.memory_cap >> 20) as u64,
                desired_mib: desired.div_ceil(1 << 20) as u64,
            };
            return Err(hit.into());
        }
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}
