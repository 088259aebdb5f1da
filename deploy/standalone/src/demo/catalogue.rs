//! The programme-wide catalogue: schemes and courses, created by the programme office.

use serde_json::{Value, json};

use super::api::{Api, all, id_of};
use super::error::{DemoError, fail};

/// The programme-wide catalogue: schemes and courses, created by the programme office.
pub(super) struct Catalogue {
    /// By short name: `sis`, `essalud`, `onp`, `mutual_pe`, `crop_pe`, `sus`, `sip`, `mutual_bo`,
    /// `life_bo`.
    schemes: Vec<(&'static str, String)>,
    /// By topic: `labor_rights`, `cooperativism`, `vocational`, `financial_education`.
    courses: Vec<(&'static str, String)>,
}

/// The schemes, by short name.
fn scheme_bodies() -> Vec<(&'static str, Value)> {
    vec![
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
    ]
}

/// The courses, by topic.
fn course_bodies() -> Vec<(&'static str, Value)> {
    vec![
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
    ]
}

impl Catalogue {
    pub(super) async fn create(programme: &Api) -> Result<Self, DemoError> {
        let schemes = scheme_bodies();
        let created = all(schemes
            .iter()
            .map(|(_, body)| programme.post("/v1/schemes", body.clone())))
        .await?;
        let courses = course_bodies();
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

    pub(super) fn scheme(&self, key: &str) -> Result<&str, DemoError> {
        self.schemes
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, id)| id.as_str())
            .ok_or_else(|| fail(format!("no scheme {key}")))
    }

    pub(super) fn course(&self, key: &str) -> Result<&str, DemoError> {
        self.courses
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, id)| id.as_str())
            .ok_or_else(|| fail(format!("no course {key}")))
    }
}
