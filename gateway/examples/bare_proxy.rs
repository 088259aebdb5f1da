//! The floor of the HTTP stack the gateway is built on, for `tests/load/run gateway`: actix-web
//! receiving, awc forwarding over pooled keep-alive connections, the answer streamed back, with
//! the headers copied as the gateway copies them, and nothing else (no token, scope, rate limit,
//! metrics, request id, CORS or `X-Forwarded-*`). What the gateway costs above this row is its
//! own work; what this row costs above nginx is the stack's.
//!
//! `BARE_PROXY_BIND=127.0.0.1:19109 BARE_PROXY_UPSTREAM=http://127.0.0.1:19101 \
//!  BARE_PROXY_WORKERS=2 cargo run --release -p formaliza-gateway --example bare_proxy`

use actix_web::body::SizedStream;
use actix_web::http::header::{CONNECTION, CONTENT_LENGTH, HOST};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use formaliza_gateway::proxy::content_length;

struct Upstream(String);

async fn forward(
    req: HttpRequest,
    client: web::Data<awc::Client>,
    upstream: web::Data<Upstream>,
) -> HttpResponse {
    let target = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let mut forwarded = client
        .request(req.method().clone(), format!("{}{target}", upstream.0))
        .no_decompress();
    for (name, value) in req.headers() {
        if name != HOST && name != CONNECTION {
            forwarded = forwarded.append_header((name.clone(), value.clone()));
        }
    }
    let Ok(response) = forwarded.send().await else {
        return HttpResponse::BadGateway().finish();
    };
    let mut answer = HttpResponse::build(response.status());
    for (name, value) in response.headers() {
        if name != CONTENT_LENGTH && name != CONNECTION {
            answer.append_header((name.clone(), value.clone()));
        }
    }
    match content_length(response.headers()) {
        Some(length) => answer.body(SizedStream::new(length, response)),
        None => answer.streaming(response),
    }
}

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn main() -> std::io::Result<()> {
    let bind = setting("BARE_PROXY_BIND", "127.0.0.1:19109");
    let upstream = setting("BARE_PROXY_UPSTREAM", "http://127.0.0.1:19101");
    let workers = setting("BARE_PROXY_WORKERS", "2")
        .parse()
        .map_err(|e| std::io::Error::other(format!("BARE_PROXY_WORKERS: {e}")))?;
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            // As the gateway's: one pooled keep-alive client per worker.
            let client = awc::Client::builder()
                .no_default_headers()
                .disable_redirects()
                .finish();
            App::new()
                .app_data(web::Data::new(client))
                .app_data(web::Data::new(Upstream(upstream.clone())))
                .default_service(web::to(forward))
        })
        .workers(workers)
        .bind(bind)?
        .run()
        .await
    })
}
