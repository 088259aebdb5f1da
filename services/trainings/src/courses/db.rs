//! Course storage and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::domain::Sector;
use formaliza_shared::feed::Change;
use formaliza_shared::ids::CourseId;
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::Resource;
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{Course, CourseInput, CourseTopic, READ_ONLY, ValidCourse};
use crate::hours;
use crate::schema::{courses, sessions};

/// A stored course.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = courses)]
pub struct CourseRow {
    pub id: CourseId,
    pub partner_id: Option<String>,
    pub title: String,
    pub topic: CourseTopic,
    pub sector: Option<Sector>,
    pub description: Option<String>,
    pub total_minutes: i64,
    pub certificate_minutes: i64,
    pub language: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = courses, treat_none_as_null = true, treat_none_as_default_value = false)]
struct CourseChanges {
    title: String,
    topic: CourseTopic,
    sector: Option<Sector>,
    description: Option<String>,
    total_minutes: i64,
    certificate_minutes: i64,
    language: String,
    version: i64,
    updated_at: NaiveDateTime,
}

impl CourseChanges {
    fn new(course: ValidCourse, version: i64, now: NaiveDateTime) -> Self {
        Self {
            title: course.title,
            topic: course.topic,
            sector: course.sector,
            description: course.description,
            total_minutes: course.total_minutes,
            certificate_minutes: course.certificate_minutes,
            language: course.language,
            version,
            updated_at: now,
        }
    }
}

impl Resource for CourseRow {
    const KIND: &'static str = "course";
    const COLLECTION: &'static str = "/v1/courses";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    /// Programme courses (created with a programme-wide token) are the catalogue every partner
    /// schedules sessions of; only the programme changes them.
    const PROGRAMME_WIDE_READABLE: bool = true;
    type Id = CourseId;
    type Input = CourseInput;
    type Command = ValidCourse;
    type Prepared = ValidCourse;
    type View = Course;

    fn id(&self) -> &CourseId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Course {
        Course {
            id: self.id.clone(),
            title: self.title.clone(),
            topic: self.topic,
            sector: self.sector,
            description: self.description.clone(),
            total_hours: hours::from_minutes(self.total_minutes),
            certificate_hours: hours::from_minutes(self.certificate_minutes),
            language: self.language.clone(),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: CourseInput) -> Result<ValidCourse, Vec<FieldError>> {
        input.validate()
    }

    /// Nothing to ask another service.
    async fn prepare(
        course: ValidCourse,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<ValidCourse, ApiError> {
        Ok(course)
    }

    fn find(conn: &mut DbConnection, id: &CourseId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, courses, CourseRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: CourseId,
        course: ValidCourse,
    ) -> Result<Self, ApiError> {
        let now = db::now();
        formaliza_shared::insert_live!(
            conn,
            courses,
            CourseRow,
            &id,
            principal.partner_id.as_deref(),
            now,
            CourseChanges::new(course, 1, now)
        )
    }

    /// Certificates already issued stay valid when the requirement changes later.
    fn update(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
        course: ValidCourse,
    ) -> Result<Self, ApiError> {
        let changes = CourseChanges::new(course, current.version + 1, db::now());
        formaliza_shared::overwrite!(conn, courses, CourseRow, current, changes)
    }

    /// Refused while sessions of the course remain (delete them first).
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        let remaining: i64 = sessions::table
            .filter(sessions::course_id.eq(&current.id))
            .filter(sessions::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        if remaining > 0 {
            return Err(ApiError::conflict(format!(
                "the course still has {remaining} session(s); delete them first"
            )));
        }
        formaliza_shared::soft_delete!(conn, courses, current)?;
        Ok(Vec::new())
    }
}

/// List filters for courses.
#[derive(Debug, Default)]
pub struct CourseFilter {
    pub topic: Option<CourseTopic>,
    pub sector: Option<Sector>,
    pub language: Option<String>,
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &CourseFilter,
) -> Result<Vec<CourseRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(courses, CourseRow, keyset);
    formaliza_shared::filter_eq!(query,
        courses::topic => filter.topic,
        courses::sector => filter.sector,
        courses::language => &filter.language,
    );
    Ok(query.load(conn)?)
}
