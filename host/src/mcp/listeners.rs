//! The open MCP sessions of each plugin, told
//! `notifications/tools/list_changed` when their plugin is swapped live
//! (see `plugin_set`): clients then list the tools again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use rmcp::RoleServer;
use rmcp::service::Peer;
use tokio::sync::broadcast::error::RecvError;

use crate::ids::PluginName;
use crate::runtime::Runtime;

/// Sessions by plugin.
#[derive(Default)]
pub struct Listeners {
    peers: Mutex<HashMap<PluginName, Vec<Peer<RoleServer>>>>,
}

impl Listeners {
    /// Listeners that follow `runtime`'s plugin changes until dropped.
    pub fn start(runtime: &Runtime) -> Arc<Self> {
        let me = Arc::new(Self::default());
        let mut changes = runtime.plugin_changes();
        let weak: Weak<Self> = Arc::downgrade(&me);
        tokio::spawn(async move {
            loop {
                let changed = changes.recv().await;
                let Some(me) = weak.upgrade() else { return };
                match changed {
                    Ok(plugin) => me.notify(Some(&plugin)),
                    // Missed some: tell everyone rather than no one.
                    Err(RecvError::Lagged(_)) => me.notify(None),
                    Err(RecvError::Closed) => return,
                }
            }
        });
        me
    }

    /// Adds a session of `plugin`, and forgets sessions that ended.
    pub fn add(&self, plugin: &PluginName, peer: Peer<RoleServer>) {
        let mut peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
        let list = peers.entry(plugin.clone()).or_default();
        list.retain(|p| !p.is_transport_closed());
        list.push(peer);
    }

    fn notify(&self, plugin: Option<&PluginName>) {
        let targets: Vec<Peer<RoleServer>> = {
            let mut peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
            peers
                .iter_mut()
                .filter(|(name, _)| plugin.is_none_or(|p| p == *name))
                .flat_map(|(_, list)| {
                    list.retain(|p| !p.is_transport_closed());
                    list.clone()
                })
                .collect()
        };
        tracing::info!(plugin = ?plugin.map(ToString::to_string), sessions = targets.len(), "tools/list_changed");
        for peer in targets {
            tokio::spawn(async move { peer.notify_tool_list_changed().await });
        }
    }
}
