//! Session storage and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::Change;
use formaliza_shared::ids::{CourseId, OrganisationId, RecordId, SessionId};
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{READ_ONLY, Session, SessionFilters, SessionInput, SessionStatus, ValidSession};
use crate::courses::db::CourseRow;
use crate::hours;
use crate::schema::sessions;

/// A stored session.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: SessionId,
    pub partner_id: Option<String>,
    pub course_id: CourseId,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub minutes: i64,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub venue: Option<String>,
    pub facilitator: Option<String>,
    pub host_organisation_id: Option<OrganisationId>,
    pub capacity: i64,
    pub registered: i64,
    pub status: SessionStatus,
    pub open_to_outside_organisations: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = sessions, treat_none_as_null = true, treat_none_as_default_value = false)]
struct SessionChanges {
    course_id: CourseId,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    minutes: i64,
    country: String,
    region: Option<String>,
    district: Option<String>,
    venue: Option<String>,
    facilitator: Option<String>,
    host_organisation_id: Option<OrganisationId>,
    capacity: i64,
    status: SessionStatus,
    open_to_outside_organisations: bool,
    version: i64,
    updated_at: NaiveDateTime,
}

impl SessionChanges {
    fn new(session: ValidSession, version: i64, now: NaiveDateTime) -> Self {
        Self {
            course_id: session.course_id,
            starts_at: session.starts_at.naive_utc(),
            ends_at: session.ends_at.naive_utc(),
            minutes: session.minutes,
            country: session.country.to_string(),
            region: session.region.map(|r| r.as_str().to_owned()),
            district: session.district,
            venue: session.venue,
            facilitator: session.facilitator,
            host_organisation_id: session.host_organisation_id,
            capacity: session.capacity,
            status: session.status,
            open_to_outside_organisations: session.open_to_outside_organisations,
            version,
            updated_at: now,
        }
    }
}

impl Resource for SessionRow {
    const KIND: &'static str = "session";
    const COLLECTION: &'static str = "/v1/sessions";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = SessionId;
    type Input = SessionInput;
    type Command = ValidSession;
    type Prepared = ValidSession;
    type View = Session;

    fn id(&self) -> &SessionId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Session {
        Session {
            id: self.id.clone(),
            course_id: self.course_id.clone(),
            starts_at: self.starts_at.and_utc(),
            ends_at: self.ends_at.and_utc(),
            hours: hours::from_minutes(self.minutes),
            country: self.country.clone(),
            region: self.region.clone(),
            district: self.district.clone(),
            venue: self.venue.clone(),
            facilitator: self.facilitator.clone(),
            host_organisation_id: self.host_organisation_id.clone(),
            capacity: self.capacity,
            status: self.status,
            open_to_outside_organisations: self.open_to_outside_organisations,
            registered: self.registered,
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: SessionInput) -> Result<ValidSession, Vec<FieldError>> {
        input.validate()
    }

    /// Hours that were the whole length follow the session's times.
    fn follow(current: &Self, patched: &mut SessionInput) {
        patched.follow_times(
            current.starts_at.and_utc(),
            current.ends_at.and_utc(),
            current.minutes,
        );
    }

    /// The host organisation must exist in the members service and be visible to the caller's
    /// token there (asked when it is new).
    async fn prepare(
        session: ValidSession,
        current: Option<&Self>,
        references: &References<'_>,
    ) -> Result<ValidSession, ApiError> {
        let kept = current.is_some_and(|c| c.host_organisation_id == session.host_organisation_id);
        if let Some(host) = session.host_organisation_id.as_ref().filter(|_| !kept) {
            // The course here first: what can be refused without the members service is.
            let course = session.course_id.clone();
            references
                .here(move |conn, principal| {
                    resource::check_reference::<CourseRow>(conn, principal, "course_id", &course)
                        .map(drop)
                })
                .await?;
            references
                .members()?
                .require(
                    references.principal,
                    "host_organisation_id",
                    "organisation",
                    "/v1/organisations",
                    host.as_str(),
                )
                .await?;
        }
        Ok(session)
    }

    fn find(conn: &mut DbConnection, id: &SessionId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, sessions, SessionRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: SessionId,
        session: ValidSession,
    ) -> Result<Self, ApiError> {
        resource::check_reference::<CourseRow>(conn, principal, "course_id", &session.course_id)?;
        let now = db::now();
        formaliza_shared::insert_live!(
            conn,
            sessions,
            SessionRow,
            &id,
            principal.partner_id.as_deref(),
            now,
            (
                sessions::registered.eq(0),
                SessionChanges::new(session, 1, now)
            )
        )
    }

    /// The course cannot change once members are registered, nor the capacity drop below them.
    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        session: ValidSession,
    ) -> Result<Self, ApiError> {
        resource::check_reference::<CourseRow>(conn, principal, "course_id", &session.course_id)?;
        if current.registered > 0 && session.course_id != current.course_id {
            return Err(ApiError::conflict(
                "members are registered to this session; its course cannot change",
            )
            .with_errors(vec![FieldError::new(
                "course_id",
                "has_participants",
                "remove the registrations first, or create another session",
            )]));
        }
        if session.capacity < current.registered {
            return Err(ApiError::conflict(format!(
                "{} members are registered; the capacity cannot be lower",
                current.registered
            ))
            .with_errors(vec![FieldError::new(
                "capacity",
                "below_registered",
                format!("at least {}", current.registered),
            )]));
        }
        let changes = SessionChanges::new(session, current.version + 1, db::now());
        formaliza_shared::overwrite!(conn, sessions, SessionRow, current, changes)
    }

    /// Refused while members are registered (remove the registrations first).
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        if current.registered > 0 {
            return Err(ApiError::conflict(format!(
                "{} members are registered to this session; remove the registrations first",
                current.registered
            )));
        }
        formaliza_shared::soft_delete!(conn, sessions, current)?;
        Ok(Vec::new())
    }
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &SessionFilters,
) -> Result<Vec<SessionRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(sessions, SessionRow, keyset);
    formaliza_shared::filter_eq!(query,
        sessions::course_id => &filter.course_id,
        sessions::country => &filter.country,
        sessions::region => &filter.region,
        sessions::status => filter.status,
        sessions::host_organisation_id => &filter.host_organisation_id,
    );
    if let Some(from) = filter.starts_from() {
        query = query.filter(sessions::starts_at.ge(from));
    }
    if let Some(before) = filter.starts_before() {
        query = query.filter(sessions::starts_at.lt(before));
    }
    Ok(query.load(conn)?)
}

/// Takes a seat: one conditional UPDATE, so two concurrent registrations cannot both take the
/// last one (PostgreSQL re-checks the condition after waiting for the row lock; SQLite writers
/// are serialised). 409 when the session is full.
pub fn take_seat(conn: &mut DbConnection, session: &SessionRow) -> Result<(), ApiError> {
    let taken = diesel::update(
        sessions::table
            .find(&session.id)
            .filter(sessions::registered.lt(sessions::capacity)),
    )
    .set(sessions::registered.eq(sessions::registered + 1))
    .execute(conn)?;
    if taken == 1 {
        Ok(())
    } else {
        Err(
            ApiError::conflict(format!("the session is full ({} seats)", session.capacity))
                .with_context(serde_json::json!({ "capacity": session.capacity })),
        )
    }
}

/// Gives a seat back (a registration was removed).
pub fn release_seat(conn: &mut DbConnection, session_id: &SessionId) -> Result<(), ApiError> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::registered.gt(0)),
    )
    .set(sessions::registered.eq(sessions::registered - 1))
    .execute(conn)?;
    Ok(())
}
