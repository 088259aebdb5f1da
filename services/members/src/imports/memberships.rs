//! `kind=memberships`: a member in an organisation per row, through the same rules and writes
//! as `POST/PATCH /v1/memberships` (visibility, one live membership per member and
//! organisation, the kept formalisation model). The member is named by id or national id, the
//! organisation by id or registry number; the member's live membership there is the row's
//! natural key: unchanged if the same, updated (role, dates) if not, created if none.

use formaliza_shared::db::DbConnection;
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::ids::{MembershipId, RecordId};
use formaliza_shared::imports::{self, FieldSpec, ImportKind, RowOutcome, RowStatus, SourceRow};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, Principal};

use super::{MEMBER_REF, ORGANISATION_REF, join, object_of, row_member, row_organisation};
use crate::memberships::db::{self as store, MembershipRow};
use crate::memberships::model::ValidMembership;

/// Memberships, one per row.
pub struct Memberships;

static FIELDS: [FieldSpec; 11] = join::<8, 3, 11>(
    join::<5, 3, 8>(MEMBER_REF, ORGANISATION_REF),
    [
        FieldSpec::choice(
            "role",
            "member, president, vice_president, secretary, treasurer, board_member, leader (socio, presidente, …)",
        ),
        FieldSpec::date("joined_on", "YYYY-MM-DD or DD/MM/YYYY"),
        FieldSpec::date("left_on", "YYYY-MM-DD or DD/MM/YYYY"),
    ],
);

/// The cells resolved to ids before the membership's own rules.
const REFERENCES: [&str; 8] = [
    "member_id",
    "id_type",
    "id_number",
    "id_country",
    "id_complement",
    "organisation_id",
    "organisation_number",
    "country",
];

impl ImportKind for Memberships {
    fn name(&self) -> &'static str {
        "memberships"
    }

    fn fields(&self) -> &'static [FieldSpec] {
        &FIELDS
    }

    fn apply(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        rows: Vec<SourceRow>,
    ) -> Result<Vec<RowOutcome>, ApiError> {
        // Each row in a savepoint: a refused row leaves the chunk's transaction usable.
        let (outcomes, changes) = imports::each_row(conn, &rows, |conn, row| {
            let membership = command(conn, principal, row)?;
            match store::find_for(conn, &membership.member_id, &membership.organisation_id)? {
                Some(current) if same(&current, &membership) => {
                    Ok((current.id, RowStatus::Unchanged, None))
                }
                Some(current) => {
                    let updated = MembershipRow::update(conn, principal, &current, membership)?;
                    let change = resource::change(&updated, Op::Update)?;
                    Ok((updated.id, RowStatus::Updated, Some(change)))
                }
                None => {
                    let created = MembershipRow::insert(
                        conn,
                        principal,
                        MembershipId::generate(),
                        membership,
                    )?;
                    let change = resource::change(&created, Op::Create)?;
                    Ok((created.id, RowStatus::Created, Some(change)))
                }
            }
        })?;
        if !changes.is_empty() {
            // The kept model's lock before the feed counter, as every writer here takes them.
            crate::indicators::periods::lock(conn)?;
            feed::append(conn, &Actor::of(principal), &changes)?;
        }
        Ok(outcomes)
    }
}

/// The row as `POST /v1/memberships` takes it, its member and organisation resolved.
fn command(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
) -> Result<ValidMembership, ApiError> {
    let member = row_member(conn, principal, row);
    let organisation = row_organisation(conn, principal, row, None);
    let (member, organisation) = match (member, organisation) {
        (Ok(member), Ok(organisation)) => (member, organisation),
        (member, organisation) => return Err(both(member.err(), organisation.err())),
    };
    let mut object = object_of(row, &REFERENCES);
    object.insert("member_id".into(), member.as_str().into());
    object.insert("organisation_id".into(), organisation.as_str().into());
    let input = formaliza_shared::patch::parse(serde_json::Value::Object(object))?;
    MembershipRow::command(input).map_err(ApiError::validation)
}

/// The problems of both references at once (a server's error first).
pub(super) fn both(first: Option<ApiError>, second: Option<ApiError>) -> ApiError {
    match (first, second) {
        (Some(a), Some(b)) if !a.status().is_server_error() && !b.status().is_server_error() => {
            let mut errors = a.field_errors().to_vec();
            errors.extend(b.field_errors().iter().cloned());
            ApiError::validation(errors)
        }
        (Some(a), Some(b)) if b.status().is_server_error() && !a.status().is_server_error() => b,
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => ApiError::validation(Vec::new()),
    }
}

/// Whether the stored membership already is what the row says.
fn same(current: &MembershipRow, membership: &ValidMembership) -> bool {
    current.role == membership.role
        && current.joined_on == membership.joined_on
        && current.left_on == membership.left_on
}
