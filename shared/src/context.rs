//! The request a piece of code is working for: its id and path, for log lines and problem bodies.
//!
//! The middleware puts the context in a task-local around the whole request; the blocking-pool
//! helper carries it into a thread-local, so every log line (async or database work) names the
//! request it belongs to.

use std::cell::RefCell;
use std::io::Write as _;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{ACCEPT_LANGUAGE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

use crate::language::Language;

/// Header carrying the request id, generated when a client sends none (or an unusable one).
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Who and what the current request is about.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: Arc<str>,
    pub path: Arc<str>,
    /// The method and query string, for access records (see [`crate::audit`]).
    pub method: actix_web::http::Method,
    pub query: Arc<str>,
    /// The `Accept-Language` the client sent, negotiated only when a problem is rendered (a
    /// successful answer never looks at it).
    pub accept_language: Option<HeaderValue>,
}

impl RequestContext {
    /// The language the client asked for ([`crate::language`]): English when it asked for none.
    pub fn language(&self) -> Language {
        self.accept_language
            .as_ref()
            .and_then(|value| value.to_str().ok())
            .map(Language::negotiate)
            .unwrap_or_default()
    }
}

tokio::task_local! {
    static TASK_CONTEXT: RequestContext;
}

thread_local! {
    static THREAD_CONTEXT: RefCell<Option<RequestContext>> = const { RefCell::new(None) };
}

/// The request being served, in async handlers and inside [`crate::db::run`] closures alike.
pub fn current() -> Option<RequestContext> {
    TASK_CONTEXT
        .try_with(Clone::clone)
        .ok()
        .or_else(|| THREAD_CONTEXT.with(|c| c.borrow().clone()))
}

/// The current request id, if any.
pub fn request_id() -> Option<String> {
    current().map(|c| c.request_id.to_string())
}

/// Runs `f` with `context` as the current request (used on blocking-pool threads).
pub fn with_thread_context<T>(context: Option<RequestContext>, f: impl FnOnce() -> T) -> T {
    let previous = THREAD_CONTEXT.with(|c| c.replace(context));
    let result = f();
    THREAD_CONTEXT.with(|c| c.replace(previous));
    result
}

/// Runs a future with `context` as the current request (used by background tasks).
pub async fn scope<F: Future>(context: RequestContext, future: F) -> F::Output {
    TASK_CONTEXT.scope(context, future).await
}

/// A new request id: a UUIDv7, so ids sort by time in logs. Without `now_v7`'s process-wide
/// context: its lock, taken by every worker on every request, bought ordering within the same
/// millisecond, which a correlation id does not need.
pub fn new_request_id() -> String {
    uuid::Uuid::new_v7(uuid::Timestamp::now(uuid::NoContext)).to_string()
}

/// A client-sent id is kept when it is short and printable, so it can be traced across systems.
fn usable_request_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let ok = !text.is_empty()
        && text.len() <= 128
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=".contains(&b));
    ok.then(|| text.to_owned())
}

/// The route a request matched, for log lines, where actix's own pattern does not say it (the
/// gateway's proxied prefixes, such as `/v1/members`).
#[derive(Debug, Clone, Copy)]
pub struct RouteName(pub &'static str);

/// The verified caller's client id (`sub`), for the access log; set once a token is verified.
#[derive(Debug, Clone)]
pub struct ClientId(pub String);

/// The id of this request, as the middleware settled it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Middleware: settles the request id, scopes the request context (so problem bodies and log
/// lines carry the id), echoes `X-Request-Id`, and writes the access log line.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(usable_request_id)
        .unwrap_or_else(new_request_id);
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let context = RequestContext {
        request_id: request_id.clone().into(),
        path: req.path().into(),
        method: req.method().clone(),
        query: req.query_string().into(),
        accept_language: req.headers().get(ACCEPT_LANGUAGE).cloned(),
    };
    let method = req.method().clone();

    TASK_CONTEXT
        .scope(context, async move {
            // Handlers and extractors turn their errors into problem responses themselves (inside
            // this scope); an error surfacing here is passed on for actix to render.
            let mut response = next.call(req).await?;
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                response.headers_mut().insert(REQUEST_ID_HEADER, value);
            }
            if log::log_enabled!(target: "access", log::Level::Info) {
                // The gateway names its proxied routes; looking that up first spares walking
                // the route map (`match_pattern`) on every proxied request.
                let route = response
                    .request()
                    .extensions()
                    .get::<RouteName>()
                    .map(|r| r.0.to_owned())
                    .or_else(|| response.request().match_pattern())
                    .unwrap_or_else(|| "-".to_owned());
                let client = response
                    .request()
                    .extensions()
                    .get::<ClientId>()
                    .map(|c| c.0.clone())
                    .unwrap_or_else(|| "-".to_owned());
                log::info!(
                    target: "access",
                    "{method} {route} {} {:.1}ms client={client}",
                    response.status().as_u16(),
                    started.elapsed().as_secs_f64() * 1000.0,
                );
            }
            Ok(response)
        })
        .await
}

/// Sets up env_logger (`RUST_LOG`, default `info`) with the request id in every line.
/// Safe to call more than once (tests do).
pub fn init_logging() {
    let _ = env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .format(|buf, record| {
            let request_id = request_id().unwrap_or_else(|| "-".to_owned());
            writeln!(
                buf,
                "{} {:<5} {} [{}] {}",
                buf.timestamp_millis(),
                record.level(),
                record.target(),
                request_id,
                record.args()
            )
        })
        .is_test(cfg!(test))
        .try_init();
}
