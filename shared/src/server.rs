//! Builds and starts a service: the middleware, app data, operational routes and OpenAPI
//! document every service shares, around the service's own routes.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{self, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig as RouteConfig;

use crate::auth::{Scope, TokenVerifier};
use crate::bus::{BusHandle, Publisher};
use crate::config::{ConfigError, ServiceConfig};
use crate::context;
use crate::db::{self, DbPool, Migrations};
use crate::error::ApiError;
use crate::feed;
use crate::state::ServiceState;

use crate::health;
use crate::idempotency;

/// Registers a service's own routes (and any app data they need).
pub type Routes = Arc<dyn Fn(&mut RouteConfig<'_>) + Send + Sync>;

/// What makes a service what it is.
#[derive(Clone)]
pub struct ServiceSpec {
    /// Short name, as in `/v1/feeds/{name}` (`members`, `trainings`, `social-protection`).
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The scope that reads this service's feed.
    pub read_scope: Scope,
    /// The kinds of record of its feed that are about people, as their resources say
    /// (`Resource::PERSONAL`).
    pub personal: &'static [(&'static str, crate::privacy::Personal)],
    pub migrations: fn() -> Migrations,
    pub routes: Routes,
    /// The kinds of record it imports as jobs (`/v1/imports`), if any.
    pub imports: Option<&'static crate::imports::ImportHost>,
}

/// The service's OpenAPI document, as it serves it at `/openapi.json`.
pub fn openapi(spec: &ServiceSpec) -> OpenApi {
    let (_, document) = App::new()
        .into_utoipa_app()
        .openapi(base_document(spec))
        .configure(|cfg| register(cfg, spec))
        .split_for_parts();
    let mut document = document;
    if let Some(host) = spec.imports {
        host.state_scopes(&mut document);
    }
    crate::openapi::link_created_records(&mut document);
    crate::openapi::state_query_text_rule(&mut document);
    document
}

fn base_document(spec: &ServiceSpec) -> OpenApi {
    let mut document = openapi::OpenApiBuilder::new()
        .info(
            openapi::InfoBuilder::new()
                .title(spec.title)
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(spec.description))
                .license(Some(
                    openapi::LicenseBuilder::new()
                        .name("Apache-2.0")
                        .identifier(Some("Apache-2.0"))
                        .build(),
                ))
                .build(),
        )
        .build();
    let components = document.components.get_or_insert_with(Default::default);
    // Referenced by the parameters that take a country code (`value_type = CountryCode`).
    components.schemas.insert(
        "CountryCode".to_owned(),
        <crate::domain::CountryCode as utoipa::PartialSchema>::schema(),
    );
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            Http::builder()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "An access token from the gateway's `POST /oauth/token` (client credentials). \
                     Each operation lists the scopes it needs.",
                ))
                .build(),
        ),
    );
    document
}

fn register(cfg: &mut RouteConfig<'_>, spec: &ServiceSpec) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(feed::read_feed)
        .service(crate::audit::list_access);
    if spec.imports.is_some() {
        use crate::imports::handlers as imports;
        cfg.service(imports::create_import)
            .service(imports::list_imports)
            .service(imports::get_import)
            .service(imports::list_import_rows)
            .service(imports::import_report)
            .service(imports::cancel_import);
    }
    (spec.routes)(cfg);
}

/// A started service.
pub struct RunningService {
    pub server: Server,
    pub handle: ServerHandle,
    pub port: u16,
    pub pool: DbPool,
    /// The feed's publisher on NATS JetStream, when configured.
    pub bus: Option<BusHandle>,
    /// The import jobs' runner, when the service hosts jobs.
    pub imports: Option<Arc<crate::imports::runner::RunnerHandle>>,
}

/// Error raised while starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("database: {0}")]
    Database(String),
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
    #[error("cannot start the bus publisher: {0}")]
    Bus(std::io::Error),
    #[error("cannot start the import runner: {0}")]
    Imports(std::io::Error),
}

/// Opens the database, applies migrations, binds the port and builds the server (not yet
/// polled: spawn or await `server`).
pub fn start(spec: ServiceSpec, config: ServiceConfig) -> Result<RunningService, StartError> {
    let pool = db::connect(&config.database_url, config.pool_size).map_err(StartError::Database)?;
    db::migrate(&pool, (spec.migrations)()).map_err(StartError::Database)?;
    let listener = TcpListener::bind(config.bind)?;
    let port = listener.local_addr()?.port();

    let verifier = web::Data::new(TokenVerifier::new(config.auth.clone()));
    let limits = web::Data::new(config.limits);
    let pool_data = web::Data::new(pool.clone());
    let document = openapi(&spec);
    let mut allowed = crate::openapi::AllowedMethods::of(&document);
    allowed.add("/openapi.json", &["GET"]);
    let allowed = web::Data::new(allowed);
    let document = Arc::new(
        document
            .to_json()
            .map_err(|e| StartError::Database(e.to_string()))?,
    );
    let upstreams = web::Data::new(config.upstreams.clone());
    let privacy = web::Data::new(config.privacy.clone());
    let min_cell = web::Data::new(config.min_cell);
    let state = web::Data::new(ServiceState {
        service: spec.name,
        read_scope: spec.read_scope,
        personal: spec.personal,
        pool: pool.clone(),
        privacy: config.privacy.clone(),
        min_cell: config.min_cell,
        upstreams: config.upstreams.clone(),
    });

    let runner = match spec.imports {
        Some(host) => Some(Arc::new(
            crate::imports::runner::spawn(pool.clone(), host, config.imports.clone())
                .map_err(StartError::Imports)?,
        )),
        None => None,
    };
    let imports = spec.imports.map(|host| {
        web::Data::new(crate::imports::handlers::Imports {
            host,
            settings: config.imports.clone(),
            runner: runner.clone(),
        })
    });

    let app_spec = spec.clone();
    let app_verifier = verifier.clone();
    let mut server = HttpServer::new(move || {
        let document = document.clone();
        let imports = imports.clone();
        let (app, _) = App::new()
            .into_utoipa_app()
            .openapi(base_document(&app_spec))
            .app_data(pool_data.clone())
            .app_data(app_verifier.clone())
            .app_data(limits.clone())
            .app_data(upstreams.clone())
            .app_data(privacy.clone())
            .app_data(min_cell.clone())
            .app_data(state.clone())
            .app_data(allowed.clone())
            .app_data(
                web::PathConfig::default()
                    .error_handler(|e, _| ApiError::bad_request(e.to_string()).into()),
            )
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|e, _| ApiError::bad_request(e.to_string()).into()),
            )
            .app_data(
                web::JsonConfig::default()
                    .error_handler(|e, _| ApiError::bad_request(e.to_string()).into()),
            )
            .configure(|cfg| {
                if let Some(imports) = imports {
                    cfg.app_data(imports);
                }
                register(cfg, &app_spec)
            })
            .split_for_parts();
        app.route(
            "/openapi.json",
            web::get().to(move || {
                let document = document.clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(document.as_str().to_owned())
                }
            }),
        )
        .default_service(web::to(no_such_route))
        .wrap(Compress::default())
        .wrap(from_fn(crate::head::head_as_get))
        .wrap(from_fn(context::request_context))
    })
    .listen(listener)?
    .shutdown_timeout(10)
    .client_request_timeout(Duration::from_secs(30));
    if let Some(workers) = config.workers {
        server = server.workers(workers);
    }
    if !config.handle_signals {
        server = server.disable_signals();
    }
    let server = server.run();
    let handle = server.handle();

    spawn_housekeeping(pool.clone());
    let bus = match config.bus.clone() {
        Some(bus) => Some(
            Publisher {
                service: spec.name,
                read_scope: spec.read_scope,
                personal: spec.personal,
                privacy: config.privacy.clone(),
                pool: pool.clone(),
                config: bus,
            }
            .spawn()
            .map_err(StartError::Bus)?,
        ),
        None => None,
    };
    if verifier.fetches_keys() {
        let verifier = verifier.clone();
        actix_rt::spawn(async move { verifier.refresh().await });
    }
    log::info!(
        "{} listening on {}",
        spec.name,
        config.bind.ip().to_string() + ":" + &port.to_string()
    );
    Ok(RunningService {
        server,
        handle,
        port,
        pool,
        bus,
        imports: runner,
    })
}

async fn no_such_route(
    req: HttpRequest,
    allowed: web::Data<crate::openapi::AllowedMethods>,
) -> Result<HttpResponse, ApiError> {
    Err(unrouted(&req, &allowed))
}

/// The answer to a request no route took: `405` with `Allow` when the path is known but not
/// for this method, `400` when only its `{id}` was malformed (see
/// [`crate::resource::record_id_guard`]), `404` otherwise.
pub fn unrouted(req: &HttpRequest, allowed: &crate::openapi::AllowedMethods) -> ApiError {
    let method = req.method().as_str();
    match allowed.allow(req.path()) {
        Some(allow) if allow.split(", ").any(|m| m == method) => {
            let id = allowed.parameter(req.path()).unwrap_or_default();
            match crate::resource::parse_id("id", id) {
                Err(malformed) => malformed,
                Ok(_) => ApiError::not_found(format!("no route for {method} {}", req.path())),
            }
        }
        Some(allow) => ApiError::method_not_allowed(method, req.path(), &allow),
        None => ApiError::not_found(format!("no route for {method} {}", req.path())),
    }
}

/// Hourly: drop expired idempotency keys.
fn spawn_housekeeping(pool: DbPool) {
    actix_rt::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match db::run(&pool, idempotency::purge_expired).await {
                Ok(0) => {}
                Ok(n) => log::info!("purged {n} expired idempotency keys"),
                Err(error) => log::warn!("idempotency key purge failed: {error}"),
            }
        }
    });
}

/// What a service binary is asked to do (`--help` lists it).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ServiceCommand {
    /// Run the service, configured from the environment (the default).
    Serve,
    /// Print a development token signed with FORMALIZA_JWT_HS256_SECRET (to try the service
    /// alone with curl).
    Token(crate::devtoken::TokenArgs),
    /// Apply the database migrations and exit (a deployment's migration step).
    Migrate,
    /// Upload a file (CSV, xlsx, NDJSON) as an import job, follow it with a progress bar and
    /// write the per-row report next to it (FILE.report.csv).
    Import(crate::imports::cli::ImportArgs),
}

#[derive(Debug, clap::Parser)]
#[command(version)]
struct ServiceCli {
    #[command(subcommand)]
    command: Option<ServiceCommand>,
}

/// A service binary: its name, default port, migrations and how it starts.
#[derive(Debug, Clone, Copy)]
pub struct Binary {
    pub name: &'static str,
    pub default_port: u16,
    pub migrations: fn() -> Migrations,
    pub build: fn(ServiceConfig) -> Result<RunningService, StartError>,
}

impl Binary {
    /// Parses the command line ([`ServiceCommand`]) and does what it says.
    pub fn main(self) -> Result<(), Box<dyn std::error::Error>> {
        use clap::{CommandFactory, FromArgMatches};
        let command = ServiceCli::command()
            .name(format!("formaliza-{}", self.name))
            .about(format!(
                "The Formaliza {} service (README: Configuration).",
                self.name
            ));
        let cli = ServiceCli::from_arg_matches(&command.get_matches())?;
        self.run(cli.command.unwrap_or(ServiceCommand::Serve))
    }

    pub fn run(self, command: ServiceCommand) -> Result<(), Box<dyn std::error::Error>> {
        match command {
            ServiceCommand::Serve => {
                context::init_logging();
                let config = ServiceConfig::from_env(self.name, self.default_port)?;
                actix_web::rt::System::new()
                    .block_on(async { (self.build)(config)?.server.await.map_err(Into::into) })
            }
            ServiceCommand::Token(args) => {
                println!("{}", crate::devtoken::sign(&args)?);
                Ok(())
            }
            ServiceCommand::Migrate => {
                context::init_logging();
                migrated_pool(self.name, self.migrations)?;
                log::info!("{}: migrations applied", self.name);
                Ok(())
            }
            ServiceCommand::Import(args) => {
                crate::imports::cli::run(&args, &mut std::io::stdout())?;
                Ok(())
            }
        }
    }

    /// A maintenance command: applies the migrations, runs `work` on the database
    /// (`FORMALIZA_DATABASE_URL`) and exits.
    pub fn maintain(
        self,
        what: &str,
        work: fn(&mut db::DbConnection) -> Result<(), ApiError>,
    ) -> Result<(), Box<dyn std::error::Error>> {
        context::init_logging();
        let pool = migrated_pool(self.name, self.migrations)?;
        let mut conn = pool.get()?;
        // The cause too: an operator runs this, not a remote client.
        work(&mut conn).map_err(|e| format!("{what}: {e:?}"))?;
        log::info!("{}: {what} done", self.name);
        Ok(())
    }
}

/// The service's database (`FORMALIZA_DATABASE_URL`, or its SQLite file under `data/`), migrated.
fn migrated_pool(name: &str, migrations: fn() -> Migrations) -> Result<DbPool, String> {
    let database_url = crate::config::var("FORMALIZA_DATABASE_URL")
        .unwrap_or_else(|| format!("data/{name}.sqlite"));
    let pool = db::connect(&database_url, 1)?;
    db::migrate(&pool, migrations())?;
    Ok(pool)
}

/// What every service crate's `lib.rs` has besides its `spec()`: `migrations()` (its
/// `migrations/postgres` and `migrations/sqlite` folders, embedded) and `openapi()` (its
/// document, from `spec()`).
#[macro_export]
macro_rules! service_crate {
    () => {
        /// This service's migrations, one folder per backend.
        pub fn migrations() -> $crate::db::Migrations {
            const MIGRATIONS: $crate::db::Migrations = $crate::db::Migrations {
                postgres: diesel_migrations::embed_migrations!("migrations/postgres"),
                sqlite: diesel_migrations::embed_migrations!("migrations/sqlite"),
            };
            MIGRATIONS
        }

        /// The service's OpenAPI document.
        pub fn openapi() -> utoipa::openapi::OpenApi {
            $crate::server::openapi(&spec())
        }
    };
}
