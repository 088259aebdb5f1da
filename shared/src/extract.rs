//! Request extractors whose every failure is a problem+json with the field at fault.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, FieldError};

/// Body size limits, set once per service in app data.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// JSON bodies of ordinary requests.
    pub json: usize,
    /// Bulk imports (CSV / NDJSON).
    pub import: usize,
}

impl Default for BodyLimits {
    fn default() -> Self {
        Self {
            json: 1 << 20,
            import: 64 << 20,
        }
    }
}

fn limits(req: &HttpRequest) -> BodyLimits {
    req.app_data::<web::Data<BodyLimits>>()
        .map(|l| **l.clone())
        .unwrap_or_default()
}

/// Reads the whole body, refusing (413) past `limit` without buffering more than that.
pub async fn read_body<S, E>(
    req: &HttpRequest,
    payload: &mut S,
    limit: usize,
) -> Result<Bytes, ApiError>
where
    S: futures_util::Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(ApiError::payload_too_large(limit));
    }
    let mut body = BytesMut::with_capacity(declared.unwrap_or(8192).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(format!("the request body could not be read: {e}"))
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::payload_too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The media type of a request, lowercased and without parameters.
pub fn media_type(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}

fn is_json(media: &str) -> bool {
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// A JSON body, parsed strictly: malformed JSON is 400, a body that does not fit the schema
/// (unknown field, wrong type, missing field) is 422 naming the field. Keeps a digest of the raw
/// bytes for Idempotency-Key checks.
#[derive(Debug)]
pub struct Json<T> {
    pub value: T,
    pub digest: String,
}

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.value
    }
}

/// Hex SHA-256 of some bytes.
pub fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hexadecimal, in one allocation (digests are computed per exported row).
pub fn hex(bytes: &[u8]) -> String {
    let mut text = Vec::with_capacity(bytes.len() * 2);
    push_hex(&mut text, bytes);
    text.into_iter().map(char::from).collect()
}

/// Appends the lowercase hex digits of `bytes` to `out`.
pub fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)]);
        out.push(DIGITS[usize::from(byte & 0x0f)]);
    }
}

/// Parses JSON text into `T`, with the problem a client should see on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(json_error)?;
    deserializer.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

/// A deserialisation failure as a field error (for import rows as well as bodies).
pub fn json_field_error(error: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let path = error.path().to_string();
    let inner = error.inner();
    let message = strip_position(&inner.to_string());
    let (field, code) = if backticked_after(&message, "unknown field `").is_some() {
        // The path already ends with the unknown field's name.
        (path, "unknown_field")
    } else if let Some(name) = backticked_after(&message, "missing field `") {
        (join_path(&path, &name), "required")
    } else if message.starts_with("invalid type") {
        (path, "invalid_type")
    } else {
        (path, "invalid")
    };
    let field = if field == "." || field.is_empty() {
        "body".to_owned()
    } else {
        field
    };
    FieldError::new(field, code, message)
}

fn json_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    use serde_json::error::Category;
    match error.inner().classify() {
        Category::Syntax | Category::Eof | Category::Io => malformed(error.inner()),
        Category::Data => ApiError::validation(vec![json_field_error(&error)]),
    }
}

fn malformed(error: &serde_json::Error) -> ApiError {
    ApiError::bad_request(format!("the body is not valid JSON: {error}")).with_errors(vec![
        FieldError::new("body", "malformed_json", error.to_string()),
    ])
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest.split('`').next()?.to_owned())
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() || path == "." {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            match media_type(&req) {
                Some(media) if is_json(&media) => {}
                Some(media) => {
                    return Err(ApiError::unsupported_media_type(format!(
                        "expected a JSON body (Content-Type: application/json), got `{media}`"
                    )));
                }
                None => {
                    return Err(ApiError::unsupported_media_type(
                        "expected a JSON body with Content-Type: application/json",
                    ));
                }
            }
            let body = read_body(&req, &mut payload, limits(&req).json).await?;
            let value = parse_json(&body)?;
            Ok(Json {
                value,
                digest: digest(&body),
            })
        })
    }
}

/// Query parameters, parsed strictly: an unknown parameter or a bad value is a 400 naming it.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Parses a query string into `T`. No parameter may carry a control character: none has a use
/// for one, and PostgreSQL refuses a NUL in text, which would turn a filter into a 500.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    if let Some((name, _)) = form_urlencoded::parse(query.as_bytes())
        .find(|(_, value)| value.chars().any(char::is_control))
    {
        return Err(ApiError::bad_parameter(
            name,
            "invalid_characters",
            "must not contain control characters",
        ));
    }
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let message = error.inner().to_string();
        let path = error.path().to_string();
        let (field, code) = if let Some(name) = backticked_after(&message, "unknown field `") {
            (name, "unknown_parameter")
        } else if let Some(name) = backticked_after(&message, "missing field `") {
            (name, "required")
        } else {
            (path, "invalid")
        };
        ApiError::bad_parameter(field, code, message)
    })
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

/// Deserialises a comma-free string parameter into a typed value via serde (`"coffee"` → `Sector::Coffee`).
pub fn parse_enum<T: DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case_and_whole() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(digest(b"abc").len(), 64);
        assert_eq!(&digest(b"abc")[..16], "ba7816bf8f01cfea", "SHA-256 of abc");
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields exist to be parsed, not read")]
    struct Inner {
        number: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields exist to be parsed, not read")]
    struct Outer {
        name: String,
        inner: Option<Inner>,
        count: Option<u32>,
    }

    #[test]
    fn body_errors_name_the_field() {
        let cases: &[(&str, u16, &str, &str)] = &[
            (
                r#"{"name": "a", "extra": 1}"#,
                422,
                "extra",
                "unknown_field",
            ),
            (
                r#"{"name": "a", "inner": {"number": "1", "x": 2}}"#,
                422,
                "inner.x",
                "unknown_field",
            ),
            (r#"{"inner": null}"#, 422, "name", "required"),
            (
                r#"{"name": "a", "count": "three"}"#,
                422,
                "count",
                "invalid_type",
            ),
            (
                r#"{"name": "a", "inner": {"number": 5}}"#,
                422,
                "inner.number",
                "invalid_type",
            ),
            (r#"{"name": "a""#, 400, "body", "malformed_json"),
            (r#"{"name": "a"} trailing"#, 400, "body", "malformed_json"),
        ];
        for (body, status, field, code) in cases {
            let error = parse_json::<Outer>(body.as_bytes()).unwrap_err();
            assert_eq!(error.status().as_u16(), *status, "{body}");
            assert_eq!(error.field_errors()[0].field, *field, "{body}");
            assert_eq!(error.field_errors()[0].code, *code, "{body}");
        }
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields exist to be parsed, not read")]
    struct Params {
        limit: Option<u32>,
        country: Option<String>,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let error = parse_query::<Params>("limit=ten").unwrap_err();
        assert_eq!(error.status().as_u16(), 400);
        assert_eq!(error.field_errors()[0].field, "limit");
        let error = parse_query::<Params>("contry=PE").unwrap_err();
        assert_eq!(error.field_errors()[0].field, "contry");
        assert_eq!(error.field_errors()[0].code, "unknown_parameter");
        assert_eq!(
            parse_query::<Params>("limit=10&country=PE").unwrap().limit,
            Some(10)
        );
        for control in ["P%00E", "PE%0A", "%1B", "%7F"] {
            let error = parse_query::<Params>(&format!("limit=10&country={control}")).unwrap_err();
            assert_eq!(error.status().as_u16(), 400, "{control}");
            assert_eq!(error.field_errors()[0].field, "country");
            assert_eq!(error.field_errors()[0].code, "invalid_characters");
        }
    }
}
