//! Training indicators: aggregates only, never a person.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use formaliza_shared::suppression::{self, MinCell};

/// Participants by sex (from the members read model; `unknown` when not recorded or not yet
/// seen by the read model).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct TrainingParticipantsBySex {
    pub female: Option<i64>,
    pub male: Option<i64>,
    pub unknown: Option<i64>,
}

/// Participants by age on the date of the sessions they attended.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct TrainingParticipantsByAge {
    /// Aged 15 to 29 on the date of at least one session they attended.
    pub youth: Option<i64>,
    /// Of known age and never 15–29 on a session date.
    pub not_youth: Option<i64>,
    /// Birth date not recorded (or not yet seen by the read model).
    pub unknown: Option<i64>,
}

/// How current the member attributes behind the indicators are.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingReadModelFreshness {
    /// The last members-feed event applied (0: none yet).
    pub last_seq: i64,
    /// When the read model last caught up with the members feed (`null`: never).
    pub updated_at: Option<DateTime<Utc>>,
}

/// The period and filters the figures are for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingIndicatorScope {
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub topic: Option<String>,
    pub organisation_id: Option<String>,
}

/// Training figures for a period.
///
/// A session is *held* when it is not cancelled, starts in the period, and at least one
/// registered participant attended. Participants are the distinct members who attended a held
/// session (with `organisation_id`, only members of that organisation, and only the sessions
/// they attended).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingIndicator {
    pub scope: TrainingIndicatorScope,
    pub sessions_held: i64,
    /// Teaching hours of the held sessions.
    pub hours_delivered: f64,
    /// Hours attended, summed over participants.
    pub participant_hours: f64,
    /// Distinct members who attended.
    pub participants: Option<i64>,
    pub participants_by_sex: TrainingParticipantsBySex,
    pub participants_by_age: TrainingParticipantsByAge,
    /// Share of (participant, course) pairs whose member holds the course's certificate
    /// (0 to 1; `null` with no participants).
    pub completion_rate: Option<f64>,
    /// Certificates issued in the period to the participants counted, for the courses they attended.
    pub certificates_issued: Option<i64>,
    /// Distinct organisations outside the programme (`in_programme: false`) with a member among
    /// the participants.
    pub outside_organisations: Option<i64>,
    /// Whether some cells were withheld (`null`): those counting fewer than 5 people
    /// (`FORMALIZA_MIN_CELL`), and in a breakdown by sex or age as many others as it takes that
    /// none can be recomputed from the participants and the cells shown. Only tokens with
    /// `trainings:read` see every count.
    pub suppressed: bool,
    pub read_model: TrainingReadModelFreshness,
}

/// Whether someone born on `birth` is 15 to 29 years old on `date`.
pub fn is_youth(birth: NaiveDate, date: NaiveDate) -> bool {
    let mut age = date.year() - birth.year();
    if (date.month(), date.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    (15..=29).contains(&age)
}

/// A person count as the caller may see it: withheld when `k` applies and it is too small.
pub fn cell(count: i64, k: Option<MinCell>, suppressed: &mut bool) -> Option<i64> {
    if k.is_some_and(|k| k.too_small(count)) {
        *suppressed = true;
        None
    } else {
        Some(count)
    }
}

/// A breakdown of the participants (by sex, by age) as the caller may see it: its small cells
/// withheld, and with them as many others as it takes that none can be recomputed from the
/// participants count and the cells shown (see [`formaliza_shared::suppression`]).
pub fn breakdown<const N: usize>(
    parts: [i64; N],
    k: Option<MinCell>,
    suppressed: &mut bool,
) -> [Option<i64>; N] {
    let Some(k) = k else {
        return parts.map(Some);
    };
    let withheld = suppression::complementary(&parts, k);
    if withheld.any() {
        *suppressed = true;
    }
    let mut shown = parts.map(Some);
    for (cell, hide) in shown.iter_mut().zip(&withheld.cells) {
        if *hide {
            *cell = None;
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn youth_is_15_to_29_on_the_day() {
        let session = date("2026-03-14");
        for (birth, youth) in [
            ("2011-03-14", true),  // 15 today
            ("2011-03-15", false), // 15 tomorrow
            ("1996-03-15", true),  // 29 until tomorrow
            ("1996-03-14", false), // 30 today
            ("1960-01-01", false),
        ] {
            assert_eq!(is_youth(date(birth), session), youth, "{birth}");
        }
    }

    #[test]
    fn small_cells_are_withheld_only_when_asked() {
        let k = Some(MinCell::default());
        let mut suppressed = false;
        assert_eq!(cell(0, k, &mut suppressed), Some(0));
        assert_eq!(cell(5, k, &mut suppressed), Some(5));
        assert!(!suppressed);
        assert_eq!(cell(4, k, &mut suppressed), None);
        assert!(suppressed);
        let mut exact = false;
        assert_eq!(cell(1, None, &mut exact), Some(1));
        assert!(!exact);
    }

    #[test]
    fn a_small_part_of_a_breakdown_takes_another_with_it() {
        let k = Some(MinCell::default());
        let mut suppressed = false;
        // 20 participants: 16 women, 3 men, 1 unknown. Hiding 3 and 1 alone would leave 4 to
        // subtract; with the 16 hidden too, 20 - 0 shown tells nothing.
        assert_eq!(
            breakdown([16, 3, 1], k, &mut suppressed),
            [None, None, None]
        );
        assert!(suppressed);
        let mut suppressed = false;
        assert_eq!(
            breakdown([11, 3, 6], k, &mut suppressed),
            [Some(11), None, None]
        );
        assert_eq!(
            breakdown([11, 3, 6], None, &mut suppressed),
            [Some(11), Some(3), Some(6)]
        );
    }
}
