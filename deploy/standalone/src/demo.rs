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

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Duration;

use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

use formaliza_gateway::clients::{self, NewClient};
use formaliza_shared::db;

use crate::Standalone;

/// Coffee households, and how many of them have each kind of coverage.
pub const COFFEE_HOUSEHOLDS: usize = 250;
pub const WITH_PUBLIC_SERVICE: usize = 144;
pub const WITH_INSURANCE: usize = 107;

/// Requests in flight at once per loader (the gateway's rate limit paces the rest).
const IN_FLIGHT: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo: {0}")]
    Load(String),
}

fn fail(message: impl Into<String>) -> DemoError {
    DemoError::Load(message.into())
}

/// One of the demo's API clients.
#[derive(Debug, Clone)]
pub struct DemoClient {
    /// What it stands for: `programme`, `partner-pe`, `partner-bo`, `ministry`, `dashboard`.
    pub role: &'static str,
    pub name: &'static str,
    pub scopes: &'static str,
    pub partner_id: Option<&'static str>,
    pub client_id: String,
    pub client_secret: String,
}

const CLIENTS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "programme",
        "Demo: programme office",
        "members:read members:write trainings:read trainings:write protection:read protection:write enrollments:export indicators:read",
        None,
    ),
    (
        "partner-pe",
        "Demo: Asociación Tierra Viva (partner NGO, Peru)",
        "members:read members:write trainings:read trainings:write protection:read protection:write indicators:read",
        Some("tierra-viva"),
    ),
    (
        "partner-bo",
        "Demo: Fundación Yungas Solidaria (partner NGO, Bolivia)",
        "members:read members:write trainings:read trainings:write protection:read protection:write indicators:read",
        Some("yungas-solidaria"),
    ),
    (
        "ministry",
        "Demo: Ministerio de Trabajo (ministry integration)",
        "protection:read enrollments:export",
        None,
    ),
    (
        "dashboard",
        "Demo: coverage dashboard",
        "indicators:read",
        None,
    ),
];

/// What `formaliza demo` did.
#[derive(Debug)]
pub struct Demo {
    pub clients: Vec<DemoClient>,
    /// `false` when the data was already there (the clients got new secrets).
    pub loaded_now: bool,
    /// Coverage of coffee households today: (public service %, insurance %, households).
    pub coverage: (f64, f64, i64),
    /// A certificate code anyone can verify.
    pub certificate_code: Option<String>,
}

impl Demo {
    pub fn client(&self, role: &str) -> Option<&DemoClient> {
        self.clients.iter().find(|c| c.role == role)
    }

    /// The credentials and figures, for the terminal.
    pub fn describe(&self, public: &str) -> String {
        let mut text = String::new();
        let (public_service, insurance, households) = self.coverage;
        let _ = writeln!(
            text,
            "\nDemo programme {}. Coverage of coffee producers' families today ({households} households):\n  \
             {public_service}% with access to public services, {insurance}% with insurance mechanisms.\n\n\
             Demo clients (secrets are shown once; running `formaliza demo` again replaces them):",
            if self.loaded_now {
                "loaded"
            } else {
                "already loaded"
            }
        );
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
                "\nTry it:\n  TOKEN=$(curl -s -u '{}:{}' -d grant_type=client_credentials {public}/oauth/token | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')\n  \
                 curl -s '{public}/v1/indicators/coverage?sector=coffee&group_by=country' -H \"Authorization: Bearer $TOKEN\"",
                dashboard.client_id, dashboard.client_secret
            );
        }
        if let Some(code) = &self.certificate_code {
            let _ = writeln!(
                text,
                "  curl -s {public}/v1/certificates/verify/{code}     (public, no token)"
            );
        }
        text
    }
}

/// Registers the demo clients (or renews their secrets), loads the data through the gateway if
/// it is not there yet, waits until the coverage read model has caught up, and reads the
/// coverage of coffee households.
pub async fn run(system: &Standalone) -> Result<Demo, DemoError> {
    let (clients, loaded_before) = db::run(&system.gateway_pool, |conn| {
        let mut out = Vec::new();
        let mut existed = false;
        for &(role, name, scopes, partner_id) in CLIENTS {
            let issued: NewClient = match clients::find(conn, name)? {
                Some(client) => {
                    existed = true;
                    clients::set_enabled(conn, &client.client_id, true)?;
                    clients::reset_secret(conn, &client.client_id)?.ok_or_else(|| {
                        formaliza_shared::ApiError::internal("demo client vanished")
                    })?
                }
                None => clients::add(conn, name, scopes, partner_id)?,
            };
            out.push(DemoClient {
                role,
                name,
                scopes,
                partner_id,
                client_id: issued.client_id,
                client_secret: issued.client_secret,
            });
        }
        Ok((out, existed))
    })
    .await
    .map_err(|e| fail(e.to_string()))?;

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
            load_partner(&partner_pe, &catalogue, &peru()),
            load_partner(&partner_bo, &catalogue, &bolivia()),
        )
        .await;
        certificate_code = pe?.or(bo?);
    }
    let members_head = feed_head(&programme, "members").await?;
    let dashboard = api("dashboard")?.authenticate().await?;
    let coverage = wait_for_coverage(&dashboard, members_head).await?;
    Ok(Demo {
        clients,
        loaded_now: !loaded_before,
        coverage,
        certificate_code,
    })
}

/// A client of the public API with one demo client's token.
#[derive(Clone)]
struct Api {
    http: awc::Client,
    base: String,
    client_id: String,
    client_secret: String,
    token: String,
}

impl Api {
    fn new(http: awc::Client, base: &str, client: &DemoClient) -> Self {
        Self {
            http,
            base: base.to_owned(),
            client_id: client.client_id.clone(),
            client_secret: client.client_secret.clone(),
            token: String::new(),
        }
    }

    async fn authenticate(mut self) -> Result<Self, DemoError> {
        let body = self
            .send(awc::http::Method::POST, "/oauth/token", Body::Form)
            .await?;
        self.token = body["access_token"]
            .as_str()
            .ok_or_else(|| fail("no access_token"))?
            .to_owned();
        Ok(self)
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value, DemoError> {
        self.send(awc::http::Method::POST, path, Body::Json(body))
            .await
    }

    async fn get(&self, path: &str) -> Result<Value, DemoError> {
        self.send(awc::http::Method::GET, path, Body::None).await
    }

    /// Sends, waiting out `429 Too Many Requests` (a well-behaved client under the gateway's
    /// per-client rate limit): half of `Retry-After`, which is rounded up to whole seconds while
    /// the bucket refills continuously, at most 5 s, then retries.
    async fn send(
        &self,
        method: awc::http::Method,
        path: &str,
        body: Body,
    ) -> Result<Value, DemoError> {
        let url = format!("{}{path}", self.base);
        for _ in 0..50 {
            let request = self.http.request(method.clone(), &url);
            let sent = match &body {
                Body::Form => {
                    request
                        .basic_auth(&self.client_id, &self.client_secret)
                        .send_form(&[("grant_type", "client_credentials")])
                        .await
                }
                Body::None => request.bearer_auth(&self.token).send().await,
                Body::Json(value) => request.bearer_auth(&self.token).send_json(value).await,
                Body::Csv(text) => {
                    request
                        .bearer_auth(&self.token)
                        .content_type("text/csv")
                        .send_body(text.clone())
                        .await
                }
            };
            let mut response = sent.map_err(|e| fail(format!("{method} {path}: {e}")))?;
            let status = response.status();
            if status.as_u16() == 429 {
                let wait = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                actix_rt::time::sleep(Duration::from_millis(wait.clamp(1, 10) * 1000 / 2)).await;
                continue;
            }
            let bytes = response
                .body()
                .limit(64 << 20)
                .await
                .map_err(|e| fail(format!("{method} {path}: {e}")))?;
            let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            if !status.is_success() {
                return Err(fail(format!("{method} {path} answered {status}: {value}")));
            }
            return Ok(value);
        }
        Err(fail(format!("{method} {path}: still rate-limited")))
    }
}

enum Body {
    None,
    Form,
    Json(Value),
    Csv(String),
}

fn id_of(value: &Value) -> Result<String, DemoError> {
    value["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| fail(format!("no id in {value}")))
}

/// Runs `requests` at most [`IN_FLIGHT`] at a time, keeping their order.
async fn all<F>(requests: impl IntoIterator<Item = F>) -> Result<Vec<Value>, DemoError>
where
    F: std::future::Future<Output = Result<Value, DemoError>>,
{
    stream::iter(requests)
        .buffered(IN_FLIGHT)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

/// The programme-wide catalogue: schemes and courses, created by the programme office.
struct Catalogue {
    /// By short name: `sis`, `essalud`, `onp`, `mutual_pe`, `crop_pe`, `sus`, `sip`, `mutual_bo`,
    /// `life_bo`.
    schemes: Vec<(&'static str, String)>,
    /// By topic: `labor_rights`, `cooperativism`, `vocational`, `financial_education`.
    courses: Vec<(&'static str, String)>,
}

impl Catalogue {
    async fn create(programme: &Api) -> Result<Self, DemoError> {
        let schemes: &[(&str, Value)] = &[
            (
                "sis",
                json!({"name": "Seguro Integral de Salud (SIS)", "country": "PE", "kind": "public_service", "category": "health", "operator": "Ministerio de Salud", "coverage_unit": "person"}),
            ),
            (
                "essalud",
                json!({"name": "EsSalud – Seguro Social de Salud", "country": "PE", "kind": "public_service", "category": "health", "operator": "EsSalud", "coverage_unit": "person"}),
            ),
            (
                "onp",
                json!({"name": "Sistema Nacional de Pensiones (ONP)", "country": "PE", "kind": "public_service", "category": "pension", "operator": "Oficina de Normalización Previsional", "coverage_unit": "person"}),
            ),
            (
                "mutual_pe",
                json!({"name": "Fondo mutual de salud de la Central Cafetalera", "country": "PE", "kind": "insurance", "category": "mutual_fund", "operator": "Central de Cooperativas Cafetaleras del Centro", "coverage_unit": "household"}),
            ),
            (
                "crop_pe",
                json!({"name": "Seguro agrícola para cafetaleros", "country": "PE", "kind": "insurance", "category": "crop_insurance", "operator": "La Positiva Seguros", "coverage_unit": "household"}),
            ),
            (
                "sus",
                json!({"name": "Sistema Único de Salud (SUS)", "country": "BO", "kind": "public_service", "category": "health", "operator": "Ministerio de Salud y Deportes", "coverage_unit": "person"}),
            ),
            (
                "sip",
                json!({"name": "Sistema Integral de Pensiones", "country": "BO", "kind": "public_service", "category": "pension", "operator": "Gestora Pública de la Seguridad Social", "coverage_unit": "person"}),
            ),
            (
                "mutual_bo",
                json!({"name": "Fondo de ayuda mutua Yungas Café", "country": "BO", "kind": "insurance", "category": "mutual_fund", "operator": "Cooperativa Agropecuaria Yungas Café", "coverage_unit": "household"}),
            ),
            (
                "life_bo",
                json!({"name": "Microseguro de vida y sepelio", "country": "BO", "kind": "insurance", "category": "micro_insurance", "operator": "Seguros Provida", "coverage_unit": "person"}),
            ),
        ];
        let created = all(schemes
            .iter()
            .map(|(_, body)| programme.post("/v1/schemes", body.clone())))
        .await?;
        let courses: &[(&str, Value)] = &[
            (
                "labor_rights",
                json!({"title": "Derechos laborales y seguridad social", "topic": "labor_rights", "total_hours": 12, "certificate_hours": 9, "language": "es", "description": "Contratos, jornada, salario mínimo, afiliación a la salud y a las pensiones."}),
            ),
            (
                "cooperativism",
                json!({"title": "Cooperativismo y gestión asociativa", "topic": "cooperativism", "total_hours": 16, "certificate_hours": 12, "language": "es", "sector": "coffee"}),
            ),
            (
                "vocational",
                json!({"title": "Cosecha y poscosecha de café de calidad", "topic": "vocational", "total_hours": 8, "certificate_hours": 6, "language": "es", "sector": "coffee"}),
            ),
            (
                "financial_education",
                json!({"title": "Educación financiera para familias productoras", "topic": "financial_education", "total_hours": 6, "certificate_hours": 6, "language": "es"}),
            ),
        ];
        let made = all(courses
            .iter()
            .map(|(_, body)| programme.post("/v1/courses", body.clone())))
        .await?;
        Ok(Self {
            schemes: schemes
                .iter()
                .zip(&created)
                .map(|((key, _), value)| Ok((*key, id_of(value)?)))
                .collect::<Result<_, DemoError>>()?,
            courses: courses
                .iter()
                .zip(&made)
                .map(|((key, _), value)| Ok((*key, id_of(value)?)))
                .collect::<Result<_, DemoError>>()?,
        })
    }

    fn scheme(&self, key: &str) -> Result<&str, DemoError> {
        self.schemes
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, id)| id.as_str())
            .ok_or_else(|| fail(format!("no scheme {key}")))
    }

    fn course(&self, key: &str) -> Result<&str, DemoError> {
        self.courses
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, id)| id.as_str())
            .ok_or_else(|| fail(format!("no course {key}")))
    }
}

/// A deterministic pseudo-random sequence (SplitMix64), so every demo is the same.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// An age from `from` to `from + span - 1`.
    fn age(&mut self, from: i32, span: usize) -> i32 {
        from + i32::try_from(self.below(span)).unwrap_or(0)
    }
}

/// An organisation of a partner's territory, and the households that belong to it.
struct OrganisationPlan {
    key: &'static str,
    body: Value,
    /// Households whose members belong to it: (count, coffee?).
    households: usize,
    sector: &'static str,
    region: &'static str,
    districts: &'static [&'static str],
}

struct PartnerPlan {
    country: &'static str,
    prefix: &'static str,
    seed: u64,
    organisations: Vec<OrganisationPlan>,
    /// Workshops: (course key, organisation key, date, venue, facilitator).
    sessions: Vec<(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
    public_schemes: &'static [&'static str],
    household_insurance: &'static [&'static str],
    /// Which of this partner's coffee households are covered: indexes into the programme-wide
    /// list of 250, offset by `first_coffee`.
    first_coffee: usize,
}

#[expect(clippy::too_many_arguments, reason = "one row of the plan's table")]
fn organisation(
    key: &'static str,
    name: &str,
    kind: &str,
    legal_status: &str,
    sector: &'static str,
    country: &str,
    region: &'static str,
    districts: &'static [&'static str],
    households: usize,
) -> OrganisationPlan {
    OrganisationPlan {
        key,
        body: json!({"name": name, "kind": kind, "legal_status": legal_status, "country": country,
                     "region": region, "district": districts.first(), "sector": sector}),
        households,
        sector,
        region,
        districts,
    }
}

fn peru() -> PartnerPlan {
    let mut organisations = vec![
        organisation(
            "federation",
            "Central de Cooperativas Cafetaleras del Centro",
            "federation",
            "registered",
            "coffee",
            "PE",
            "PE-JUN",
            &["La Merced"],
            0,
        ),
        organisation(
            "perene",
            "Cooperativa Agraria Cafetalera Valle del Perené",
            "cooperative",
            "registered",
            "coffee",
            "PE",
            "PE-JUN",
            &["Perené", "Pichanaqui"],
            45,
        ),
        organisation(
            "san_ignacio",
            "Cooperativa de Servicios Múltiples Frontera San Ignacio",
            "cooperative",
            "registered",
            "coffee",
            "PE",
            "PE-CAJ",
            &["San Ignacio", "Jaén"],
            40,
        ),
        organisation(
            "alto_mayo",
            "Asociación de Productores Cafetaleros Alto Mayo",
            "association",
            "in_formation",
            "coffee",
            "PE",
            "PE-SAM",
            &["Moyobamba", "Rioja"],
            35,
        ),
        organisation(
            "convencion",
            "Cooperativa Agraria Valle de La Convención",
            "cooperative",
            "registered",
            "coffee",
            "PE",
            "PE-CUS",
            &["Santa Ana", "Quellouno"],
            25,
        ),
        organisation(
            "pangoa",
            "Cooperativa Agraria Pangoa",
            "cooperative",
            "registered",
            "coffee",
            "PE",
            "PE-JUN",
            &["San Martín de Pangoa"],
            5,
        ),
        organisation(
            "awana",
            "Textiles Awana Cusco",
            "small_enterprise",
            "informal",
            "textile",
            "PE",
            "PE-CUS",
            &["Cusco"],
            12,
        ),
        organisation(
            "santa_rosa",
            "Panificadora Santa Rosa",
            "small_enterprise",
            "in_formation",
            "food",
            "PE",
            "PE-CAJ",
            &["Cajamarca"],
            10,
        ),
        organisation(
            "manos_unidas",
            "Constructora Manos Unidas",
            "small_enterprise",
            "informal",
            "construction",
            "PE",
            "PE-JUN",
            &["Huancayo"],
            8,
        ),
    ];
    // Invited from outside the programme: its members are counted, the cooperative is flagged.
    organisations[5].body["in_programme"] = json!(false);
    PartnerPlan {
        country: "PE",
        prefix: "TV",
        seed: 0x5EED_0001,
        organisations,
        sessions: vec![
            (
                "labor_rights",
                "perene",
                "2026-03-14",
                "Local comunal de Pichanaqui",
                "Rosa Huamán",
            ),
            (
                "cooperativism",
                "san_ignacio",
                "2026-05-09",
                "Oficina de la cooperativa, San Ignacio",
                "Julio Campos",
            ),
            (
                "vocational",
                "alto_mayo",
                "2026-07-18",
                "Centro de acopio de Rioja",
                "Lucía Ramírez",
            ),
            (
                "financial_education",
                "awana",
                "2026-09-05",
                "Taller Awana, Cusco",
                "Carmen Ccori",
            ),
        ],
        public_schemes: &["sis", "sis", "sis", "essalud", "onp"],
        household_insurance: &["mutual_pe", "mutual_pe", "crop_pe"],
        first_coffee: 0,
    }
}

fn bolivia() -> PartnerPlan {
    PartnerPlan {
        country: "BO",
        prefix: "YS",
        seed: 0x5EED_0002,
        organisations: vec![
            organisation(
                "federation",
                "Federación de Caficultores de los Yungas",
                "federation",
                "registered",
                "coffee",
                "BO",
                "BO-L",
                &["Coroico"],
                0,
            ),
            organisation(
                "yungas_cafe",
                "Cooperativa Agropecuaria Yungas Café",
                "cooperative",
                "registered",
                "coffee",
                "BO",
                "BO-L",
                &["Coroico", "Coripata"],
                60,
            ),
            organisation(
                "caranavi",
                "Asociación de Productores de Café Caranavi",
                "association",
                "in_formation",
                "coffee",
                "BO",
                "BO-L",
                &["Caranavi", "Alto Beni"],
                40,
            ),
            organisation(
                "el_alto",
                "Taller Metalmecánico El Alto Unido",
                "small_enterprise",
                "informal",
                "engineering",
                "BO",
                "BO-L",
                &["El Alto"],
                10,
            ),
        ],
        sessions: vec![
            (
                "cooperativism",
                "yungas_cafe",
                "2026-04-25",
                "Salón de la cooperativa, Coroico",
                "Marcelo Choque",
            ),
            (
                "labor_rights",
                "caranavi",
                "2026-08-22",
                "Unidad educativa de Caranavi",
                "Elena Apaza",
            ),
        ],
        public_schemes: &["sus", "sus", "sus", "sip"],
        household_insurance: &["mutual_bo", "mutual_bo"],
        first_coffee: 150,
    }
}

const FEMALE: &[&str] = &[
    "María",
    "Rosa",
    "Juana",
    "Carmen",
    "Luz Marina",
    "Elena",
    "Nélida",
    "Flor",
    "Maribel",
    "Yolanda",
    "Gladys",
    "Sonia",
    "Teodora",
    "Lidia",
    "Norma",
    "Delia",
    "Paulina",
    "Irma",
];
const MALE: &[&str] = &[
    "José",
    "Juan Carlos",
    "Luis",
    "Pedro",
    "Teófilo",
    "Wilber",
    "Hugo",
    "Mario",
    "Edwin",
    "Fredy",
    "Germán",
    "Rubén",
    "Saturnino",
    "Víctor",
    "Marcelino",
    "Eusebio",
    "Félix",
    "Rolando",
];
const FAMILY: &[&str] = &[
    "Quispe",
    "Mamani",
    "Huamán",
    "Condori",
    "Flores",
    "Choque",
    "Ramos",
    "Cruz",
    "Apaza",
    "Ccori",
    "Huanca",
    "Tito",
    "Chambi",
    "Torres",
    "Vargas",
    "Rojas",
    "Limachi",
    "Poma",
    "Yupanqui",
    "Cusi",
    "Ticona",
    "Callisaya",
    "Nina",
    "Soto",
];

/// Which of the 250 coffee households have each kind of coverage: a fixed, shuffled choice.
fn covered(count: usize, seed: u64) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..COFFEE_HOUSEHOLDS).collect();
    let mut dice = Dice(seed);
    for i in (1..order.len()).rev() {
        order.swap(i, dice.below(i + 1));
    }
    order.into_iter().take(count).collect()
}

struct PlannedHousehold {
    id: String,
    organisation: usize,
    /// Position among the programme's coffee households, if it is one.
    coffee_index: Option<usize>,
    region: &'static str,
}

/// Loads one partner's territory; returns a certificate code of theirs.
async fn load_partner(
    api: &Api,
    catalogue: &Catalogue,
    plan: &PartnerPlan,
) -> Result<Option<String>, DemoError> {
    let mut dice = Dice(plan.seed);
    // Organisations: the federation first, the others under it.
    let federation = id_of(
        &api.post("/v1/organisations", plan.organisations[0].body.clone())
            .await?,
    )?;
    let mut organisation_ids = vec![federation.clone()];
    let bodies: Vec<Value> = plan.organisations[1..]
        .iter()
        .map(|o| {
            let mut body = o.body.clone();
            if o.sector == "coffee" {
                body["parent_id"] = json!(federation);
            }
            body
        })
        .collect();
    for created in all(bodies.into_iter().map(|b| api.post("/v1/organisations", b))).await? {
        organisation_ids.push(id_of(&created)?);
    }

    // Households.
    let mut households = Vec::new();
    let mut coffee_index = plan.first_coffee;
    let mut requests = Vec::new();
    for (index, organisation) in plan.organisations.iter().enumerate() {
        for _ in 0..organisation.households {
            let number = requests.len() + 1;
            let family = format!("{} {}", dice.pick(FAMILY), dice.pick(FAMILY));
            let district = dice.pick(organisation.districts);
            requests.push(json!({
                "name": format!("Familia {family}"), "country": plan.country, "region": organisation.region,
                "district": district, "locality": format!("Sector {}", 1 + dice.below(12)),
                "external_ref": format!("{}-{number:04}", plan.prefix),
            }));
            households.push(PlannedHousehold {
                id: String::new(),
                organisation: index,
                coffee_index: (organisation.sector == "coffee").then(|| {
                    coffee_index += 1;
                    coffee_index - 1
                }),
                region: organisation.region,
            });
        }
    }
    let created = all(requests.into_iter().map(|b| api.post("/v1/households", b))).await?;
    for (household, value) in households.iter_mut().zip(&created) {
        household.id = id_of(value)?;
    }

    // Members, from one spreadsheet: head, spouse, children and sometimes a parent.
    let mut csv = String::from(
        "given_names,family_names,sex,birth_date,id_type,id_number,id_issued_in,phone,sector,work_status,country,region,household_id,relationship_to_head,data_sharing_consent,organisation_id,role\n",
    );
    let mut people: Vec<(usize, &'static str)> = Vec::new(); // (household, relationship)
    let mut document = plan.seed % 997;
    for (h, household) in households.iter().enumerate() {
        let organisation = &plan.organisations[household.organisation];
        let surname_a = dice.pick(FAMILY);
        let surname_b = dice.pick(FAMILY);
        let head_female = dice.chance(35);
        let mut roster: Vec<(&str, bool, i32)> = vec![("head", head_female, dice.age(30, 35))];
        if dice.chance(80) {
            roster.push(("spouse", !head_female, dice.age(28, 35)));
        }
        for _ in 0..dice.below(3) {
            roster.push(("child", dice.chance(50), dice.age(15, 12)));
        }
        if dice.chance(15) {
            roster.push(("parent", dice.chance(50), dice.age(66, 15)));
        }
        for (relationship, female, age) in roster {
            document += 1;
            let given = if female {
                dice.pick(FEMALE)
            } else {
                dice.pick(MALE)
            };
            let family = if relationship == "child" || relationship == "head" {
                format!("{surname_a} {surname_b}")
            } else {
                format!("{} {}", dice.pick(FAMILY), dice.pick(FAMILY))
            };
            let birth = format!(
                "{}-{:02}-{:02}",
                2026 - age,
                1 + dice.below(12),
                1 + dice.below(28)
            );
            let (id_type, number, issued_in) = if plan.country == "PE" {
                (
                    "pe_dni",
                    format!("{:08}", 40_000_000 + (document * 104_729) % 9_999_999),
                    "",
                )
            } else {
                (
                    "bo_ci",
                    format!("{}", 3_000_000 + (document * 7_919) % 6_000_000),
                    "LP",
                )
            };
            let sector = match relationship {
                "head" | "spouse" => organisation.sector,
                "child" if age >= 18 && dice.chance(50) => organisation.sector,
                _ => "other",
            };
            let work_status = match (relationship, sector) {
                ("head", _) => "self_employed",
                ("spouse", "coffee") => "unpaid_family_worker",
                ("spouse", _) => "employee",
                (_, "other") => "other",
                _ => "unpaid_family_worker",
            };
            let phone = if age >= 18 && dice.chance(70) {
                if plan.country == "PE" {
                    format!("+51 9{:08}", dice.below(100_000_000))
                } else {
                    format!("+591 7{:07}", dice.below(10_000_000))
                }
            } else {
                String::new()
            };
            let consent = if dice.chance(80) { "sí" } else { "no" };
            let (organisation_id, role) = if relationship == "head" {
                let role = if h % 15 == 0 {
                    "board_member"
                } else {
                    "member"
                };
                (organisation_ids[household.organisation].as_str(), role)
            } else {
                ("", "")
            };
            let _ = writeln!(
                csv,
                "{given},{family},{},{birth},{id_type},{number},{issued_in},{phone},{sector},{work_status},{},{},{},{relationship},{consent},{organisation_id},{role}",
                if female { "female" } else { "male" },
                plan.country,
                household.region,
                household.id,
            );
            people.push((h, relationship));
        }
    }
    let report = api
        .send(
            awc::http::Method::POST,
            "/v1/members/import",
            Body::Csv(csv),
        )
        .await?;
    if report["summary"]["failed"].as_u64() != Some(0) {
        return Err(fail(format!(
            "member import: {}",
            report["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|r| r["status"] == "failed")
                .cloned()
                .unwrap_or(Value::Null)
        )));
    }
    let member_ids: Vec<String> = report["rows"]
        .as_array()
        .ok_or_else(|| fail("import report without rows"))?
        .iter()
        .map(id_of)
        .collect::<Result<_, _>>()?;
    let heads: Vec<&String> = people
        .iter()
        .zip(&member_ids)
        .filter(|((_, relationship), _)| *relationship == "head")
        .map(|(_, id)| id)
        .collect();

    // Workshops: about two dozen registered, most of them sign in (certificates follow).
    let mut certificate_code = None;
    for (s, &(course, host, date, venue, facilitator)) in plan.sessions.iter().enumerate() {
        let host_index = plan
            .organisations
            .iter()
            .position(|o| o.key == host)
            .ok_or_else(|| fail(format!("no organisation {host}")))?;
        let session = id_of(&api.post("/v1/sessions", json!({
            "course_id": catalogue.course(course)?, "starts_at": format!("{date}T08:30:00Z"),
            "ends_at": format!("{date}T20:30:00Z"), "hours": 12,
            "country": plan.country, "region": plan.organisations[host_index].region,
            "venue": venue, "facilitator": facilitator,
            "host_organisation_id": organisation_ids[host_index], "capacity": 30,
        })).await?)?;
        let attendees: Vec<&String> = households
            .iter()
            .enumerate()
            .filter(|(_, h)| h.organisation == host_index)
            .filter_map(|(i, _)| heads.get(i).copied())
            .skip(s)
            .take(24)
            .collect();
        all(attendees.iter().map(|member| {
            api.post(
                "/v1/participations",
                json!({"session_id": session, "member_id": member}),
            )
        }))
        .await?;
        let records: Vec<Value> = attendees
            .iter()
            .enumerate()
            .map(|(i, member)| match i % 8 {
                7 => json!({"member_id": member, "attendance": "absent"}),
                6 => json!({"member_id": member, "attendance": "attended", "hours": 4}),
                _ => json!({"member_id": member, "attendance": "attended"}),
            })
            .collect();
        api.post(
            &format!("/v1/sessions/{session}/attendance"),
            json!({"records": records}),
        )
        .await?;
        if certificate_code.is_none() {
            let page = api.get("/v1/certificates?limit=1").await?;
            certificate_code = page["data"][0]["code"].as_str().map(str::to_owned);
        }
    }

    // Enrolments: the chosen coffee households (and some others) get an active public service
    // through a member and an active household insurance; histories make it realistic.
    let public = covered(WITH_PUBLIC_SERVICE, 0x00C0_FFEE);
    let insured = covered(WITH_INSURANCE, 0x0000_5AFE);
    let mut enrolments = Vec::new();
    let mut lapsed = Vec::new();
    for (h, household) in households.iter().enumerate() {
        let members: Vec<&String> = people
            .iter()
            .zip(&member_ids)
            .filter(|((of, _), _)| *of == h)
            .map(|(_, id)| id)
            .collect();
        let (has_public, has_insurance) = match household.coffee_index {
            Some(i) => (public.contains(&i), insured.contains(&i)),
            None => (dice.chance(50), dice.chance(25)),
        };
        let since = format!(
            "{}-{:02}-{:02}",
            2019 + dice.below(7),
            1 + dice.below(12),
            1 + dice.below(28)
        );
        if has_public {
            let scheme = catalogue.scheme(dice.pick(plan.public_schemes))?;
            enrolments.push(
                json!({"scheme_id": scheme, "member_id": members[0], "status": "active",
                "effective_on": since, "affiliation_number": format!("AF-{}-{h:05}", plan.prefix)}),
            );
            // A second member covered too, sometimes.
            if members.len() > 1 && dice.chance(40) {
                enrolments.push(json!({"scheme_id": scheme, "member_id": members[1], "status": "active", "effective_on": since}));
            }
        } else if dice.chance(30) {
            // Applied and waiting: no coverage yet.
            enrolments.push(json!({"scheme_id": catalogue.scheme(plan.public_schemes[0])?, "member_id": members[0], "effective_on": "2026-10-15"}));
        } else if dice.chance(15) {
            // Was covered, and lapsed.
            lapsed.push(json!({"scheme_id": catalogue.scheme(plan.public_schemes[0])?, "member_id": members[0], "status": "active", "effective_on": "2022-02-01"}));
        }
        if has_insurance {
            let scheme = catalogue.scheme(dice.pick(plan.household_insurance))?;
            enrolments.push(json!({"scheme_id": scheme, "household_id": household.id, "status": "active", "effective_on": since}));
        } else if dice.chance(10) {
            lapsed.push(json!({"scheme_id": catalogue.scheme(plan.household_insurance[0])?, "household_id": household.id, "status": "active", "effective_on": "2023-05-01"}));
        }
    }
    all(enrolments
        .into_iter()
        .map(|b| api.post("/v1/enrollments", b)))
    .await?;
    let lapsed = all(lapsed.into_iter().map(|b| api.post("/v1/enrollments", b))).await?;
    all(lapsed.iter().enumerate().map(|(i, enrolment)| {
        let (status, on, reason) = if i % 2 == 0 {
            ("ended", "2025-06-30", "Dejó de aportar al fondo")
        } else {
            (
                "suspended",
                "2026-08-01",
                "Documentos de afiliación vencidos",
            )
        };
        let id = enrolment["id"].as_str().unwrap_or_default().to_owned();
        async move {
            api.post(
                &format!("/v1/enrollments/{id}/transitions"),
                json!({"status": status, "effective_on": on, "reason": reason}),
            )
            .await
        }
    }))
    .await?;
    Ok(certificate_code)
}

/// The last `seq` of a service's feed, read to its end.
async fn feed_head(api: &Api, service: &str) -> Result<i64, DemoError> {
    let mut after = 0;
    loop {
        let page = api
            .get(&format!("/v1/feeds/{service}?after={after}&limit=500"))
            .await?;
        after = page["next_after"].as_i64().unwrap_or(after);
        if page["has_more"] != json!(true) {
            return Ok(after);
        }
    }
}

/// Coverage of coffee households today, once the read model has caught up with `members_head`.
async fn wait_for_coverage(api: &Api, members_head: i64) -> Result<(f64, f64, i64), DemoError> {
    for _ in 0..600 {
        let indicator = api.get("/v1/indicators/coverage?sector=coffee").await?;
        if indicator["read_model"]["last_seq"].as_i64().unwrap_or(0) >= members_head {
            let cell = &indicator["data"][0];
            return Ok((
                cell["public_service"]["percentage"].as_f64().unwrap_or(0.0),
                cell["insurance"]["percentage"].as_f64().unwrap_or(0.0),
                cell["households"].as_i64().unwrap_or(0),
            ));
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    Err(fail(
        "the coverage read model did not catch up within a minute",
    ))
}
