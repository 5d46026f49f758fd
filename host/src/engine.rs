//! The one wasmtime `Engine` of a runtime: pooling allocator sized for the
//! live-agent cap, copy-on-write memory images, epoch interruption driven by
//! a ticker thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// How often the epoch advances; the granularity of CPU deadlines.
pub const EPOCH_TICK: Duration = Duration::from_millis(5);

/// Sizes of the instance pool.
#[derive(Debug, Clone, Copy)]
pub struct PoolSize {
    /// Component instances that may exist at once (live agents plus
    /// verification instances).
    pub instances: u32,
    /// The largest linear memory any agent may have, in MiB.
    pub max_memory_mib: u64,
}

// Each async Store keeps its fiber stack between calls, so every instance
// needs a stack of its own: `total_stacks` equals `total_component_instances`.

/// Core instances, tables and memories a Rust wasip2 component needs: one
/// main module plus shim modules that hold tables but no memory.
const CORE_INSTANCES_PER_COMPONENT: u32 = 8;

/// Builds the engine.
pub fn build(pool: PoolSize) -> anyhow::Result<Engine> {
    let mut p = PoolingAllocationConfig::default();
    p.total_component_instances(pool.instances)
        .total_core_instances(pool.instances * CORE_INSTANCES_PER_COMPONENT)
        .total_memories(pool.instances)
        .total_tables(pool.instances * CORE_INSTANCES_PER_COMPONENT)
        .max_memories_per_component(1)
        .max_tables_per_component(CORE_INSTANCES_PER_COMPONENT)
        .max_core_instances_per_component(CORE_INSTANCES_PER_COMPONENT)
        .max_memory_size((pool.max_memory_mib << 20) as usize)
        .total_stacks(pool.instances);
    let mut config = Config::new();
    config
        .allocation_strategy(InstanceAllocationStrategy::Pooling(p))
        .epoch_interruption(true)
        // Decommit a stack's pages when its agent hibernates, so RSS falls back.
        .async_stack_zeroing(true)
        .memory_init_cow(true)
        .wasm_component_model(true);
    Engine::new(&config)
        .map_err(|e| anyhow::anyhow!("creating the wasmtime engine (pool of {} instances): {e}", pool.instances))
}

/// Advances an engine's epoch every [`EPOCH_TICK`] until dropped.
pub struct EpochTicker {
    stop: Arc<AtomicBool>,
}

impl EpochTicker {
    /// Starts the ticker thread.
    pub fn start(engine: &Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (engine, flag) = (engine.clone(), stop.clone());
        std::thread::Builder::new()
            .name("warren-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    engine.increment_epoch();
                }
            })
            .map(|_| ())
            .unwrap_or_else(|e| tracing::error!("cannot start the epoch ticker, CPU deadlines will not fire: {e}"));
        Self { stop }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
