//! The demo programme: a deterministic, realistic data set loaded through the public API, as the
//! programme office and two partner NGOs would load it, so that every figure it shows was
//! computed by the system.
//!
//! - Peru (partner "Asociación Tierra Viva"): coffee cooperatives and associations in Junín,
//!   Cajamarca, San Martín and Cusco under a regional federation, one cooperative invited from
//!   outside the programme, and small enterprises (textile, food, construction).
//! - Bolivia (partner "Fundación Yungas Solidaria"): coffee cooperatives in La Paz's Yungas and
//!   Caranavi under a federation, and a metalworking workshop.
//! - 250 coffee-producing households and 40 others, 2 to 5 members each, imported from one CSV
//!   file per partner; workshops with registrations and sign-in sheets (certificates follow);
//!   schemes (SIS, EsSalud, ONP, SUS, the SIP pension, cooperative mutual funds, crop and life
//!   micro-insurance) and enrolments with backdated histories, some applied, suspended or ended.
//! - Exactly 144 of the 250 coffee households (57.6%) have an active public service and 107
//!   (42.8%) an active insurance mechanism today: the programme's reported figures.
//!
//! - Twenty-five town enterprises and the programme's organisations take their registration steps
//!   with SUNAT and SUNARP, the SIN, SEPREC and AFCOOP over two years (one in ten of the entries
//!   later cancelled), and the members hold jobs: member-workers of their cooperatives, owners,
//!   family workers, and employees of the towns' enterprises, some registered for social
//!   security.
//!
//! The modules, in the order a run uses them: [`clients`] registers the demo's API clients,
//! [`catalogue`] creates the schemes and courses, [`load`] writes each partner's territory
//! through [`api`] from the population [`data`] generates, [`coverage`] picks the covered
//! households and reads the figures back, and [`programme`] records the programme's indicator
//! catalogue with its reported figures and reads where each indicator stands, and [`published`]
//! publishes the questions the example dashboard reads without a token.

mod api;
mod catalogue;
mod clients;
mod coverage;
mod data;
mod error;
mod formalisation;
mod load;
mod programme;
mod published;

use std::fmt::Write as _;
use std::time::Duration;

use formaliza_shared::language::{Args, Language};

use crate::Standalone;

pub use clients::DemoClient;
pub use coverage::{COFFEE_HOUSEHOLDS, WITH_INSURANCE, WITH_PUBLIC_SERVICE};
pub use error::DemoError;
pub use formalisation::Formalisation;
pub use programme::ProgrammeLine;

use api::Api;
use catalogue::Catalogue;
use coverage::{feed_head, wait_for_coverage};
use error::fail;
use load::load_partner;

/// What `formaliza demo` did.
#[derive(Debug)]
pub struct Demo {
    pub clients: Vec<DemoClient>,
    /// `false` when the data was already there (the clients got new secrets).
    pub loaded_now: bool,
    /// Coverage of coffee households today: (public service %, insurance %, households).
    pub coverage: (f64, f64, i64),
    /// Formal organisations and workers with a formal job: (today, a year ago).
    pub formalisation: (Formalisation, Formalisation),
    /// A certificate code anyone can verify.
    pub certificate_code: Option<String>,
    /// The programme's indicators today: live, last reported, next target, on track.
    pub programme: Vec<ProgrammeLine>,
    /// The day of `programme`.
    pub today: String,
}

impl Demo {
    pub fn client(&self, role: &str) -> Option<&DemoClient> {
        self.clients.iter().find(|c| c.role == role)
    }

    /// The credentials and figures, for the terminal, in `language`.
    pub fn describe(&self, public: &str, language: Language) -> String {
        let say = |id: &str, args: &Args<'_>| language.say(id, args);
        let mut text = String::new();
        let (public_service, insurance, households) = self.coverage;
        let _ = writeln!(
            text,
            "\n{}",
            say(
                if self.loaded_now {
                    "cli-demo-coverage-loaded"
                } else {
                    "cli-demo-coverage-already-loaded"
                },
                &[
                    ("households", households.into()),
                    ("public_service", public_service.into()),
                    ("insurance", insurance.into()),
                ],
            )
        );
        let (now, then) = self.formalisation;
        let _ = writeln!(
            text,
            "{}\n",
            say(
                "cli-demo-formalisation",
                &[
                    ("formal", now.formal.into()),
                    ("organisations", now.organisations.into()),
                    ("formal_then", then.formal.into()),
                    ("formal_jobs", now.formal_jobs.into()),
                    ("workers", now.workers.into()),
                    ("percentage", now.formal_jobs_percentage.into()),
                    ("percentage_then", then.formal_jobs_percentage.into()),
                ],
            )
        );
        let _ = writeln!(
            text,
            "{}\n{}",
            say(
                "cli-demo-programme",
                &[("today", self.today.as_str().into())]
            ),
            programme::render(&self.programme, language)
        );
        let _ = writeln!(text, "{}", say("cli-demo-clients", &[]));
        for client in &self.clients {
            let _ = writeln!(
                text,
                "  {:<10} {}\n             client_id {}  client_secret {}\n             scopes: {}{}",
                client.role,
                client.name,
                client.client_id,
                client.client_secret,
                client.scopes,
                client
                    .partner_id
                    .map(|p| format!("  (partner_id {p})"))
                    .unwrap_or_default()
            );
        }
        if let Some(dashboard) = self.client("dashboard") {
            let _ = writeln!(
                text,
                "\n{}\n  TOKEN=$(curl -s -u '{}:{}' -d grant_type=client_credentials {public}/oauth/token | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')\n  \
                 curl -s '{public}/v1/indicators/coverage?sector=coffee&group_by=country' -H \"Authorization: Bearer $TOKEN\"\n  \
                 curl -s '{public}/v1/programme/indicators' -H \"Authorization: Bearer $TOKEN\"",
                say("cli-demo-try-it", &[]),
                dashboard.client_id,
                dashboard.client_secret
            );
        }
        if let Some(code) = &self.certificate_code {
            let _ = writeln!(
                text,
                "  curl -s {public}/v1/certificates/verify/{code}     {}",
                say("cli-demo-no-token", &[])
            );
        }
        text
    }
}

/// Registers the demo clients (or renews their secrets), loads the data through the gateway if
/// it is not there yet, waits until the coverage read model has caught up, and reads the
/// coverage of coffee households.
pub async fn run(system: &Standalone) -> Result<Demo, DemoError> {
    let (clients, loaded_before) = clients::register(&system.gateway_pool).await?;

    let gateway = &system.gateway_url;
    let http = awc::Client::builder()
        .timeout(Duration::from_secs(60))
        .finish();
    let api = |role: &str| {
        let client = clients
            .iter()
            .find(|c| c.role == role)
            .ok_or_else(|| fail(format!("no demo client {role}")))?;
        Ok::<_, DemoError>(Api::new(http.clone(), gateway, client))
    };
    let programme = api("programme")?.authenticate().await?;
    let mut certificate_code = None;
    if !loaded_before {
        log::info!("loading the demo programme through {gateway}");
        let partner_pe = api("partner-pe")?.authenticate().await?;
        let partner_bo = api("partner-bo")?.authenticate().await?;
        let catalogue = Catalogue::create(&programme).await?;
        let (pe, bo) = futures_util::future::join(
            load_partner(&partner_pe, &catalogue, &data::peru()),
            load_partner(&partner_bo, &catalogue, &data::bolivia()),
        )
        .await;
        certificate_code = pe?.or(bo?);
    }
    let members_head = feed_head(&programme, "members").await?;
    let dashboard = api("dashboard")?.authenticate().await?;
    let coverage = wait_for_coverage(&dashboard, members_head).await?;
    let today = chrono::Utc::now().date_naive();
    let year_ago = today - chrono::TimeDelta::days(365);
    let formalisation = (
        formalisation::figures(&dashboard, &today.to_string()).await?,
        formalisation::figures(&dashboard, &year_ago.to_string()).await?,
    );
    if !loaded_before {
        // Now that the coverage read model has caught up: the live values frozen beside the
        // reported ones are the records'.
        programme::create(&programme).await?;
        // The questions the example dashboard at /dashboard draws, readable without a token.
        published::publish(&programme, &today.to_string()).await?;
    }
    let table = programme::table(&dashboard, &today.to_string()).await?;
    Ok(Demo {
        clients,
        loaded_now: !loaded_before,
        coverage,
        formalisation,
        certificate_code,
        programme: table,
        today: today.to_string(),
    })
}
