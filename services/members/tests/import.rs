//! Bulk import through HTTP, on SQLite and (when configured) PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestService};
use serde_json::json;

const HEADER: &str = "given_names,family_names,sex,birth_date,id_type,id_number,country,region,sector,work_status,data_sharing_consent\n";

async fn start(backend: Backend) -> Option<(TestService, TestClient)> {
    let service = TestService::start(formaliza_members::spec(), backend).await?;
    let token = TestKeys::trusted().token(
        "ngo-cedepas",
        &[Scope::MembersRead, Scope::MembersWrite],
        Some("cedepas"),
    );
    let client = service.client(Some(token));
    Some((service, client))
}

/// `count` valid rows with distinct DNIs, except the rows (1-based, as data rows) in `bad`.
fn csv(count: usize, bad: &[usize]) -> String {
    let mut text = String::from(HEADER);
    for i in 1..=count {
        let dni = format!("{:08}", 10_000_000 + i);
        let line = match bad.iter().position(|b| *b == i) {
            Some(0) => format!(
                "Rosa,Huamán,female,1990-02-30,pe_dni,{dni},PE,PE-CAJ,coffee,self_employed,yes\n"
            ),
            Some(1) => format!(
                "Juan,Condori,male,1975-06-01,pe_dni,{},PE,PE-CAJ,coffee,self_employed,no\n",
                &dni[..7]
            ),
            Some(_) => format!(
                "Ana,Mamani,female,1980-01-01,pe_dni,{dni},PE,PE-CAJ,mining,self_employed,quizás\n"
            ),
            None => format!(
                "Persona {i},Apellido,female,1985-03-15,pe_dni,{dni},PE,PE-CAJ,coffee,self_employed,sí\n"
            ),
        };
        text.push_str(&line);
    }
    text
}

async fn import(
    api: &TestClient,
    query: &str,
    body: String,
) -> formaliza_shared::testing::TestResponse {
    api.post_raw(
        &format!("/v1/members/import{query}"),
        "text/csv",
        body.into_bytes(),
    )
    .await
}

async fn ten_thousand_rows_with_three_bad_ones(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let bad = [17, 4242, 9999];
    let response = import(&api, "", csv(10_000, &bad)).await;
    let report = response.expect(200);
    assert_eq!(
        report["summary"],
        json!({"rows": 10_000, "created": 9_997, "updated": 0, "unchanged": 0, "failed": 3})
    );
    let failed: Vec<_> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "failed")
        .map(|r| {
            let fields: Vec<_> = r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap().to_owned())
                .collect();
            (r["row"].as_u64().unwrap(), fields.join("+"))
        })
        .collect();
    // Spreadsheet row numbers: the header is row 1. Every problem of a row is reported, under
    // the file's own column names.
    let expected = [
        (18, "birth_date"),
        (4243, "id_number"),
        (10_000, "data_sharing_consent+sector"),
    ];
    assert_eq!(
        failed,
        expected.map(|(row, fields)| (row, fields.to_owned()))
    );
    let feed = api.get("/v1/feeds/members?after=9990&limit=100").await;
    assert_eq!(feed.expect(200)["next_after"], 9_997);
    let page = api.get("/v1/members?limit=500").await;
    assert_eq!(page.expect(200)["data"].as_array().unwrap().len(), 500);
    assert_eq!(page.json["data"][0]["data_sharing_consent"], true);
}

async fn atomic_import_writes_nothing_on_a_bad_row(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let response = import(&api, "?atomic=true", csv(10_000, &[17, 4242, 9999])).await;
    let problem = response.problem(422);
    let fields: Vec<_> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        [
            "rows[18].birth_date",
            "rows[4243].id_number",
            "rows[10000].data_sharing_consent",
            "rows[10000].sector"
        ]
    );
    assert_eq!(problem["context"]["written"], false);
    assert_eq!(api.get("/v1/members").await.expect(200)["data"], json!([]));
    assert_eq!(
        api.get("/v1/feeds/members").await.expect(200)["data"],
        json!([])
    );

    let clean = import(&api, "?atomic=true", csv(50, &[])).await;
    assert_eq!(clean.expect(200)["summary"]["created"], 50);
}

async fn dry_run_checks_everything_and_writes_nothing(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    import(&api, "", csv(3, &[])).await.expect(200);
    let mut body = csv(5, &[]);
    // A duplicate within the file is an update of the row before it.
    body.push_str("Persona 5,Apellido Nuevo,female,1985-03-15,pe_dni,10000005,PE,PE-CAJ,coffee,self_employed,sí\n");
    let report = import(&api, "?dry_run=true", body.clone()).await;
    assert_eq!(
        report.expect(200)["summary"],
        json!({"rows": 6, "created": 2, "updated": 1, "unchanged": 3, "failed": 0})
    );
    assert_eq!(report.json["dry_run"], true);
    assert_eq!(
        api.get("/v1/members").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let real = import(&api, "", body).await;
    assert_eq!(
        real.expect(200)["summary"],
        json!({"rows": 6, "created": 2, "updated": 1, "unchanged": 3, "failed": 0})
    );
    let updated = api.get("/v1/members?id_number=10000005").await;
    assert_eq!(
        updated.expect(200)["data"][0]["family_names"],
        "Apellido Nuevo"
    );
    assert_eq!(updated.json["data"][0]["version"], 2);
    // Unchanged rows wrote nothing: 5 creates and 1 update in the feed.
    assert_eq!(
        api.get("/v1/feeds/members").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

async fn ndjson_and_memberships(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let cooperative = api
        .post("/v1/organisations", &json!({"name": "Cooperativa Cafetalera Yungas", "kind": "cooperative", "legal_status": "registered", "country": "BO", "region": "BO-L"}))
        .await;
    let cooperative_id = cooperative.expect(201)["id"].as_str().unwrap().to_owned();
    let lines = [
        json!({"given_names": "Wilma", "family_names": "Choque", "country": "BO", "region": "BO-L", "sector": "coffee",
               "national_id": {"type": "bo_ci", "number": "4567890-1B", "issued_in": "LP"}, "organisation_id": cooperative_id, "role": "president"}),
        json!({"given_names": "Eusebio", "family_names": "Apaza", "country": "BO", "national_id": {"type": "bo_ci", "number": "12", "issued_in": "LP"}}),
        json!({"given_names": "Sin", "family_names": "Cedula", "country": "BO", "favourite_colour": "green"}),
    ];
    let mut body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    body.push_str("{not json\n");
    let report = api
        .post_raw(
            "/v1/members/import",
            "application/x-ndjson",
            body.into_bytes(),
        )
        .await;
    let rows = report.expect(200)["rows"].as_array().unwrap().clone();
    assert_eq!(
        rows.iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["created", "failed", "failed", "failed"]
    );
    assert_eq!(rows[1]["errors"][0]["field"], "national_id.number");
    assert_eq!(rows[2]["errors"][0]["field"], "favourite_colour");
    assert_eq!(rows[3]["row"], 4);
    let members = api
        .get(&format!("/v1/members?organisation_id={cooperative_id}"))
        .await;
    assert_eq!(
        members.expect(200)["data"][0]["national_id"],
        json!({"type": "bo_ci", "number": "4567890", "country": "BO", "complement": "1B", "issued_in": "LP"})
    );
    let memberships = api
        .get(&format!("/v1/memberships?organisation_id={cooperative_id}"))
        .await;
    assert_eq!(memberships.expect(200)["data"][0]["role"], "president");
}

async fn unusable_files_are_refused_whole(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let unknown = import(
        &api,
        "",
        "given_names,family_names,country,dni\nA,B,PE,123\n".into(),
    )
    .await;
    assert_eq!(unknown.problem(422)["errors"][0]["field"], "dni");
    let missing = import(&api, "", "given_names,country\nA,PE\n".into()).await;
    assert_eq!(missing.problem(422)["errors"][0]["code"], "missing_column");
    api.post_raw("/v1/members/import", "application/pdf", b"%PDF".to_vec())
        .await
        .problem(415);
    api.post_raw(
        "/v1/members/import?dry_run=maybe",
        "text/csv",
        HEADER.as_bytes().to_vec(),
    )
    .await
    .problem(400);
    let reader = api.with_token(Some(TestKeys::trusted().token(
        "dashboard",
        &[Scope::MembersRead],
        None,
    )));
    reader
        .post_raw("/v1/members/import", "text/csv", csv(1, &[]).into_bytes())
        .await
        .problem(403);
}

formaliza_shared::backend_tests!(
    ten_thousand_rows_with_three_bad_ones,
    atomic_import_writes_nothing_on_a_bad_row,
    dry_run_checks_everything_and_writes_nothing,
    ndjson_and_memberships,
    unusable_files_are_refused_whole,
);
