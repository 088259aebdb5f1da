//! The questions the example dashboard (`/dashboard`) reads, published by the programme office
//! through the API (`POST /v1/published`): anyone then reads their answers under `/v1/public/`
//! without a token.

use serde_json::{Value, json};

use super::api::Api;
use super::error::DemoError;

/// The first month of the demo's charts over time.
const SERIES_FROM: &str = "2025-01-01";

/// The dashboard's questions: slug, titles, indicator, fixed query. The series end on the day
/// the demo was loaded (a published question is fixed; publish a longer one later).
pub fn questions(today: &str) -> Vec<Value> {
    let question = |slug: &str, es: &str, en: &str, path: &str, query: Value| json!({"slug": slug, "title": {"es": es, "en": en}, "path": path, "query": query});
    vec![
        question(
            "cobertura-cafe",
            "Familias cafetaleras con servicios públicos y aseguramiento",
            "Coffee producers' families with public services and insurance",
            "/v1/indicators/coverage",
            json!({"sector": "coffee"}),
        ),
        question(
            "cobertura-cafe-region",
            "Cobertura de las familias cafetaleras por región",
            "Coverage of coffee producers' families by region",
            "/v1/indicators/coverage",
            json!({"sector": "coffee", "group_by": "region"}),
        ),
        question(
            "cobertura-cafe-serie",
            "Cobertura de las familias cafetaleras, mes a mes",
            "Coverage of coffee producers' families, month by month",
            "/v1/indicators/coverage/series",
            json!({"sector": "coffee", "from": SERIES_FROM, "to": today}),
        ),
        question(
            "capacitacion-2026",
            "Participación en capacitaciones desde 2026",
            "Training participation since 2026",
            "/v1/indicators/training",
            json!({"from": "2026-01-01"}),
        ),
        question(
            "formalizacion",
            "Organizaciones formales y empleo formal",
            "Formal organisations and formal jobs",
            "/v1/indicators/formalisation",
            json!({}),
        ),
        question(
            "formalizacion-serie",
            "Formalización, mes a mes",
            "Formalisation, month by month",
            "/v1/indicators/formalisation/series",
            json!({"from": SERIES_FROM, "to": today}),
        ),
    ]
}

/// Publishes the dashboard's questions as the programme office.
pub(super) async fn publish(programme: &Api, today: &str) -> Result<(), DemoError> {
    for question in questions(today) {
        programme.post("/v1/published", question).await?;
    }
    Ok(())
}
