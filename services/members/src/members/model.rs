//! Members: the workers and their family members the programme serves.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::domain::{self, Country, Region, Sector};
use formaliza_shared::ids::{HouseholdId, MemberId, OrganisationId, RecordId};
use formaliza_shared::{ApiError, FieldError, FieldErrors};

use super::national_id::{NationalId, NationalIdInput};

formaliza_shared::text_enum! {
    /// Sex as recorded by the programme (used for disaggregated indicators).
    pub enum Sex {
        Female,
        Male,
    }
}

formaliza_shared::text_enum! {
    /// Position in work.
    pub enum WorkStatus {
        SelfEmployed,
        Employee,
        Employer,
        UnpaidFamilyWorker,
        Other,
    }
}

formaliza_shared::text_enum! {
    /// Relationship to the head of the household (at most one `head` per household).
    pub enum Relationship {
        Head,
        Spouse,
        Child,
        Parent,
        OtherRelative,
        NonRelative,
    }
}

/// A member as a partner sends it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "given_names": "María Elena",
    "family_names": "Quispe Mamani",
    "sex": "female",
    "birth_date": "1986-04-12",
    "national_id": {"type": "pe_dni", "number": "45871236"},
    "phone": "+51 964 123 456",
    "sector": "coffee",
    "work_status": "self_employed",
    "country": "PE",
    "region": "PE-JUN",
    "district": "Pichanaqui",
    "data_sharing_consent": true
}))]
pub struct MemberInput {
    /// Given name(s), 1 to 100 characters.
    pub given_names: String,
    /// Family name(s), 1 to 100 characters.
    pub family_names: String,
    pub sex: Option<Sex>,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(value_type = Option<String>, format = Date, example = "1986-04-12")]
    pub birth_date: Option<String>,
    /// Identity document; unique per (country, type, number, complement) across the platform: a
    /// Bolivian CI's complement (`1B`) makes another person than the same number without it.
    pub national_id: Option<NationalIdInput>,
    /// Phone number, digits with optional `+`, spaces and dashes.
    pub phone: Option<String>,
    pub sector: Option<Sector>,
    pub work_status: Option<WorkStatus>,
    /// The household the member belongs to.
    pub household_id: Option<String>,
    pub relationship_to_head: Option<Relationship>,
    /// Country of residence (ISO 3166-1 alpha-2).
    #[schema(example = "PE")]
    pub country: String,
    /// Region of residence (ISO 3166-2), within `country`.
    #[schema(example = "PE-JUN")]
    pub region: Option<String>,
    pub district: Option<String>,
    /// Whether the member agreed to share identifying data with public institutions. Without
    /// it, ministry exports carry a pseudonym instead of names and ID numbers.
    #[serde(default)]
    pub data_sharing_consent: bool,
}

/// A validated member, ready to store.
#[derive(Debug, Clone)]
pub struct ValidMember {
    pub given_names: String,
    pub family_names: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub national_id: Option<NationalId>,
    pub phone: Option<String>,
    pub sector: Option<Sector>,
    pub work_status: Option<WorkStatus>,
    pub household_id: Option<HouseholdId>,
    pub relationship_to_head: Option<Relationship>,
    pub country: Country,
    pub region: Option<Region>,
    pub district: Option<String>,
    pub data_sharing_consent: bool,
}

fn phone(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let allowed = text
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b' ' || b == b'-' || (b == b'+' && i == 0));
    if allowed && (6..=15).contains(&digits) {
        Ok(text.to_owned())
    } else {
        Err(FieldError::new(
            "",
            "invalid_format",
            "a phone number has 6 to 15 digits, with optional +, spaces and dashes",
        ))
    }
}

impl MemberInput {
    /// Checks every field (not references: see the db layer), collecting all problems.
    pub fn validate(self, today: NaiveDate) -> Result<ValidMember, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let given_names = errors.check("given_names", domain::text(&self.given_names, 1, 100));
        let family_names = errors.check("family_names", domain::text(&self.family_names, 1, 100));
        let birth_date = self
            .birth_date
            .as_deref()
            .and_then(|d| errors.check("birth_date", domain::parse_date(d)));
        if let Some(date) = birth_date {
            if date > today {
                errors.push(
                    "birth_date",
                    "in_future",
                    "a birth date cannot be in the future",
                );
            } else if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(date) {
                errors.push(
                    "birth_date",
                    "out_of_range",
                    "a birth date is after 1900-01-01",
                );
            }
        }
        let national_id = match self.national_id.as_ref().map(NationalId::parse) {
            None => None,
            Some(Ok(id)) => Some(id),
            Some(Err(problems)) => {
                for mut problem in problems {
                    problem.field = format!("national_id.{}", problem.field);
                    errors.extend([problem]);
                }
                None
            }
        };
        let phone = self
            .phone
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .and_then(|p| errors.check("phone", phone(p)));
        let (country, region) = domain::place(&mut errors, &self.country, self.region.as_deref());
        let district = errors
            .check(
                "district",
                domain::optional_text(self.district.as_deref(), 100),
            )
            .flatten();
        let household_id = self
            .household_id
            .as_deref()
            .and_then(|id| errors.check("household_id", HouseholdId::reference(id)));
        if self.relationship_to_head.is_some()
            && household_id.is_none()
            && self.household_id.is_none()
        {
            errors.push(
                "relationship_to_head",
                "requires_household",
                "a relationship to the head needs a household_id",
            );
        }
        if !errors.is_empty() {
            return Err(errors.into_vec());
        }
        match (given_names, family_names, country) {
            (Some(given_names), Some(family_names), Some(country)) => Ok(ValidMember {
                given_names,
                family_names,
                sex: self.sex,
                birth_date,
                national_id,
                phone,
                sector: self.sector,
                work_status: self.work_status,
                household_id,
                relationship_to_head: self.relationship_to_head,
                country,
                region,
                district,
                data_sharing_consent: self.data_sharing_consent,
            }),
            _ => Err(vec![FieldError::new("body", "invalid", "invalid member")]),
        }
    }
}

/// The 409 for a change to an erased member.
pub fn erased() -> ApiError {
    ApiError::conflict(
        "this member's identifying data was erased at their request; register them again if they return",
    )
}

/// A member as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Member {
    /// UUIDv7.
    #[schema(example = "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001")]
    pub id: MemberId,
    pub given_names: String,
    pub family_names: String,
    pub sex: Option<Sex>,
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Option<NaiveDate>,
    pub national_id: Option<NationalIdInput>,
    pub phone: Option<String>,
    pub sector: Option<Sector>,
    pub work_status: Option<WorkStatus>,
    pub household_id: Option<HouseholdId>,
    pub relationship_to_head: Option<Relationship>,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub data_sharing_consent: bool,
    /// When consent was last given (`null` without consent).
    pub data_sharing_consent_at: Option<DateTime<Utc>>,
    /// When the member's identifying data (names, national ID, phone, birth date, district) was
    /// erased at their request (`POST /v1/members/{id}/erasure`); `null` otherwise.
    pub erased_at: Option<DateTime<Utc>>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    /// Increases with every change; send it back in `If-Match` as the ETag `"<version>"`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters for listing members.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberFilters {
    /// Country of residence (`PE`, `BO`).
    pub country: Option<String>,
    /// Region of residence (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    pub sector: Option<Sector>,
    pub work_status: Option<WorkStatus>,
    /// Members of this household.
    pub household_id: Option<HouseholdId>,
    /// Members with a current membership in this organisation.
    pub organisation_id: Option<OrganisationId>,
    /// Members whose national ID number is exactly this.
    pub id_number: Option<String>,
    /// Search by name: accent- and case-insensitive substring (`jose quispe` finds "José Quispe").
    pub q: Option<String>,
}

/// Fields of [`Member`] that are not part of [`MemberInput`].
pub const READ_ONLY: &[&str] = &[
    "id",
    "data_sharing_consent_at",
    "erased_at",
    "partner_id",
    "version",
    "created_at",
    "updated_at",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MemberInput {
        serde_json::from_value(serde_json::json!({
            "given_names": "María", "family_names": "Quispe", "country": "PE", "region": "PE-JUN",
            "birth_date": "1990-01-31", "phone": "+51 964 123 456",
            "national_id": {"type": "pe_dni", "number": "45871236"}
        }))
        .unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn a_complete_member_validates() {
        let member = input().validate(today()).unwrap();
        assert_eq!(member.national_id.unwrap().number, "45871236");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut bad = input();
        bad.given_names = " ".into();
        bad.birth_date = Some("2030-01-01".into());
        bad.phone = Some("12".into());
        bad.region = Some("BO-L".into());
        bad.national_id.as_mut().unwrap().number = "123".into();
        let fields: Vec<_> = bad
            .validate(today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "given_names",
                "birth_date",
                "national_id.number",
                "phone",
                "region"
            ]
        );
    }
}
