//! Time series of indicators: the dates a monthly series is computed at.

use chrono::{Datelike, NaiveDate};

use crate::ApiError;

/// The most points a series may have (20 years of months).
pub const MAX_POINTS: usize = 240;

/// The month ends between `from` and `to` (the last one clamped to `to`).
pub fn month_points(from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>, ApiError> {
    if from > to {
        return Err(ApiError::bad_parameter(
            "to",
            "before_from",
            "`to` must not be before `from`",
        ));
    }
    let mut points = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    loop {
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let end = NaiveDate::from_ymd_opt(next_year, next_month, 1)
            .and_then(|d| d.pred_opt())
            .ok_or_else(|| ApiError::bad_parameter("to", "out_of_range", "date out of range"))?;
        points.push(end.min(to));
        if end >= to {
            return Ok(points);
        }
        if points.len() >= MAX_POINTS {
            return Err(ApiError::bad_parameter(
                "to",
                "too_many_points",
                format!("a series has at most {MAX_POINTS} points"),
            ));
        }
        (year, month) = (next_year, next_month);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn months_end_at_month_ends_and_at_to() {
        let points = month_points(date("2025-11-15"), date("2026-02-10")).unwrap_or_default();
        assert_eq!(
            points,
            [
                date("2025-11-30"),
                date("2025-12-31"),
                date("2026-01-31"),
                date("2026-02-10")
            ]
        );
        assert_eq!(
            month_points(date("2026-01-05"), date("2026-01-05")).unwrap_or_default(),
            [date("2026-01-05")]
        );
        assert!(month_points(date("2026-02-01"), date("2026-01-01")).is_err());
        assert!(month_points(date("2000-01-01"), date("2026-01-01")).is_err());
    }
}
