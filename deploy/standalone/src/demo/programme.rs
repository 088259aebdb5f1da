//! The programme's indicator framework in the demo: the two figures the programme reported
//! (57.6% of coffee producers' families with access to public services, 42.8% with insurance
//! mechanisms, for 2026-11-30) as reported values, with a reported figure a year earlier, and
//! formalisation and training indicators. Baselines, targets and the earlier reported figures
//! are demo values, and say so in their sources; the live values are computed by the system.

use std::fmt::Write as _;

use formaliza_shared::language::Language;

use serde_json::{Value, json};

use super::api::{Api, id_of};
use super::error::DemoError;

/// Where a demo value comes from: made up for the demo.
const DEMO_SOURCE: &str = "Valor de demostración (demo value)";

/// The demo's indicators: (code, body without code).
fn indicators() -> Vec<(&'static str, Value)> {
    let percent = |measure: &str, filters: Value| json!({"measure": measure, "filters": filters});
    vec![
        (
            "PS-CAFE",
            json!({
                "name": {"es": "Familias cafetaleras con acceso a servicios públicos",
                         "en": "Coffee producers' families with access to public services"},
                "description": {"es": "Hogares con al menos un miembro en el café y al menos una afiliación activa a SIS, EsSalud, ONP, SUS o SIP.",
                                "en": "Households with a member in coffee and at least one active enrolment in SIS, EsSalud, ONP, SUS or SIP."},
                "unit": "percent",
                "definition": percent("coverage_public_service", json!({"sector": "coffee"})),
                "baseline": {"value": 38.0, "date": "2024-01-31", "source": DEMO_SOURCE},
                "targets": [{"value": 55.0, "due_on": "2026-06-30"}, {"value": 70.0, "due_on": "2027-12-31"}]
            }),
        ),
        (
            "SEG-CAFE",
            json!({
                "name": {"es": "Familias cafetaleras con mecanismos de aseguramiento",
                         "en": "Coffee producers' families benefiting from insurance mechanisms"},
                "description": {"es": "Hogares con al menos un miembro en el café cubiertos por un fondo mutual o un seguro agrícola o de vida.",
                                "en": null},
                "unit": "percent",
                "definition": percent("coverage_insurance", json!({"sector": "coffee"})),
                "baseline": {"value": 25.0, "date": "2024-01-31", "source": DEMO_SOURCE},
                "targets": [{"value": 40.0, "due_on": "2026-06-30"}, {"value": 55.0, "due_on": "2027-12-31"}]
            }),
        ),
        (
            "ORG-FORMAL",
            json!({
                "name": {"es": "Organizaciones formalizadas", "en": "Formal organisations"},
                "unit": "percent",
                "definition": percent("formal_organisations", json!({})),
                "baseline": {"value": 25.0, "date": "2024-11-30", "source": DEMO_SOURCE},
                "targets": [{"value": 50.0, "due_on": "2026-12-31"}, {"value": 70.0, "due_on": "2027-12-31"}]
            }),
        ),
        (
            "EMP-FORMAL",
            json!({
                "name": {"es": "Trabajadores con empleo formal", "en": "Workers with a formal job"},
                "unit": "percent",
                "definition": percent("workers_with_formal_job", json!({})),
                "baseline": {"value": 10.0, "date": "2024-11-30", "source": DEMO_SOURCE},
                "targets": [{"value": 45.0, "due_on": "2026-12-31"}, {"value": 60.0, "due_on": "2027-12-31"}]
            }),
        ),
        (
            "CAP-2026",
            json!({
                "name": {"es": "Personas capacitadas desde 2026", "en": "People trained since 2026"},
                "unit": "count",
                "definition": {"measure": "training_participants", "filters": {"from": "2026-01-01"}},
                "baseline": {"value": 0, "date": "2025-12-31", "source": DEMO_SOURCE},
                "targets": [{"value": 60, "due_on": "2026-06-30"}, {"value": 180, "due_on": "2027-12-31"}]
            }),
        ),
        (
            "CERT-2026",
            json!({
                "name": {"es": "Certificados emitidos desde 2026", "en": "Certificates issued since 2026"},
                "unit": "count",
                "definition": {"measure": "certificates_issued", "filters": {"from": "2026-01-01"}},
                "baseline": {"value": 0, "date": "2025-12-31", "source": DEMO_SOURCE},
                "targets": [{"value": 50, "due_on": "2026-06-30"}, {"value": 150, "due_on": "2027-12-31"}]
            }),
        ),
    ]
}

/// The reported values: (code, value, reference date, reported on, to whom, source).
const REPORTED: &[(&str, f64, &str, &str, &str, &str)] = &[
    (
        "PS-CAFE",
        52.0,
        "2025-11-30",
        "2025-12-15",
        "Informe anual al donante 2025",
        DEMO_SOURCE,
    ),
    (
        "PS-CAFE",
        57.6,
        "2026-11-30",
        "2026-12-01",
        "Informe anual al donante 2026",
        "Cifra reportada por el programa",
    ),
    (
        "SEG-CAFE",
        37.0,
        "2025-11-30",
        "2025-12-15",
        "Informe anual al donante 2025",
        DEMO_SOURCE,
    ),
    (
        "SEG-CAFE",
        42.8,
        "2026-11-30",
        "2026-12-01",
        "Informe anual al donante 2026",
        "Cifra reportada por el programa",
    ),
];

/// Creates the catalogue and records the reported values, as the programme office (after the
/// records are loaded and the coverage read model has caught up, so that the live values
/// frozen beside the reported ones are the records').
pub(super) async fn create(programme: &Api) -> Result<(), DemoError> {
    // One after the other: the catalogue lists indicators in the order they were created.
    let mut ids: Vec<(&str, String)> = Vec::new();
    for (code, mut body) in indicators() {
        body["code"] = json!(code);
        ids.push((
            code,
            id_of(&programme.post("/v1/programme/indicators", body).await?)?,
        ));
    }
    for &(code, value, reference_date, reported_on, reported_to, source) in REPORTED {
        let indicator = ids
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, id)| id.clone())
            .unwrap_or_default();
        programme
            .post(
                "/v1/programme/reported-values",
                json!({"indicator_id": indicator, "value": value, "reference_date": reference_date,
                       "reported_on": reported_on, "reported_to": reported_to, "source": source}),
            )
            .await?;
    }
    Ok(())
}

/// One line of the programme's table.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeLine {
    pub code: String,
    /// `%` or empty (counts).
    pub unit: &'static str,
    /// The live value (`None`: withheld).
    pub now: Option<f64>,
    /// The last reported value and its reference date, with the live value frozen beside it.
    pub reported: Option<(f64, String, Option<f64>)>,
    pub next_target: Option<(f64, String)>,
    /// `on_track`, `off_track`, `unknown`.
    pub status: String,
}

/// Every indicator's line on `as_of`, as a dashboard reads the overview.
pub(super) async fn table(dashboard: &Api, as_of: &str) -> Result<Vec<ProgrammeLine>, DemoError> {
    let overview = dashboard
        .get(&format!("/v1/programme/indicators?as_of={as_of}"))
        .await?;
    Ok(overview["data"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|status| {
            let reported = &status["last_reported"];
            ProgrammeLine {
                code: status["code"].as_str().unwrap_or_default().to_owned(),
                unit: if status["unit"] == "percent" { "%" } else { "" },
                now: status["live"]["value"].as_f64(),
                reported: reported["value"].as_f64().map(|value| {
                    (
                        value,
                        reported["reference_date"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        reported["live_at_recording"]["value"].as_f64(),
                    )
                }),
                next_target: status["next_target"]["value"].as_f64().map(|value| {
                    (
                        value,
                        status["next_target"]["due_on"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                    )
                }),
                status: status["assessment"]["status"]
                    .as_str()
                    .unwrap_or("unknown")
                    .to_owned(),
            }
        })
        .collect())
}

/// The table as the terminal shows it, in `language`.
pub fn render(lines: &[ProgrammeLine], language: Language) -> String {
    let say = |id: &str| language.say(id, &[]);
    let figure = |value: Option<f64>, unit: &str| match value {
        Some(value) if unit == "%" => format!("{value:.1}%"),
        Some(value) => format!("{value:.0}"),
        None => say("cli-table-withheld"),
    };
    let mut text = format!(
        "  {:<11} {:>9}  {:<28} {:<20} {}\n",
        say("cli-table-indicator"),
        say("cli-table-now"),
        say("cli-table-reported"),
        say("cli-table-target"),
        say("cli-table-on-track"),
    );
    for line in lines {
        let reported = line
            .reported
            .as_ref()
            .map_or("—".to_owned(), |(value, on, then)| {
                language.say(
                    "cli-table-reported-on",
                    &[
                        ("value", figure(Some(*value), line.unit).into()),
                        ("date", on.as_str().into()),
                        ("then", figure(*then, line.unit).into()),
                    ],
                )
            });
        let target = line
            .next_target
            .as_ref()
            .map_or("—".to_owned(), |(value, due)| {
                language.say(
                    "cli-table-target-by",
                    &[
                        ("value", figure(Some(*value), line.unit).into()),
                        ("date", due.as_str().into()),
                    ],
                )
            });
        let status = language
            .lookup(&format!("cli-status-{}", line.status), &[])
            .unwrap_or_else(|| line.status.replace('_', " "));
        let _ = writeln!(
            text,
            "  {:<11} {:>9}  {:<28} {:<20} {}",
            line.code,
            figure(line.now, line.unit),
            reported,
            target,
            status
        );
    }
    text
}
