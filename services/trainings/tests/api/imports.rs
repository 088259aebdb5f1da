//! `kind=attendance` import jobs: the sheet a facilitator filled in (Spanish headers, `;`,
//! national IDs, `asistió`/`faltó`, hours with a decimal comma) registers the people the
//! importer may read with their attendance, once; a corrected sheet updates only what changed.

use std::time::{Duration, Instant};

use formaliza_shared::Scope;
use formaliza_shared::consumer::StaticToken;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys};
use serde_json::{Value, json};

use super::common::{ALL_SCOPES, Programme, id_of, start};

fn token(partner: &str) -> String {
    TestKeys::trusted().token(&format!("ngo-{partner}"), ALL_SCOPES, Some(partner))
}

async fn member(members: &TestClient, dni: &str) -> String {
    id_of(
        members
            .post(
                "/v1/members",
                &json!({"given_names": "María Elena", "family_names": "Quispe", "country": "PE",
                        "national_id": {"type": "pe_dni", "number": dni}}),
            )
            .await
            .expect(201),
    )
}

async fn import(api: &TestClient, csv: &str) -> (Value, Vec<Value>) {
    let job = api
        .post_raw(
            "/v1/imports?kind=attendance",
            "text/csv",
            csv.as_bytes().to_vec(),
        )
        .await
        .expect(202)
        .clone();
    let path = format!("/v1/imports/{}", job["id"].as_str().unwrap());
    assert!(path.starts_with("/v1/imports/trn_"), "{path}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let job = api.get(&path).await.expect(200).clone();
        if ["succeeded", "failed", "cancelled"].contains(&job["status"].as_str().unwrap()) {
            let rows = api.get(&format!("{path}/rows?limit=100")).await.expect(200)["data"]
                .as_array()
                .unwrap()
                .clone();
            return (job, rows);
        }
        assert!(Instant::now() < deadline, "never finished: {job}");
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn an_attendance_sheet_registers_people_once(backend: Backend) {
    let Some(Programme { members, trainings }) = start(backend).await else {
        return;
    };
    let people = members.client(Some(token("cedepas")));
    let others = members.client(Some(token("ayuda")));
    let api = trainings.client(Some(token("cedepas")));
    let rosa = member(&people, "45000001").await;
    let juan = member(&people, "45000002").await;
    member(&others, "45000003").await;
    let course = id_of(
        api.post(
            "/v1/courses",
            &json!({"title": "Cooperativismo", "topic": "cooperativism", "total_hours": 4,
                    "certificate_hours": 4, "language": "es"}),
        )
        .await
        .expect(201),
    );
    let session = id_of(
        api.post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": "2026-03-14T14:00:00Z",
                    "ends_at": "2026-03-14T18:00:00Z", "country": "PE", "capacity": 10}),
        )
        .await
        .expect(201),
    );
    let feed_token = TestKeys::trusted().token("trainings", &[Scope::MembersRead], None);
    formaliza_trainings::read_model::consumer(
        trainings.pool.clone(),
        &members.base_url,
        StaticToken(feed_token),
    )
    .catch_up()
    .await
    .unwrap();

    let sheet = format!(
        "Sesión;DNI;Asistencia;Horas\n\
         {session};45000001;asistió;4\n\
         {session};45000002;faltó;\n\
         {session};45000003;asistió;4\n"
    );
    let (job, rows) = import(&api, &sheet).await;
    assert_eq!(
        job["counts"],
        json!({"created": 2, "updated": 0, "unchanged": 0, "refused": 1}),
        "{rows:?}"
    );
    assert_eq!(rows[2]["errors"][0]["field"], "id_number");
    let registered =
        |rows: &[Value], line: usize| rows[line]["record_id"].as_str().unwrap().to_owned();
    let rosa_reg = api
        .get(&format!("/v1/participations/{}", registered(&rows, 0)))
        .await
        .expect(200)
        .clone();
    assert_eq!(rosa_reg["member_id"], rosa);
    assert_eq!(rosa_reg["attendance"], "attended");
    assert_eq!(rosa_reg["hours"], 4.0);
    // Four hours of a four-hour course: the certificate, with her initials.
    let certificates = api
        .get(&format!("/v1/certificates?member_id={rosa}"))
        .await
        .expect(200)["data"]
        .clone();
    assert_eq!(
        certificates.as_array().map(Vec::len),
        Some(1),
        "{certificates}"
    );

    // The same sheet again changes nothing.
    let (again, _) = import(&api, &sheet).await;
    assert_eq!(
        again["counts"],
        json!({"created": 0, "updated": 0, "unchanged": 2, "refused": 1}),
        "{again}"
    );

    // Juan came after all, for three and a half hours.
    let corrected =
        format!("session_id,member_id,attendance,hours\n{session},{juan},attended,\"3,5\"\n");
    let (job, rows) = import(&api, &corrected).await;
    assert_eq!(job["counts"]["updated"], 1, "{rows:?}");
    let juan_reg = api
        .get(&format!("/v1/participations/{}", registered(&rows, 0)))
        .await
        .expect(200)
        .clone();
    assert_eq!(juan_reg["attendance"], "attended");
    assert_eq!(juan_reg["hours"], 3.5);
}

formaliza_shared::backend_tests!(an_attendance_sheet_registers_people_once);
