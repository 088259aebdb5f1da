//! Look-ups of records by the modules below them, read from the tables.

use diesel::prelude::*;

use formaliza_shared::db::DbConnection;
use formaliza_shared::ids::MemberId;
use formaliza_shared::{ApiError, Principal};

/// Whether the member exists and `principal` may see it. Read from the table rather than as a
/// member record: memberships and jobs sit below members (a member's deletion ends them).
pub fn member_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &MemberId,
) -> Result<bool, ApiError> {
    use crate::schema::members;
    let owner: Option<Option<String>> = members::table
        .find(id)
        .filter(members::deleted_at.is_null())
        .select(members::partner_id)
        .first(conn)
        .optional()?;
    Ok(owner.is_some_and(|owner| principal.can_see(owner.as_deref())))
}
