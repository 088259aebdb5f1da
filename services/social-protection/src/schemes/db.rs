//! Scheme storage and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::Change;
use formaliza_shared::ids::{RecordId, SchemeId};
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::Resource;
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{
    CoverageUnit, READ_ONLY, Scheme, SchemeCategory, SchemeInput, SchemeKind, ValidScheme,
};
use crate::indicators::periods;
use crate::schema::{enrollments, schemes};

/// A stored scheme.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = schemes)]
pub struct SchemeRow {
    pub id: SchemeId,
    pub partner_id: Option<String>,
    pub name: String,
    pub country: String,
    pub kind: SchemeKind,
    pub category: SchemeCategory,
    pub operator: Option<String>,
    pub coverage_unit: CoverageUnit,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = schemes, treat_none_as_null = true, treat_none_as_default_value = false)]
struct SchemeChanges {
    name: String,
    country: String,
    kind: SchemeKind,
    category: SchemeCategory,
    operator: Option<String>,
    coverage_unit: CoverageUnit,
    active: bool,
    version: i64,
    updated_at: NaiveDateTime,
}

impl SchemeChanges {
    fn new(scheme: ValidScheme, version: i64, now: NaiveDateTime) -> Self {
        Self {
            name: scheme.name,
            country: scheme.country.to_string(),
            kind: scheme.kind,
            category: scheme.category,
            operator: scheme.operator,
            coverage_unit: scheme.coverage_unit,
            active: scheme.active,
            version,
            updated_at: now,
        }
    }
}

impl Resource for SchemeRow {
    const KIND: &'static str = "scheme";
    const COLLECTION: &'static str = "/v1/schemes";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    /// Schemes (SIS, EsSalud, SUS, …) are reference data every partner enrols members in.
    const PROGRAMME_WIDE_READABLE: bool = true;
    type Id = SchemeId;
    type Input = SchemeInput;
    type Command = ValidScheme;
    type Prepared = ValidScheme;
    type View = Scheme;

    fn id(&self) -> &SchemeId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Scheme {
        Scheme {
            id: self.id.clone(),
            name: self.name.clone(),
            country: self.country.clone(),
            kind: self.kind,
            category: self.category,
            operator: self.operator.clone(),
            coverage_unit: self.coverage_unit,
            active: self.active,
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: SchemeInput) -> Result<ValidScheme, Vec<FieldError>> {
        input.validate()
    }

    /// Nothing to ask another service.
    async fn prepare(
        scheme: ValidScheme,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<ValidScheme, ApiError> {
        Ok(scheme)
    }

    fn find(conn: &mut DbConnection, id: &SchemeId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, schemes, SchemeRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: SchemeId,
        scheme: ValidScheme,
    ) -> Result<Self, ApiError> {
        let now = db::now();
        formaliza_shared::insert_live!(
            conn,
            schemes,
            SchemeRow,
            &id,
            principal.partner_id.as_deref(),
            now,
            SchemeChanges::new(scheme, 1, now)
        )
    }

    /// The kind and coverage unit are fixed once enrolments exist: they decide what those
    /// enrolments mean.
    fn update(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
        scheme: ValidScheme,
    ) -> Result<Self, ApiError> {
        let changes = SchemeChanges::new(scheme, current.version + 1, db::now());
        if (changes.kind != current.kind || changes.coverage_unit != current.coverage_unit)
            && live_enrollments(conn, &current.id)? > 0
        {
            return Err(ApiError::conflict(
                "the scheme has enrolments: its kind and coverage unit can no longer change",
            ));
        }
        let kind_changed = changes.kind != current.kind;
        let updated = formaliza_shared::overwrite!(conn, schemes, SchemeRow, current, changes)?;
        if kind_changed {
            periods::recompute_scheme(conn, current.id.as_str())?;
        }
        Ok(updated)
    }

    /// Refused while enrolments in it remain (end or delete them first).
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        let remaining = live_enrollments(conn, &current.id)?;
        if remaining > 0 {
            return Err(ApiError::conflict(format!(
                "the scheme still has {remaining} enrolment(s); delete them first"
            )));
        }
        formaliza_shared::soft_delete!(conn, schemes, current)?;
        // Its enrolments stop counting. (None are live today, as checked above; kept exact
        // should that rule ever loosen.)
        periods::recompute_scheme(conn, current.id.as_str())?;
        Ok(Vec::new())
    }
}

fn live_enrollments(conn: &mut DbConnection, scheme: &SchemeId) -> Result<i64, ApiError> {
    Ok(enrollments::table
        .filter(enrollments::scheme_id.eq(scheme))
        .filter(enrollments::deleted_at.is_null())
        .count()
        .get_result(conn)?)
}

/// List filters for schemes.
#[derive(Debug, Default)]
pub struct SchemeFilter {
    pub country: Option<String>,
    pub kind: Option<SchemeKind>,
    pub category: Option<SchemeCategory>,
    pub active: Option<bool>,
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &SchemeFilter,
) -> Result<Vec<SchemeRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(schemes, SchemeRow, keyset);
    formaliza_shared::filter_eq!(query,
        schemes::country => &filter.country,
        schemes::kind => &filter.kind,
        schemes::category => &filter.category,
        schemes::active => filter.active,
    );
    Ok(query.load(conn)?)
}
