//! Participation storage: registration within capacity, attendance, and the certificates it earns.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::{self, Actor, Change, Op};
use formaliza_shared::ids::{MemberId, ParticipationId, RecordId, SessionId};
use formaliza_shared::privacy::{PersonLink, Personal};
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, FieldErrors, Principal};

use super::model::{
    self, Attendance, AttendanceRecord, AttendanceSheet, MAX_SHEET_LINES, Participation,
    ParticipationFilters, ParticipationInput, READ_ONLY, Registration, RegistrationCommand,
};
use crate::certificates::db::{self as certificates, CertificateRow};
use crate::hours;
use crate::schema::participations;
use crate::sessions::db::{self as sessions, SessionRow};
use crate::sessions::model::SessionStatus;

/// A stored participation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participations)]
pub struct ParticipationRow {
    pub id: ParticipationId,
    pub partner_id: Option<String>,
    pub session_id: SessionId,
    pub member_id: MemberId,
    pub member_initials: Option<String>,
    pub attendance: Option<Attendance>,
    pub attended_minutes: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

fn cancelled(session: &SessionRow) -> ApiError {
    ApiError::conflict("the session is cancelled").with_context(serde_json::json!({
        "session_status": session.status,
    }))
}

fn check_attendance(
    session: &SessionRow,
    attendance: Option<Attendance>,
    hours: Option<f64>,
) -> Result<AttendanceRecord, ApiError> {
    let mut errors = FieldErrors::new();
    let record = model::attendance(&mut errors, "", attendance, hours, session.minutes);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.into_vec()));
    }
    if record.attendance.is_some() && session.status == SessionStatus::Cancelled {
        return Err(cancelled(session));
    }
    Ok(record)
}

/// Issues the certificate a recorded attendance may have earned.
fn certify(
    conn: &mut DbConnection,
    principal: &Principal,
    session: &SessionRow,
    participation: &ParticipationRow,
) -> Result<Option<CertificateRow>, ApiError> {
    if participation.attendance != Some(Attendance::Attended) {
        return Ok(None);
    }
    certificates::issue_if_earned(
        conn,
        &Actor::of(principal),
        &participation.member_id,
        &session.course_id,
        participation.owner(),
    )
}

fn load(conn: &mut DbConnection, id: &ParticipationId) -> Result<ParticipationRow, ApiError> {
    Ok(participations::table
        .find(id)
        .select(ParticipationRow::as_select())
        .first(conn)?)
}

/// The session, if the caller may see it, it is not cancelled and `member_id` is not yet
/// registered to it (422, 409 otherwise).
fn open_to(
    conn: &mut DbConnection,
    principal: &Principal,
    session_id: &SessionId,
    member_id: &MemberId,
) -> Result<SessionRow, ApiError> {
    let session =
        resource::check_reference::<SessionRow>(conn, principal, "session_id", session_id)?;
    if session.status == SessionStatus::Cancelled {
        return Err(cancelled(&session));
    }
    let existing: Option<ParticipationId> = participations::table
        .filter(participations::session_id.eq(session_id))
        .filter(participations::member_id.eq(member_id))
        .filter(participations::deleted_at.is_null())
        .select(participations::id)
        .first(conn)
        .optional()?;
    match existing {
        Some(existing) => Err(ApiError::conflict(
            "the member is already registered to this session",
        )
        .with_errors(vec![FieldError::new(
            "member_id",
            "duplicate",
            "already registered",
        )])
        .with_context(serde_json::json!({ "existing_id": existing }))),
        None => Ok(session),
    }
}

/// The member's live registration to the session, if any (there is at most one).
pub fn registered(
    conn: &mut DbConnection,
    session_id: &SessionId,
    member_id: &MemberId,
) -> Result<Option<ParticipationRow>, ApiError> {
    Ok(participations::table
        .filter(participations::session_id.eq(session_id))
        .filter(participations::member_id.eq(member_id))
        .filter(participations::deleted_at.is_null())
        .select(ParticipationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether recording `attendance` and `hours` on `current` would store what it holds already
/// (the rules of [`Resource::update`], so an import of the same sheet again changes nothing).
pub fn records_the_same(
    conn: &mut DbConnection,
    current: &ParticipationRow,
    attendance: Option<Attendance>,
    hours: Option<f64>,
) -> Result<bool, ApiError> {
    let session = SessionRow::find(conn, &current.session_id)?
        .ok_or_else(|| ApiError::conflict("the session no longer exists"))?;
    let record = check_attendance(&session, attendance, hours)?;
    Ok(record.attendance == current.attendance && record.minutes == current.attended_minutes)
}

impl Resource for ParticipationRow {
    const KIND: &'static str = "participation";
    const PERSONAL: Personal = Personal::About(PersonLink {
        resource: "participation",
        member_field: "member_id",
        identifying: &["member_id"],
    });
    const COLLECTION: &'static str = "/v1/participations";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = ParticipationId;
    type Input = ParticipationInput;
    type Command = RegistrationCommand;
    type Prepared = Registration;
    type View = Participation;

    fn id(&self) -> &ParticipationId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Participation {
        Participation {
            id: self.id.clone(),
            session_id: self.session_id.clone(),
            member_id: Some(self.member_id.clone()),
            // Filled per reader by the privacy rule (`Resource::PERSONAL`).
            member_pseudonym: None,
            attendance: self.attendance,
            hours: self.attended_minutes.map(hours::from_minutes),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: ParticipationInput) -> Result<RegistrationCommand, Vec<FieldError>> {
        input.command()
    }

    /// The member must exist in the members service and be visible to the caller's token
    /// there (asked once the session here is known to take them); their initials are kept for
    /// certificates. A patch keeps its member (see `update`): nothing to ask.
    async fn prepare(
        command: RegistrationCommand,
        current: Option<&Self>,
        references: &References<'_>,
    ) -> Result<Registration, ApiError> {
        if current.is_some() {
            return Ok(Registration {
                command,
                member_initials: None,
            });
        }
        let (session, member) = (command.session_id.clone(), command.member_id.clone());
        references
            .here(move |conn, principal| open_to(conn, principal, &session, &member).map(drop))
            .await?;
        let member = references
            .members()?
            .require(
                references.principal,
                "member_id",
                "member",
                "/v1/members",
                command.member_id.as_str(),
            )
            .await?;
        let name = |field: &str| member[field].as_str().unwrap_or_default().to_owned();
        Ok(Registration {
            command,
            member_initials: Some(model::initials(&name("given_names"), &name("family_names"))),
        })
    }

    fn find(conn: &mut DbConnection, id: &ParticipationId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, participations, ParticipationRow, id)
    }

    /// Registers the member: the session must be visible and not cancelled, the member not yet
    /// registered (409), and a seat free (409).
    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: ParticipationId,
        registration: Registration,
    ) -> Result<Self, ApiError> {
        let Registration {
            command,
            member_initials,
        } = registration;
        let RegistrationCommand {
            session_id,
            member_id,
            attendance,
            hours,
        } = command;
        let session = open_to(conn, principal, &session_id, &member_id)?;
        let record = check_attendance(&session, attendance, hours)?;
        sessions::take_seat(conn, &session)?;
        let now = db::now();
        diesel::insert_into(participations::table)
            .values((
                participations::id.eq(&id),
                participations::partner_id.eq(principal.partner_id.as_deref()),
                participations::session_id.eq(&session_id),
                participations::member_id.eq(&member_id),
                participations::member_initials.eq(member_initials),
                participations::attendance.eq(record.attendance),
                participations::attended_minutes.eq(record.minutes),
                participations::version.eq(1),
                participations::created_at.eq(now),
                participations::updated_at.eq(now),
            ))
            .execute(conn)?;
        let participation = load(conn, &id)?;
        certify(conn, principal, &session, &participation)?;
        Ok(participation)
    }

    /// Records attendance (the session and member are fixed once registered); may issue the
    /// course's certificate.
    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        registration: Registration,
    ) -> Result<Self, ApiError> {
        let input = registration.command;
        let mut errors = Vec::new();
        if input.session_id != current.session_id {
            errors.push(FieldError::new(
                "session_id",
                "immutable",
                "a registration cannot move; delete it and register again",
            ));
        }
        if input.member_id != current.member_id {
            errors.push(FieldError::new(
                "member_id",
                "immutable",
                "a registration cannot change member; delete it and register again",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let session = SessionRow::find(conn, &current.session_id)?
            .ok_or_else(|| ApiError::conflict("the session no longer exists"))?;
        let record = check_attendance(&session, input.attendance, input.hours)?;
        let rows = diesel::update(
            participations::table
                .find(&current.id)
                .filter(participations::version.eq(current.version)),
        )
        .set((
            participations::attendance.eq(record.attendance),
            participations::attended_minutes.eq(record.minutes),
            participations::version.eq(current.version + 1),
            participations::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
        resource::ensure_updated(rows)?;
        let participation = load(conn, &current.id)?;
        certify(conn, principal, &session, &participation)?;
        Ok(participation)
    }

    /// Frees the seat. Certificates already issued stay.
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        formaliza_shared::soft_delete!(conn, participations, current)?;
        sessions::release_seat(conn, &current.session_id)?;
        Ok(Vec::new())
    }
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &ParticipationFilters,
) -> Result<Vec<ParticipationRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(participations, ParticipationRow, keyset);
    formaliza_shared::filter_eq!(query,
        participations::session_id => &filter.session_id,
        participations::member_id => &filter.member_id,
        participations::attendance => filter.attendance,
    );
    Ok(query.load(conn)?)
}

/// What a sign-in sheet changed.
pub struct SheetOutcome {
    pub participations: Vec<ParticipationRow>,
    pub certificates: Vec<CertificateRow>,
}

/// Records a whole session's attendance at once, all or nothing: every line must name a member
/// registered to the session, once. Each changed registration gets a new version and an
/// `update` event; certificates earned on the way are issued.
pub fn record_sheet(
    conn: &mut DbConnection,
    principal: &Principal,
    session_id: &SessionId,
    sheet: AttendanceSheet,
) -> Result<SheetOutcome, ApiError> {
    let session = resource::find_visible::<SessionRow>(conn, principal, session_id)?;
    if session.status == SessionStatus::Cancelled {
        return Err(cancelled(&session));
    }
    if sheet.records.is_empty() || sheet.records.len() > MAX_SHEET_LINES {
        return Err(ApiError::validation(vec![FieldError::new(
            "records",
            "out_of_range",
            format!("a sheet has 1 to {MAX_SHEET_LINES} lines"),
        )]));
    }
    let registered: Vec<ParticipationRow> = participations::table
        .filter(participations::session_id.eq(&session.id))
        .filter(participations::deleted_at.is_null())
        .select(ParticipationRow::as_select())
        .load(conn)?;
    let by_member: std::collections::HashMap<&MemberId, &ParticipationRow> =
        registered.iter().map(|p| (&p.member_id, p)).collect();
    let mut errors = FieldErrors::new();
    let mut seen = std::collections::HashSet::new();
    let mut planned = Vec::with_capacity(sheet.records.len());
    for (index, line) in sheet.records.iter().enumerate() {
        let prefix = format!("records[{index}].");
        let member = MemberId::parse(&line.member_id);
        let record = model::attendance(
            &mut errors,
            &prefix,
            Some(line.attendance),
            line.hours,
            session.minutes,
        );
        match member.as_ref().and_then(|m| by_member.get(m)) {
            None => errors.push(
                format!("{prefix}member_id"),
                "not_registered",
                format!(
                    "member {} is not registered to this session",
                    line.member_id
                ),
            ),
            Some(participation) if !seen.insert(&participation.member_id) => errors.push(
                format!("{prefix}member_id"),
                "duplicate",
                "the member appears twice on the sheet",
            ),
            Some(participation) => planned.push(((*participation).clone(), record)),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.into_vec()));
    }
    let now = db::now();
    let mut updated = Vec::with_capacity(planned.len());
    let mut changes = Vec::with_capacity(planned.len());
    for (current, record) in planned {
        if current.attendance == record.attendance && current.attended_minutes == record.minutes {
            updated.push(current);
            continue;
        }
        let rows = diesel::update(
            participations::table
                .find(&current.id)
                .filter(participations::version.eq(current.version)),
        )
        .set((
            participations::attendance.eq(record.attendance),
            participations::attended_minutes.eq(record.minutes),
            participations::version.eq(current.version + 1),
            participations::updated_at.eq(now),
        ))
        .execute(conn)?;
        resource::ensure_updated(rows)?;
        let participation = load(conn, &current.id)?;
        changes.push(resource::change(&participation, Op::Update)?);
        updated.push(participation);
    }
    feed::append(conn, &Actor::of(principal), &changes)?;
    let mut issued = Vec::new();
    for participation in &updated {
        if let Some(certificate) = certify(conn, principal, &session, participation)? {
            issued.push(certificate);
        }
    }
    Ok(SheetOutcome {
        participations: updated,
        certificates: issued,
    })
}
