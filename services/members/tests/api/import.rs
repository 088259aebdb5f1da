//! Bulk import through HTTP, on SQLite and (when configured) PostgreSQL.

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

fn partner_client(service: &TestService, partner: &str) -> TestClient {
    service.client(Some(TestKeys::trusted().token(
        &format!("ngo-{partner}"),
        &[Scope::MembersRead, Scope::MembersWrite],
        Some(partner),
    )))
}

fn created_id(response: &formaliza_shared::testing::TestResponse) -> String {
    response.expect(201)["id"].as_str().unwrap().to_owned()
}

/// `(row, status, id, "field:code+…")` for every row of a report.
fn outcomes(report: &serde_json::Value) -> Vec<(u64, String, Option<String>, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let errors: Vec<String> = r["errors"]
                .as_array()
                .map(|errors| {
                    errors
                        .iter()
                        .map(|e| {
                            format!(
                                "{}:{}",
                                e["field"].as_str().unwrap(),
                                e["code"].as_str().unwrap()
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            (
                r["row"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_owned(),
                r["id"].as_str().map(str::to_owned),
                errors.join("+"),
            )
        })
        .collect()
}

/// The feed events after `after` that `api` may see.
async fn feed_after(api: &TestClient, after: i64) -> Vec<serde_json::Value> {
    api.get(&format!("/v1/feeds/members?after={after}&limit=1000"))
        .await
        .expect(200)["data"]
        .as_array()
        .unwrap()
        .clone()
}

async fn last_seq(api: &TestClient) -> i64 {
    api.get("/v1/feeds/members?limit=1000").await.expect(200)["next_after"]
        .as_i64()
        .unwrap()
}

/// Every event carries the import's actor (`ngo-cedepas`) and request id, and the last event of
/// each record is exactly what a GET returns now.
async fn assert_feed_matches(
    api: &TestClient,
    events: &[serde_json::Value],
    import: &formaliza_shared::testing::TestResponse,
) {
    let request_id = import.header("x-request-id").unwrap();
    let mut last = std::collections::BTreeMap::new();
    for event in events {
        assert_eq!(event["actor"], "ngo-cedepas", "{event}");
        assert_eq!(event["request_id"], request_id, "{event}");
        assert_eq!(event["data"]["version"], event["version"], "{event}");
        last.insert(
            (
                event["resource"].as_str().unwrap().to_owned(),
                event["id"].as_str().unwrap().to_owned(),
            ),
            event["data"].clone(),
        );
    }
    for ((resource, id), data) in last {
        let current = api.get(&format!("/v1/{resource}s/{id}")).await;
        assert_eq!(current.expect(200), &data, "{resource} {id}");
    }
}

/// Households, heads and national IDs of another partner, with rows of one file seeing the rows
/// before them: a second head fails until the first steps down; a dry run reports the same.
async fn households_heads_and_other_partners(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let api = partner_client(&service, "cedepas");
    let other = partner_client(&service, "caritas");
    let household = json!({"name": "Familia", "country": "PE", "region": "PE-JUN"});
    let h1 = created_id(&api.post("/v1/households", &household).await);
    let h2 = created_id(&api.post("/v1/households", &household).await);
    let theirs = created_id(&other.post("/v1/households", &household).await);
    let their_member = import(
        &other,
        "",
        "given_names,family_names,id_type,id_number,country\nOtra,Persona,pe_dni,30000009,PE\n"
            .into(),
    )
    .await;
    let their_member_id = their_member.expect(200)["rows"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = last_seq(&api).await;

    let nowhere = "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a0ff";
    let body = format!(
        "given_names,family_names,id_type,id_number,country,household_id,relationship_to_head\n\
         Ana,Quispe,pe_dni,30000001,PE,{h1},head\n\
         Berta,Quispe,pe_dni,30000002,PE,{h1},head\n\
         Carla,Rojas,pe_dni,30000009,PE,,\n\
         Dora,Rojas,pe_dni,30000003,PE,{theirs},spouse\n\
         Eva,Rojas,pe_dni,30000004,PE,{nowhere},child\n\
         Ana,Quispe,pe_dni,30000001,PE,{h1},spouse\n\
         Berta,Quispe,pe_dni,30000002,PE,{h1},head\n\
         Flor,Soto,,,PE,{h2},head\n\
         Flor,Soto,,,PE,{h2},child\n\
         Gina,Soto,pe_dni,30000005,PE,{h2},head\n"
    );
    let expected = [
        (2, "created", ""),
        (3, "failed", "relationship_to_head:duplicate_head"),
        (4, "failed", "id_number:duplicate"),
        (5, "failed", "household_id:unknown_reference"),
        (6, "failed", "household_id:unknown_reference"),
        (7, "updated", ""),
        (8, "created", ""),
        (9, "created", ""),
        (10, "created", ""),
        (11, "failed", "relationship_to_head:duplicate_head"),
    ];
    let strip = |rows: Vec<(u64, String, Option<String>, String)>| {
        rows.into_iter()
            .map(|(row, status, _, errors)| (row, status, errors))
            .collect::<Vec<_>>()
    };
    let expected: Vec<_> = expected
        .iter()
        .map(|(row, status, errors)| (*row, (*status).to_owned(), (*errors).to_owned()))
        .collect();

    let dry = import(&api, "?dry_run=true", body.clone()).await;
    assert_eq!(strip(outcomes(dry.expect(200))), expected);
    assert_eq!(last_seq(&api).await, before);

    let response = import(&api, "", body).await;
    let report = response.expect(200);
    let rows = outcomes(report);
    assert_eq!(strip(rows.clone()), expected);
    // Another partner's member is neither named nor pointed to.
    assert_eq!(rows[2].2, None);
    assert!(!response.text.contains(&their_member_id));
    assert_eq!(rows[5].2, rows[0].2, "the second Ana row updates the first");
    let ana = rows[0].2.clone().unwrap();
    let ana_now = api.get(&format!("/v1/members/{ana}")).await;
    assert_eq!(ana_now.expect(200)["version"], 2);
    assert_eq!(ana_now.json["relationship_to_head"], "spouse");
    assert_eq!(ana_now.json["household_id"], h1.as_str());

    let events = feed_after(&api, before).await;
    let summary: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e["resource"].as_str().unwrap().to_owned(),
                e["id"].as_str().unwrap().to_owned(),
                e["op"].as_str().unwrap().to_owned(),
                e["version"].as_i64().unwrap(),
            )
        })
        .collect();
    let member = |row: usize, op: &str, version: i64| {
        (
            "member".to_owned(),
            rows[row].2.clone().unwrap(),
            op.to_owned(),
            version,
        )
    };
    assert_eq!(
        summary,
        [
            member(0, "create", 1),
            member(5, "update", 2),
            member(6, "create", 1),
            member(7, "create", 1),
            member(8, "create", 1),
        ]
    );
    let seqs: Vec<_> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (before + 1..=before + 5).collect::<Vec<_>>());
    assert_eq!(events[0]["data"]["relationship_to_head"], "head");
    assert_eq!(
        events[0]["data"]["created_at"],
        events[1]["data"]["created_at"]
    );
    assert_feed_matches(&api, &events, &response).await;
}

/// `organisation_id` makes the member join (once), with the role; a bad organisation or role
/// fails the row without creating the member; an atomic import writes members and memberships
/// in row order.
async fn memberships_in_bulk(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let api = partner_client(&service, "cedepas");
    let other = partner_client(&service, "caritas");
    let cooperative = json!({"name": "Cooperativa", "kind": "cooperative", "legal_status": "registered", "country": "PE", "region": "PE-JUN"});
    let org = created_id(&api.post("/v1/organisations", &cooperative).await);
    let org2 = created_id(&api.post("/v1/organisations", &cooperative).await);
    let theirs = created_id(&other.post("/v1/organisations", &cooperative).await);
    let before = last_seq(&api).await;

    let header = "given_names,family_names,id_type,id_number,country,organisation_id,role\n";
    let body = format!(
        "{header}\
         Ana,Quispe,pe_dni,30000001,PE,{org},president\n\
         Ana,Quispe,pe_dni,30000001,PE,{org},\n\
         Berta,Quispe,pe_dni,30000002,PE,{theirs},\n\
         Carla,Rojas,pe_dni,30000003,PE,{org},chief\n\
         Dora,Rojas,pe_dni,30000004,PE,not-a-uuid,\n\
         Ana,Quispe,pe_dni,30000001,PE,{org2},member\n\
         Eva,Rojas,pe_dni,30000005,PE,{org},treasurer\n"
    );
    let response = import(&api, "", body.clone()).await;
    let rows = outcomes(response.expect(200));
    let statuses: Vec<_> = rows
        .iter()
        .map(|(row, status, _, errors)| (*row, status.as_str(), errors.as_str()))
        .collect();
    assert_eq!(
        statuses,
        [
            (2, "created", ""),
            (3, "unchanged", ""),
            (4, "failed", "organisation_id:unknown_reference"),
            (5, "failed", "role:invalid"),
            (6, "failed", "organisation_id:unknown_reference"),
            (7, "unchanged", ""),
            (8, "created", ""),
        ]
    );
    // A failed row leaves no member behind.
    for dni in ["30000002", "30000003", "30000004"] {
        let found = api.get(&format!("/v1/members?id_number={dni}")).await;
        assert_eq!(found.expect(200)["data"], json!([]), "{dni}");
    }
    let ana = rows[0].2.clone().unwrap();
    let eva = rows[6].2.clone().unwrap();
    let memberships = api.get(&format!("/v1/memberships?member_id={ana}")).await;
    let mut roles: Vec<_> = memberships.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["organisation_id"].as_str().unwrap().to_owned(),
                m["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    roles.sort();
    let mut expected_roles = vec![
        (org.clone(), "president".to_owned()),
        (org2.clone(), "member".to_owned()),
    ];
    expected_roles.sort();
    assert_eq!(roles, expected_roles);

    let events = feed_after(&api, before).await;
    let summary: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e["resource"].as_str().unwrap(),
                e["op"].as_str().unwrap(),
                e["data"]["member_id"]
                    .as_str()
                    .or(e["id"].as_str())
                    .unwrap(),
                e["data"]["organisation_id"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("member", "create", ana.as_str(), ""),
            ("membership", "create", ana.as_str(), org.as_str()),
            ("membership", "create", ana.as_str(), org2.as_str()),
            ("member", "create", eva.as_str(), ""),
            ("membership", "create", eva.as_str(), org.as_str()),
        ]
    );
    assert_eq!(events[4]["data"]["role"], "treasurer");
    assert_feed_matches(&api, &events, &response).await;

    // Again: nothing new to write.
    let again = import(&api, "", body).await;
    assert_eq!(
        again.expect(200)["summary"],
        json!({"rows": 7, "created": 0, "updated": 0, "unchanged": 4, "failed": 3})
    );
    assert_eq!(feed_after(&api, before).await.len(), 5);

    // All or nothing, in row order.
    let seq = last_seq(&api).await;
    let atomic = import(
        &api,
        "?atomic=true",
        format!("{header}Fe,Rojas,pe_dni,30000006,PE,{org},\nGala,Rojas,pe_dni,30000007,PE,{org2},leader\n"),
    )
    .await;
    assert_eq!(atomic.expect(200)["summary"]["created"], 2);
    let events = feed_after(&api, seq).await;
    let kinds: Vec<_> = events
        .iter()
        .map(|e| e["resource"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["member", "membership", "member", "membership"]);
    assert_feed_matches(&api, &events, &atomic).await;
}

/// Rows of later chunks see the rows of earlier ones (chunks are 500 rows).
async fn rows_see_earlier_chunks(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let api = partner_client(&service, "cedepas");
    let household = created_id(
        &api.post(
            "/v1/households",
            &json!({"name": "Familia", "country": "PE"}),
        )
        .await,
    );
    let mut body = String::from(
        "given_names,family_names,id_type,id_number,country,household_id,relationship_to_head\n",
    );
    for i in 0..1200 {
        let line = match i {
            5 => format!(
                "Jefa,Uno,pe_dni,{:08},PE,{household},head\n",
                50_000_000 + i
            ),
            700 => format!("Persona,Cambiada,pe_dni,{:08},PE,,\n", 50_000_000 + 10),
            800 => format!(
                "Jefe,Dos,pe_dni,{:08},PE,{household},head\n",
                50_000_000 + i
            ),
            _ => format!("Persona,Apellido,pe_dni,{:08},PE,,\n", 50_000_000 + i),
        };
        body.push_str(&line);
    }
    let response = import(&api, "", body).await;
    let report = response.expect(200);
    assert_eq!(
        report["summary"],
        json!({"rows": 1200, "created": 1198, "updated": 1, "unchanged": 0, "failed": 1})
    );
    assert_eq!(report["rows"][700]["status"], "updated");
    assert_eq!(report["rows"][700]["id"], report["rows"][10]["id"]);
    assert_eq!(report["rows"][800]["errors"][0]["code"], "duplicate_head");
    // The household, then 1,198 creates and one update.
    let mut events = feed_after(&api, 0).await;
    events.extend(feed_after(&api, 1000).await);
    assert_eq!(events.len(), 1200);
    let updates: Vec<_> = events.iter().filter(|e| e["op"] == "update").collect();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0]["data"]["family_names"], "Cambiada");
    assert_eq!(updates[0]["id"], report["rows"][10]["id"]);
}

/// Another writer commits a member with a national ID of the file while the import runs: the
/// row still gets its own result (here an update of that member), and the rest are written.
async fn a_concurrent_writer_does_not_fail_the_chunk(backend: Backend) {
    use diesel::prelude::*;
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let api = partner_client(&service, "cedepas");
    let mut conn = service.pool.get().unwrap();
    let begin = match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    };
    diesel::sql_query(begin).execute(&mut conn).unwrap();
    let theirs = "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a0aa";
    diesel::sql_query(format!(
        "INSERT INTO members (id, partner_id, given_names, family_names, name_key, id_type, id_country, id_number, country, data_sharing_consent, version, created_at, updated_at) \
         VALUES ('{theirs}', 'cedepas', 'Antes', 'Escrita', 'antes escrita', 'pe_dni', 'PE', '10000003', 'PE', false, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    ))
    .execute(&mut conn)
    .unwrap();
    let request = actix_rt::spawn({
        let api = api.clone();
        async move { import(&api, "", csv(6, &[])).await }
    });
    // Let the import reach the member it will collide with (on PostgreSQL, wait until it is
    // blocked on our uncommitted row; SQLite makes it wait for our write lock instead).
    for _ in 0..100 {
        actix_rt::time::sleep(std::time::Duration::from_millis(50)).await;
        if backend == Backend::Sqlite {
            break;
        }
        #[derive(QueryableByName)]
        struct Waiting {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            count: i64,
        }
        let mut probe = service.pool.get().unwrap();
        let waiting: Waiting = diesel::sql_query(
            "SELECT count(*) AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .get_result(&mut probe)
        .unwrap();
        if waiting.count > 0 {
            break;
        }
    }
    diesel::sql_query("COMMIT").execute(&mut conn).unwrap();
    let response = request.await.unwrap();
    let rows = outcomes(response.expect(200));
    let statuses: Vec<_> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "created", "created", "updated", "created", "created", "created"
        ]
    );
    assert_eq!(rows[2].2.as_deref(), Some(theirs));
    let events = feed_after(&api, 0).await;
    let ids: Vec<_> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let expected: Vec<_> = rows.iter().map(|r| r.2.as_deref().unwrap()).collect();
    assert_eq!(ids, expected);
    assert_eq!(events[2]["version"], 2);
    assert_feed_matches(&api, &events, &response).await;
}

/// An upload's key as a retry finds it: running (409 with `Retry-After`), answered (the first
/// report, nothing written), refused as a whole (no answer kept), or abandoned by a process that
/// died mid-way (taken over after ten minutes, the rows found unchanged).
async fn a_retried_upload_is_told_what_became_of_the_first(backend: Backend) {
    use diesel::RunQueryDsl;
    use formaliza_shared::idempotency::{Attempt, Claim, IdempotencyKey};

    let Some((service, api)) = start(backend).await else {
        return;
    };
    let upload = |key: &'static str, query: &'static str, body: String| {
        let api = api.clone();
        async move {
            let request = api
                .request(
                    actix_web::http::Method::POST,
                    &format!("/v1/members/import{query}"),
                )
                .insert_header(("Idempotency-Key", key));
            api.send(request, Some(("text/csv", body.into_bytes())))
                .await
        }
    };
    // A claim as a running upload holds it, made with the very digest the service computes.
    let file = csv(3, &[]);
    let request = actix_web::test::TestRequest::post()
        .uri("/v1/members/import")
        .to_http_request();
    let attempt = Attempt::new(
        &request,
        IdempotencyKey(Some("roster".into())),
        &formaliza_shared::extract::digest(file.as_bytes()),
    );
    let principal = formaliza_shared::Principal {
        sub: "ngo-cedepas".into(),
        scopes: Vec::new(),
        partner_id: Some("cedepas".into()),
        token: "".into(),
    };
    let mut conn = service.pool.get().unwrap();
    assert!(matches!(
        attempt.claim(&mut conn, &principal).unwrap(),
        Claim::Claimed
    ));
    let running = upload("roster", "", file.clone()).await;
    running.problem(409);
    assert_eq!(running.header("retry-after"), Some("5"));
    // Abandoned: a retry eleven minutes on takes it over and imports.
    diesel::sql_query(
        "UPDATE idempotency_keys SET created_at = created_at - INTERVAL '11 minutes'",
    )
    .execute(&mut conn)
    .or_else(|_| {
        diesel::sql_query(
            "UPDATE idempotency_keys SET created_at = datetime(created_at, '-11 minutes')",
        )
        .execute(&mut conn)
    })
    .unwrap();
    let taken_over = upload("roster", "", file.clone()).await;
    assert_eq!(taken_over.expect(200)["summary"]["created"], 3);
    let replayed = upload("roster", "", file.clone()).await;
    assert_eq!(replayed.expect(200), taken_over.expect(200));
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    // Refused whole (atomic, a bad row): nothing kept, so the fixed file goes through with the
    // same key.
    let refused = upload("atomic-roster", "?atomic=true", csv(4, &[2])).await;
    refused.problem(422);
    let fixed = upload("atomic-roster", "?atomic=true", csv(4, &[])).await;
    let fixed = fixed.expect(200);
    assert_eq!(fixed["summary"]["unchanged"], 3, "{fixed}");
    assert_eq!(fixed["summary"]["created"], 1, "{fixed}");
}

/// The separator and encoding are read as import jobs read them: Excel's `;` and Latin-1.
async fn semicolons_and_latin1_as_excel_saves_them(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let mut body = b"given_names;family_names;id_type;id_number;country\r\n".to_vec();
    body.extend_from_slice(b"Jos\xe9;Pe\xf1a;pe_dni;40000011;PE\r\n");
    let response = api.post_raw("/v1/members/import", "text/csv", body).await;
    assert_eq!(response.expect(200)["summary"]["created"], 1);
    let jose = api.get("/v1/members?q=jose").await.expect(200)["data"][0].clone();
    assert_eq!(jose["family_names"], "Peña");
}

formaliza_shared::backend_tests!(
    semicolons_and_latin1_as_excel_saves_them,
    a_retried_upload_is_told_what_became_of_the_first,
    ten_thousand_rows_with_three_bad_ones,
    atomic_import_writes_nothing_on_a_bad_row,
    dry_run_checks_everything_and_writes_nothing,
    ndjson_and_memberships,
    unusable_files_are_refused_whole,
    households_heads_and_other_partners,
    memberships_in_bulk,
    rows_see_earlier_chunks,
    a_concurrent_writer_does_not_fail_the_chunk,
);
