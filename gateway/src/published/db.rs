//! Published questions in the gateway's database.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::ApiError;
use formaliza_shared::db::{self, DbConnection};

use super::model::{PublicQuestion, PublishedCommand, PublishedQuestion, Title, public_url};
use crate::schema::published_questions;

/// A stored question; `deleted_at` is set when it was unpublished.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = published_questions, treat_none_as_default_value = false)]
pub struct PublishedRow {
    pub id: String,
    pub slug: String,
    pub title_es: String,
    pub title_en: String,
    pub path: String,
    pub query: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub deleted_by: Option<String>,
    pub deleted_at: Option<NaiveDateTime>,
}

impl PublishedRow {
    pub fn new(command: &PublishedCommand, created_by: &str) -> Self {
        Self {
            id: formaliza_shared::ids::new_id(),
            slug: command.slug.clone(),
            title_es: command.title.es.clone(),
            title_en: command.title.en.clone(),
            path: command.path.to_owned(),
            query: command.query.clone(),
            created_by: created_by.to_owned(),
            created_at: db::now(),
            deleted_by: None,
            deleted_at: None,
        }
    }

    fn title(&self) -> Title {
        Title {
            es: self.title_es.clone(),
            en: self.title_en.clone(),
        }
    }

    /// Whether it asks what `command` asks, in the same words.
    pub fn same_as(&self, command: &PublishedCommand) -> bool {
        self.path == command.path && self.query == command.query && self.title() == command.title
    }

    /// The path and query string the owning service answers.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    pub fn to_view(&self) -> PublishedQuestion {
        PublishedQuestion {
            slug: self.slug.clone(),
            title: self.title(),
            path: self.path.clone(),
            query: self.query.clone(),
            public_url: public_url(&self.slug),
            created_by: self.created_by.clone(),
            created_at: self.created_at.and_utc(),
        }
    }

    pub fn to_public(&self) -> PublicQuestion {
        PublicQuestion {
            slug: self.slug.clone(),
            title: self.title(),
            url: public_url(&self.slug),
            path: self.path.clone(),
            query: self.query.clone(),
        }
    }
}

/// What publishing did.
pub enum Published {
    /// Stored now.
    New(PublishedRow),
    /// The slug was already published: this question.
    Existing(PublishedRow),
}

/// Stores `row` unless its slug is live already (then that question is answered: the caller
/// tells a retry from a conflict). The unique index settles two concurrent publications.
pub fn insert(conn: &mut DbConnection, row: PublishedRow) -> Result<Published, ApiError> {
    db::write(conn, |conn| {
        if let Some(existing) = find_live(conn, &row.slug)? {
            return Ok(Published::Existing(existing));
        }
        diesel::insert_into(published_questions::table)
            .values(&row)
            .execute(conn)?;
        Ok(Published::New(row))
    })
}

/// The question published now under `slug`.
pub fn find_live(conn: &mut DbConnection, slug: &str) -> Result<Option<PublishedRow>, ApiError> {
    Ok(published_questions::table
        .filter(published_questions::slug.eq(slug))
        .filter(published_questions::deleted_at.is_null())
        .select(PublishedRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every question published now, by slug.
pub fn list_live(conn: &mut DbConnection) -> Result<Vec<PublishedRow>, ApiError> {
    Ok(published_questions::table
        .filter(published_questions::deleted_at.is_null())
        .order(published_questions::slug.asc())
        .select(PublishedRow::as_select())
        .load(conn)?)
}

/// Unpublishes `slug`; whether it was published.
pub fn unpublish(conn: &mut DbConnection, slug: &str, by: &str) -> Result<bool, ApiError> {
    let changed = diesel::update(
        published_questions::table
            .filter(published_questions::slug.eq(slug))
            .filter(published_questions::deleted_at.is_null()),
    )
    .set((
        published_questions::deleted_at.eq(db::now()),
        published_questions::deleted_by.eq(by),
    ))
    .execute(conn)?;
    Ok(changed > 0)
}
