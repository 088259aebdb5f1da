//! Formaliza gateway: the only public entry. It verifies tokens and the route's scope before
//! proxying to the services (which verify again), issues tokens to registered clients, and
//! publishes the keys that verify them.

pub mod cli;
pub mod clients;
pub mod config;
pub mod dashboard;
pub mod edge;
pub mod failures;
pub mod forwarded;
pub mod keys;
pub mod limits;
pub mod metrics;
pub mod proxy;
pub mod published;
pub mod routes;
pub mod schema;
pub mod tokens;
pub mod webhooks;

use std::net::TcpListener;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Condition, from_fn};
use actix_web::{App, HttpServer, web};
use diesel_migrations::EmbeddedMigrations;

use formaliza_shared::auth::{AuthConfig, TokenVerifier};
use formaliza_shared::context;
use formaliza_shared::db::{self, DbPool, Migrations};

pub use config::GatewayConfig;

const POSTGRES_MIGRATIONS: EmbeddedMigrations =
    diesel_migrations::embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations =
    diesel_migrations::embed_migrations!("migrations/sqlite");

/// The gateway's migrations (clients, signing keys).
pub fn migrations() -> Migrations {
    Migrations {
        postgres: POSTGRES_MIGRATIONS,
        sqlite: SQLITE_MIGRATIONS,
    }
}

/// What every worker shares.
pub struct State {
    pub config: GatewayConfig,
    keys: RwLock<Arc<keys::KeySet>>,
    pub verifier: TokenVerifier,
    pub limits: limits::RateLimits,
    /// Per client address, for the published answers (`/v1/public`).
    pub public_limits: limits::RateLimits,
    pub metrics: metrics::Metrics,
    /// Where the operations listener is bound (`/metrics`, never answered on the public one).
    pub metrics_address: std::net::SocketAddr,
}

impl State {
    /// Signs with `fresh`'s active key from now on; its verifying keys are trusted too.
    pub fn replace_keys(&self, fresh: keys::KeySet) {
        self.verifier.add_keys(fresh.verifying.clone());
        if let Ok(mut keys) = self.keys.write() {
            *keys = Arc::new(fresh);
        }
    }

    /// Where `service` is (no trailing slash), when configured.
    pub fn feed_url(&self, service: routes::Service) -> Option<String> {
        match service {
            routes::Service::Members => self.config.members_url.clone(),
            routes::Service::Trainings => self.config.trainings_url.clone(),
            routes::Service::SocialProtection => self.config.social_protection_url.clone(),
        }
        .map(|url| url.trim_end_matches('/').to_owned())
    }

    /// The keys in force.
    pub fn keys(&self) -> Arc<keys::KeySet> {
        match self.keys.read() {
            Ok(keys) => keys.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// The merged OpenAPI document (gateway and every service, as exposed here), generated and
/// checked for drift by `tests/tests/openapi.rs`; served byte for byte at `/openapi.json`.
pub const PUBLISHED_SPEC: &str = include_str!("../../openapi/formaliza.json");

/// The gateway's own operations, and the title of the merged document.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Formaliza API",
        description = "Members, trainings and social protection for programmes that move informal workers into the \
                       formal economy. Get a token from `POST /oauth/token` (client credentials) and send it as \
                       `Authorization: Bearer <token>`; each operation lists the scopes it needs. Errors are RFC 9457 \
                       problem+json; lists are keyset-paginated; POSTs accept an `Idempotency-Key`. \
                       Send `Accept-Language: es` (or `es-PE`, `es-BO`; q-values honoured) for problems in \
                       Spanish: their `title`, `detail` and field `message`s follow it (English by default, \
                       said in `Content-Language`), while `type`, `code` and `field` never change. \
                       When a service fails behind the gateway, a 503 means the request was not carried out \
                       (retry after `Retry-After`), while a 502 or 504 means its outcome is unknown: retry a \
                       write only with the same `Idempotency-Key`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    paths(
        tokens::issue_token, tokens::jwks, proxy::healthz, proxy::readyz,
        webhooks::handlers::create, webhooks::handlers::list, webhooks::handlers::read,
        webhooks::handlers::pause, webhooks::handlers::resume, webhooks::handlers::rotate_secret,
        webhooks::handlers::replay, webhooks::handlers::remove,
        published::handlers::publish_question, published::handlers::list_published_questions, published::handlers::get_published_question,
        published::handlers::unpublish_question, published::handlers::public_index, published::handlers::public_answer,
    ),
    tags(
        (name = "auth", description = "Tokens and the keys that verify them"),
        (name = "subscriptions", description = "Webhooks: the change feeds pushed to your URL, signed, in order, at least once"),
        (name = "published", description = "Published indicators: aggregate questions the programme office makes readable by anyone, without a token, under `/v1/public`"),
        (name = "operations", description = "Health and readiness (metrics are on a separate operators' listener, not in this API)"),
    )
)]
pub struct GatewayApi;

/// The gateway's own part of the published document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    <GatewayApi as utoipa::OpenApi>::openapi()
}

async fn published_spec() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(PUBLISHED_SPEC)
}

/// `/docs` is the UI's index, which lives at `/docs/` (its files are named relative to it).
async fn docs_index() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// CORS for browser dashboards: only the configured origins; preflights are answered here,
/// without a token, while real requests still need one.
fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PATCH", "DELETE", "OPTIONS"])
        .allowed_headers([
            "authorization",
            "content-type",
            "idempotency-key",
            "if-match",
            "x-request-id",
        ])
        .expose_headers([
            "etag",
            "location",
            "x-request-id",
            "retry-after",
            "ratelimit-limit",
            "ratelimit-remaining",
            "ratelimit-reset",
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// A started gateway.
pub struct RunningGateway {
    pub server: Server,
    pub handle: ServerHandle,
    pub port: u16,
    /// The operations listener's port (`/metrics`).
    pub metrics_port: u16,
    pub pool: DbPool,
}

/// Opens the database (migrating it and creating the first signing key if needed), binds the
/// port and builds the server; await or spawn `server`.
pub fn build(config: GatewayConfig) -> Result<RunningGateway, StartError> {
    let listener = TcpListener::bind(config.bind).map_err(|source| StartError::Listen {
        address: config.bind.to_string(),
        source,
    })?;
    build_on(config, listener)
}

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    #[error("gateway database: {0}")]
    Database(String),
    #[error("signing keys: {0}")]
    Keys(#[from] formaliza_shared::ApiError),
    #[error("rate limits: {0}")]
    RateLimits(String),
}

/// Opens the gateway's database and applies its migrations.
pub fn open_database(config: &GatewayConfig) -> Result<DbPool, StartError> {
    let pool = db::connect(&config.database_url, config.pool_size).map_err(StartError::Database)?;
    db::migrate(&pool, migrations()).map_err(StartError::Database)?;
    Ok(pool)
}

/// [`build`] on a listener bound beforehand (so that whoever starts the gateway knows its
/// address before it runs, e.g. to point the services at its JWKS).
pub fn build_on(
    config: GatewayConfig,
    listener: TcpListener,
) -> Result<RunningGateway, StartError> {
    let pool = open_database(&config)?;
    let key_set = keys::open(&pool, &config)?;
    let mut static_keys = key_set.verifying.clone();
    static_keys.extend(config.trusted_keys.iter().cloned());
    let verifier = TokenVerifier::new(AuthConfig {
        issuer: config.issuer.clone(),
        audience: config.audience.clone(),
        leeway_seconds: config.leeway_seconds,
        static_keys,
        // The gateway's own keys are in its database; rotated ones are picked up from there.
        jwks_url: None,
        jwks_refresh: Duration::from_secs(60),
        cache_capacity: config.token_cache_capacity,
        trusted_issuers: config.trusted_issuers.clone(),
    });
    let port = listener
        .local_addr()
        .map_err(|source| StartError::Listen {
            address: config.bind.to_string(),
            source,
        })?
        .port();
    let metrics_listener =
        TcpListener::bind(config.metrics_bind).map_err(|source| StartError::Listen {
            address: config.metrics_bind.to_string(),
            source,
        })?;
    let metrics_address = metrics_listener
        .local_addr()
        .map_err(|source| StartError::Listen {
            address: config.metrics_bind.to_string(),
            source,
        })?;
    let routes = web::Data::new(routes::RouteTable::new(&config));
    let state = web::Data::new(State {
        config: config.clone(),
        keys: RwLock::new(Arc::new(key_set)),
        verifier,
        limits: match &config.redis_url {
            Some(url) => limits::RateLimits::shared(
                config.rate_limit_per_second,
                config.rate_limit_burst,
                url,
                "formaliza:ratelimit:",
            )
            .map_err(StartError::RateLimits)?,
            None => limits::RateLimits::new(config.rate_limit_per_second, config.rate_limit_burst),
        },
        public_limits: match &config.redis_url {
            Some(url) => limits::RateLimits::shared(
                config.published.rate_per_second,
                config.published.rate_burst,
                url,
                "formaliza:public-ratelimit:",
            )
            .map_err(StartError::RateLimits)?,
            None => limits::RateLimits::new(
                config.published.rate_per_second,
                config.published.rate_burst,
            ),
        },
        metrics: metrics::Metrics::default(),
        metrics_address,
    });
    if state.verifier.fetches_keys() {
        let state = state.clone();
        actix_rt::spawn(async move { state.verifier.refresh().await });
    }
    // Every minute: forget idle rate-limit buckets, and pick up keys rotated from the command
    // line (or by another replica) without a restart.
    let housekeeping = state.clone();
    let key_pool = pool.clone();
    actix_rt::spawn(async move {
        let mut tick = actix_rt::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            housekeeping.limits.shrink();
            housekeeping.public_limits.shrink();
            let grace = housekeeping.config.key_grace();
            match db::run(&key_pool, move |conn| keys::load(conn, grace)).await {
                Ok(fresh) => housekeeping.replace_keys(fresh),
                Err(error) => log::warn!("cannot reload signing keys: {error}"),
            }
        }
    });
    if config.webhooks.key.is_some() {
        // Holds the state weakly: delivery ends when the gateway's server is gone.
        let minting = Arc::downgrade(&state.clone().into_inner());
        let watched = minting.clone();
        let alive = Arc::new(move || watched.strong_count() > 0);
        let mint: webhooks::delivery::Minter = Arc::new(move |sub, scope, partner| {
            let state = minting.upgrade().ok_or("the gateway has stopped")?;
            tokens::sign_claims(&state.keys(), &state.config, sub, scope, partner, 300)
                .map_err(|e| e.to_string())
        });
        let feeds = [
            routes::Service::Members,
            routes::Service::Trainings,
            routes::Service::SocialProtection,
        ]
        .into_iter()
        .filter_map(|service| {
            state
                .feed_url(service)
                .map(|url| (service.name().to_owned(), url))
        })
        .collect();
        webhooks::delivery::Delivery {
            pool: pool.clone(),
            config: config.webhooks.clone(),
            feeds,
            mint,
            alive,
            owner: format!("gateway-{}", uuid::Uuid::now_v7()),
        }
        .spawn()
        .map_err(|e| StartError::Database(format!("cannot start webhook delivery: {e}")))?;
    }
    let pool_data = web::Data::new(pool.clone());
    // The gateway's own paths answer 405 (with `Allow`) to other methods, like the services'.
    let mut own_methods = formaliza_shared::openapi::AllowedMethods::of(&openapi());
    own_methods.add("/openapi.json", &["GET"]);
    own_methods.add("/dashboard", &["GET"]);
    own_methods.add("/dashboard/{file}", &["GET"]);
    let own_methods = web::Data::new(own_methods);
    let timeout = config.upstream_timeout;
    // One cache of published answers for every worker.
    let answers = web::Data::new(published::answers::Answers::new(config.published.max_age));
    let mut server = HttpServer::new(move || {
        // One pooled keep-alive client per worker. An idle connection is dropped before the
        // services' own keep-alive (actix's 5 s) closes it: a request written onto a connection
        // the service is closing at that moment would be lost, and could only be reported as an
        // unknown outcome (502), since nothing tells it apart from a service dying mid-request.
        let client = awc::Client::builder()
            .connector(awc::Connector::new().conn_keep_alive(Duration::from_secs(4)))
            .timeout(timeout)
            .no_default_headers()
            .disable_redirects()
            .finish();
        App::new()
            .app_data(state.clone())
            .app_data(routes.clone())
            .app_data(pool_data.clone())
            .app_data(own_methods.clone())
            .app_data(web::Data::new(client))
            .app_data(answers.clone())
            .service(tokens::issue_token)
            .service(tokens::jwks)
            .service(webhooks::handlers::create)
            .service(webhooks::handlers::list)
            .service(webhooks::handlers::pause)
            .service(webhooks::handlers::resume)
            .service(webhooks::handlers::rotate_secret)
            .service(webhooks::handlers::replay)
            .service(webhooks::handlers::read)
            .service(webhooks::handlers::remove)
            .service(published::handlers::publish_question)
            .service(published::handlers::list_published_questions)
            .service(published::handlers::get_published_question)
            .service(published::handlers::unpublish_question)
            .service(published::handlers::public_index)
            .service(published::handlers::public_answer)
            .service(dashboard::page)
            .service(dashboard::asset)
            .service(proxy::healthz)
            .service(proxy::readyz)
            .route("/openapi.json", web::get().to(published_spec))
            .route("/docs", web::get().to(docs_index))
            // In a scope: a static prefix is compared on every request, where the tail
            // pattern alone would run its regex against every proxied path.
            .service(
                web::scope("/docs").service(
                    utoipa_swagger_ui::SwaggerUi::new("/{_:.*}")
                        .config(utoipa_swagger_ui::Config::from("/openapi.json")),
                ),
            )
            .default_service(web::to(proxy::forward))
            .wrap(from_fn(proxy::own_head))
            // Inside `observe`, so refused heads are counted; inside the request id, so they
            // carry it.
            .wrap(from_fn(edge::head_limits))
            .wrap(from_fn(proxy::observe))
            // No origin allowed, no CORS: a browser's preflight fails either way, and the
            // headers actix-cors adds to every answer (Vary, the exposed list) serve nobody.
            .wrap(Condition::new(
                !state.config.cors_origins.is_empty(),
                cors(&state.config.cors_origins),
            ))
            // Outside the allow-list's CORS: the published answers are open to every origin.
            .wrap(from_fn(published::handlers::public_cors))
            .wrap(from_fn(metrics::operations_listener))
            .wrap(from_fn(context::request_context))
    })
    .listen(listener)
    .map_err(|source| StartError::Listen {
        address: config.bind.to_string(),
        source,
    })?
    .listen(metrics_listener)
    .map_err(|source| StartError::Listen {
        address: metrics_address.to_string(),
        source,
    })?
    .shutdown_timeout(10);
    if !config.handle_signals {
        server = server.disable_signals();
    }
    let server = server.run();
    let handle = server.handle();
    log::info!("gateway listening on port {port}; metrics on {metrics_address}");
    Ok(RunningGateway {
        server,
        handle,
        port,
        metrics_port: metrics_address.port(),
        pool,
    })
}
