//! Certificate storage, the issuing rule and the public check.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::{self, Actor, Change, Op};
use formaliza_shared::ids::{CertificateId, CourseId, MemberId, RecordId};
use formaliza_shared::privacy::{PersonLink, Personal};
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{
    self, Certificate, CertificateFilters, CertificateInput, CertificateVerification, IssueCommand,
    READ_ONLY,
};
use crate::courses::db::CourseRow;
use crate::hours;
use crate::participations::model::Attendance;
use crate::schema::{certificates, courses, participations, sessions};

/// A stored certificate.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = certificates)]
pub struct CertificateRow {
    pub id: CertificateId,
    pub partner_id: Option<String>,
    pub member_id: MemberId,
    pub course_id: CourseId,
    pub code: String,
    pub holder_initials: String,
    pub attended_minutes: i64,
    pub issued_on: NaiveDate,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

/// Minutes `member` attended in live sessions of `course`, and the initials recorded with the
/// latest of those registrations. `visible_to` limits the count to one partner's records.
fn attended(
    conn: &mut DbConnection,
    member: &MemberId,
    course: &CourseId,
    visible_to: Option<&str>,
) -> Result<(i64, Option<String>, usize), ApiError> {
    let mut query = participations::table
        .inner_join(sessions::table)
        .filter(participations::member_id.eq(member))
        .filter(participations::deleted_at.is_null())
        .filter(sessions::course_id.eq(course))
        .filter(sessions::deleted_at.is_null())
        .select((
            participations::attendance,
            participations::attended_minutes,
            participations::member_initials,
        ))
        .order(participations::id.asc())
        .into_boxed();
    if let Some(partner) = visible_to {
        query = query.filter(participations::partner_id.eq(partner));
    }
    let rows: Vec<(Option<Attendance>, Option<i64>, Option<String>)> = query.load(conn)?;
    let registrations = rows.len();
    let minutes = rows
        .iter()
        .filter(|(attendance, _, _)| *attendance == Some(Attendance::Attended))
        .filter_map(|(_, minutes, _)| *minutes)
        .sum();
    let initials = rows.into_iter().rev().find_map(|(_, _, initials)| initials);
    Ok((minutes, initials, registrations))
}

fn live_for(
    conn: &mut DbConnection,
    member: &MemberId,
    course: &CourseId,
) -> Result<Option<CertificateRow>, ApiError> {
    Ok(certificates::table
        .filter(certificates::member_id.eq(member))
        .filter(certificates::course_id.eq(course))
        .filter(certificates::deleted_at.is_null())
        .select(CertificateRow::as_select())
        .first(conn)
        .optional()?)
}

fn write_certificate(
    conn: &mut DbConnection,
    id: &CertificateId,
    owner: Option<&str>,
    member: &MemberId,
    course: &CourseId,
    initials: &str,
    minutes: i64,
) -> Result<CertificateRow, ApiError> {
    let now = db::now();
    diesel::insert_into(certificates::table)
        .values((
            certificates::id.eq(id),
            certificates::partner_id.eq(owner),
            certificates::member_id.eq(member),
            certificates::course_id.eq(course),
            certificates::code.eq(model::new_code()),
            certificates::holder_initials.eq(initials),
            certificates::attended_minutes.eq(minutes),
            certificates::issued_on.eq(now.date()),
            certificates::version.eq(1),
            certificates::created_at.eq(now),
            certificates::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(certificates::table
        .find(id)
        .select(CertificateRow::as_select())
        .first(conn)?)
}

/// Issues the certificate of `member` for `course` if their attended hours reach the course's
/// requirement and they hold none yet; appends its `create` event. Runs inside the write that
/// recorded the attendance. The certificate belongs to `owner` (the registration's partner).
pub fn issue_if_earned(
    conn: &mut DbConnection,
    actor: &Actor,
    member: &MemberId,
    course: &CourseId,
    owner: Option<&str>,
) -> Result<Option<CertificateRow>, ApiError> {
    // Lock the course row first (PostgreSQL; SQLite writers are serialised anyway): two
    // attendance writes for the same member in different sessions then count one after the
    // other, so neither misses the other's hours nor issues a second certificate.
    diesel::update(courses::table.find(course))
        .set(courses::version.eq(courses::version))
        .execute(conn)?;
    if live_for(conn, member, course)?.is_some() {
        return Ok(None);
    }
    let Some(course_row) = CourseRow::find(conn, course)? else {
        return Ok(None);
    };
    let (minutes, initials, _) = attended(conn, member, course, None)?;
    if minutes < course_row.certificate_minutes {
        return Ok(None);
    }
    let certificate = write_certificate(
        conn,
        &CertificateId::generate(),
        owner,
        member,
        course,
        initials.as_deref().unwrap_or("?"),
        minutes,
    )?;
    feed::append(conn, actor, &[resource::change(&certificate, Op::Create)?])?;
    Ok(Some(certificate))
}

/// The public check: the certificate with `code`, if live, as the public may see it.
pub fn verify(
    conn: &mut DbConnection,
    code: &str,
) -> Result<Option<CertificateVerification>, ApiError> {
    let found: Option<(NaiveDate, String, String)> = certificates::table
        .inner_join(courses::table)
        .filter(certificates::code.eq(code))
        .filter(certificates::deleted_at.is_null())
        .select((
            certificates::issued_on,
            certificates::holder_initials,
            courses::title,
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(
        |(issued_on, holder_initials, course_title)| CertificateVerification {
            valid: true,
            course_title,
            issued_on,
            // Erased at the holder's request: the certificate stands, the initials are gone.
            holder_initials: Some(holder_initials).filter(|i| !i.is_empty()),
        },
    ))
}

impl Resource for CertificateRow {
    const KIND: &'static str = "certificate";
    const PERSONAL: Personal = Personal::About(PersonLink {
        resource: "certificate",
        member_field: "member_id",
        identifying: &["member_id", "code"],
    });
    const COLLECTION: &'static str = "/v1/certificates";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = CertificateId;
    type Input = CertificateInput;
    type Command = IssueCommand;
    type Prepared = IssueCommand;
    type View = Certificate;

    fn id(&self) -> &CertificateId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Certificate {
        Certificate {
            id: self.id.clone(),
            member_id: Some(self.member_id.clone()),
            // Filled per reader by the privacy rule (`Resource::PERSONAL`).
            member_pseudonym: None,
            course_id: self.course_id.clone(),
            code: Some(self.code.clone()),
            attended_hours: hours::from_minutes(self.attended_minutes),
            issued_on: self.issued_on,
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: CertificateInput) -> Result<IssueCommand, Vec<FieldError>> {
        input.command()
    }

    /// Nothing to ask another service: the member's registrations here are the evidence.
    async fn prepare(
        command: IssueCommand,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<IssueCommand, ApiError> {
        Ok(command)
    }

    fn find(conn: &mut DbConnection, id: &CertificateId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, certificates, CertificateRow, id)
    }

    /// The explicit issue: the member must have registrations the caller can see in the course,
    /// and attended hours reaching its requirement (422 otherwise); one certificate per member
    /// and course (409).
    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: CertificateId,
        command: IssueCommand,
    ) -> Result<Self, ApiError> {
        let IssueCommand {
            member_id: member,
            course_id: course,
        } = command;
        let course_row =
            resource::check_reference::<CourseRow>(conn, principal, "course_id", &course)?;
        let (minutes, initials, registrations) =
            attended(conn, &member, &course, principal.partner_id.as_deref())?;
        if registrations == 0 {
            return Err(ApiError::validation(vec![FieldError::new(
                "member_id",
                "not_registered",
                "the member has no registration in this course's sessions",
            )]));
        }
        if let Some(existing) = live_for(conn, &member, &course)? {
            return Err(
                ApiError::conflict("the member already holds this course's certificate")
                    .with_context(serde_json::json!({ "existing_id": existing.id })),
            );
        }
        if minutes < course_row.certificate_minutes {
            return Err(ApiError::validation(vec![FieldError::new(
                "member_id",
                "hours_not_reached",
                format!(
                    "the member attended {} of the {} hours the certificate needs",
                    hours::from_minutes(minutes),
                    hours::from_minutes(course_row.certificate_minutes)
                ),
            )])
            .with_context(serde_json::json!({
                "attended_hours": hours::from_minutes(minutes),
                "certificate_hours": hours::from_minutes(course_row.certificate_minutes),
            })));
        }
        write_certificate(
            conn,
            &id,
            principal.partner_id.as_deref(),
            &member,
            &course,
            initials.as_deref().unwrap_or("?"),
            minutes,
        )
    }

    /// Never routed (no PATCH endpoint); kept an error should it ever be.
    fn update(
        _: &mut DbConnection,
        _: &Principal,
        _: &Self,
        _: IssueCommand,
    ) -> Result<Self, ApiError> {
        Err(ApiError::conflict(
            "a certificate cannot be changed; revoke it and issue it again",
        ))
    }

    /// Revokes: the code no longer verifies.
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        formaliza_shared::soft_delete!(conn, certificates, current)?;
        Ok(Vec::new())
    }
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &CertificateFilters,
) -> Result<Vec<CertificateRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(certificates, CertificateRow, keyset);
    formaliza_shared::filter_eq!(query,
        certificates::member_id => &filter.member_id,
        certificates::course_id => &filter.course_id,
    );
    Ok(query.load(conn)?)
}
