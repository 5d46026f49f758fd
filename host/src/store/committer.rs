//! Group commit: calls hand their commits to one thread, which applies every
//! commit waiting at that moment in a single durable transaction, so
//! concurrent calls share one fsync. Each caller is answered when its
//! transaction is on disk.

use std::sync::Arc;
use std::sync::mpsc;

use tokio::sync::oneshot;

use super::{Commit, StateStore, StoreError};

type Reply = oneshot::Sender<Result<(), StoreError>>;

/// The handle calls use to commit.
#[derive(Clone)]
pub struct Committer {
    tx: mpsc::Sender<(Vec<Commit>, Reply)>,
}

impl Committer {
    /// Starts the commit thread for `store`. It ends when every handle is
    /// dropped; join the returned handle to know the store is closed.
    pub fn start(store: Arc<dyn StateStore>) -> std::io::Result<(Self, std::thread::JoinHandle<()>)> {
        let (tx, rx) = mpsc::channel::<(Vec<Commit>, Reply)>();
        let thread = std::thread::Builder::new().name("warren-commit".into()).spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut waiting = vec![first];
                waiting.extend(rx.try_iter());
                let commits: Vec<Commit> = waiting.iter_mut().flat_map(|(c, _)| std::mem::take(c)).collect();
                let result = store.commit(&commits);
                for (_, reply) in waiting {
                    let _ = reply.send(result.clone());
                }
            }
        })?;
        Ok((Self { tx }, thread))
    }

    /// Commits atomically with whatever else is waiting; returns once durable.
    pub async fn commit(&self, commits: Vec<Commit>) -> Result<(), StoreError> {
        if commits.is_empty() {
            return Ok(());
        }
        let (reply, done) = oneshot::channel();
        self.tx.send((commits, reply)).map_err(|_| StoreError("the commit thread has stopped".into()))?;
        done.await.map_err(|_| StoreError("the commit thread stopped before answering".into()))?
    }
}
