//! When the sync's WeCom listener was up. WeCom keeps nothing for a receiver that was down, so
//! a stretch with no listener is a time its outflow events may be missing — shown with the
//! Outflow pane's freshness, and whether Weiban's poll (which reaches back) covers it.

use chrono::{DateTime, Duration, Utc};

/// A listener's heartbeat comes every 30 s: one not seen for this long is gone.
pub const SILENT_AFTER: Duration = Duration::seconds(90);

/// One listener's record: up from `started`, last seen (or stopped) at `ended`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uptime {
    pub started: DateTime<Utc>,
    pub ended: DateTime<Utc>,
    /// Stopped cleanly at `ended` (else it may still be up, if seen lately).
    pub stopped: bool,
}

/// A time with no listener: `to` is `None` while none is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

/// What the dashboards show about WeCom's callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listening {
    /// A listener is up now.
    pub up: bool,
    /// The gaps since `since`, oldest first.
    pub gaps: Vec<Gap>,
    /// Weiban's outflow list is polled too, and reaches back over a gap.
    pub covered: bool,
}

impl Listening {
    /// From the listeners' records (any order), as of `now`, over the window from `since`.
    pub fn of(
        mut uptimes: Vec<Uptime>,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        covered: bool,
    ) -> Listening {
        uptimes.sort_by_key(|u| u.started);
        // A listener still beating is up until now.
        let end = |u: &Uptime| {
            if !u.stopped && now - u.ended <= SILENT_AFTER {
                now
            } else {
                u.ended
            }
        };
        let mut gaps = Vec::new();
        let mut covered_until: Option<DateTime<Utc>> = None;
        for uptime in &uptimes {
            if let Some(until) = covered_until
                && uptime.started - until > SILENT_AFTER
                && uptime.started > since
            {
                gaps.push(Gap {
                    from: until.max(since),
                    to: Some(uptime.started),
                });
            }
            let ended = end(uptime);
            covered_until = Some(covered_until.map_or(ended, |c| c.max(ended)));
        }
        let up = covered_until.is_some_and(|c| now - c <= SILENT_AFTER);
        if let Some(until) = covered_until
            && !up
        {
            gaps.push(Gap {
                from: until.max(since),
                to: None,
            });
        }
        Listening { up, gaps, covered }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_765_000_000 + minute * 60, 0).unwrap()
    }

    fn up(from: i64, to: i64, stopped: bool) -> Uptime {
        Uptime {
            started: at(from),
            ended: at(to),
            stopped,
        }
    }

    #[test]
    fn a_listener_seen_lately_is_up_with_no_gap() {
        let l = Listening::of(vec![up(0, 59, false)], at(0), at(60), true);
        assert!(l.up);
        assert!(l.gaps.is_empty());
    }

    #[test]
    fn a_restart_leaves_a_gap_between_stop_and_start() {
        let l = Listening::of(
            vec![up(30, 59, false), up(0, 20, true)],
            at(0),
            at(60),
            false,
        );
        assert!(l.up);
        assert_eq!(
            l.gaps,
            vec![Gap {
                from: at(20),
                to: Some(at(30))
            }]
        );
    }

    #[test]
    fn a_listener_silent_too_long_is_down_since_it_was_last_seen() {
        let l = Listening::of(vec![up(0, 10, false)], at(0), at(60), true);
        assert!(!l.up);
        assert_eq!(
            l.gaps,
            vec![Gap {
                from: at(10),
                to: None
            }]
        );
    }

    #[test]
    fn overlapping_listeners_leave_no_gap_and_old_gaps_are_cut_at_the_window() {
        let l = Listening::of(
            vec![up(-100, -90, true), up(-50, 40, true), up(30, 59, false)],
            at(-60),
            at(60),
            true,
        );
        assert_eq!(
            l.gaps,
            vec![Gap {
                from: at(-60),
                to: Some(at(-50))
            }]
        );
    }
}
