//! Memberships: a member belongs to an organisation, with a role.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::domain;
use formaliza_shared::ids::{MemberId, MembershipId, OrganisationId, RecordId};
use formaliza_shared::{FieldError, FieldErrors};

formaliza_shared::text_enum! {
    /// A member's role in the organisation.
    pub enum MembershipRole {
        Member,
        President,
        VicePresident,
        Secretary,
        Treasurer,
        BoardMember,
        Leader,
    }
}

/// A membership as a partner sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001",
    "organisation_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002",
    "role": "member",
    "joined_on": "2024-03-01"
}))]
pub struct MembershipInput {
    pub member_id: String,
    pub organisation_id: String,
    /// Default `member`.
    #[serde(default = "default_role")]
    pub role: MembershipRole,
    #[schema(value_type = Option<String>, format = Date)]
    pub joined_on: Option<String>,
    /// When the member left (on or after `joined_on`).
    #[schema(value_type = Option<String>, format = Date)]
    pub left_on: Option<String>,
}

fn default_role() -> MembershipRole {
    MembershipRole::Member
}

/// A validated membership (references checked separately).
#[derive(Debug, Clone)]
pub struct ValidMembership {
    pub member_id: MemberId,
    pub organisation_id: OrganisationId,
    pub role: MembershipRole,
    pub joined_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
}

impl MembershipInput {
    pub fn validate(self) -> Result<ValidMembership, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let member_id = MemberId::required(&mut errors, "member_id", &self.member_id);
        let organisation_id =
            OrganisationId::required(&mut errors, "organisation_id", &self.organisation_id);
        let joined_on = self
            .joined_on
            .as_deref()
            .and_then(|d| errors.check("joined_on", domain::parse_date(d)));
        let left_on = self
            .left_on
            .as_deref()
            .and_then(|d| errors.check("left_on", domain::parse_date(d)));
        if let (Some(joined), Some(left)) = (joined_on, left_on)
            && left < joined
        {
            errors.push("left_on", "before_start", "left_on is before joined_on");
        }
        match (member_id, organisation_id) {
            (Some(member_id), Some(organisation_id)) if errors.is_empty() => Ok(ValidMembership {
                member_id,
                organisation_id,
                role: self.role,
                joined_on,
                left_on,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// A membership as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Membership {
    pub id: MembershipId,
    pub member_id: MemberId,
    pub organisation_id: OrganisationId,
    pub role: MembershipRole,
    #[schema(value_type = Option<String>, format = Date)]
    pub joined_on: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub left_on: Option<NaiveDate>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters for listing memberships.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MembershipFilters {
    pub member_id: Option<MemberId>,
    pub organisation_id: Option<OrganisationId>,
    pub role: Option<MembershipRole>,
}

pub const READ_ONLY: &[&str] = &["id", "partner_id", "version", "created_at", "updated_at"];
