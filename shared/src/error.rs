//! One error type for every handler, rendered as RFC 9457 `application/problem+json`.
//!
//! Causes are logged (with the request id, see [`crate::context`]) and never sent to the client.
//!
//! A problem is written in English and said in the language the request asked for when it is
//! rendered ([`crate::language`]): the title by its type, each field error by its code, the detail
//! when the catalogue knows the sentence. Types and codes are the same in every language.

use std::borrow::Cow;
use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::context;
use crate::language::Language;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where the problem is: a JSON path (`national_id.number`), a query parameter or a column.
    #[schema(example = "national_id.number")]
    pub field: String,
    /// A stable machine-readable code (`required`, `invalid_format`, `unknown_field`, …), the same
    /// in every language.
    #[schema(example = "invalid_format")]
    pub code: String,
    /// A sentence for the person fixing the data, in the language `Accept-Language` asked for
    /// (`es` or `en`; English by default).
    #[schema(example = "a Peruvian DNI has exactly 8 digits")]
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    /// This error said in `language`: its message when the catalogue knows the sentence,
    /// otherwise the catalogue's message for its code; the field and code never change.
    pub fn in_language(&self, language: Language) -> FieldError {
        if language == Language::English {
            return self.clone();
        }
        let message = language
            .translate("message", &self.message)
            .or_else(|| {
                language.lookup(
                    &format!("field-{}", self.code),
                    &[("field", self.field.as_str().into())],
                )
            })
            .unwrap_or_else(|| self.message.clone());
        FieldError {
            field: self.field.clone(),
            code: self.code.clone(),
            message,
        }
    }
}

/// An RFC 9457 problem details body, as every error response carries it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemBody {
    /// URI naming the kind of problem (`urn:formaliza:problem:validation`, …): stable, the same in
    /// every language, switch on it.
    #[schema(example = "urn:formaliza:problem:validation")]
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the kind of problem, in the language `Accept-Language` asked for (`es`
    /// or `en`; English by default; `Content-Language` says which).
    #[schema(example = "Invalid request")]
    pub title: String,
    /// HTTP status code.
    #[schema(example = 422)]
    pub status: u16,
    /// What went wrong with this request, in the language `Accept-Language` asked for where the
    /// catalogue knows the sentence (English otherwise).
    #[schema(example = "2 fields are invalid")]
    pub detail: String,
    /// The request path.
    #[schema(example = "/v1/members")]
    pub instance: String,
    /// The request id (also in the `X-Request-Id` header); quote it when asking for support.
    #[schema(example = "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001")]
    pub request_id: String,
    /// Field-level errors, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Allowed values or transitions, where the problem is about a choice.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub context: Option<serde_json::Value>,
}

/// The error every handler returns (boxed: it travels through many `Result`s).
pub struct ApiError(Box<Details>);

struct Details {
    status: StatusCode,
    slug: &'static str,
    title: Cow<'static, str>,
    detail: String,
    detail_source: DetailSource,
    errors: Vec<FieldError>,
    context: Option<serde_json::Value>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cause: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// Its cause was logged where it was found (once per outage, say): each answer is a debug
    /// line, not an error line per request.
    reported: bool,
}

/// Where the detail's words come from, to say it in another language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DetailSource {
    /// The sentence the code wrote.
    Written,
    /// The only field error's message.
    FieldMessage,
    /// `field: message` of the only field error.
    FieldAndMessage,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        slug: &'static str,
        title: impl Into<Cow<'static, str>>,
        detail: impl Into<String>,
    ) -> Self {
        Self(Box::new(Details {
            status,
            slug,
            title: title.into(),
            detail: detail.into(),
            detail_source: DetailSource::Written,
            errors: Vec::new(),
            context: None,
            headers: Vec::new(),
            cause: None,
            reported: false,
        }))
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            detail,
        )
    }

    /// 400 for malformed query or path parameters, with the offending field.
    pub fn bad_parameter(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        let error = FieldError::new(field, code, message);
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-parameter",
            "Invalid parameter",
            error.message.clone(),
        )
        .with_errors(vec![error])
        .with_detail_source(DetailSource::FieldMessage)
    }

    fn with_detail_source(mut self, source: DetailSource) -> Self {
        self.0.detail_source = source;
        self
    }

    /// 422 with every field error found.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let (detail, source) = match errors.len() {
            1 => (
                format!("{}: {}", errors[0].field, errors[0].message),
                DetailSource::FieldAndMessage,
            ),
            n => (format!("{n} fields are invalid"), DetailSource::Written),
        };
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Invalid request",
            detail,
        )
        .with_errors(errors)
        .with_detail_source(source)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        let mut error = Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Authentication required",
            detail,
        );
        error.0.headers.push((
            actix_web::http::header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"invalid_token\""),
        ));
        error
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    /// 405 for a known path asked with a method it does not answer; `allow` lists those it does.
    pub fn method_not_allowed(method: &str, path: &str, allow: &str) -> Self {
        let error = Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            format!("{path} does not answer {method}; it answers {allow}"),
        );
        match HeaderValue::from_str(allow) {
            Ok(value) => error.with_header(actix_web::http::header::ALLOW, value),
            Err(_) => error,
        }
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }

    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "stale-version",
            "Version mismatch",
            detail,
        )
    }

    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Request body too large",
            format!("the request body exceeds the limit of {limit} bytes"),
        )
    }

    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            detail,
        )
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            detail,
        )
        .with_header(
            actix_web::http::header::RETRY_AFTER,
            HeaderValue::from_static("1"),
        )
    }

    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "an unexpected error occurred; quote the request id when reporting it",
        )
        .with_cause(cause)
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.0.errors = errors;
        self
    }

    pub fn with_context(mut self, context: serde_json::Value) -> Self {
        self.0.context = Some(context);
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.0.headers.push((name, value));
        self
    }

    pub fn with_cause(
        mut self,
        cause: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.0.cause = Some(cause.into());
        self
    }

    /// Marks the cause as logged already where it was found ([`crate::health::DbHealth`] logs
    /// an outage once), so that each answer it causes is logged at debug level only.
    pub fn reported(mut self) -> Self {
        self.0.reported = true;
        self
    }

    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    pub fn field_errors(&self) -> &[FieldError] {
        &self.0.errors
    }

    pub fn detail(&self) -> &str {
        &self.0.detail
    }

    pub fn problem_type(&self) -> String {
        format!("urn:formaliza:problem:{}", self.0.slug)
    }

    /// The body this error renders as, for the current request (in its language).
    pub fn body(&self) -> ProblemBody {
        let request = context::current();
        let language = request
            .as_ref()
            .map(context::RequestContext::language)
            .unwrap_or_default();
        self.body_for(request, language)
    }

    /// The body in `language`, for `request`.
    pub fn body_for(
        &self,
        request: Option<context::RequestContext>,
        language: Language,
    ) -> ProblemBody {
        let errors: Vec<FieldError> = self
            .0
            .errors
            .iter()
            .map(|e| e.in_language(language))
            .collect();
        let (title, detail) = match language {
            Language::English => (self.0.title.to_string(), self.0.detail.clone()),
            _ => (
                language
                    .lookup(&format!("title-{}", self.0.slug), &[])
                    .unwrap_or_else(|| self.0.title.to_string()),
                self.detail_in(language, &errors),
            ),
        };
        ProblemBody {
            problem_type: self.problem_type(),
            title,
            status: self.0.status.as_u16(),
            detail,
            instance: request
                .as_ref()
                .map(|r| r.path.to_string())
                .unwrap_or_default(),
            request_id: request
                .as_ref()
                .map(|r| r.request_id.to_string())
                .unwrap_or_default(),
            errors,
            context: self.0.context.clone(),
        }
    }

    /// The detail in `language`, given the field errors said in it.
    fn detail_in(&self, language: Language, errors: &[FieldError]) -> String {
        match (self.0.detail_source, errors) {
            (DetailSource::FieldMessage, [error]) => error.message.clone(),
            (DetailSource::FieldAndMessage, [error]) => {
                format!("{}: {}", error.field, error.message)
            }
            _ => language
                .translate("detail", &self.0.detail)
                .unwrap_or_else(|| self.0.detail.clone()),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.0.status)
            .field("type", &self.0.slug)
            .field("detail", &self.0.detail)
            .field("errors", &self.0.errors)
            .field("cause", &self.0.cause.as_ref().map(|c| c.to_string()))
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.0.status.as_u16(),
            self.0.slug,
            self.0.detail
        )
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status
    }

    fn error_response(&self) -> HttpResponse {
        match &self.0.cause {
            Some(cause) if self.0.reported => log::debug!("{self}: {cause}"),
            Some(cause) if self.0.status.is_server_error() => log::error!("{self}: {cause}"),
            Some(cause) => log::info!("{self}: {cause}"),
            None if self.0.status.is_server_error() => log::error!("{self}"),
            None => log::debug!("{self}"),
        }
        let request = context::current();
        let language = request
            .as_ref()
            .map(context::RequestContext::language)
            .unwrap_or_default();
        let mut response = HttpResponse::build(self.0.status);
        response.content_type(PROBLEM_JSON);
        for (name, value) in &self.0.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        response
            .insert_header((
                actix_web::http::header::CONTENT_LANGUAGE,
                HeaderValue::from_static(language.tag()),
            ))
            .append_header((
                actix_web::http::header::VARY,
                HeaderValue::from_static("Accept-Language"),
            ));
        response.json(self.body_for(request, language))
    }
}

impl From<DieselError> for ApiError {
    fn from(error: DieselError) -> Self {
        match &error {
            DieselError::NotFound => ApiError::not_found("no such record"),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::conflict("a record with the same unique value already exists")
                    .with_cause(error)
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                ApiError::conflict(
                    "the record is referenced by, or refers to, a record that does not allow it",
                )
                .with_cause(error)
            }
            // The server went away mid-query (stopped, restarted, connection killed), or a
            // transaction's commit and rollback could not be sent: the client may retry, with
            // its Idempotency-Key for a write whose fate it did not see.
            _ if connection_lost(&error) => {
                ApiError::unavailable("the database connection was lost; retry").with_cause(error)
            }
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApiError::unavailable("a concurrent change got in the way; retry").with_cause(error)
            }
            // SQLite reports a writer that waited past busy_timeout as an unknown error.
            DieselError::DatabaseError(_, info) if is_busy(info.message()) => {
                ApiError::unavailable("the database is busy; retry").with_cause(error)
            }
            _ => ApiError::internal(error),
        }
    }
}

fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database is busy")
}

/// Whether the connection ended under the statement: libpq marked it bad, could not send, or
/// PostgreSQL said why (a shutdown, a restart, `pg_terminate_backend`) before libpq noticed.
fn connection_lost(error: &DieselError) -> bool {
    const LOST: [&str; 6] = [
        "terminating connection",
        "server closed the connection",
        "no connection to the server",
        "the database system is shutting down",
        "the database system is starting up",
        "the database system is in recovery mode",
    ];
    match error {
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        )
        | DieselError::BrokenTransactionManager => true,
        DieselError::DatabaseError(_, info) => {
            LOST.iter().any(|words| info.message().contains(words))
        }
        DieselError::RollbackErrorOnCommit { commit_error, .. } => connection_lost(commit_error),
        _ => false,
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        ApiError::unavailable("the database is not reachable; retry").with_cause(error)
    }
}

impl From<diesel::ConnectionError> for ApiError {
    fn from(error: diesel::ConnectionError) -> Self {
        ApiError::unavailable("the database is not reachable; retry").with_cause(error)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::unavailable("the server is shutting down; retry").with_cause(error)
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::internal(error)
    }
}

/// Collects every field error before failing, so a partner fixes a record in one round trip.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(
        &mut self,
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Keeps the value when it parsed; records the error under `field` otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(mut error) => {
                error.field = if error.field.is_empty() {
                    field.to_owned()
                } else {
                    format!("{field}.{}", error.field)
                };
                self.0.push(error);
                None
            }
        }
    }

    pub fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        self.0.extend(errors);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// `Ok` when nothing was recorded, every error otherwise.
    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }

    /// For query parameters: `Ok` when nothing was recorded, otherwise the first error as a
    /// 400 naming its parameter.
    pub fn into_bad_parameter(self) -> Result<(), ApiError> {
        match self.0.into_iter().next() {
            None => Ok(()),
            Some(error) => Err(ApiError::bad_parameter(
                error.field,
                &error.code,
                error.message,
            )),
        }
    }

    /// `Ok(value)` when nothing was recorded, the 422 with every error otherwise.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ApiError> {
        if !self.0.is_empty() {
            return Err(ApiError::validation(self.0));
        }
        value().ok_or_else(|| ApiError::internal("validation passed without a value"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::DatabaseErrorInformation;

    struct Info(&'static str);

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn database(kind: DatabaseErrorKind, message: &'static str) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(Info(message)))
    }

    #[test]
    fn database_errors_map_to_what_a_client_can_act_on() {
        let cases = [
            (DieselError::NotFound, 404),
            (
                database(DatabaseErrorKind::UniqueViolation, "duplicate key"),
                409,
            ),
            (database(DatabaseErrorKind::ForeignKeyViolation, "fk"), 409),
            (database(DatabaseErrorKind::ClosedConnection, "closed"), 503),
            (
                database(DatabaseErrorKind::UnableToSendCommand, "no connection"),
                503,
            ),
            (
                database(
                    DatabaseErrorKind::Unknown,
                    "terminating connection due to administrator command",
                ),
                503,
            ),
            (
                database(
                    DatabaseErrorKind::Unknown,
                    "server closed the connection unexpectedly",
                ),
                503,
            ),
            (
                DieselError::RollbackErrorOnCommit {
                    commit_error: Box::new(database(DatabaseErrorKind::ClosedConnection, "gone")),
                    rollback_error: Box::new(DieselError::BrokenTransactionManager),
                },
                503,
            ),
            (DieselError::BrokenTransactionManager, 503),
            (
                database(DatabaseErrorKind::SerializationFailure, "serialize"),
                503,
            ),
            (
                database(DatabaseErrorKind::Unknown, "database is locked"),
                503,
            ),
            (
                database(DatabaseErrorKind::Unknown, "syntax error at or near SELECT"),
                500,
            ),
        ];
        for (error, status) in cases {
            assert_eq!(ApiError::from(error).status().as_u16(), status);
        }
    }

    #[test]
    fn the_body_never_carries_the_cause() {
        let error = ApiError::from(database(
            DatabaseErrorKind::Unknown,
            "syntax error at or near SELECT",
        ));
        let body = serde_json::to_string(&error.body()).unwrap();
        assert!(!body.contains("SELECT"), "{body}");
        assert!(body.contains("urn:formaliza:problem:internal"));
        let validation =
            ApiError::validation(vec![FieldError::new("a", "required", "must not be empty")]);
        assert_eq!(validation.body().errors.len(), 1);
        assert_eq!(validation.status().as_u16(), 422);
    }

    /// Each common problem, built by the code that builds it, is said in Spanish: its title, its
    /// detail and its field messages; so a sentence changed in the code but not in the catalogue
    /// fails here rather than quietly staying English.
    #[test]
    fn the_common_problems_are_said_in_spanish() {
        use crate::auth::{Principal, Scope, bearer_token};
        use actix_web::test::TestRequest;
        let principal = Principal {
            sub: "ngo".into(),
            scopes: vec![Scope::MembersRead],
            partner_id: None,
            token: "t".into(),
        };
        let bad_header = TestRequest::default()
            .insert_header(("authorization", "Basic x"))
            .to_http_request();
        let problems = [
            ApiError::payload_too_large(1_048_576),
            ApiError::method_not_allowed("PUT", "/v1/members", "GET, POST"),
            ApiError::internal("boom"),
            ApiError::from(DieselError::NotFound),
            ApiError::from(database(DatabaseErrorKind::UniqueViolation, "dup")),
            ApiError::from(database(DatabaseErrorKind::ForeignKeyViolation, "fk")),
            ApiError::from(database(DatabaseErrorKind::ClosedConnection, "gone")),
            ApiError::from(database(DatabaseErrorKind::Unknown, "database is locked")),
            bearer_token(&TestRequest::default().to_http_request()).unwrap_err(),
            bearer_token(&bad_header).unwrap_err(),
            crate::auth::refused(crate::auth::TokenError::Malformed),
            principal.require(Scope::MembersWrite).unwrap_err(),
            principal
                .require_any(&[Scope::MembersWrite, Scope::Admin])
                .unwrap_err(),
            crate::resource::ensure_updated(0).unwrap_err(),
            crate::concurrency::IfMatch::version(3)
                .check(4)
                .unwrap_err(),
            crate::pagination::decode_cursor("nope").unwrap_err(),
            crate::resource::parse_id("id", "x").unwrap_err(),
            crate::extract::parse_json::<serde_json::Value>(b"{").unwrap_err(),
            ApiError::validation(vec![
                FieldError::new("a", "required", "must not be empty"),
                FieldError::new("b", "too_long", "must have at most 9 characters"),
            ]),
        ];
        for problem in problems {
            let english = problem.body_for(None, Language::English);
            let spanish = problem.body_for(None, Language::Spanish);
            assert_eq!(english.problem_type, spanish.problem_type);
            assert_ne!(english.title, spanish.title, "{problem:?}");
            assert_ne!(english.detail, spanish.detail, "{problem:?}");
            for (en, es) in english.errors.iter().zip(&spanish.errors) {
                assert_eq!((&en.field, &en.code), (&es.field, &es.code));
                assert_ne!(en.message, es.message, "{problem:?}");
            }
        }
    }

    #[test]
    fn a_validation_problem_says_its_one_field_in_spanish() {
        let problem = ApiError::validation(vec![FieldError::new(
            "national_id.number",
            "invalid_format",
            "a Peruvian DNI has exactly 8 digits",
        )]);
        let spanish = problem.body_for(None, Language::Spanish);
        assert_eq!(spanish.title, "Solicitud no válida");
        assert_eq!(
            spanish.detail,
            "national_id.number: un DNI peruano tiene exactamente 8 dígitos"
        );
        // A sentence the catalogue does not know: the code's message for its code.
        let unknown = FieldError::new("sector", "invalid", "some words nobody catalogued");
        assert_eq!(
            unknown.in_language(Language::Spanish).message,
            "sector no es válido"
        );
        let english = problem.body_for(None, Language::English);
        assert_eq!(
            english.detail,
            "national_id.number: a Peruvian DNI has exactly 8 digits"
        );
    }
}
