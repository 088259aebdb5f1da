//! Age bands as the programme counts people: `under_15`, `15_29` (youth), `30_64`, `65_plus`,
//! and `unknown` without a birth date. One rule for every indicator that breaks people down by
//! age; the queries place a birth date in a band by comparing it with [`AgeBands::born_by`].

use chrono::{Datelike, NaiveDate};

/// A person's age band on a date, in completed years, from the latest birth dates of each
/// band's lower bound: someone born on or before `AgeBands::born_by(n)` is at least `n` years
/// old on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeBands {
    pub as_of: NaiveDate,
}

impl AgeBands {
    /// The bands' lower bounds, in years (`under_15` below the first).
    pub const BOUNDS: [u32; 3] = [15, 30, 65];
    /// The bands, youngest first, then `unknown`: the order of the cells.
    pub const NAMES: [&str; 5] = ["under_15", "15_29", "30_64", "65_plus", "unknown"];

    /// The latest birth date of someone `years` old or more on `as_of`: the same day and month
    /// `years` earlier, or 28 February when that day is a 29 February that did not exist (born
    /// on 29 February, one is a year older on 1 March). `None` before the calendar's start.
    pub fn born_by(self, years: u32) -> Option<NaiveDate> {
        let year = self.as_of.year() - i32::try_from(years).ok()?;
        NaiveDate::from_ymd_opt(year, self.as_of.month(), self.as_of.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
    }

    /// The band of someone born on `birth` (for the rule's tests; the query applies the same
    /// bounds).
    pub fn band(self, birth: Option<NaiveDate>) -> &'static str {
        let Some(birth) = birth else {
            return "unknown";
        };
        let older = Self::BOUNDS
            .iter()
            .take_while(|years| self.born_by(**years).is_some_and(|by| birth <= by))
            .count();
        Self::NAMES[older]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn age_bands_count_completed_years_on_the_day() {
        let bands = AgeBands {
            as_of: date("2026-03-14"),
        };
        for (birth, band) in [
            (Some("2011-03-15"), "under_15"), // 15 tomorrow
            (Some("2011-03-14"), "15_29"),    // 15 today
            (Some("1996-03-15"), "15_29"),    // 30 tomorrow
            (Some("1996-03-14"), "30_64"),    // 30 today
            (Some("1961-03-15"), "30_64"),
            (Some("1961-03-14"), "65_plus"),
            (Some("2026-03-14"), "under_15"),
            (None, "unknown"),
        ] {
            assert_eq!(bands.band(birth.map(date)), band, "{birth:?}");
        }
    }

    #[test]
    fn born_on_29_february_one_is_older_on_1_march() {
        let born = Some(date("2008-02-29"));
        let on = |d: &str| AgeBands { as_of: date(d) }.band(born);
        // 2023 has no 29 February: still 14 on the 28th, 15 on 1 March.
        assert_eq!(on("2023-02-28"), "under_15");
        assert_eq!(on("2023-03-01"), "15_29");
        // A leap year's 29 February: the birthday itself.
        let leap = Some(date("1996-02-29"));
        let bands = AgeBands {
            as_of: date("2026-02-28"),
        };
        assert_eq!(bands.band(leap), "15_29");
        let bands = AgeBands {
            as_of: date("2026-03-01"),
        };
        assert_eq!(bands.band(leap), "30_64");
        let bands = AgeBands {
            as_of: date("2024-02-29"),
        };
        assert_eq!(bands.born_by(15), Some(date("2009-02-28")));
        assert_eq!(bands.band(Some(date("2009-03-01"))), "under_15");
        assert_eq!(bands.born_by(16), Some(date("2008-02-29")));
    }
}
