//! Prometheus metrics of the runtime and the front door, in one registry:
//! agents live and hibernated, wakes, hibernations, call latency by plugin
//! and tool, errors by kind, and verification cache hits. `/metrics` serves
//! them in the OpenMetrics text format.

use std::sync::Mutex;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels naming a plugin.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PluginLabel {
    /// The plugin.
    pub plugin: String,
}

/// Labels of one call.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CallLabels {
    /// The plugin.
    pub plugin: String,
    /// The tool (`(unknown)` for names the agent does not have).
    pub tool: String,
}

/// Labels of one error.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabels {
    /// The plugin.
    pub plugin: String,
    /// What went wrong: `tool_error`, `unknown_tool`, `invalid_arguments`,
    /// `cpu`, `memory`, `timeout`, `trap`, `init`, `contract`, `store`, `shutting_down`.
    pub kind: String,
}

/// Labels of a verification lookup.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CacheLabel {
    /// `hit` or `miss`.
    pub result: String,
}

type HistogramFamily = Family<CallLabels, Histogram, fn() -> Histogram>;

fn call_histogram() -> Histogram {
    // 10 µs … ~2.6 s, ×4 per bucket.
    Histogram::new(exponential_buckets(0.000_01, 4.0, 10))
}

/// Every metric Warren exports.
pub struct Metrics {
    registry: Mutex<Registry>,
    /// Agents live in this process (set at scrape time).
    pub live_agents: Gauge,
    /// Agents known to the store and not live (set at scrape time).
    pub hibernated_agents: Gauge,
    /// Agents woken.
    pub wakes: Family<PluginLabel, Counter>,
    /// Agents hibernated.
    pub hibernations: Family<PluginLabel, Counter>,
    /// Call latency, seconds.
    pub calls: HistogramFamily,
    /// Failed calls.
    pub errors: Family<ErrorLabels, Counter>,
    /// Verification cache lookups.
    pub verify_cache: Family<CacheLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut r = Registry::default();
        let m = Metrics {
            live_agents: Gauge::default(),
            hibernated_agents: Gauge::default(),
            wakes: Family::default(),
            hibernations: Family::default(),
            calls: HistogramFamily::new_with_constructor(call_histogram),
            errors: Family::default(),
            verify_cache: Family::default(),
            registry: Mutex::new(Registry::default()),
        };
        r.register("warren_agents_live", "Agents live in memory", m.live_agents.clone());
        r.register("warren_agents_hibernated", "Agents hibernated on disk", m.hibernated_agents.clone());
        r.register("warren_wakes", "Agents woken from their snapshot or storage", m.wakes.clone());
        r.register(
            "warren_hibernations",
            "Agents hibernated (snapshot committed, memory dropped)",
            m.hibernations.clone(),
        );
        r.register("warren_call_duration_seconds", "Tool call latency, including wake and commit", m.calls.clone());
        r.register("warren_call_errors", "Tool calls that failed, by kind", m.errors.clone());
        r.register("warren_verify_cache_lookups", "Constraint verification cache lookups", m.verify_cache.clone());
        *m.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = r;
        m
    }
}

impl Metrics {
    /// Counts a wake of an agent of `plugin`.
    pub fn woke(&self, plugin: &str) {
        self.wakes.get_or_create(&PluginLabel { plugin: plugin.into() }).inc();
    }

    /// Counts a hibernation of an agent of `plugin`.
    pub fn hibernated(&self, plugin: &str) {
        self.hibernations.get_or_create(&PluginLabel { plugin: plugin.into() }).inc();
    }

    /// Records one call.
    pub fn call(&self, plugin: &str, tool: &str, took: Duration, error: Option<&str>) {
        let labels = CallLabels { plugin: plugin.into(), tool: tool.into() };
        self.calls.get_or_create(&labels).observe(took.as_secs_f64());
        if let Some(kind) = error {
            self.errors.get_or_create(&ErrorLabels { plugin: plugin.into(), kind: kind.into() }).inc();
        }
    }

    /// Counts a verification cache lookup.
    pub fn verify_lookup(&self, hit: bool) {
        let result = if hit { "hit" } else { "miss" };
        self.verify_cache.get_or_create(&CacheLabel { result: result.into() }).inc();
    }

    /// The OpenMetrics text of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let registry = self.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &registry) {
            tracing::error!("encoding metrics failed: {e}");
        }
        out
    }
}
