//! A done's note on the customer's Weiban timeline: one attempt through the Weiban client,
//! within its limits, and what the triage log should keep of it. The sync calls this in team
//! mode, solo mode's source for the dashboard.

use super::vendors::Clients;
use crate::domain::triage::Timeline;
use crate::domain::triage::timeline::Post;
use crate::domain::{LoadFailure, Retry};
use crate::vendors::weiban::{ERR_CONCURRENCY, ERR_RATE, ERR_TOKEN, NewEvent};
use crate::vendors::{ErrorKind, VendorError};

impl Clients {
    /// Sends `post`; `None` when no Weiban account is configured.
    pub async fn put_on_timeline(&self, post: &Post) -> Option<Timeline> {
        let weiban = self.weiban_for_key(&post.alert)?;
        let event = NewEvent {
            staff_id: &post.staff_id,
            external_user_id: &post.customer_id,
            title: &post.title,
            content: &post.content,
        };
        let answer = weiban.add_event(&event).await.map_err(failure);
        Some(post.result(answer.as_ref().map(|id| *id)))
    }
}

/// The vendor's refusal of this event (no such staff member, no such customer) will not pass
/// by trying again; its limits and the network may.
fn failure(error: VendorError) -> LoadFailure {
    let refused = matches!(
        &error.kind,
        ErrorKind::Api { code, .. } if ![ERR_TOKEN, ERR_CONCURRENCY, ERR_RATE].contains(code)
    );
    let mut failure = LoadFailure::from(error);
    if refused {
        failure.retry = Retry::NeedsUser;
    }
    failure
}
