//! The ministry export: NDJSON or CSV, filters, consent honoured (identifying fields only with
//! consent, a stable pseudonym otherwise). Its memory at 100,000 enrolments is measured apart,
//! in `tests/export_memory.rs`.

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::extract::digest;
use serde_json::{Value, json};

use crate::common::{self, SECRET, enrol, export, household, id, member, scheme, transition};

async fn consent_is_honoured(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    let home = household(&members, "PE-JUN").await;
    let ana = member(
        &members,
        json!({"given_names": "Ana", "family_names": "Quispe", "household_id": home,
               "national_id": {"type": "pe_dni", "number": "45871236"}, "data_sharing_consent": true}),
    )
    .await;
    let luis = member(
        &members,
        json!({"given_names": "Luis", "family_names": "Mamani", "household_id": home,
               "national_id": {"type": "pe_dni", "number": "41234567"}}),
    )
    .await;
    services.catch_up().await;
    let sis = scheme(&api, "public_service", "person").await;
    let mutual = scheme(&api, "insurance", "household").await;
    let bolivia = id(api
        .post(
            "/v1/schemes",
            &json!({"name": "SUS", "country": "BO", "kind": "public_service",
            "category": "health", "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    let with_number = |who: &str| json!({"scheme_id": sis, "member_id": who, "affiliation_number": format!("SIS-{who}")});
    let ana_sis = id(api
        .post("/v1/enrollments", &with_number(&ana))
        .await
        .expect(201));
    let luis_sis = id(api
        .post("/v1/enrollments", &with_number(&luis))
        .await
        .expect(201));
    let household_fund = enrol(
        &api,
        &mutual,
        json!({"household_id": home}),
        "active",
        "2025-01-01",
    )
    .await;
    let luis_sus = enrol(
        &api,
        &bolivia,
        json!({"member_id": luis}),
        "applied",
        "2025-01-01",
    )
    .await;
    transition(&api, &luis_sus, "rejected", "2025-02-01").await;

    // The ministry's token exports (and may not read members): consent decides.
    let (_, ministry) = services.clients(&common::token(
        "ministry",
        &[Scope::ProtectionRead, Scope::EnrollmentsExport],
        None,
    ));
    let rows = export(&ministry, "").await;
    assert_eq!(
        rows.iter()
            .map(|r| r["enrollment_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [
            ana_sis.as_str(),
            luis_sis.as_str(),
            household_fund.as_str(),
            luis_sus.as_str()
        ]
    );
    let ana_row = &rows[0];
    assert_eq!(ana_row["consent"], true);
    assert_eq!(ana_row["member_id"], ana);
    assert_eq!(ana_row["given_names"], "Ana");
    assert_eq!(ana_row["family_names"], "Quispe");
    assert_eq!(ana_row["national_id_number"], "45871236");
    assert_eq!(ana_row["national_id_type"], "pe_dni");
    assert_eq!(ana_row["affiliation_number"], format!("SIS-{ana}"));
    assert_eq!(ana_row["scheme_kind"], "public_service");
    let luis_row = &rows[1];
    let pseudonym = digest(format!("{SECRET}:{luis}").as_bytes());
    assert_eq!(luis_row["consent"], false);
    assert_eq!(luis_row["member_pseudonym"], pseudonym);
    for field in [
        "member_id",
        "given_names",
        "family_names",
        "national_id_number",
        "national_id_type",
        "affiliation_number",
    ] {
        assert_eq!(luis_row[field], Value::Null, "{field} leaked");
    }
    let text = serde_json::to_string(&rows).unwrap();
    assert!(!text.contains("Luis") && !text.contains("41234567") && !text.contains(&luis));
    assert_eq!(rows[2]["household_id"], home);
    assert_eq!(rows[2]["member_pseudonym"], Value::Null);
    // The pseudonym is stable: the same member, the same pseudonym, export after export.
    assert_eq!(rows[3]["member_pseudonym"], pseudonym);
    assert_eq!(
        export(&ministry, "?country=BO").await[0]["member_pseudonym"],
        pseudonym
    );
    // The programme office may read every member in the members service: it sees who.
    let programme_rows = export(&api, "").await;
    assert_eq!(programme_rows[1]["member_id"], luis.as_str());
    assert_eq!(programme_rows[1]["given_names"], "Luis");
    assert_eq!(programme_rows[1]["consent"], false);
    assert_eq!(programme_rows[1]["member_pseudonym"], pseudonym);

    // Consent given later shows in the next export, once the read model has it.
    members
        .patch(
            &format!("/v1/members/{luis}"),
            None,
            &json!({"data_sharing_consent": true}),
        )
        .await
        .expect(200);
    services.catch_up().await;
    assert_eq!(
        export(&ministry, &format!("?scheme_id={sis}")).await[1]["given_names"],
        "Luis"
    );

    // Filters.
    assert_eq!(export(&api, "?country=BO").await.len(), 1);
    assert_eq!(
        export(&api, "?status=rejected").await[0]["enrollment_id"],
        luis_sus
    );
    assert_eq!(export(&api, "?status=applied&country=PE").await.len(), 2);
    let later = api.get(&format!("/v1/enrollments/{luis_sus}")).await;
    let since = later.expect(200)["updated_at"].as_str().unwrap().to_owned();
    let mut before = chrono::DateTime::parse_from_rfc3339(&since).unwrap();
    before -= chrono::TimeDelta::microseconds(1);
    let changed = export(
        &api,
        &format!("?updated_after={}", before.to_rfc3339().replace('+', "%2B")),
    )
    .await;
    assert_eq!(changed.len(), 1);
    api.get("/v1/enrollments/export?format=xml")
        .await
        .problem(400);
    api.get("/v1/enrollments/export?secret=1")
        .await
        .problem(400);

    // CSV, by parameter or by Accept.
    let csv = api
        .get("/v1/enrollments/export?format=csv&country=PE")
        .await;
    csv.expect(200);
    assert!(csv.content_type().starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "enrollment_id");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&records[1][column("given_names")], "Luis");
    let by_accept = api
        .send(
            api.request(actix_web::http::Method::GET, "/v1/enrollments/export")
                .insert_header(("Accept", "text/csv")),
            None,
        )
        .await;
    assert!(by_accept.expect(200).is_null());
    assert_eq!(by_accept.text.lines().count(), 5);

    // Scope enrollments:export; a partner exports only its own.
    let reader_only =
        services
            .protection
            .client(Some(common::token("ngo", &[Scope::ProtectionRead], None)));
    reader_only.get("/v1/enrollments/export").await.problem(403);
    let (_, partner) = services.partner("cedepas");
    assert_eq!(export(&partner, "").await.len(), 0);
}

formaliza_shared::backend_tests!(consent_is_honoured);
