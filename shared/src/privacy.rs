//! One privacy rule for every answer that links a record to a person (an enrolment, a
//! participation, a certificate, in their lists, feeds and exports): who it is about (the member
//! id and what identifies them: names, national id, affiliation number, certificate code) is
//! shown only to a caller who may read that member in the members service (`members:read`,
//! within its partner scope) or when the member recorded consent to data sharing. Everyone else
//! gets the member's stable pseudonym and nulls.
//!
//! Services other than members learn a member's partner and consent from their read model of
//! the members feed; a member the read model has not seen yet counts as not consenting, and as
//! belonging to the partner that wrote the record about them.

use std::collections::HashMap;

use diesel::prelude::*;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::auth::{Principal, Scope};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::schema::rm_members;

/// Environment variable holding the pseudonym secret.
pub const PSEUDONYM_SECRET_VAR: &str = "FORMALIZA_PSEUDONYM_SECRET";

/// The field every person-linked representation carries, with or without identity.
pub const PSEUDONYM_FIELD: &str = "member_pseudonym";

/// Privacy settings of a service, read once at start-up.
#[derive(Clone)]
pub struct Privacy {
    /// Mixed into pseudonyms so that they cannot be recomputed from member ids by someone
    /// without it. Keep it stable: changing it changes every pseudonym.
    pseudonym_secret: String,
}

impl std::fmt::Debug for Privacy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Privacy { pseudonym_secret: … }")
    }
}

impl Privacy {
    pub fn new(pseudonym_secret: impl Into<String>) -> Self {
        Self {
            pseudonym_secret: pseudonym_secret.into(),
        }
    }

    /// `FORMALIZA_PSEUDONYM_SECRET`; a development default (logged as a warning) when unset.
    pub fn from_env() -> Self {
        Self::new(crate::env::var(PSEUDONYM_SECRET_VAR).unwrap_or_else(|| {
            log::warn!("{PSEUDONYM_SECRET_VAR} is not set: pseudonyms use a development secret");
            "formaliza-development-pseudonym-secret".to_owned()
        }))
    }

    /// SHA-256 with `secret:` absorbed: a member's pseudonym is the hex SHA-256 of
    /// `secret:member_id`, continued from a copy of this state (the export writes millions).
    pub fn hasher(&self) -> Sha256 {
        Sha256::new()
            .chain_update(self.pseudonym_secret.as_bytes())
            .chain_update(b":")
    }

    /// A member's stable pseudonym: 64 hex digits.
    pub fn pseudonym(&self, member_id: &str) -> String {
        crate::extract::hex(&self.hasher().chain_update(member_id).finalize())
    }
}

/// What the rule needs to know of a member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberPrivacy {
    /// The partner that owns the member's record (`None`: programme-wide).
    pub partner_id: Option<String>,
    /// Whether the member recorded consent to data sharing.
    pub consent: bool,
}

/// Whether `principal` may see who a record about `member` is about: it may read the member in
/// the members service (`members:read`, within its partner), or the member consented.
pub fn may_identify(principal: &Principal, member: &MemberPrivacy) -> bool {
    may_identify_member(principal, member.partner_id.as_deref(), member.consent)
}

/// [`may_identify`] from a member's partner and consent as a query returns them.
pub fn may_identify_member(principal: &Principal, partner: Option<&str>, consent: bool) -> bool {
    consent || (principal.has_scope(Scope::MembersRead) && principal.can_see(partner))
}

/// What the rule knows of a member: the read model's copy, or, for a member the read model has
/// not seen yet, the partner of the record about them (whoever wrote it could see the member
/// then) and no consent.
pub fn member_or_record_owner(
    known: Option<&MemberPrivacy>,
    record_owner: Option<&str>,
) -> MemberPrivacy {
    known.cloned().unwrap_or_else(|| MemberPrivacy {
        partner_id: record_owner.map(str::to_owned),
        consent: false,
    })
}

/// The partner and consent of each of `member_ids` known to this service's read model.
pub fn members(
    conn: &mut DbConnection,
    member_ids: &[&str],
) -> Result<HashMap<String, MemberPrivacy>, ApiError> {
    let mut known = HashMap::with_capacity(member_ids.len());
    // Bounded lists (a page, a feed page): a few statements at most.
    for chunk in member_ids.chunks(500) {
        let rows: Vec<(String, Option<String>, bool)> = rm_members::table
            .filter(rm_members::id.eq_any(chunk))
            .select((
                rm_members::id,
                rm_members::partner_id,
                rm_members::data_sharing_consent,
            ))
            .load(conn)?;
        for (id, partner_id, consent) in rows {
            known.insert(
                id,
                MemberPrivacy {
                    partner_id,
                    consent,
                },
            );
        }
    }
    Ok(known)
}

/// Which fields of a representation identify the person it links to.
#[derive(Debug, Clone, Copy)]
pub struct PersonLink {
    /// The kind of record (`enrollment`), as in the feed.
    pub resource: &'static str,
    /// The field naming the member (`member_id`); a record without one (a household's
    /// enrolment) is not about a person.
    pub member_field: &'static str,
    /// Fields shown only to callers who may identify the member (the member field included).
    pub identifying: &'static [&'static str],
}

/// How records of a kind relate to people.
#[derive(Debug, Clone, Copy)]
pub enum Personal {
    /// Not about a person (a scheme, a course, a household's address).
    No,
    /// The record is the person (a member), with the fields that identify them: whoever may
    /// read it may see who it is; reading it outside its partner leaves an access record. A
    /// reader that may not identify the member (the bus, which reads without `members:read`)
    /// gets it as [`conceal_person`] leaves it, unless the member consented.
    Person(&'static [&'static str]),
    /// The record is about a member (an enrolment): the privacy rule decides who sees who.
    About(PersonLink),
    /// A record of the members service that names a member (a membership, a job): whoever
    /// reads that service holds `members:read` and sees it as it is; a reader without it (the
    /// bus) gets it as [`Personal::About`] (the rule reads `rm_members`, which the members
    /// service has as a view of its own table).
    Names(PersonLink),
}

/// A person's own record (a member's representation, as JSON) for a reader who may not
/// identify them: `id` and the `identifying` fields become null and [`PSEUDONYM_FIELD`] holds the
/// pseudonym, which is returned to stand for the record's id.
pub fn conceal_person(
    privacy: &Privacy,
    identifying: &[&str],
    member_id: &str,
    record: Option<&mut Map<String, Value>>,
) -> String {
    let pseudonym = privacy.pseudonym(member_id);
    if let Some(record) = record {
        for field in std::iter::once(&"id").chain(identifying) {
            if let Some(value) = record.get_mut(*field) {
                *value = Value::Null;
            }
        }
        record.insert(PSEUDONYM_FIELD.to_owned(), Value::String(pseudonym.clone()));
    }
    pseudonym
}

/// What [`disclose`] did: how many records it showed with their identity to a caller outside
/// the member's partner (for the access record).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Disclosed {
    pub identified_outside_partner: usize,
}

/// Applies the rule to representations of `link`'s kind (JSON objects, as the API or the feed
/// gives them): each about a member gets [`PSEUDONYM_FIELD`], and its identifying fields are
/// nulled unless `principal` may identify the member.
pub fn disclose(
    conn: &mut DbConnection,
    principal: &Principal,
    privacy: &Privacy,
    link: &PersonLink,
    records: &mut [&mut Map<String, Value>],
) -> Result<Disclosed, ApiError> {
    let ids: Vec<String> = records
        .iter()
        .filter_map(|r| r.get(link.member_field)?.as_str().map(str::to_owned))
        .collect();
    if ids.is_empty() {
        return Ok(Disclosed::default());
    }
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let known = members(conn, &id_refs)?;
    let mut disclosed = Disclosed::default();
    for record in records.iter_mut() {
        let Some(member_id) = record
            .get(link.member_field)
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            continue;
        };
        let owner = record.get("partner_id").and_then(Value::as_str);
        let member = member_or_record_owner(known.get(&member_id), owner);
        record.insert(
            PSEUDONYM_FIELD.to_owned(),
            Value::String(privacy.pseudonym(&member_id)),
        );
        if may_identify(principal, &member) {
            if principal.partner_id.as_deref() != member.partner_id.as_deref() {
                disclosed.identified_outside_partner += 1;
            }
        } else {
            for field in link.identifying {
                if let Some(value) = record.get_mut(*field) {
                    *value = Value::Null;
                }
            }
        }
    }
    Ok(disclosed)
}

/// [`disclose`] for one representation given as a serialisable view.
pub fn disclose_view<T: serde::Serialize>(
    conn: &mut DbConnection,
    principal: &Principal,
    privacy: &Privacy,
    link: &PersonLink,
    view: &T,
) -> Result<(Value, Disclosed), ApiError> {
    let mut value = serde_json::to_value(view)?;
    let disclosed = match value.as_object_mut() {
        Some(object) => disclose(conn, principal, privacy, link, &mut [object])?,
        None => Disclosed::default(),
    };
    Ok((value, disclosed))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn principal(scopes: &[Scope], partner: Option<&str>) -> Principal {
        Principal {
            sub: "client".into(),
            scopes: scopes.to_vec(),
            partner_id: partner.map(str::to_owned),
            token: Arc::from(""),
        }
    }

    #[test]
    fn identity_needs_the_members_read_scope_in_scope_or_consent() {
        let of = |partner: Option<&str>, consent: bool| MemberPrivacy {
            partner_id: partner.map(str::to_owned),
            consent,
        };
        let ministry = principal(&[Scope::ProtectionRead, Scope::EnrollmentsExport], None);
        let programme = principal(&[Scope::MembersRead, Scope::ProtectionRead], None);
        let partner_a = principal(&[Scope::MembersRead], Some("a"));
        let partner_a_without_members = principal(&[Scope::ProtectionRead], Some("a"));
        let cases = [
            (&ministry, of(Some("a"), false), false),
            (&ministry, of(Some("a"), true), true),
            (&ministry, of(None, false), false),
            (&programme, of(Some("a"), false), true),
            (&programme, of(None, false), true),
            (&partner_a, of(Some("a"), false), true),
            (&partner_a, of(Some("b"), false), false),
            (&partner_a, of(None, false), false),
            (&partner_a, of(Some("b"), true), true),
            (&partner_a_without_members, of(Some("a"), false), false),
        ];
        for (who, member, expected) in cases {
            assert_eq!(
                may_identify(who, &member),
                expected,
                "{:?} {member:?}",
                who.scopes
            );
        }
        // A member the read model has not seen: the record's partner stands for theirs.
        let unseen = member_or_record_owner(None, Some("a"));
        assert!(may_identify(&partner_a, &unseen));
        assert!(!may_identify(&ministry, &unseen));
        assert!(may_identify(&programme, &unseen));
    }

    #[test]
    fn a_pseudonym_is_stable_secret_dependent_and_64_hex_digits() {
        let privacy = Privacy::new("s3cret");
        let first = privacy.pseudonym("0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001");
        assert_eq!(
            first,
            privacy.pseudonym("0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001")
        );
        assert_eq!(first.len(), 64);
        assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(
            first,
            Privacy::new("other").pseudonym("0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001")
        );
        // SHA-256 of "s3cret:m".
        assert_eq!(
            Privacy::new("s3cret").pseudonym("m"),
            crate::extract::hex(&Sha256::digest(b"s3cret:m"))
        );
    }
}
