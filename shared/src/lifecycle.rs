//! Dated status lifecycles (enrolments, an organisation's registrations): which moves are
//! legal, and when a move may take effect. The status on a date is the last transition
//! effective on or before it; a transition may be backdated down to the date of the status it
//! leaves, never into the future.

use chrono::{NaiveDate, Utc};

use crate::error::{ApiError, FieldErrors};

/// A status with a lifecycle.
pub trait Lifecycle: Copy + Eq + Into<&'static str> + 'static {
    /// The record with its article, for messages: `an enrolment`, `a registration`.
    const A_RECORD: &'static str;
    /// The record alone: `enrolment`, `registration`.
    const RECORD: &'static str;

    /// The statuses a record may move to from this one (none: a final status).
    fn allowed_next(self) -> &'static [Self];
}

/// Today, in UTC: the latest effective date accepted.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A 422 on `field` unless `date` is today or earlier.
pub fn check_not_future(errors: &mut FieldErrors, field: &str, date: NaiveDate) {
    if date > today() {
        errors.push(
            field,
            "in_future",
            "a transition cannot take effect in the future; record it on the day",
        );
    }
}

/// Decides a move from `from` (in force since `since`) to `to`, effective `effective_on`
/// (default today): a 409 listing the allowed statuses for an illegal move; date problems (in
/// the future, before `since`) are pushed on `errors` as 422s on `effective_on`. Returns the
/// effective date.
pub fn decide<S: Lifecycle>(
    from: S,
    since: NaiveDate,
    to: S,
    effective_on: Option<NaiveDate>,
    errors: &mut FieldErrors,
) -> Result<NaiveDate, ApiError> {
    let allowed = from.allowed_next();
    if !allowed.contains(&to) {
        let (from_name, to_name): (&str, &str) = (from.into(), to.into());
        let allowed_names: Vec<&str> = allowed.iter().map(|s| (*s).into()).collect();
        let detail = if allowed.is_empty() {
            format!(
                "the {} is `{from_name}`, a final status: it cannot become `{to_name}`",
                S::RECORD
            )
        } else {
            format!(
                "{} that is `{from_name}` cannot become `{to_name}`; allowed: {}",
                S::A_RECORD,
                allowed_names.join(", ")
            )
        };
        return Err(ApiError::conflict(detail).with_context(serde_json::json!({
            "current_status": from_name,
            "requested_status": to_name,
            "allowed": allowed_names,
        })));
    }
    let effective_on = effective_on.unwrap_or_else(today);
    check_not_future(errors, "effective_on", effective_on);
    if effective_on < since {
        errors.push(
            "effective_on",
            "before_current_status",
            format!(
                "the current status took effect on {since}; a later change cannot take effect before it"
            ),
        );
    }
    Ok(effective_on)
}

/// The status on `date` of a record whose transitions, in order, are `timeline` (effective
/// date, status): the last one effective on or before `date`; `None` before the first.
pub fn status_on<S: Copy>(timeline: &[(NaiveDate, S)], date: NaiveDate) -> Option<S> {
    timeline
        .iter()
        .take_while(|(effective_on, _)| *effective_on <= date)
        .last()
        .map(|(_, status)| *status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn the_status_on_a_date_is_the_last_transition_effective_by_then() {
        let timeline = [
            (day("2025-01-10"), 'a'),
            (day("2025-03-01"), 'b'),
            (day("2025-03-01"), 'c'),
            (day("2025-06-30"), 'd'),
        ];
        assert_eq!(status_on(&timeline, day("2025-01-09")), None);
        assert_eq!(status_on(&timeline, day("2025-01-10")), Some('a'));
        assert_eq!(status_on(&timeline, day("2025-03-01")), Some('c'));
        assert_eq!(status_on(&timeline, day("2025-06-29")), Some('c'));
        assert_eq!(status_on(&timeline, day("2026-01-01")), Some('d'));
    }
}
