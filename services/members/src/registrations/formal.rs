//! An organisation's formal status, derived from its registrations (never typed in):
//!
//! - `formal` on a date when, on that date, it holds an active tax registration (RUC, NIT)
//!   **and** an active business or cooperative registry entry (SUNARP, SEPREC, AFCOOP);
//! - `in_formation` when it holds one of the two;
//! - `informal` otherwise.
//!
//! Operating licences and REMYPE are recorded and shown but do not change the status.

use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;
use utoipa::ToSchema;

use formaliza_shared::lifecycle;

use super::model::{RegistrationStatus, RegistryKind};
use crate::organisations::model::FormalStatus;

/// The rule, on what an organisation holds on a date.
pub fn formal_status(holds_tax: bool, holds_entity: bool) -> FormalStatus {
    match (holds_tax, holds_entity) {
        (true, true) => FormalStatus::Formal,
        (false, false) => FormalStatus::Informal,
        _ => FormalStatus::InFormation,
    }
}

/// One registration's dated history, as the rule reads it.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub kind: RegistryKind,
    pub expires_on: Option<NaiveDate>,
    /// (effective date, status), in the order recorded.
    pub transitions: Vec<(NaiveDate, RegistrationStatus)>,
}

impl Timeline {
    fn active_on(&self, date: NaiveDate) -> bool {
        lifecycle::status_on(&self.transitions, date)
            .is_some_and(|s| s.on(self.expires_on, date) == RegistrationStatus::Active)
    }
}

/// The formal status on `date`.
pub fn status_on(registrations: &[Timeline], date: NaiveDate) -> FormalStatus {
    let holds = |kind| {
        registrations
            .iter()
            .any(|r| r.kind == kind && r.active_on(date))
    };
    formal_status(holds(RegistryKind::Tax), holds(RegistryKind::Entity))
}

/// One change of formal status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatusChange {
    pub status: FormalStatus,
    /// The day it was reached.
    #[schema(value_type = String, format = Date)]
    pub since: NaiveDate,
}

/// An organisation's changes of formal status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusHistory {
    pub data: Vec<StatusChange>,
}

/// Every change of formal status, oldest first (an organisation starts `informal`; that start
/// is not listed).
pub fn history(registrations: &[Timeline]) -> Vec<StatusChange> {
    let mut dates: Vec<NaiveDate> = registrations
        .iter()
        .flat_map(|r| {
            let lapse = r.expires_on.map(|end| end + TimeDelta::days(1));
            r.transitions.iter().map(|(date, _)| *date).chain(lapse)
        })
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let mut changes: Vec<StatusChange> = Vec::new();
    let mut current = FormalStatus::Informal;
    for date in dates {
        let status = status_on(registrations, date);
        if status != current {
            changes.push(StatusChange {
                status,
                since: date,
            });
            current = status;
        }
    }
    changes
}

/// The status today and the day it was reached (`None` for an organisation never out of
/// `informal`).
pub fn current(registrations: &[Timeline], today: NaiveDate) -> (FormalStatus, Option<NaiveDate>) {
    let past: Vec<StatusChange> = history(registrations)
        .into_iter()
        .filter(|c| c.since <= today)
        .collect();
    match past.last() {
        Some(change) => (change.status, Some(change.since)),
        None => (FormalStatus::Informal, None),
    }
}

#[cfg(test)]
mod tests {
    use super::FormalStatus::*;
    use super::*;
    use RegistrationStatus::{Active, Cancelled, Suspended};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    fn timeline(kind: RegistryKind, transitions: &[(&str, RegistrationStatus)]) -> Timeline {
        Timeline {
            kind,
            expires_on: None,
            transitions: transitions.iter().map(|(d, s)| (day(d), *s)).collect(),
        }
    }

    #[test]
    fn the_rule_needs_both_a_tax_registration_and_a_registry_entry() {
        assert_eq!(formal_status(false, false), Informal);
        assert_eq!(formal_status(true, false), InFormation);
        assert_eq!(formal_status(false, true), InFormation);
        assert_eq!(formal_status(true, true), Formal);
    }

    #[test]
    fn the_history_follows_every_dated_change() {
        let ruc = timeline(
            RegistryKind::Tax,
            &[
                ("2025-02-01", Active),
                ("2025-09-01", Suspended),
                ("2025-10-15", Active),
            ],
        );
        let sunarp = timeline(RegistryKind::Entity, &[("2025-05-20", Active)]);
        let registrations = [ruc, sunarp];
        assert_eq!(
            history(&registrations),
            [
                StatusChange {
                    status: InFormation,
                    since: day("2025-02-01")
                },
                StatusChange {
                    status: Formal,
                    since: day("2025-05-20")
                },
                StatusChange {
                    status: InFormation,
                    since: day("2025-09-01")
                },
                StatusChange {
                    status: Formal,
                    since: day("2025-10-15")
                },
            ]
        );
        assert_eq!(status_on(&registrations, day("2025-01-31")), Informal);
        assert_eq!(status_on(&registrations, day("2025-06-01")), Formal);
        assert_eq!(status_on(&registrations, day("2025-09-30")), InFormation);
        assert_eq!(
            current(&registrations, day("2026-01-01")),
            (Formal, Some(day("2025-10-15")))
        );
    }

    #[test]
    fn licences_and_remype_do_not_count_and_a_cancellation_ends_formality() {
        let mut licence = timeline(RegistryKind::Licence, &[("2024-01-01", Active)]);
        licence.expires_on = Some(day("2024-12-31"));
        let remype = timeline(RegistryKind::Other, &[("2024-01-01", Active)]);
        assert_eq!(history(&[licence.clone(), remype.clone()]), []);
        assert_eq!(
            current(&[licence, remype], day("2026-01-01")),
            (Informal, None)
        );

        let nit = timeline(
            RegistryKind::Tax,
            &[("2024-03-01", Active), ("2026-01-10", Cancelled)],
        );
        let seprec = timeline(RegistryKind::Entity, &[("2024-03-01", Active)]);
        assert_eq!(
            history(&[nit.clone(), seprec.clone()]),
            [
                StatusChange {
                    status: Formal,
                    since: day("2024-03-01")
                },
                StatusChange {
                    status: InFormation,
                    since: day("2026-01-10")
                },
            ]
        );
    }

    #[test]
    fn a_lapsed_entry_counts_until_its_last_day() {
        let tax = timeline(RegistryKind::Tax, &[("2024-01-01", Active)]);
        let mut entity = timeline(RegistryKind::Entity, &[("2024-01-01", Active)]);
        entity.expires_on = Some(day("2025-06-30"));
        let registrations = [tax, entity];
        assert_eq!(status_on(&registrations, day("2025-06-30")), Formal);
        assert_eq!(status_on(&registrations, day("2025-07-01")), InFormation);
        assert_eq!(
            history(&registrations).last(),
            Some(&StatusChange {
                status: InFormation,
                since: day("2025-07-01")
            })
        );
    }

    #[test]
    fn a_suspended_registration_is_not_held() {
        let tax = timeline(RegistryKind::Tax, &[("2024-01-01", Suspended)]);
        let entity = timeline(RegistryKind::Entity, &[("2024-01-01", Active)]);
        assert_eq!(status_on(&[tax, entity], day("2024-06-01")), InFormation);
    }
}
