//! Limits on a request's head, checked before anything else looks at it, so that what the
//! gateway refuses for its size is a problem+json with a request id like every other answer.
//!
//! The figures are those of the web servers and ingresses in front of APIs (ingress-nginx's
//! `large_client_header_buffers 4 8k`, Apache's 8190-byte request line and fields): a client that
//! works through them works here, and a head that big is a mistake (a filter list that belongs
//! in a body, a cookie jar sent to an API) or an attack on memory, not a use to serve. A bearer
//! token from an outside identity provider is one to three kilobytes.
//!
//! What actix-http refuses itself, before any of this runs, it answers with an empty body and
//! no request id (see the README, "Errors at the HTTP edge").

use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;

use formaliza_shared::ApiError;

/// Longest request target (path and query string), in bytes: 414 beyond.
pub const MAX_URI_BYTES: usize = 8 << 10;
/// Longest header field (name, `: ` and value), in bytes: 431 beyond.
pub const MAX_HEADER_BYTES: usize = 8 << 10;
/// Largest request head (request line and every header field), in bytes: 431 beyond.
pub const MAX_HEAD_BYTES: usize = 32 << 10;

/// Why a head is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Oversized {
    Uri(usize),
    Header { name: String, bytes: usize },
    Head(usize),
}

impl Oversized {
    fn problem(&self) -> ApiError {
        match self {
            Oversized::Uri(bytes) => ApiError::new(
                StatusCode::URI_TOO_LONG,
                "uri-too-long",
                "URI too long",
                format!(
                    "the request target is {bytes} bytes long; the limit is {MAX_URI_BYTES} bytes"
                ),
            ),
            Oversized::Header { name, bytes } => ApiError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "header-too-large",
                "Request header fields too large",
                format!(
                    "the header {name} is {bytes} bytes long; the limit is {MAX_HEADER_BYTES} \
                     bytes per header"
                ),
            ),
            Oversized::Head(bytes) => ApiError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "header-too-large",
                "Request header fields too large",
                format!(
                    "the request line and headers are {bytes} bytes long; the limit is \
                     {MAX_HEAD_BYTES} bytes in all"
                ),
            ),
        }
    }
}

/// The first limit a request head exceeds, if any. Sizes are counted as on the wire
/// (`Name: value` and CRLF for each field), without allocating.
pub fn check_head(req: &ServiceRequest) -> Result<(), Oversized> {
    let uri = req.uri();
    let target = uri.path_and_query().map_or(1, |pq| pq.as_str().len())
        + uri.authority().map_or(0, |a| a.as_str().len())
        + uri.scheme_str().map_or(0, |s| s.len() + 3);
    if target > MAX_URI_BYTES {
        return Err(Oversized::Uri(target));
    }
    // `METHOD SP target SP HTTP/1.1 CRLF`
    let mut head = req.method().as_str().len() + target + 12;
    for (name, value) in req.headers() {
        let field = name.as_str().len() + 2 + value.len();
        if field > MAX_HEADER_BYTES {
            return Err(Oversized::Header {
                name: name.as_str().to_owned(),
                bytes: field,
            });
        }
        head += field + 2;
    }
    if head > MAX_HEAD_BYTES {
        return Err(Oversized::Head(head));
    }
    Ok(())
}

/// Middleware: refuses a request whose head exceeds the limits above (414, 431), as
/// problem+json; it runs inside the request-id middleware, so the answer carries the id.
pub async fn head_limits<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    if let Err(oversized) = check_head(&req) {
        return Ok(req
            .error_response(oversized.problem())
            .map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn heads_are_measured_as_sent() {
        let fits = TestRequest::get()
            .uri(&format!("/v1/members?q={}", "a".repeat(MAX_URI_BYTES - 14)))
            .to_srv_request();
        assert_eq!(check_head(&fits), Ok(()));
        let long = TestRequest::get()
            .uri(&format!("/v1/members?q={}", "a".repeat(MAX_URI_BYTES)))
            .to_srv_request();
        assert!(matches!(check_head(&long), Err(Oversized::Uri(n)) if n > MAX_URI_BYTES));

        let big_header = TestRequest::get()
            .uri("/v1/members")
            .insert_header(("x-big", "b".repeat(MAX_HEADER_BYTES)))
            .to_srv_request();
        assert_eq!(
            check_head(&big_header),
            Err(Oversized::Header {
                name: "x-big".into(),
                bytes: MAX_HEADER_BYTES + 7
            })
        );

        let mut many = TestRequest::get().uri("/v1/members");
        for n in 0..5 {
            many = many.insert_header((format!("x-part-{n}"), "c".repeat(7 << 10)));
        }
        assert!(matches!(
            check_head(&many.to_srv_request()),
            Err(Oversized::Head(n)) if n > MAX_HEAD_BYTES
        ));
    }

    #[test]
    fn an_oversized_head_is_said_in_spanish() {
        use formaliza_shared::language::Language;
        for oversized in [
            Oversized::Uri(9000),
            Oversized::Header {
                name: "cookie".into(),
                bytes: 9000,
            },
            Oversized::Head(40000),
        ] {
            let problem = oversized.problem();
            let english = problem.body_for(None, Language::English);
            let spanish = problem.body_for(None, Language::Spanish);
            assert_ne!(english.title, spanish.title, "{oversized:?}");
            assert_ne!(english.detail, spanish.detail, "{oversized:?}");
        }
    }
}
