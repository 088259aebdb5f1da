//! Record ids, one type per kind of record (as Lemmy's `PersonId`): a `MemberId` cannot be
//! passed where a `SchemeId` is meant. Each is a UUIDv7 in canonical form, stored as text, and
//! reads and writes as a plain string in JSON.

use std::fmt;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crate::error::{FieldError, FieldErrors};

/// A new UUIDv7 for a record without an id type of its own (an access record, an erasure).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// What every id type can do.
pub trait RecordId: Clone + fmt::Display + Send + Sync + 'static {
    /// What it names, in messages (`member`).
    const KIND: &'static str;

    /// A new, time-ordered id (UUIDv7: keyset pages by id follow creation order).
    fn generate() -> Self;

    /// The id in `text`, if `text` is a UUID (any case, braces or not: kept canonical).
    fn parse(text: &str) -> Option<Self>;

    fn as_str(&self) -> &str;

    /// The id a required request field names, or its error in `errors`: `required` when blank,
    /// `unknown_reference` when it cannot be an id.
    fn required(errors: &mut FieldErrors, field: &str, text: &str) -> Option<Self> {
        if text.trim().is_empty() {
            errors.push(field, "required", format!("the {} is required", Self::KIND));
            return None;
        }
        errors.check(field, Self::reference(text))
    }

    /// The id a request field names: a malformed one is an unknown reference (the error's
    /// field is left for [`crate::FieldErrors::check`] to fill in).
    fn reference(text: &str) -> Result<Self, FieldError> {
        Self::parse(text).ok_or_else(|| {
            FieldError::new(
                "",
                "unknown_reference",
                format!("no {} with id {}", Self::KIND, text.trim()),
            )
        })
    }
}

/// Defines record id types: `record_ids!(MemberId "member", …)`.
macro_rules! record_ids {
    ($($name:ident $kind:literal),* $(,)?) => {$(
        #[doc = concat!("The id of a ", $kind, " (a UUIDv7).")]
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, utoipa::ToSchema,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[schema(value_type = String, format = "uuid")]
        #[diesel(sql_type = Text)]
        pub struct $name(String);

        impl RecordId for $name {
            const KIND: &'static str = $kind;

            fn generate() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            fn parse(text: &str) -> Option<Self> {
                uuid::Uuid::parse_str(text.trim()).ok().map(|u| Self(u.to_string()))
            }

            fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        // Checked and made canonical on the way in (a path segment, a stored cursor).
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("`{text}` is not a valid id (ids are UUIDs)"))
                })
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<DB> ToSql<Text, DB> for $name
        where
            DB: Backend,
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(self.0.as_str(), out)
            }
        }

        impl<DB> FromSql<Text, DB> for $name
        where
            DB: Backend,
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                // Stored as written: canonical already.
                Ok(Self(String::from_sql(bytes)?))
            }
        }
    )*};
}

record_ids!(
    OrganisationId "organisation",
    HouseholdId "household",
    MemberId "member",
    MembershipId "membership",
    CourseId "course",
    SessionId "session",
    ParticipationId "participation",
    CertificateId "certificate",
    SchemeId "scheme",
    EnrollmentId "enrollment",
    RegistrationId "registration",
    JobId "job",
    ProgrammeIndicatorId "programme indicator",
    ReportedValueId "reported value",
);

/// An enum of the API stored as text: `snake_case` in JSON, in the OpenAPI document and in the
/// column, read back strictly (see [`text_column!`]). Write the enum with its documentation
/// inside the macro; it adds the derives every such enum needs.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
            strum::EnumString,
            strum::IntoStaticStr,
            diesel::expression::AsExpression,
            diesel::deserialize::FromSqlRow,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name { $($body)* }

        $crate::text_column!($name);
    };
}

/// Stores a strum enum (`IntoStaticStr` + `FromStr`, `Copy`) as its text, and reads it back
/// strictly: a stored value the enum does not know is an error, never a silent default. The
/// enum derives `diesel::expression::AsExpression` and `diesel::deserialize::FromSqlRow` with
/// `#[diesel(sql_type = diesel::sql_types::Text)]`.
#[macro_export]
macro_rules! text_column {
    ($($type:ty),* $(,)?) => {$(
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $type
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                let text: &'static str = (*self).into();
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, DB>>::to_sql(text, out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $type
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    DB,
                >>::from_sql(bytes)?;
                text.parse().map_err(|_| {
                    format!("stored {} `{text}` is unknown", stringify!($type)).into()
                })
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ids_are_canonical_uuids() {
        let id = MemberId::parse(" 0192B9C4-6C2E-7D4E-9A57-3F1DE0B0A001 ").unwrap();
        assert_eq!(id.as_str(), "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001");
        assert!(MemberId::parse("not-an-id").is_none());
        let error = SchemeId::reference("x").unwrap_err();
        assert_eq!(error.code, "unknown_reference");
        assert!(MemberId::generate() < MemberId::generate());
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001\""
        );
    }
}
