//! An alert's triage as `get` and exports print it: `triage` with six keys in JSON,
//! `triage_state` … `triage_done_at` columns in CSV and xlsx.

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};

use crate::domain::Cell;
use crate::domain::triage::State;

/// The group the keys go under.
pub const GROUP: &str = "triage";
/// The keys, in order.
pub const KEYS: &[&str] = &["state", "by", "outcome", "note", "claimed_at", "done_at"];

/// The values of [`KEYS`] for an alert in `state` (times in `zone`, as every time printed).
pub fn values(state: &State, zone: &FixedOffset) -> Vec<Value> {
    let time = |t: Option<DateTime<Utc>>| Cell::Time(t).to_json(zone);
    let null = Value::Null;
    match *state {
        State::Open => vec![
            json!("open"),
            null.clone(),
            null.clone(),
            null.clone(),
            null.clone(),
            null,
        ],
        State::Claimed { by, since, .. } => vec![
            json!("claimed"),
            json!(by),
            null.clone(),
            null.clone(),
            time(Some(since)),
            null,
        ],
        State::Done {
            by,
            outcome,
            note,
            at,
            claimed_at,
            ..
        } => vec![
            json!("done"),
            json!(by),
            json!(outcome.name()),
            json!(note),
            time(claimed_at),
            time(Some(at)),
        ],
    }
}
