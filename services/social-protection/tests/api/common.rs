//! Helpers: both services started, tokens, records made through the members API, the read model
//! caught up.

use std::time::Duration;

use formaliza_shared::Scope;
use formaliza_shared::bus::BusConfig;
use formaliza_shared::consumer::StaticToken;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestService};
use serde_json::{Value, json};

pub const SECRET: &str = formaliza_shared::testing::TEST_PSEUDONYM_SECRET;

pub const PROGRAMME: &[Scope] = &[
    Scope::MembersRead,
    Scope::MembersWrite,
    Scope::ProtectionRead,
    Scope::ProtectionWrite,
    Scope::IndicatorsRead,
    Scope::EnrollmentsExport,
    Scope::ProgrammeWrite,
];

/// The members service and this one, pointed at it.
pub struct Services {
    pub members: TestService,
    pub protection: TestService,
    /// Started only for the tests that need it ([`start_with_trainings`]); held so that it
    /// runs as long as the test.
    #[expect(dead_code, reason = "held, not read")]
    pub trainings: Option<TestService>,
}

pub async fn start(backend: Backend) -> Option<Services> {
    start_pointing_at(backend, None).await
}

/// Like [`start`], with this service told that the members service lives at `members_url`.
pub async fn start_pointing_at(backend: Backend, members_url: Option<String>) -> Option<Services> {
    start_with(backend, members_url, None).await
}

/// Like [`start`], with this service publishing its feed as `bus` says.
pub async fn start_with_bus(backend: Backend, bus: BusConfig) -> Option<Services> {
    start_with(backend, None, Some(bus)).await
}

async fn start_with(
    backend: Backend,
    members_url: Option<String>,
    bus: Option<BusConfig>,
) -> Option<Services> {
    let members = TestService::start(formaliza_members::spec(), backend).await?;
    let url = members_url.unwrap_or_else(|| members.base_url.clone());
    let spec = formaliza_social_protection::spec();
    let protection = TestService::start_with(spec, backend, |config| {
        config.upstreams.members = Some(url);
        config.upstreams.timeout = Duration::from_secs(10);
        config.bus = bus;
    })
    .await?;
    Some(Services {
        members,
        protection,
        trainings: None,
    })
}

/// The members and trainings services and this one, pointed at both (at `trainings_url` for
/// trainings when given: a service that is down, say).
pub async fn start_with_trainings(
    backend: Backend,
    trainings_url: Option<String>,
) -> Option<Services> {
    let members = TestService::start(formaliza_members::spec(), backend).await?;
    let trainings = TestService::start(formaliza_trainings::spec(), backend).await?;
    let members_url = members.base_url.clone();
    let trainings_url = trainings_url.unwrap_or_else(|| trainings.base_url.clone());
    let protection =
        TestService::start_with(formaliza_social_protection::spec(), backend, |config| {
            config.upstreams.members = Some(members_url);
            config.upstreams.trainings = Some(trainings_url);
            config.upstreams.timeout = Duration::from_secs(10);
        })
        .await?;
    Some(Services {
        members,
        protection,
        trainings: Some(trainings),
    })
}

pub fn token(sub: &str, scopes: &[Scope], partner: Option<&str>) -> String {
    TestKeys::trusted().token(sub, scopes, partner)
}

impl Services {
    /// A programme-wide client of both services (same token).
    pub fn programme(&self) -> (TestClient, TestClient) {
        self.clients(&token("programme", PROGRAMME, None))
    }

    /// A partner's clients.
    pub fn partner(&self, partner: &str) -> (TestClient, TestClient) {
        self.clients(&token(&format!("ngo-{partner}"), PROGRAMME, Some(partner)))
    }

    pub fn clients(&self, token: &str) -> (TestClient, TestClient) {
        (
            self.members.client(Some(token.to_owned())),
            self.protection.client(Some(token.to_owned())),
        )
    }

    /// Applies the members feed to this service's read model.
    pub async fn catch_up(&self) -> usize {
        let feed_token = token("social-protection", &[Scope::MembersRead], None);
        formaliza_social_protection::read_model::consumer(
            self.protection.pool.clone(),
            &self.members.base_url,
            StaticToken(feed_token),
        )
        .with_batch(1000)
        .catch_up()
        .await
        .unwrap()
    }
}

pub fn id(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}

pub async fn household(members: &TestClient, region: &str) -> String {
    let country = &region[..2];
    id(members
        .post(
            "/v1/households",
            &json!({"country": country, "region": region}),
        )
        .await
        .expect(201))
}

pub async fn member(members: &TestClient, body: Value) -> String {
    let mut body = body;
    let defaults = json!({"given_names": "Rosa", "family_names": "Huamán", "country": "PE"});
    for (key, value) in defaults.as_object().unwrap() {
        if body.get(key).is_none() {
            body[key] = value.clone();
        }
    }
    id(members.post("/v1/members", &body).await.expect(201))
}

pub async fn scheme(api: &TestClient, kind: &str, unit: &str) -> String {
    let category = if kind == "public_service" {
        "health"
    } else {
        "mutual_fund"
    };
    id(api
        .post(
            "/v1/schemes",
            &json!({"name": format!("{kind} {unit}"), "country": "PE", "kind": kind,
                    "category": category, "coverage_unit": unit}),
        )
        .await
        .expect(201))
}

/// Enrols `who` (`{"member_id": …}` or `{"household_id": …}`) in `scheme`, starting in `status`
/// on `date`.
pub async fn enrol(api: &TestClient, scheme: &str, who: Value, status: &str, date: &str) -> String {
    let mut body = json!({"scheme_id": scheme, "status": status, "effective_on": date});
    for (key, value) in who.as_object().unwrap() {
        body[key] = value.clone();
    }
    id(api.post("/v1/enrollments", &body).await.expect(201))
}

pub async fn transition(api: &TestClient, enrollment: &str, status: &str, date: &str) -> Value {
    api.post(
        &format!("/v1/enrollments/{enrollment}/transitions"),
        &json!({"status": status, "effective_on": date}),
    )
    .await
    .expect(200)
    .clone()
}

/// An NDJSON body's lines, parsed.
fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The ministry export with `query`, as NDJSON lines.
pub async fn export(api: &TestClient, query: &str) -> Vec<Value> {
    let response = api.get(&format!("/v1/enrollments/export{query}")).await;
    response.expect(200);
    assert_eq!(response.content_type(), "application/x-ndjson");
    lines(&response.text)
}
