//! The formalisation indicators on SQLite and (when configured) PostgreSQL: organisations by
//! formal status on a date (backdated and cancelled registrations included), workers with a
//! formal job by the ILO rule, suppression, partner scoping and the monthly series.

use chrono::{TimeDelta, Utc};
use formaliza_members::registrations::model::ruc_check_digit;
use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestService};
use serde_json::{Value, json};

const WRITER: &[Scope] = &[
    Scope::MembersRead,
    Scope::MembersWrite,
    Scope::IndicatorsRead,
];

fn partner(service: &TestService, partner_id: &str) -> TestClient {
    service.client(Some(TestKeys::trusted().token(
        &format!("ngo-{partner_id}"),
        WRITER,
        Some(partner_id),
    )))
}

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + TimeDelta::days(offset)).to_string()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// A RUC of a legal entity with SUNAT's check digit.
fn ruc(serial: u32) -> String {
    let first_ten = format!("20{serial:08}");
    format!("{first_ten}{}", ruc_check_digit(&first_ten))
}

async fn enterprise(api: &TestClient, name: &str) -> String {
    id(api
        .post(
            "/v1/organisations",
            &json!({"name": name, "kind": "small_enterprise", "legal_status": "informal",
                    "country": "PE", "region": "PE-JUN", "sector": "textile"}),
        )
        .await
        .expect(201))
}

async fn register(api: &TestClient, organisation: &str, registry: &str, number: &str, on: i64) {
    api.post(
        "/v1/registrations",
        &json!({"organisation_id": organisation, "registry": registry, "number": number,
                "effective_on": day(on)}),
    )
    .await
    .expect(201);
}

async fn worker(api: &TestClient, name: &str, sex: &str, born: &str) -> String {
    id(api
        .post(
            "/v1/members",
            &json!({"given_names": name, "family_names": "Quispe", "sex": sex,
                    "birth_date": born, "country": "PE", "region": "PE-JUN",
                    "sector": "textile"}),
        )
        .await
        .expect(201))
}

async fn job(api: &TestClient, body: Value) {
    api.post("/v1/jobs", &body).await.expect(201);
}

async fn indicator(api: &TestClient, query: &str) -> Value {
    api.get(&format!("/v1/indicators/formalisation?{query}"))
        .await
        .expect(200)
        .clone()
}

async fn formalisation_follows_the_dated_records(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let mut units = Vec::new();
    for n in 0..8 {
        units.push(enterprise(&api, &format!("Confecciones Sumaq {n}")).await);
    }
    // Five with a RUC since 400 days ago and a SUNARP entry since 200: formal from then; a sixth
    // with its RUC only; two with nothing.
    for (n, unit) in units.iter().enumerate().take(6) {
        let serial = u32::try_from(n).unwrap() + 1_313_120;
        register(&api, unit, "pe_ruc", &ruc(serial), -400).await;
        if n < 5 {
            register(&api, unit, "pe_sunarp", &format!("1101234{n}"), -200).await;
        }
    }
    // The fifth's registry entry cancelled ten days ago: back in formation.
    let entries = api
        .get(&format!(
            "/v1/registrations?organisation_id={}&registry=pe_sunarp",
            units[4]
        ))
        .await;
    let entry = id(&entries.expect(200)["data"][0]);
    api.post(
        &format!("/v1/registrations/{entry}/transitions"),
        &json!({"status": "cancelled", "effective_on": day(-10)}),
    )
    .await
    .expect(200);

    let today = indicator(&api, "").await;
    let whole = &today["organisations"][0];
    assert_eq!(whole["organisations"], 8);
    assert_eq!(whole["formal"], json!({"count": 4, "percentage": 50.0}));
    assert_eq!(whole["in_formation"]["count"], 2);
    assert_eq!(whole["informal"]["count"], 2);
    assert_eq!(
        whole["became_formal"],
        Value::Null,
        "not asked without `from`"
    );
    // The same as each organisation's own derived status (the rule written in Rust).
    let mut formal_records = 0;
    for unit in &units {
        let record = api.get(&format!("/v1/organisations/{unit}")).await;
        formal_records += i32::from(record.expect(200)["formal_status"] == "formal");
    }
    assert_eq!(formal_records, 4);

    let past = indicator(&api, &format!("as_of={}&from={}", day(-100), day(-300))).await;
    let whole = &past["organisations"][0];
    assert_eq!(whole["formal"]["count"], 5);
    assert_eq!(whole["became_formal"], 5);
    let early = indicator(&api, &format!("as_of={}", day(-300))).await;
    assert_eq!(early["organisations"][0]["in_formation"]["count"], 6);
    assert_eq!(early["organisations"][0]["formal"]["count"], 0);

    // Workers: three employees of an informal unit registered for social security 50 days ago,
    // two member-workers of a formal unit, a family worker there, a self-employed woman.
    let mut people = Vec::new();
    for (name, sex, born) in [
        ("Rosa", "female", "1990-04-01"),
        ("Julia", "female", "2001-07-12"),
        ("Pedro", "male", "1985-01-30"),
        ("Marta", "female", "1999-11-02"),
        ("Luis", "male", "1970-03-15"),
        ("Ana", "female", "2004-05-20"),
        ("Inés", "female", "1958-09-09"),
    ] {
        people.push(worker(&api, name, sex, born).await);
    }
    for person in &people[..3] {
        job(
            &api,
            json!({"member_id": person, "organisation_id": units[7], "role": "employee",
                   "contract": "written", "started_on": day(-365),
                   "social_security_registry": "pe_t_registro",
                   "social_security_since": day(-50)}),
        )
        .await;
    }
    for person in &people[3..5] {
        job(
            &api,
            json!({"member_id": person, "organisation_id": units[0], "role": "member_worker",
                   "started_on": day(-365)}),
        )
        .await;
    }
    job(
        &api,
        json!({"member_id": people[5], "organisation_id": units[0], "role": "family_worker",
               "started_on": day(-365)}),
    )
    .await;
    job(
        &api,
        json!({"member_id": people[6], "role": "self_employed", "started_on": day(-365)}),
    )
    .await;

    let now = indicator(&api, "").await;
    assert_eq!(
        now["workers"][0],
        json!({"group": null, "workers": 7, "suppressed": false,
               "with_formal_job": {"count": 5, "percentage": 71.4}})
    );
    // A hundred days ago the employees were not yet registered, and the cooperative was formal.
    let before = indicator(&api, &format!("as_of={}", day(-100))).await;
    assert_eq!(before["workers"][0]["with_formal_job"]["count"], 2);
    // Five women and two men: the men's cell is withheld, and so must the women's be, or the
    // men's would follow by subtraction from the whole.
    let by_sex = indicator(&api, "workers_by=sex").await;
    let cells = by_sex["workers"].as_array().unwrap();
    assert_eq!(cells.len(), 2);
    assert!(
        cells
            .iter()
            .all(|c| c["suppressed"] == true && c["workers"].is_null())
    );
    let by_age = indicator(&api, "workers_by=age_band").await;
    let bands: Vec<&Value> = by_age["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["group"])
        .collect();
    assert_eq!(bands, [&json!("15_29"), &json!("30_64"), &json!("65_plus")]);

    // Another partner counts only its own records: one organisation, withheld.
    let other = partner(&service, "aprodeh");
    enterprise(&other, "Panadería Wari").await;
    let theirs = indicator(&other, "").await;
    assert_eq!(theirs["organisations"][0]["suppressed"], true);
    assert_eq!(theirs["organisations"][0]["organisations"], Value::Null);
    assert_eq!(theirs["workers"][0]["workers"], Value::Null);
    let by_partner = indicator(&api, "organisations_by=partner").await;
    assert_eq!(by_partner["organisations"].as_array().unwrap().len(), 1);

    // The series: one point per month end; formal organisations move with the records.
    let series = api
        .get(&format!(
            "/v1/indicators/formalisation/series?from={}&to={}",
            day(-90),
            day(0)
        ))
        .await;
    let points = series.expect(200)["data"].as_array().unwrap().clone();
    assert!((3..=5).contains(&points.len()), "{points:?}");
    assert_eq!(points.last().unwrap()["as_of"], day(0));
    assert_eq!(points.last().unwrap()["formal_organisations"]["count"], 4);
    assert_eq!(points[0]["formal_organisations"]["count"], 5);

    // Bad questions are 400s naming the parameter.
    let wrong = api
        .get("/v1/indicators/formalisation?workers_by=income")
        .await;
    wrong.problem(400);
    let reversed = api
        .get(&format!(
            "/v1/indicators/formalisation?as_of={}&from={}",
            day(-10),
            day(-5)
        ))
        .await;
    assert_eq!(reversed.problem(400)["errors"][0]["field"], "from");
    // Without indicators:read, no figures.
    let reader = service.client(Some(TestKeys::trusted().token(
        "ngo-reader",
        &[Scope::MembersRead],
        None,
    )));
    reader
        .get("/v1/indicators/formalisation")
        .await
        .problem(403);
}

formaliza_shared::backend_tests!(formalisation_follows_the_dated_records);
