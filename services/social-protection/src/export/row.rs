//! The rows: as the database returns them, as the privacy rule lets them leave, and as the
//! partner reading `/docs` sees them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use formaliza_shared::Principal;
use formaliza_shared::privacy;

/// One exported enrolment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedEnrollment {
    pub enrollment_id: String,
    pub scheme_id: String,
    pub scheme_name: String,
    /// `public_service` or `insurance`.
    pub scheme_kind: String,
    pub country: String,
    /// `true` when the member recorded consent to data sharing.
    pub consent: bool,
    /// The member id, with consent or for a token that may read the member; otherwise `null`.
    pub member_id: Option<String>,
    /// Stable pseudonym of the member (the same member always gets the same one), with or
    /// without consent; `null` for household enrolments.
    pub member_pseudonym: Option<String>,
    /// For household enrolments.
    pub household_id: Option<String>,
    /// Identifying fields: with consent, or for a token that may read the member.
    pub given_names: Option<String>,
    pub family_names: Option<String>,
    pub national_id_type: Option<String>,
    pub national_id_number: Option<String>,
    pub national_id_country: Option<String>,
    /// Like the identifying fields (and always for household enrolments): it often is a
    /// national ID number.
    pub affiliation_number: Option<String>,
    pub status: String,
    #[schema(value_type = String, format = Date)]
    pub status_since: NaiveDate,
    pub verified_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// One enrolment as the database returns it: the enrolment, its scheme, and the member's
/// consent and identity from the read model (all `None` for household enrolments and for
/// members the read model does not know), borrowed from the driver's buffers.
#[derive(Debug, Clone, Copy)]
pub(super) struct SourceRow<'a> {
    pub(super) id: &'a str,
    pub(super) scheme_id: &'a str,
    pub(super) member_id: Option<&'a str>,
    pub(super) household_id: Option<&'a str>,
    pub(super) affiliation_number: Option<&'a str>,
    pub(super) status: &'a str,
    pub(super) status_since: NaiveDate,
    pub(super) verified_at: Option<NaiveDateTime>,
    pub(super) updated_at: NaiveDateTime,
    pub(super) scheme_name: &'a str,
    pub(super) scheme_kind: &'a str,
    pub(super) country: &'a str,
    pub(super) consent: Option<bool>,
    /// The member's partner, from the read model.
    pub(super) member_partner: Option<&'a str>,
    /// The enrolment's partner (who stands for the member's when the read model has not seen
    /// the member yet).
    pub(super) partner_id: Option<&'a str>,
    pub(super) given_names: Option<&'a str>,
    pub(super) family_names: Option<&'a str>,
    pub(super) id_type: Option<&'a str>,
    pub(super) id_number: Option<&'a str>,
    pub(super) id_country: Option<&'a str>,
}

/// A row as it leaves: what identifies the member only for callers the privacy rule lets
/// identify them (see [`formaliza_shared::privacy`]).
pub(super) struct Exported<'a> {
    pub(super) row: &'a SourceRow<'a>,
    pub(super) consent: bool,
    pub(super) member_id: Option<&'a str>,
    pub(super) given_names: Option<&'a str>,
    pub(super) family_names: Option<&'a str>,
    pub(super) national_id_type: Option<&'a str>,
    pub(super) national_id_number: Option<&'a str>,
    pub(super) national_id_country: Option<&'a str>,
    pub(super) affiliation_number: Option<&'a str>,
}

impl<'a> Exported<'a> {
    pub(super) fn of(row: &'a SourceRow<'a>, viewer: &Principal) -> Self {
        let consent = row.consent == Some(true);
        // A member the read model has not seen: the enrolment's partner stands for theirs.
        let partner = match row.consent {
            Some(_) => row.member_partner,
            None => row.partner_id,
        };
        // A household's enrolment is about no one in particular.
        let identified =
            row.member_id.is_none() || privacy::may_identify_member(viewer, partner, consent);
        let identity = |field: Option<&'a str>| if identified { field } else { None };
        Self {
            row,
            consent,
            member_id: identity(row.member_id),
            given_names: identity(row.given_names),
            family_names: identity(row.family_names),
            national_id_type: identity(row.id_type),
            national_id_number: identity(row.id_number),
            national_id_country: identity(row.id_country),
            affiliation_number: identity(row.affiliation_number),
        }
    }
}
