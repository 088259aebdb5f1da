//! National identity documents, validated by type: the natural key for deduplication.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};
use utoipa::ToSchema;

use formaliza_shared::FieldError;
use formaliza_shared::domain::Country;

/// Kind of identity document.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DocumentType {
    /// Peru, Documento Nacional de Identidad: 8 digits.
    PeDni,
    /// Peru, carné de extranjería: up to 12 digits; leading zeros are not significant (kept as
    /// 9 digits at least: `1234567` is stored as `001234567`).
    PeCe,
    /// Bolivia, cédula de identidad: 4 to 10 digits, optional complement (`1B`) and issuing
    /// department (`LP`, `CB`, `SC`, `OR`, `PT`, `CH`, `TJ`, `BE`, `PD`).
    BoCi,
    /// Passport of any country: 6 to 15 letters and digits; `country` required.
    Passport,
}

/// Bolivian departments that issue identity cards.
const BOLIVIAN_DEPARTMENTS: &[&str] = &["LP", "CB", "SC", "OR", "PT", "CH", "TJ", "BE", "PD"];

/// An identity document as a client sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NationalIdInput, example = json!({"type": "pe_dni", "number": "45871236"}))]
pub struct NationalIdInput {
    #[serde(rename = "type")]
    pub document_type: DocumentType,
    /// The number as printed; spaces and dots are ignored. For a Bolivian CI, `4567890-1B` is
    /// read as number `4567890` with complement `1B`.
    pub number: String,
    /// Issuing country (ISO 3166-1 alpha-2). Implied for `pe_*` (PE) and `bo_ci` (BO);
    /// required for passports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Bolivian CI only: duplicate-number complement such as `1B`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complement: Option<String>,
    /// Bolivian CI only: issuing department (`LP`, `CB`, `SC`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_in: Option<String>,
}

/// A validated identity document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalId {
    pub document_type: DocumentType,
    pub country: Country,
    pub number: String,
    pub complement: Option<String>,
    pub issued_in: Option<String>,
}

fn error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(field, code, message)
}

fn digits_between(number: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit())
}

/// A carné de extranjería number as it is kept: Migraciones prints 9 digits, SUNAT pads the same
/// number to 12 with zeros, forms drop them; leading zeros are not significant, so the number is
/// kept with exactly enough of them to have 9 digits (`1234567` and `000001234567` are one card,
/// `001234567`). `None` unless 1 to 12 digits, not all zeros.
fn canonical_ce(number: &str) -> Option<String> {
    let significant = number.trim_start_matches('0');
    (digits_between(number, 1, 12) && !significant.is_empty()).then(|| format!("{significant:0>9}"))
}

impl NationalId {
    /// Validates every part, returning all problems (field names relative to the document).
    pub fn parse(input: &NationalIdInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let cleaned: String = input
            .number
            .chars()
            .filter(|c| !matches!(c, ' ' | '.'))
            .collect::<String>()
            .to_uppercase();
        let (mut number, mut complement) = (
            cleaned.clone(),
            input.complement.as_deref().map(|c| c.trim().to_uppercase()),
        );
        if input.document_type == DocumentType::BoCi
            && let Some((base, suffix)) = cleaned.split_once('-')
        {
            if complement.is_some() {
                errors.push(error(
                    "complement",
                    "conflict",
                    "give the complement either in the number or in `complement`, not both",
                ));
            }
            number = base.to_owned();
            complement = Some(suffix.to_owned());
        }
        let implied = match input.document_type {
            DocumentType::PeDni | DocumentType::PeCe => Some("PE"),
            DocumentType::BoCi => Some("BO"),
            DocumentType::Passport => None,
        };
        let country = match (implied, input.country.as_deref()) {
            (Some(implied), None) => Country::parse(implied).ok(),
            (Some(implied), Some(given)) if given.trim() == implied => Country::parse(implied).ok(),
            (Some(implied), Some(_)) => {
                errors.push(error(
                    "country",
                    "mismatch",
                    format!("this document type is issued by {implied}"),
                ));
                None
            }
            (None, None) => {
                errors.push(error(
                    "country",
                    "required",
                    "a passport needs its issuing country",
                ));
                None
            }
            (None, Some(given)) => match Country::parse(given) {
                Ok(country) => Some(country),
                Err(mut e) => {
                    e.field = "country".into();
                    errors.push(e);
                    None
                }
            },
        };
        let valid_number = match input.document_type {
            DocumentType::PeDni => digits_between(&number, 8, 8)
                .then_some(())
                .ok_or("a Peruvian DNI has exactly 8 digits"),
            DocumentType::PeCe => match canonical_ce(&number) {
                Some(canonical) => {
                    number = canonical;
                    Ok(())
                }
                None => Err("a carné de extranjería has up to 12 digits"),
            },
            DocumentType::BoCi => digits_between(&number, 4, 10)
                .then_some(())
                .ok_or("a Bolivian CI number has 4 to 10 digits"),
            DocumentType::Passport => ((6..=15).contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then_some(())
            .ok_or("a passport number has 6 to 15 letters and digits"),
        };
        if let Err(message) = valid_number {
            errors.push(error("number", "invalid_format", message));
        }
        let issued_in = input
            .issued_in
            .as_deref()
            .map(|d| d.trim().to_uppercase())
            .filter(|d| !d.is_empty());
        let complement = complement.filter(|c| !c.is_empty());
        if input.document_type == DocumentType::BoCi {
            if let Some(complement) = &complement
                && !(complement.len() <= 2 && complement.bytes().all(|b| b.is_ascii_alphanumeric()))
            {
                errors.push(error(
                    "complement",
                    "invalid_format",
                    "a CI complement is 1 or 2 letters or digits, such as 1B",
                ));
            }
            if let Some(department) = &issued_in
                && !BOLIVIAN_DEPARTMENTS.contains(&department.as_str())
            {
                errors.push(error(
                    "issued_in",
                    "invalid_format",
                    format!(
                        "a CI is issued in one of {}",
                        BOLIVIAN_DEPARTMENTS.join(", ")
                    ),
                ));
            }
        } else {
            if complement.is_some() {
                errors.push(error(
                    "complement",
                    "not_applicable",
                    "only a Bolivian CI has a complement",
                ));
            }
            if issued_in.is_some() {
                errors.push(error(
                    "issued_in",
                    "not_applicable",
                    "only a Bolivian CI has an issuing department",
                ));
            }
        }
        match (errors.is_empty(), country) {
            (true, Some(country)) => Ok(Self {
                document_type: input.document_type,
                country,
                number,
                complement,
                issued_in,
            }),
            _ => Err(errors),
        }
    }

    /// As clients see it.
    pub fn to_input(&self) -> NationalIdInput {
        NationalIdInput {
            document_type: self.document_type,
            number: self.number.clone(),
            country: Some(self.country.to_string()),
            complement: self.complement.clone(),
            issued_in: self.issued_in.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(document_type: DocumentType, number: &str) -> NationalIdInput {
        NationalIdInput {
            document_type,
            number: number.into(),
            country: None,
            complement: None,
            issued_in: None,
        }
    }

    #[test]
    fn documents_are_validated_by_type() {
        use DocumentType::*;
        let cases: &[(DocumentType, &str, bool)] = &[
            (PeDni, "45871236", true),
            (PeDni, "4587 1236", true),
            (PeDni, "4587123", false),
            (PeDni, "458712361", false),
            (PeDni, "4587123A", false),
            (PeCe, "001234567", true),
            (PeCe, "12345678", true),
            (PeCe, "0000000000000", false),
            (PeCe, "000000000", false),
            (PeCe, "1234567890123", false),
            (BoCi, "4567890", true),
            (BoCi, "4567890-1B", true),
            (BoCi, "123", false),
            (BoCi, "4567890-1B2", false),
            (Passport, "AB123456", false), // no country
        ];
        for (document_type, number, ok) in cases {
            assert_eq!(
                NationalId::parse(&input(*document_type, number)).is_ok(),
                *ok,
                "{document_type:?} {number}"
            );
        }
    }

    #[test]
    fn bolivian_ci_reads_complement_and_department() {
        let mut ci = input(DocumentType::BoCi, "4567890-1b");
        ci.issued_in = Some("lp".into());
        let id = NationalId::parse(&ci).unwrap();
        assert_eq!(
            (
                id.number.as_str(),
                id.complement.as_deref(),
                id.issued_in.as_deref()
            ),
            ("4567890", Some("1B"), Some("LP"))
        );
        assert_eq!(id.country.as_str(), "BO");
        ci.issued_in = Some("XX".into());
        assert_eq!(NationalId::parse(&ci).unwrap_err()[0].field, "issued_in");
    }

    #[test]
    fn one_carne_de_extranjeria_is_one_number_however_it_is_padded() {
        let kept = |number: &str| {
            NationalId::parse(&input(DocumentType::PeCe, number))
                .unwrap()
                .number
        };
        for written in ["1234567", "001234567", "000001234567", "0 0123 4567"] {
            assert_eq!(kept(written), "001234567", "{written}");
        }
        assert_eq!(kept("123456789012"), "123456789012");
        assert_eq!(kept("000123456789"), "123456789");
    }

    #[test]
    fn a_bolivian_ci_complement_makes_another_identity() {
        let mut second = input(DocumentType::BoCi, "5550001");
        second.complement = Some("1b".into());
        let first = NationalId::parse(&input(DocumentType::BoCi, "5550001")).unwrap();
        let second = NationalId::parse(&second).unwrap();
        assert_eq!(first.number, second.number);
        assert_ne!(first, second);
        assert_eq!(second.complement.as_deref(), Some("1B"));
    }

    #[test]
    fn country_rules() {
        let mut passport = input(DocumentType::Passport, "AB123456");
        passport.country = Some("CO".into());
        assert_eq!(NationalId::parse(&passport).unwrap().country.as_str(), "CO");
        let mut dni = input(DocumentType::PeDni, "45871236");
        dni.country = Some("BO".into());
        assert_eq!(NationalId::parse(&dni).unwrap_err()[0].code, "mismatch");
        dni.country = None;
        dni.complement = Some("1B".into());
        assert_eq!(NationalId::parse(&dni).unwrap_err()[0].field, "complement");
    }

    proptest! {
        #[test]
        fn any_eight_digits_is_a_dni_and_round_trips(number in "[0-9]{8}") {
            let id = NationalId::parse(&input(DocumentType::PeDni, &number)).unwrap();
            prop_assert_eq!(NationalId::parse(&id.to_input()).unwrap(), id);
        }

        #[test]
        fn parsing_never_panics(number in ".{0,40}", complement in proptest::option::of(".{0,4}")) {
            for document_type in [DocumentType::PeDni, DocumentType::PeCe, DocumentType::BoCi, DocumentType::Passport] {
                let mut document = input(document_type, &number);
                document.complement = complement.clone();
                let _ = NationalId::parse(&document);
            }
        }
    }
}
