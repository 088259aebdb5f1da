//! Versions, ETags and `If-Match`: no lost updates.

use actix_web::dev::Payload;
use actix_web::http::header::{ETAG, HeaderValue, IF_MATCH, IF_NONE_MATCH};
use actix_web::{FromRequest, HttpRequest};

use crate::error::ApiError;

/// The strong ETag of a resource version: `"3"`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// `(ETAG, "…")`, for `HttpResponse::insert_header`.
pub fn etag_header(version: i64) -> (actix_web::http::header::HeaderName, HeaderValue) {
    (
        ETAG,
        HeaderValue::from_str(&etag(version)).unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
    )
}

/// The `If-Match` precondition of a request, if it sent one.
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<Vec<String>>);

impl IfMatch {
    pub fn any() -> Self {
        Self(None)
    }

    /// The precondition that the record is still at `version` (a write prepared from a read).
    pub fn version(version: i64) -> Self {
        Self(Some(vec![etag(version)]))
    }

    /// 412 unless the precondition (if any) names `version` or `*`.
    pub fn check(&self, version: i64) -> Result<(), ApiError> {
        let Some(tags) = &self.0 else { return Ok(()) };
        let current = etag(version);
        if tags
            .iter()
            .any(|t| t == "*" || *t == current || t.strip_prefix("W/") == Some(current.as_str()))
        {
            Ok(())
        } else {
            Err(ApiError::precondition_failed(format!(
                "the resource is at version {version} (ETag {current}); fetch it again and reapply your change"
            ))
            .with_context(serde_json::json!({ "current_version": version })))
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let headers: Vec<_> = req.headers().get_all(IF_MATCH).collect();
        if headers.is_empty() {
            return std::future::ready(Ok(Self(None)));
        }
        let mut tags = Vec::new();
        for header in headers {
            let Ok(text) = header.to_str() else {
                return std::future::ready(Err(ApiError::bad_parameter(
                    "If-Match",
                    "invalid",
                    "If-Match must be an ETag list",
                )));
            };
            tags.extend(
                text.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty()),
            );
        }
        std::future::ready(Ok(Self(Some(tags))))
    }
}

/// The `If-None-Match` condition of a `GET`: when it names the current version, the client's
/// copy is fresh and the answer is a `304 Not Modified` without a body.
#[derive(Debug, Clone, Default)]
pub struct IfNoneMatch(Option<Vec<String>>);

impl IfNoneMatch {
    /// Whether the client already holds `version` (weak comparison, RFC 9110 §13.1.2).
    pub fn holds(&self, version: i64) -> bool {
        let Some(tags) = &self.0 else { return false };
        let current = etag(version);
        tags.iter()
            .any(|t| t == "*" || *t == current || t.strip_prefix("W/") == Some(current.as_str()))
    }
}

impl FromRequest for IfNoneMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let tags: Vec<String> = req
            .headers()
            .get_all(IF_NONE_MATCH)
            .filter_map(|value| value.to_str().ok())
            .flat_map(|text| text.split(','))
            .map(|tag| tag.trim().to_owned())
            .filter(|tag| !tag.is_empty())
            .collect();
        // An unreadable condition is ignored: the full answer is always a correct one.
        std::future::ready(Ok(Self((!tags.is_empty()).then_some(tags))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_current_star_and_weak_and_refuses_stale() {
        assert!(IfMatch::any().check(3).is_ok());
        assert!(IfMatch(Some(vec!["\"3\"".into()])).check(3).is_ok());
        assert!(IfMatch(Some(vec!["*".into()])).check(3).is_ok());
        assert!(
            IfMatch(Some(vec!["\"1\"".into(), "W/\"3\"".into()]))
                .check(3)
                .is_ok()
        );
        assert_eq!(
            IfMatch(Some(vec!["\"2\"".into()]))
                .check(3)
                .unwrap_err()
                .status()
                .as_u16(),
            412
        );
    }
}
