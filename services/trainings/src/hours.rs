//! Hours as partners write them (`1.5`) and as they are stored (whole minutes, so sums compare
//! exactly on both backends).

use formaliza_shared::FieldError;

/// The most hours one value may carry (a long programme, not a typo).
pub const MAX_HOURS: f64 = 10_000.0;

/// Parses an hour count (0 to [`MAX_HOURS`], rounded to the minute) into minutes.
pub fn to_minutes(hours: f64) -> Result<i64, FieldError> {
    if !hours.is_finite() || !(0.0..=MAX_HOURS).contains(&hours) {
        return Err(FieldError::new(
            "",
            "out_of_range",
            format!("hours must be between 0 and {MAX_HOURS}"),
        ));
    }
    // In range, so the cast cannot overflow.
    Ok((hours * 60.0).round() as i64)
}

/// Minutes back to hours, for responses.
pub fn from_minutes(minutes: i64) -> f64 {
    minutes as f64 / 60.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_to_the_minute_and_stay_in_range() {
        for (hours, minutes) in [
            (0.0, 0),
            (1.5, 90),
            (2.25, 135),
            (0.01, 1),
            (10_000.0, 600_000),
        ] {
            assert_eq!(to_minutes(hours).ok(), Some(minutes), "{hours}");
        }
        for bad in [-0.5, 10_000.5, f64::NAN, f64::INFINITY] {
            assert!(to_minutes(bad).is_err(), "{bad}");
        }
        assert_eq!(from_minutes(90), 1.5);
    }
}
