//! The programme's formalisation: small enterprises of the towns (construction, food,
//! engineering, textile) and the programme's organisations taking their registration steps over
//! the last two years (some cancelled), and the members' jobs, so that the formalisation
//! indicators have a story to tell: fewer formal organisations and formal jobs a year ago than
//! today.

use serde_json::{Value, json};

use formaliza_members::registrations::model::ruc_check_digit;

use super::api::{Api, all, id_of};
use super::data::{Dice, PartnerPlan, PlannedHousehold};
use super::error::DemoError;

/// The towns' small enterprises of one partner: (name, sector).
const PERU_ENTERPRISES: &[(&str, &str)] = &[
    ("Constructora Wiracocha", "construction"),
    ("Ladrillera San Martín de Porres", "construction"),
    ("Acabados y Techos Huancayo", "construction"),
    ("Panadería Santa Rosa de Pichanaqui", "food"),
    ("Procesadora de Cacao Amazonas", "food"),
    ("Restaurante El Cafetal", "food"),
    ("Tostaduría Qori Kawsay", "food"),
    ("Metalmecánica Los Andes", "engineering"),
    ("Taller de Motores Rioja", "engineering"),
    ("Soldaduras y Estructuras Jaén", "engineering"),
    ("Confecciones Warmi Away", "textile"),
    ("Tejidos Sumaq Maki", "textile"),
    ("Textiles Ayllu", "textile"),
    ("Bordados Pallay", "textile"),
];
const BOLIVIA_ENTERPRISES: &[(&str, &str)] = &[
    ("Constructora Illimani", "construction"),
    ("Carpintería Yungueña", "construction"),
    ("Empresa de Áridos Caranavi", "construction"),
    ("Salteñería Doña Filomena", "food"),
    ("Procesadora de Miel Coroico", "food"),
    ("Panificadora Caranavi", "food"),
    ("Tornería Metalúrgica Andina", "engineering"),
    ("Taller Eléctrico Chulumani", "engineering"),
    ("Confecciones Aguayo", "textile"),
    ("Tejidos Warmi Yungas", "textile"),
    ("Bordados Chiquitanos", "textile"),
];

/// One organisation's way through the registers: (days before 2026-11-30 of the tax
/// registration, of the registry entry, of the entry's cancellation), `None` where the step
/// was not taken. Cycled over the organisations, so that some were formal a year ago, some
/// became formal since, some are in formation, some lost their entry, some took no step.
const PATHS: &[(Option<i64>, Option<i64>, Option<i64>)] = &[
    (Some(700), Some(560), None),
    (Some(420), Some(250), None),
    (Some(300), None, None),
    (Some(650), Some(500), Some(120)),
    (None, None, None),
    (Some(380), Some(200), None),
    (Some(200), Some(90), None),
    (Some(610), Some(450), None),
    (Some(150), None, None),
    (None, None, None),
];

/// The day the demo's dated steps count back from (a fixed date: every demo is the same).
fn day(before: i64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    (base - chrono::TimeDelta::days(before)).to_string()
}

/// A RUC of a legal entity (prefix 20) with SUNAT's check digit.
fn ruc(serial: u64) -> String {
    let first_ten = format!("20{:08}", serial % 100_000_000);
    let check = ruc_check_digit(&first_ten);
    format!("{first_ten}{check}")
}

/// Creates the partner's town enterprises; their ids.
pub(super) async fn create_enterprises(
    api: &Api,
    plan: &PartnerPlan,
) -> Result<Vec<String>, DemoError> {
    let (list, regions): (&[(&str, &str)], &[&str]) = if plan.country == "PE" {
        (PERU_ENTERPRISES, &["PE-JUN", "PE-SAM", "PE-CAJ", "PE-CUS"])
    } else {
        (BOLIVIA_ENTERPRISES, &["BO-L"])
    };
    let bodies = list.iter().enumerate().map(|(n, (name, sector))| {
        json!({"name": name, "kind": "small_enterprise", "legal_status": "informal",
               "country": plan.country, "region": regions[n % regions.len()], "sector": sector})
    });
    all(bodies.map(|b| api.post("/v1/organisations", b)))
        .await?
        .iter()
        .map(id_of)
        .collect()
}

/// The registration steps of every organisation but the federation, each on its path.
pub(super) async fn register(
    api: &Api,
    plan: &PartnerPlan,
    organisations: &[(String, &str)],
) -> Result<(), DemoError> {
    let mut serial = plan.seed % 1_000_000;
    let mut entries: Vec<(Value, Option<i64>)> = Vec::new();
    let mut taxes = Vec::new();
    for (n, (id, kind)) in organisations.iter().enumerate() {
        if *kind == "federation" {
            continue;
        }
        serial += 7;
        let (tax, entry, cancelled) = PATHS[(n + plan.organisations.len()) % PATHS.len()];
        let (tax_registry, tax_number, regime) = if plan.country == "PE" {
            ("pe_ruc", ruc(serial * 131), "pe_rmt")
        } else {
            (
                "bo_nit",
                format!("{}", 1_020_000_000 + serial * 97),
                "bo_general",
            )
        };
        if let Some(before) = tax {
            taxes.push(
                json!({"organisation_id": id, "registry": tax_registry, "number": tax_number,
                              "tax_regime": regime, "effective_on": day(before)}),
            );
        }
        if let Some(before) = entry {
            let (registry, number) = match (plan.country, *kind) {
                ("PE", _) => ("pe_sunarp", format!("{:08}", 11_000_000 + serial)),
                (_, "cooperative") => ("bo_afcoop", format!("RES-{:04}", serial % 10_000)),
                _ => ("bo_seprec", format!("{}", 300_000 + serial)),
            };
            entries.push((
                json!({"organisation_id": id, "registry": registry, "number": number,
                       "effective_on": day(before)}),
                cancelled,
            ));
        }
    }
    all(taxes.into_iter().map(|b| api.post("/v1/registrations", b))).await?;
    let created = all(entries
        .iter()
        .map(|(body, _)| api.post("/v1/registrations", body.clone())))
    .await?;
    let cancellations = created
        .iter()
        .zip(&entries)
        .filter_map(|(registration, (_, cancelled))| Some((registration, (*cancelled)?)))
        .map(|(registration, before)| {
            let path = format!("/v1/registrations/{}/transitions", registration["id"]);
            let path = path.replace('"', "");
            async move {
                api.post(
                    &path,
                    json!({"status": "cancelled", "effective_on": day(before),
                           "reason": "Disolución acordada en asamblea"}),
                )
                .await
            }
        });
    all(cancellations).await?;
    Ok(())
}

/// A partner's people as loaded: their households' organisations, and who each member is.
pub(super) struct Workforce<'a> {
    pub(super) organisation_ids: &'a [String],
    pub(super) households: &'a [PlannedHousehold],
    /// (household, relationship), in the order of `member_ids`.
    pub(super) people: &'a [(usize, &'static str)],
    pub(super) member_ids: &'a [String],
}

/// The members' jobs: heads of coffee households work their cooperative's land as
/// member-workers (their spouses as family workers); heads of the enterprises' households own
/// them; other adults work for the town enterprises, some registered for social security by
/// their employer.
pub(super) async fn employ(
    api: &Api,
    plan: &PartnerPlan,
    dice: &mut Dice,
    people: &Workforce<'_>,
    enterprises: &[String],
) -> Result<(), DemoError> {
    let registry = if plan.country == "PE" {
        "pe_t_registro"
    } else {
        "bo_cns_gestora"
    };
    let mut bodies = Vec::new();
    for ((household, relationship), member) in people.people.iter().zip(people.member_ids) {
        let organisation = people.households[*household].organisation;
        let unit = &people.organisation_ids[organisation];
        let coffee = plan.organisations[organisation].sector == "coffee";
        let started = day(900 + i64::try_from(dice.below(1500)).unwrap_or(0));
        let body = match (*relationship, coffee) {
            ("head", true) => json!({"member_id": member, "organisation_id": unit,
                                     "role": "member_worker", "started_on": started}),
            ("head", false) => json!({"member_id": member, "organisation_id": unit,
                                      "role": "owner", "started_on": started}),
            ("spouse", true) => json!({"member_id": member, "organisation_id": unit,
                                       "role": "family_worker", "started_on": started}),
            ("spouse" | "child", _) if dice.chance(45) => {
                let employer = &enterprises[dice.below(enterprises.len())];
                let started = day(200 + i64::try_from(dice.below(600)).unwrap_or(0));
                let mut body = json!({"member_id": member, "organisation_id": employer,
                                      "role": "employee", "contract": "verbal",
                                      "started_on": started});
                if dice.chance(55) {
                    let since = day(30 + i64::try_from(dice.below(170)).unwrap_or(0));
                    body["contract"] = json!("written");
                    body["social_security_registry"] = json!(registry);
                    body["social_security_since"] = json!(since);
                }
                body
            }
            _ => continue,
        };
        bodies.push(body);
    }
    all(bodies.into_iter().map(|b| api.post("/v1/jobs", b))).await?;
    Ok(())
}

/// Formal organisations and workers with a formal job, today and a year ago, as the indicator
/// says: ((formal, organisations), (formal-job %, workers)) per date.
pub(super) async fn figures(api: &Api, as_of: &str) -> Result<Formalisation, DemoError> {
    let indicator = api
        .get(&format!("/v1/indicators/formalisation?as_of={as_of}"))
        .await?;
    let organisations = &indicator["organisations"][0];
    let workers = &indicator["workers"][0];
    Ok(Formalisation {
        organisations: organisations["organisations"].as_i64().unwrap_or(0),
        formal: organisations["formal"]["count"].as_i64().unwrap_or(0),
        workers: workers["workers"].as_i64().unwrap_or(0),
        formal_jobs: workers["with_formal_job"]["count"].as_i64().unwrap_or(0),
        formal_jobs_percentage: workers["with_formal_job"]["percentage"]
            .as_f64()
            .unwrap_or(0.0),
    })
}

/// The formalisation figures on one date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Formalisation {
    pub organisations: i64,
    pub formal: i64,
    pub workers: i64,
    pub formal_jobs: i64,
    pub formal_jobs_percentage: f64,
}
