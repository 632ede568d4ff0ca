//! Solo mode's side of triage: the log file in the state directory, written off the UI task
//! (each event is synced to disk) with the operating-system user as the actor.

use std::sync::{Arc, Mutex};

use chrono::Utc;

use super::source::{Triaged, lock};
use crate::domain::triage::{Action, Denied, TriageEvent, VENDOR};
use crate::domain::{LoadFailure, Origin, Retry};
use crate::store::StoreError;
use crate::store::triage_file::{Actor, TriageFile};

/// The open log and who writes it; shared by the tasks that act on it.
#[derive(Debug, Clone)]
pub struct SoloTriage {
    inner: Arc<Mutex<(TriageFile, Actor)>>,
}

impl SoloTriage {
    pub fn new(file: TriageFile, actor: Actor) -> SoloTriage {
        SoloTriage {
            inner: Arc::new(Mutex::new((file, actor))),
        }
    }

    /// The OS user the events are written as.
    pub fn me(&self) -> String {
        lock(&self.inner).1.by.clone()
    }

    /// The events after `after`, oldest first.
    pub fn after(&self, after: i64) -> Vec<TriageEvent> {
        let inner = lock(&self.inner);
        let events = inner.0.ledger().events();
        let start = events.partition_point(|e| e.seq <= after);
        events.get(start..).unwrap_or_default().to_vec()
    }

    /// Appends `action`, synced to disk, on a blocking thread.
    pub async fn act(&self, alert: String, action: Action) -> Triaged {
        self.append(alert, action, false).await
    }

    /// The same as `vendor`, on the vendor's evidence.
    pub async fn act_as_vendor(&self, alert: String, action: Action) -> Triaged {
        self.append(alert, action, true).await
    }

    async fn append(&self, alert: String, action: Action, vendor: bool) -> Triaged {
        let inner = self.inner.clone();
        let written = tokio::task::spawn_blocking(move || {
            let mut inner = lock(&inner);
            let (file, actor) = &mut *inner;
            let actor = match vendor {
                true => Actor {
                    by: String::from(VENDOR),
                    name: String::new(),
                    host: actor.host.clone(),
                },
                false => actor.clone(),
            };
            let path = file.path().to_owned();
            file.append(&alert, action, &actor, Utc::now())
                .map_err(|e| (path, e))
        })
        .await;
        match written {
            Ok(Ok(Ok(event))) => Ok(Ok(event)),
            Ok(Ok(Err(refusal))) => Ok(Err(Denied::Refused(refusal))),
            Ok(Err((path, error))) => Err(failure(&path.display().to_string(), &error)),
            Err(joined) => Err(LoadFailure {
                origin: Origin::TriageLog,
                endpoint: String::new(),
                page: None,
                code: String::from("error"),
                detail: joined.to_string(),
                retry: Retry::Later,
            }),
        }
    }
}

fn failure(path: &str, error: &StoreError) -> LoadFailure {
    LoadFailure {
        origin: Origin::TriageLog,
        endpoint: path.to_owned(),
        page: None,
        code: String::from("error"),
        detail: match error {
            StoreError::File { detail, .. } => detail.clone(),
            other => other.to_string(),
        },
        retry: Retry::Later,
    }
}
