//! The example dashboard at `/dashboard`: one page, its script and style sheet, and the vendored
//! uPlot (MIT), compiled into the binary so that it works offline. It reads only the published
//! answers (`/v1/public/…`) of the same origin; its Content-Security-Policy lets nothing load
//! from, or be sent to, anywhere else.

use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpResponse, get, web};

/// Only the gateway's own origin, for everything; no inline script or style, no framing, no
/// forms, no plugins.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = include_str!("../dashboard/index.html");

/// The files under `/dashboard/`: name, media type, content.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../dashboard/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../dashboard/app.css"),
    ),
    (
        "vendor/uPlot.iife.min.js",
        "text/javascript; charset=utf-8",
        include_str!("../dashboard/vendor/uPlot.iife.min.js"),
    ),
    (
        "vendor/uPlot.min.css",
        "text/css; charset=utf-8",
        include_str!("../dashboard/vendor/uPlot.min.css"),
    ),
    (
        "vendor/uPlot.LICENSE",
        "text/plain; charset=utf-8",
        include_str!("../dashboard/vendor/uPlot.LICENSE"),
    ),
];

fn secured(mut builder: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    builder
        .insert_header(("content-security-policy", CONTENT_SECURITY_POLICY))
        .insert_header(("x-content-type-options", "nosniff"))
        .insert_header(("referrer-policy", "no-referrer"))
        // Revalidated on every visit: a new gateway release shows its own page at once.
        .insert_header((CACHE_CONTROL, "no-cache"));
    builder
}

fn the_page() -> HttpResponse {
    secured(HttpResponse::Ok())
        .content_type("text/html; charset=utf-8")
        .body(PAGE)
}

/// The dashboard page.
#[get("/dashboard")]
pub async fn page() -> HttpResponse {
    the_page()
}

/// The page's script, style sheet and vendored chart library.
#[get("/dashboard/{file:.*}")]
pub async fn asset(file: web::Path<String>) -> HttpResponse {
    let file = file.into_inner();
    if file.is_empty() {
        return the_page();
    }
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, media_type, content)) => secured(HttpResponse::Ok())
            .content_type(*media_type)
            .body(*content),
        None => actix_web::ResponseError::error_response(&formaliza_shared::ApiError::not_found(
            format!("the dashboard has no file {file}"),
        )),
    }
}
