//! Domain values every service shares: places, sectors, dates. Each parses from text into a
//! value that cannot be invalid ("parse, don't validate").

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{FieldError, FieldErrors};

/// ISO 3166-1 alpha-2 country code (`PE`, `BO`): one of the codes the standard assigns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[schema(value_type = String, example = "PE", pattern = "^[A-Z]{2}$")]
pub struct Country(String);

impl Country {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if !(text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(FieldError::new(
                "",
                "invalid_format",
                "a country is an ISO 3166-1 alpha-2 code in capitals, such as PE or BO",
            ));
        }
        if rust_iso3166::from_alpha2(text).is_none() {
            return Err(FieldError::new(
                "",
                "unknown_country",
                format!("{text} is not an ISO 3166-1 country code"),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The country codes ISO 3166-1 assigns, as the published document states them: `CountryCode`
/// in the spec, the list [`Country::parse`] accepts.
pub struct CountryCode;

impl utoipa::PartialSchema for CountryCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("An ISO 3166-1 alpha-2 country code (`PE`, `BO`)."))
            .enum_values(Some(rust_iso3166::ALL_ALPHA2.iter().copied()))
            .examples(["PE"])
            .into()
    }
}

impl ToSchema for CountryCode {}

/// ISO 3166-2 subdivision code (`PE-JUN`, `BO-L`): one the standard lists for its country.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[schema(value_type = String, example = "PE-JUN", pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$")]
pub struct Region(String);

impl Region {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        let bad = || {
            FieldError::new(
                "",
                "invalid_format",
                "a region is an ISO 3166-2 code such as PE-JUN or BO-L",
            )
        };
        let (country, code) = text.split_once('-').ok_or_else(bad)?;
        if code.is_empty()
            || code.len() > 3
            || !code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(bad());
        }
        if !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(bad());
        }
        // A code of the right shape that ISO 3166-2 does not list, whatever its country part
        // (a region of an unassigned country is no region either).
        if rust_iso3166::iso3166_2::from_code(text).is_none() {
            return Err(FieldError::new(
                "",
                "unknown_region",
                format!("{text} is not an ISO 3166-2 subdivision of {country}"),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region must be in `country`.
    pub fn check_in(&self, country: &Country) -> Result<(), FieldError> {
        if self.country() == country.as_str() {
            Ok(())
        } else {
            Err(FieldError::new(
                "",
                "region_country_mismatch",
                format!("{} is not in {}", self.0, country),
            ))
        }
    }
}

/// A country and an optional region within it, as most records carry them; problems go to
/// `errors` under `country` and `region`.
pub fn place(
    errors: &mut FieldErrors,
    country: &str,
    region: Option<&str>,
) -> (Option<Country>, Option<Region>) {
    let country = errors.check("country", Country::parse(country));
    let region = region
        .filter(|r| !r.trim().is_empty())
        .and_then(|r| errors.check("region", Region::parse(r)));
    if let (Some(country), Some(region)) = (&country, &region) {
        errors.check("region", region.check_in(country));
    }
    (country, region)
}

/// An optional reference to another record by id: a malformed id is an unknown reference.
pub fn reference(
    errors: &mut FieldErrors,
    field: &str,
    kind: &str,
    id: Option<&str>,
) -> Option<String> {
    let id = id.map(str::trim).filter(|id| !id.is_empty())?;
    match uuid::Uuid::parse_str(id) {
        Ok(uuid) => Some(uuid.to_string()),
        Err(_) => {
            errors.push(
                field,
                "unknown_reference",
                format!("no {kind} with id {id}"),
            );
            None
        }
    }
}

/// Optional `country` and `region` filters (an indicator's place): each a real ISO 3166 code.
pub fn check_place(errors: &mut FieldErrors, country: Option<&str>, region: Option<&str>) {
    if let Some(country) = country {
        errors.check("country", Country::parse(country));
    }
    if let Some(region) = region {
        errors.check("region", Region::parse(region));
    }
}

/// An optional filter by another record's id (`?organisation_id=`): as [`reference`], except
/// that an empty value is refused rather than read as "no filter".
pub fn reference_filter(
    errors: &mut FieldErrors,
    field: &str,
    kind: &str,
    id: Option<&str>,
) -> Option<String> {
    match id {
        Some(id) if id.trim().is_empty() => {
            errors.push(
                field,
                "unknown_reference",
                format!("an {kind} id is a UUID"),
            );
            None
        }
        id => reference(errors, field, kind, id),
    }
}

crate::text_enum! {
    /// Economic sector of a worker or organisation.
    pub enum Sector {
        Coffee,
        Construction,
        Food,
        Engineering,
        Textile,
        Other,
    }
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new("", "invalid_format", "a date is written YYYY-MM-DD"))
}

/// Checks a free-text field's length (after trimming); returns it trimmed.
pub fn text(value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    let length = value.chars().count();
    if length < min {
        return Err(FieldError::new(
            "",
            "required",
            if min <= 1 {
                "must not be empty".to_owned()
            } else {
                format!("must have at least {min} characters")
            },
        ));
    }
    if length > max {
        return Err(FieldError::new(
            "",
            "too_long",
            format!("must have at most {max} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(
            "",
            "invalid_characters",
            "must not contain control characters",
        ));
    }
    Ok(value.to_owned())
}

/// Optional free text: empty becomes `None`.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => text(value, 1, max).map(Some),
    }
}

/// Lowercase, accent-free form of a name for search ("José Quispe" → "jose quispe").
pub fn search_key(text: &str) -> String {
    deunicode::deunicode(text)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The normalised search term of a `?q=` parameter (`None` when empty).
pub fn search_term(q: Option<&str>) -> Option<String> {
    q.map(search_key).filter(|k| !k.is_empty())
}

/// A SQL `LIKE` pattern matching `term` anywhere, with `%`, `_` and `\` escaped (use with
/// `.escape('\\')`).
pub fn like_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_the_ones_iso_3166_1_assigns() {
        for ok in ["PE", "BO", "CO", "EC", "BR", "IT", "ES"] {
            assert!(Country::parse(ok).is_ok(), "{ok}");
        }
        for (bad, code) in [
            ("QQ", "unknown_country"),
            ("XX", "unknown_country"),
            ("ZZ", "unknown_country"),
            ("pe", "invalid_format"),
            ("PER", "invalid_format"),
            ("P", "invalid_format"),
        ] {
            assert_eq!(Country::parse(bad).unwrap_err().code, code, "{bad}");
        }
    }

    #[test]
    fn regions_are_the_subdivisions_iso_3166_2_lists_for_their_country() {
        for ok in [
            "PE-JUN", "PE-CAJ", "PE-SAM", "PE-CUS", "PE-LMA", "PE-CAL", "BO-L", "BO-C", "BO-N",
            "CO-ANT", "EC-P", "BR-SP", "IT-21",
        ] {
            assert!(Region::parse(ok).is_ok(), "{ok}");
        }
        for (bad, code) in [
            ("PE-XXX", "unknown_region"),
            ("BO-Z", "unknown_region"),
            ("QQ-ABC", "unknown_region"),
            ("XX-1", "unknown_region"),
            ("pe-jun", "invalid_format"),
            ("PEJUN", "invalid_format"),
            ("PE-", "invalid_format"),
            ("-JUN", "invalid_format"),
            ("PE-JUNI", "invalid_format"),
        ] {
            assert_eq!(Region::parse(bad).unwrap_err().code, code, "{bad}");
        }
        let region = Region::parse("BO-L").unwrap();
        assert!(region.check_in(&Country::parse("BO").unwrap()).is_ok());
        assert!(region.check_in(&Country::parse("PE").unwrap()).is_err());
    }

    #[test]
    fn search_keys_fold_case_and_accents() {
        assert_eq!(search_key("  José  QUISPE Ñahui "), "jose quispe nahui");
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
        assert_eq!(search_term(Some("  ")), None);
        assert_eq!(search_term(Some("Ñahui")).as_deref(), Some("nahui"));
    }

    #[test]
    fn text_limits() {
        assert!(text("", 1, 10).is_err());
        assert!(text("a".repeat(11).as_str(), 1, 10).is_err());
        assert_eq!(text("  ok ", 1, 10).unwrap(), "ok");
        assert!(text("a\u{0}b", 1, 10).is_err());
    }
}
