//! Import jobs (`/v1/imports`) through HTTP, on SQLite and (when configured) PostgreSQL: the
//! files NGOs have (a KoboToolbox roster with Spanish headers and `;`, Latin-1, xlsx, NDJSON),
//! re-import, Idempotency-Key, cancel, restart mid-job, partner scoping and the report.

use std::time::{Duration, Instant};

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestResponse, TestService};
use serde_json::{Value, json};

const ROSTER: &[u8] = include_bytes!("../fixtures/kobo_roster.csv");
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn token(partner: &str) -> String {
    TestKeys::trusted().token(
        &format!("ngo-{partner}"),
        &[Scope::MembersRead, Scope::MembersWrite],
        Some(partner),
    )
}

async fn start(backend: Backend) -> Option<(TestService, TestClient)> {
    start_with(backend, 1000).await
}

async fn start_with(backend: Backend, chunk_rows: usize) -> Option<(TestService, TestClient)> {
    let service = TestService::start_with(formaliza_members::spec(), backend, |config| {
        config.imports.chunk_rows = chunk_rows;
    })
    .await?;
    let client = service.client(Some(token("cedepas")));
    Some((service, client))
}

async fn upload(api: &TestClient, query: &str, content_type: &str, body: Vec<u8>) -> TestResponse {
    api.post_raw(&format!("/v1/imports?{query}"), content_type, body)
        .await
}

/// Polls the job until it is over.
async fn finished(api: &TestClient, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let job = api
            .get(&format!("/v1/imports/{id}"))
            .await
            .expect(200)
            .clone();
        if ["succeeded", "failed", "cancelled"].contains(&job["status"].as_str().unwrap()) {
            return job;
        }
        assert!(Instant::now() < deadline, "job {id} never finished: {job}");
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Uploads and waits: the finished job.
async fn import(api: &TestClient, query: &str, content_type: &str, body: Vec<u8>) -> Value {
    let response = upload(api, query, content_type, body).await;
    let job = response.expect(202).clone();
    assert_eq!(
        response.header("location"),
        Some(format!("/v1/imports/{}", job["id"].as_str().unwrap()).as_str())
    );
    finished(api, job["id"].as_str().unwrap()).await
}

async fn rows(api: &TestClient, job: &Value, query: &str) -> Vec<Value> {
    let id = job["id"].as_str().unwrap();
    api.get(&format!("/v1/imports/{id}/rows?limit=500{query}"))
        .await
        .expect(200)["data"]
        .as_array()
        .unwrap()
        .clone()
}

async fn feed_head(api: &TestClient) -> String {
    let response = api.get("/v1/feeds/members?limit=1").await;
    response.expect(200);
    response.header("x-feed-head").unwrap().to_owned()
}

fn counts(job: &Value) -> Value {
    job["counts"].clone()
}

async fn a_kobo_roster_makes_households_and_members_once(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let job = import(&api, "kind=households", "text/csv", ROSTER.to_vec()).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    assert!(job["id"].as_str().unwrap().starts_with("mem_"));
    assert_eq!(
        (job["rows_total"].as_i64(), job["rows_done"].as_i64()),
        (Some(6), Some(6))
    );
    assert_eq!(
        counts(&job),
        json!({"created": 5, "updated": 0, "unchanged": 0, "refused": 1})
    );
    let ignored = job["columns"]["ignored"].as_array().unwrap();
    assert_eq!(
        ignored,
        &[
            json!("start"),
            json!("end"),
            json!("_uuid"),
            json!("_submission_time")
        ]
    );
    assert_eq!(job["columns"]["mapped"]["grupo_persona/dni"], "id_number");

    let refused = rows(&api, &job, "&status=refused").await;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["line"], 7);
    let fields: Vec<&str> = refused[0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"data_sharing_consent"), "{refused:?}");

    // The households, by the partner's codes, with their heads.
    let households = api.get("/v1/households?external_ref=HOG-0418").await;
    let household = households.expect(200)["data"][0].clone();
    assert_eq!(household["name"], "Familia Condori");
    assert_eq!(household["district"], "Perené");
    assert_eq!(household["locality"], "Villa Perené");
    let members = api
        .get(&format!(
            "/v1/members?household_id={}",
            household["id"].as_str().unwrap()
        ))
        .await;
    let members = members.expect(200)["data"].as_array().unwrap().clone();
    assert_eq!(members.len(), 2);
    let head = members
        .iter()
        .find(|m| m["relationship_to_head"] == "head")
        .unwrap();
    assert_eq!(head["given_names"], "Teodora");
    assert_eq!(head["birth_date"], "1950-02-02");
    assert_eq!(head["sex"], "female");
    let maria = api.get("/v1/members?q=maria").await.expect(200)["data"][0].clone();
    assert_eq!(maria["data_sharing_consent"], true);
    assert_eq!(maria["sector"], "coffee");
    assert_eq!(maria["phone"], "964 112 233");

    // The same file again changes nothing: every row unchanged, no feed event.
    let head_before = feed_head(&api).await;
    let again = import(&api, "kind=households", "text/csv", ROSTER.to_vec()).await;
    assert_eq!(
        counts(&again),
        json!({"created": 0, "updated": 0, "unchanged": 5, "refused": 1})
    );
    assert_eq!(feed_head(&api).await, head_before);
    let all = api.get("/v1/households").await;
    assert_eq!(all.expect(200)["data"].as_array().unwrap().len(), 2);
}

/// `count` members rows (UTF-8 CSV, `,`), DNIs from `first`.
fn members_csv(count: usize, first: usize) -> Vec<u8> {
    let mut text =
        String::from("nombres,apellidos,sexo,fecha_nacimiento,dni,pais,departamento,rubro\n");
    for i in 0..count {
        text.push_str(&format!(
            "Persona {i},Apellido,mujer,1985-03-15,{:08},PE,PE-CAJ,café\n",
            first + i
        ));
    }
    text.into_bytes()
}

async fn latin1_xlsx_and_ndjson_files_are_read(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    // Latin-1 (Windows-1252), as Excel saves "CSV" in Peru: "José Peña Ñahui".
    let mut latin1 =
        b"Nombres;Apellidos;Sexo;Fecha de nacimiento;N\xfamero documento;Pa\xeds\r\n".to_vec();
    latin1.extend_from_slice(b"Jos\xe9;Pe\xf1a \xd1ahui;masculino;01/02/1990;40000001;PE\r\n");
    let job = import(&api, "kind=members", "text/csv", latin1).await;
    assert_eq!(counts(&job)["created"], 1, "{job}");
    let jose = api.get("/v1/members?q=jose").await.expect(200)["data"][0].clone();
    assert_eq!(jose["given_names"], "José");
    assert_eq!(jose["family_names"], "Peña Ñahui");
    assert_eq!(jose["birth_date"], "1990-02-01");

    // An xlsx file: the DNI typed as a number, the birth date as a date cell.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (column, header) in [
        "Nombres",
        "Apellidos",
        "DNI",
        "Fecha de nacimiento",
        "País",
        "Rubro",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "Ana").unwrap();
    sheet.write_string(1, 1, "Quispe").unwrap();
    sheet.write_number(1, 2, 40000002.0).unwrap();
    sheet
        .write_datetime_with_format(
            1,
            3,
            rust_xlsxwriter::ExcelDateTime::from_ymd(1991, 7, 28).unwrap(),
            &date,
        )
        .unwrap();
    sheet.write_string(1, 4, "PE").unwrap();
    sheet.write_string(1, 5, "textil").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let job = import(&api, "kind=members", XLSX, bytes).await;
    assert_eq!(counts(&job)["created"], 1, "{job}");
    assert_eq!(job["format"], "xlsx");
    let ana = api.get("/v1/members?q=ana").await.expect(200)["data"][0].clone();
    assert_eq!(ana["national_id"]["number"], "40000002");
    assert_eq!(ana["birth_date"], "1991-07-28");
    assert_eq!(ana["sector"], "textile");
    let result = rows(&api, &job, "").await;
    assert_eq!(result[0]["line"], 2);
    assert_eq!(result[0]["record_id"], ana["id"]);

    // NDJSON as KoboToolbox's API gives it: group paths, nested objects; `format=` over the type.
    let ndjson = concat!(
        "{\"grupo/nombres\": \"Luis\", \"grupo/apellidos\": \"Apaza\", \"national_id\": {\"type\": \"pe_dni\", \"number\": \"40000003\"}, \"country\": \"PE\", \"_id\": 9}\n",
        "{\"nombres\": \"Sin\", \"apellidos\": \"Pais\"}\n",
    );
    let job = import(
        &api,
        "kind=members&format=ndjson",
        "application/octet-stream",
        ndjson.into(),
    )
    .await;
    assert_eq!(
        counts(&job),
        json!({"created": 1, "updated": 0, "unchanged": 0, "refused": 1}),
        "{job}"
    );
    let refused = rows(&api, &job, "&status=refused").await;
    assert_eq!(refused[0]["line"], 2);
}

async fn a_mapping_names_other_columns(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let csv = "Nom;Ape;Doc;Cel;Pais\nRuth;Flores;40000009;999000111;PE\n";
    let mapping = form_urlencoded::byte_serialize(
        json!({"Nom": "given_names", "Ape": "family_names", "Doc": "id_number", "Cel": "phone"})
            .to_string()
            .as_bytes(),
    )
    .collect::<String>();
    let job = import(
        &api,
        &format!("kind=members&mapping={mapping}"),
        "text/csv",
        csv.into(),
    )
    .await;
    assert_eq!(counts(&job)["created"], 1, "{job}");
    let ruth = api.get("/v1/members?q=ruth").await.expect(200)["data"][0].clone();
    assert_eq!(ruth["phone"], "999000111");
    // A mapping to a field the kind does not have is refused before anything is spooled.
    let wrong = form_urlencoded::byte_serialize(json!({"Cel": "mobile"}).to_string().as_bytes())
        .collect::<String>();
    let response = upload(
        &api,
        &format!("kind=members&mapping={wrong}"),
        "text/csv",
        csv.into(),
    )
    .await;
    assert_eq!(response.problem(422)["errors"][0]["field"], "mapping.Cel");
    let response = upload(&api, "kind=courses", "text/csv", csv.into()).await;
    assert_eq!(response.problem(400)["errors"][0]["field"], "kind");
}

async fn dry_run_and_atomic_write_nothing(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let head = feed_head(&api).await;
    let job = import(
        &api,
        "kind=households&dry_run=true",
        "text/csv",
        ROSTER.to_vec(),
    )
    .await;
    assert_eq!(job["status"], "succeeded");
    assert_eq!(
        counts(&job),
        json!({"created": 5, "updated": 0, "unchanged": 0, "refused": 1})
    );
    assert_eq!(feed_head(&api).await, head);
    let job = import(
        &api,
        "kind=households&atomic=true",
        "text/csv",
        ROSTER.to_vec(),
    )
    .await;
    assert_eq!(job["status"], "failed");
    assert!(
        job["error"].as_str().unwrap().contains("nothing written"),
        "{job}"
    );
    assert_eq!(feed_head(&api).await, head);
    let households = api.get("/v1/households").await;
    assert_eq!(households.expect(200)["data"], json!([]));
    // Atomic without a bad row: all of it.
    let job = import(
        &api,
        "kind=members&atomic=true",
        "text/csv",
        members_csv(30, 42_000_000),
    )
    .await;
    assert_eq!(
        (job["status"].as_str(), counts(&job)["created"].as_i64()),
        (Some("succeeded"), Some(30))
    );
}

async fn a_retried_upload_gets_the_same_job(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let send = |body: Vec<u8>| {
        let request = api
            .request(actix_web::http::Method::POST, "/v1/imports?kind=members")
            .insert_header(("Idempotency-Key", "upload-2026-11-roster"));
        api.send(request, Some(("text/csv", body)))
    };
    let first = send(members_csv(10, 43_000_000)).await;
    let job = first.expect(202).clone();
    let retry = send(members_csv(10, 43_000_000)).await;
    assert_eq!(retry.expect(200)["id"], job["id"]);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    let other = send(members_csv(11, 43_000_000)).await;
    assert_eq!(other.problem(422)["errors"][0]["code"], "reused_key");
    let done = finished(&api, job["id"].as_str().unwrap()).await;
    assert_eq!(counts(&done)["created"], 10);
    let list = api.get("/v1/imports?kind=members").await;
    assert_eq!(list.expect(200)["data"].as_array().unwrap().len(), 1);
}

async fn another_partner_cannot_see_the_job(backend: Backend) {
    let Some((service, api)) = start(backend).await else {
        return;
    };
    let job = import(&api, "kind=members", "text/csv", members_csv(2, 44_000_000)).await;
    let id = job["id"].as_str().unwrap();
    let other = service.client(Some(token("other-ngo")));
    for path in [
        format!("/v1/imports/{id}"),
        format!("/v1/imports/{id}/rows"),
        format!("/v1/imports/{id}/report.csv"),
    ] {
        other.get(&path).await.problem(404);
    }
    let response = other
        .send(
            other.request(
                actix_web::http::Method::DELETE,
                &format!("/v1/imports/{id}"),
            ),
            None,
        )
        .await;
    response.problem(404);
    assert_eq!(
        other.get("/v1/imports").await.expect(200)["data"],
        json!([])
    );
    // Reading needs members:read.
    let reader_only = service.client(Some(TestKeys::trusted().token(
        "ngo-cedepas",
        &[Scope::MembersRead],
        Some("cedepas"),
    )));
    reader_only
        .get(&format!("/v1/imports/{id}"))
        .await
        .expect(200);
    let response = upload(&reader_only, "kind=members", "text/csv", members_csv(1, 1)).await;
    response.problem(403);
}

async fn the_report_reads_next_to_the_file(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let job = import(&api, "kind=households", "text/csv", ROSTER.to_vec()).await;
    let id = job["id"].as_str().unwrap();
    let report = api.get(&format!("/v1/imports/{id}/report.csv")).await;
    assert_eq!(report.status, 200);
    assert!(report.content_type().starts_with("text/csv"));
    let lines: Vec<&str> = report.text.lines().collect();
    assert_eq!(lines[0], "line,status,record_id,errors");
    assert_eq!(lines.len(), 7);
    assert!(lines[1].starts_with("2,created,"), "{}", report.text);
    assert!(lines[6].starts_with("7,refused,,"), "{}", report.text);
    assert!(
        lines[6].contains("data_sharing_consent: "),
        "{}",
        report.text
    );
    let refused = api
        .get(&format!("/v1/imports/{id}/report.csv?status=refused"))
        .await;
    assert_eq!(refused.text.lines().count(), 2);
}

async fn a_running_job_can_be_cancelled(backend: Backend) {
    // Small chunks of a large file: the job is still running when the cancel arrives.
    let Some((_service, api)) = start_with(backend, 2).await else {
        return;
    };
    let job = upload(
        &api,
        "kind=members",
        "text/csv",
        members_csv(20_000, 45_000_000),
    )
    .await;
    let id = job.expect(202)["id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    while api.get(&format!("/v1/imports/{id}")).await.json["rows_done"].as_i64() < Some(10) {
        assert!(Instant::now() < deadline);
        actix_rt::time::sleep(Duration::from_millis(20)).await;
    }
    let response = api
        .send(
            api.request(
                actix_web::http::Method::DELETE,
                &format!("/v1/imports/{id}"),
            ),
            None,
        )
        .await;
    assert_eq!(response.expect(202)["cancel_requested"], true);
    let job = finished(&api, &id).await;
    assert_eq!(job["status"], "cancelled");
    let done = job["rows_done"].as_i64().unwrap();
    assert!((10..20_000).contains(&done), "{job}");
    // What was written stays written, and is what the job says.
    assert_eq!(counts(&job)["created"].as_i64(), Some(done));
    assert_eq!(feed_head(&api).await, done.to_string());
    let response = api
        .send(
            api.request(
                actix_web::http::Method::DELETE,
                &format!("/v1/imports/{id}"),
            ),
            None,
        )
        .await;
    response.problem(409);
}

async fn a_job_stopped_mid_way_resumes_after_a_restart(backend: Backend) {
    let Some((service, api)) = start_with(backend, 10).await else {
        return;
    };
    let total = 2000;
    let job = upload(
        &api,
        "kind=members",
        "text/csv",
        members_csv(total, 46_000_000),
    )
    .await;
    let id = job.expect(202)["id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    while api.get(&format!("/v1/imports/{id}")).await.json["rows_done"].as_i64() < Some(50) {
        assert!(Instant::now() < deadline);
        actix_rt::time::sleep(Duration::from_millis(10)).await;
    }
    let service = service.restart(formaliza_members::spec()).await;
    let stopped_at = {
        let api = service.client(Some(token("cedepas")));
        // Read straight after the restart: the runner may already have resumed it.
        api.get(&format!("/v1/imports/{id}")).await.json["rows_done"]
            .as_i64()
            .unwrap()
    };
    assert!(
        stopped_at < total as i64,
        "the job finished before the restart"
    );
    let api = service.client(Some(token("cedepas")));
    let job = finished(&api, &id).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["rows_done"], total);
    assert_eq!(
        counts(&job),
        json!({"created": total, "updated": 0, "unchanged": 0, "refused": 0})
    );
    // Every row written exactly once: one member, one feed event and one result per row.
    assert_eq!(feed_head(&api).await, total.to_string());
    let mut lines = 0;
    let mut cursor = String::new();
    loop {
        let page = api
            .get(&format!("/v1/imports/{id}/rows?limit=500&cursor={cursor}"))
            .await
            .expect(200)
            .clone();
        lines += page["data"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(lines, total);
}

async fn organisations_upsert_by_registry_number(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    let csv = "Razón social;Tipo organización;Estado legal;País;Departamento;RUC;Rubro;Fecha de fundación\n\
               Cooperativa Agraria Pangoa;Cooperativa;Registrada;PE;PE-JUN;20123456789;café;15/03/1977\n\
               Asociación Textil Ñaña;Asociación;En formación;PE;PE-LIM;;textil;\n\
               ;cooperativa;registrada;PE;;;;\n";
    let mapping = form_urlencoded::byte_serialize(
        json!({"RUC": "registration_number", "Fecha de fundación": "founded_on"})
            .to_string()
            .as_bytes(),
    )
    .collect::<String>();
    let query = format!("kind=organisations&mapping={mapping}");
    let job = import(&api, &query, "text/csv", csv.into()).await;
    assert_eq!(
        counts(&job),
        json!({"created": 2, "updated": 0, "unchanged": 0, "refused": 1}),
        "{job}"
    );
    let refused = rows(&api, &job, "&status=refused").await;
    assert_eq!(
        (
            refused[0]["line"].as_i64(),
            refused[0]["errors"][0]["field"].as_str()
        ),
        (Some(4), Some("name"))
    );
    let pangoa = api.get("/v1/organisations?q=pangoa").await.expect(200)["data"][0].clone();
    assert_eq!(pangoa["kind"], "cooperative");
    assert_eq!(pangoa["founded_on"], "1977-03-15");
    assert_eq!(pangoa["sector"], "coffee");
    let head = feed_head(&api).await;
    let again = import(&api, &query, "text/csv", csv.into()).await;
    assert_eq!(
        counts(&again),
        json!({"created": 0, "updated": 0, "unchanged": 2, "refused": 1})
    );
    assert_eq!(feed_head(&api).await, head);
    // A change is an update of the same organisation.
    let changed = csv.replace("Registrada;PE;PE-JUN", "Registrada;PE;PE-PAS");
    let third = import(&api, &query, "text/csv", changed.into()).await;
    assert_eq!(counts(&third)["updated"], 1);
    let pangoa_now = api.get("/v1/organisations?q=pangoa").await.expect(200)["data"].clone();
    assert_eq!(pangoa_now.as_array().unwrap().len(), 1);
    assert_eq!(pangoa_now[0]["region"], "PE-PAS");
}

/// Two members (DNI 40000001, 40000002) and a cooperative (RUC 20131312955) of the importer.
async fn seed_members_and_organisation(api: &TestClient) {
    let job = import(api, "kind=members", "text/csv", members_csv(2, 40000001)).await;
    assert_eq!(counts(&job)["created"], 2, "{job}");
    let csv = "Razón social;Tipo organización;Estado legal;País;RUC\n\
               Cooperativa Agraria Pangoa;cooperativa;registrada;PE;20131312955\n";
    let mapping = form_urlencoded::byte_serialize(
        json!({"RUC": "registration_number"}).to_string().as_bytes(),
    )
    .collect::<String>();
    let job = import(
        api,
        &format!("kind=organisations&mapping={mapping}"),
        "text/csv",
        csv.into(),
    )
    .await;
    assert_eq!(counts(&job)["created"], 1, "{job}");
}

/// The refused rows' (line, first field, first code).
async fn refusals(api: &TestClient, job: &Value) -> Vec<(i64, String, String)> {
    rows(api, job, "&status=refused")
        .await
        .iter()
        .map(|row| {
            (
                row["line"].as_i64().unwrap(),
                row["errors"][0]["field"].as_str().unwrap().to_owned(),
                row["errors"][0]["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn memberships_upsert_by_member_and_organisation(backend: Backend) {
    let Some((service, api)) = start(backend).await else {
        return;
    };
    seed_members_and_organisation(&api).await;
    // A member of another partner, with a national id the importer's file names.
    let other = service.client(Some(token("otra")));
    let job = import(&other, "kind=members", "text/csv", members_csv(1, 40000009)).await;
    assert_eq!(counts(&job)["created"], 1, "{job}");
    let csv = "DNI;País;RUC;Cargo;Fecha ingreso\n\
               40000001;PE;20131312955;presidenta;01/03/2024\n\
               40000002;PE;20131312955;socio;\n\
               40000001;PE;20999999999;socio;\n\
               40000009;PE;20131312955;socio;\n";
    let job = import(&api, "kind=memberships", "text/csv", csv.into()).await;
    assert_eq!(
        counts(&job),
        json!({"created": 2, "updated": 0, "unchanged": 0, "refused": 2}),
        "{job}"
    );
    assert_eq!(
        refusals(&api, &job).await,
        [
            (4, "organisation_number".into(), "unknown_reference".into()),
            (5, "id_number".into(), "unknown_reference".into()),
        ]
    );
    let listed = api.get("/v1/memberships?role=president").await.expect(200)["data"].clone();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["joined_on"], "2024-03-01");
    let head = feed_head(&api).await;
    let again = import(&api, "kind=memberships", "text/csv", csv.into()).await;
    assert_eq!(
        counts(&again),
        json!({"created": 0, "updated": 0, "unchanged": 2, "refused": 2})
    );
    assert_eq!(feed_head(&api).await, head);
    let changed = csv.replace("presidenta;01/03/2024", "tesorera;01/03/2024");
    let third = import(&api, "kind=memberships", "text/csv", changed.into()).await;
    assert_eq!(
        counts(&third),
        json!({"created": 0, "updated": 1, "unchanged": 1, "refused": 2})
    );
    let all = api.get("/v1/memberships").await.expect(200)["data"].clone();
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_ne!(feed_head(&api).await, head);
}

async fn registrations_upsert_and_move_their_status(backend: Backend) {
    let Some((_service, api)) = start(backend).await else {
        return;
    };
    seed_members_and_organisation(&api).await;
    let csv = "RUC;Registro;Número registro;Estado;Fecha estado\n\
               20131312955;sunat;20131312955;activo;04/08/2025\n\
               20131312955;sunarp;12345678;activo;04/08/2025\n\
               20131312955;ruc;20131312956;activo;\n\
               20999999999;sunarp;87654321;activo;\n";
    let job = import(&api, "kind=registrations", "text/csv", csv.into()).await;
    assert_eq!(
        counts(&job),
        json!({"created": 2, "updated": 0, "unchanged": 0, "refused": 2}),
        "{job}"
    );
    assert_eq!(
        refusals(&api, &job).await,
        [
            (4, "number".into(), "invalid_number".into()),
            (5, "organisation_number".into(), "unknown_reference".into()),
        ]
    );
    // Both registrations make the cooperative formal.
    let pangoa = api.get("/v1/organisations?q=pangoa").await.expect(200)["data"][0].clone();
    assert_eq!(pangoa["formal_status"], "formal", "{pangoa}");
    let head = feed_head(&api).await;
    let again = import(&api, "kind=registrations", "text/csv", csv.into()).await;
    assert_eq!(
        counts(&again),
        json!({"created": 0, "updated": 0, "unchanged": 2, "refused": 2})
    );
    assert_eq!(feed_head(&api).await, head);
    // A new status is a dated transition of the same registration.
    let changed = csv.replace(
        "12345678;activo;04/08/2025",
        "12345678;suspendido;01/09/2025",
    );
    let third = import(&api, "kind=registrations", "text/csv", changed.into()).await;
    assert_eq!(
        counts(&third),
        json!({"created": 0, "updated": 1, "unchanged": 1, "refused": 2})
    );
    let sunarp = api
        .get("/v1/registrations?registry=pe_sunarp")
        .await
        .expect(200)["data"]
        .clone();
    assert_eq!(sunarp.as_array().unwrap().len(), 1);
    assert_eq!(sunarp[0]["status"], "suspended");
    assert_eq!(sunarp[0]["status_since"], "2025-09-01");
    let id = sunarp[0]["id"].as_str().unwrap();
    let history = api
        .get(&format!("/v1/registrations/{id}/transitions"))
        .await
        .expect(200)["data"]
        .clone();
    assert_eq!(history.as_array().unwrap().len(), 2);
}

async fn jobs_upsert_by_member_organisation_and_start(backend: Backend) {
    let Some((service, api)) = start(backend).await else {
        return;
    };
    seed_members_and_organisation(&api).await;
    let other = service.client(Some(token("otra")));
    import(&other, "kind=members", "text/csv", members_csv(1, 40000009)).await;
    let csv = "DNI;País;RUC;Tipo trabajo;Ocupación;Contrato;Fecha inicio\n\
               40000001;PE;20131312955;socia trabajadora;Cafetalera;verbal;01/03/2024\n\
               40000002;PE;;cuenta propia;Costurera;ninguno;15/06/2023\n\
               40000002;PE;20999999999;empleada;Cocinera;escrito;01/01/2025\n\
               40000009;PE;;cuenta propia;Costurera;ninguno;15/06/2023\n";
    let job = import(&api, "kind=jobs", "text/csv", csv.into()).await;
    assert_eq!(
        counts(&job),
        json!({"created": 2, "updated": 0, "unchanged": 0, "refused": 2}),
        "{job}"
    );
    assert_eq!(
        refusals(&api, &job).await,
        [
            (4, "organisation_number".into(), "unknown_reference".into()),
            (5, "id_number".into(), "unknown_reference".into()),
        ]
    );
    let own = api.get("/v1/jobs?role=self_employed").await.expect(200)["data"].clone();
    assert_eq!(own[0]["organisation_id"], Value::Null);
    assert_eq!(own[0]["started_on"], "2023-06-15");
    let head = feed_head(&api).await;
    let again = import(&api, "kind=jobs", "text/csv", csv.into()).await;
    assert_eq!(
        counts(&again),
        json!({"created": 0, "updated": 0, "unchanged": 2, "refused": 2})
    );
    assert_eq!(feed_head(&api).await, head);
    let changed = csv.replace("Cafetalera", "Catadora");
    let third = import(&api, "kind=jobs", "text/csv", changed.into()).await;
    assert_eq!(
        counts(&third),
        json!({"created": 0, "updated": 1, "unchanged": 1, "refused": 2})
    );
    let jobs = api.get("/v1/jobs").await.expect(200)["data"].clone();
    assert_eq!(jobs.as_array().unwrap().len(), 2);
    assert!(
        jobs.as_array()
            .unwrap()
            .iter()
            .any(|j| j["occupation"] == "Catadora")
    );
}

formaliza_shared::backend_tests!(
    memberships_upsert_by_member_and_organisation,
    registrations_upsert_and_move_their_status,
    jobs_upsert_by_member_organisation_and_start,
    organisations_upsert_by_registry_number,
    a_kobo_roster_makes_households_and_members_once,
    latin1_xlsx_and_ndjson_files_are_read,
    a_mapping_names_other_columns,
    dry_run_and_atomic_write_nothing,
    a_retried_upload_gets_the_same_job,
    another_partner_cannot_see_the_job,
    the_report_reads_next_to_the_file,
    a_running_job_can_be_cancelled,
    a_job_stopped_mid_way_resumes_after_a_restart,
);
