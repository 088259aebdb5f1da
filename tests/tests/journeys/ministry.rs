//! Journey 3: a ministry keeps its copy of the enrolments in sync through the social-protection
//! feed (a stored cursor, pages followed with `next_after`/`has_more`), sees exactly the changes
//! and deletions made since its last pull, and exports the enrolments with the identities of
//! members who consented to data sharing only.

use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id, list_ids, pull_feed};
use serde_json::{Value, json};

/// (resource, op, id, version) of each event.
fn summary(events: &[Value]) -> Vec<(String, String, String, i64)> {
    events
        .iter()
        .map(|e| {
            (
                e["resource"].as_str().unwrap().to_owned(),
                e["op"].as_str().unwrap().to_owned(),
                e["id"].as_str().unwrap().to_owned(),
                e["version"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn event(resource: &str, op: &str, id: &str, version: i64) -> (String, String, String, i64) {
    (resource.to_owned(), op.to_owned(), id.to_owned(), version)
}

async fn enrol(ngo: &TestClient, body: Value) -> String {
    id(ngo.post("/v1/enrollments", &body).await.expect(201))
}

async fn the_ministry_syncs_and_exports_enrolments(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let (ngo_id, ngo) = system
        .client_with_id("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client("Programme office", "protection:read protection:write", None)
        .await;
    let ministry = system
        .client(
            "Ministerio de Desarrollo e Inclusión Social",
            "protection:read enrollments:export",
            None,
        )
        .await;

    let sis = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    let fund = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "Fondo mutual cafetalero", "country": "PE", "kind": "insurance",
                    "category": "mutual_fund", "coverage_unit": "household"}),
        )
        .await
        .expect(201));
    let home = id(ngo
        .post(
            "/v1/households",
            &json!({"name": "Familia Quispe", "country": "PE", "region": "PE-JUN"}),
        )
        .await
        .expect(201));
    let member = |given: &str, family: &str, dni: &str, consent: bool| {
        json!({"given_names": given, "family_names": family, "sex": "female", "sector": "coffee",
               "national_id": {"type": "pe_dni", "number": dni}, "country": "PE", "region": "PE-JUN",
               "household_id": home, "data_sharing_consent": consent})
    };
    let ana = id(ngo
        .post(
            "/v1/members",
            &member("Ana", "Quispe Huamán", "45871236", true),
        )
        .await
        .expect(201));
    let luis = id(ngo
        .post(
            "/v1/members",
            &member("Luis Alberto", "Mamani Condori", "41234567", false),
        )
        .await
        .expect(201));
    let ana_sis = enrol(
        &ngo,
        json!({"scheme_id": sis, "member_id": ana, "status": "applied", "effective_on": day(-60),
               "affiliation_number": "SIS-0001"}),
    )
    .await;
    let luis_sis = enrol(
        &ngo,
        json!({"scheme_id": sis, "member_id": luis, "status": "active", "effective_on": day(-100),
               "affiliation_number": "SIS-0002"}),
    )
    .await;
    let home_fund = enrol(
        &ngo,
        json!({"scheme_id": fund, "household_id": home, "status": "active", "effective_on": day(-100)}),
    )
    .await;

    // Consent is known to the enrolments once the read model has it.
    system.protection_caught_up().await;
    // The first sync, two events a page, from the beginning.
    let (events, cursor) = pull_feed(&ministry, "social-protection", 0, 2).await;
    assert_eq!(
        summary(&events),
        [
            event("scheme", "create", &sis, 1),
            event("scheme", "create", &fund, 1),
            event("enrollment", "create", &ana_sis, 1),
            event("enrollment", "create", &luis_sis, 1),
            event("enrollment", "create", &home_fund, 1),
        ]
    );
    let seqs: Vec<_> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(cursor, 5);
    // Luis did not consent and the ministry may not read members: who it is stays hidden,
    // behind the same pseudonym the export gives; Ana consented.
    assert_eq!(events[3]["data"]["member_id"], Value::Null);
    assert_eq!(events[3]["data"]["affiliation_number"], Value::Null);
    assert_eq!(
        events[3]["data"]["member_pseudonym"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    assert_eq!(events[2]["data"]["member_id"], ana.as_str());
    assert_eq!(events[2]["data"]["affiliation_number"], "SIS-0001");
    assert_eq!(events[3]["data"]["status"], "active");
    assert_eq!(events[3]["data"]["status_since"], day(-100));
    assert!(events.iter().all(
        |e| e["occurred_at"].is_string() && e["actor"].as_str().is_some_and(|a| !a.is_empty())
    ));
    // Nothing new: the same cursor back.
    let (nothing, same) = pull_feed(&ministry, "social-protection", cursor, 2).await;
    assert_eq!((nothing, same), (vec![], cursor));

    // The partner activates Ana's application, from the version it read...
    let read = ngo.get(&format!("/v1/enrollments/{ana_sis}")).await;
    let etag = read.header("etag").unwrap().to_owned();
    assert_eq!(etag, "\"1\"");
    let activate = ngo
        .request(
            actix_web::http::Method::POST,
            &format!("/v1/enrollments/{ana_sis}/transitions"),
        )
        .insert_header(("If-Match", etag.as_str()));
    let activated = ngo
        .send(
            activate,
            Some((
                "application/json",
                json!({"status": "active", "effective_on": day(-30)})
                    .to_string()
                    .into_bytes(),
            )),
        )
        .await;
    assert_eq!(activated.expect(200)["status"], "active");
    assert_eq!(activated.header("etag"), Some("\"2\""));
    // ...a colleague's edit from a stale copy is refused and writes nothing...
    let stale = ngo
        .patch(
            &format!("/v1/enrollments/{luis_sis}"),
            Some("\"7\""),
            &json!({"affiliation_number": "SIS-9999"}),
        )
        .await;
    assert_eq!(stale.problem(412)["context"]["current_version"], 1);
    // ...and the household enrolment, recorded in error, is deleted.
    let deleted = ngo
        .delete(&format!("/v1/enrollments/{home_fund}"), Some("\"1\""))
        .await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    ngo.get(&format!("/v1/enrollments/{home_fund}"))
        .await
        .problem(404);

    // The ministry pulls from its stored cursor: exactly those two changes.
    let (changes, cursor) = pull_feed(&ministry, "social-protection", cursor, 2).await;
    assert_eq!(
        summary(&changes),
        [
            event("enrollment", "update", &ana_sis, 2),
            event("enrollment", "delete", &home_fund, 2),
        ]
    );
    assert_eq!(
        changes
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [6, 7]
    );
    assert_eq!(cursor, 7);
    assert_eq!(changes[0]["data"]["status"], "active");
    assert_eq!(changes[0]["data"]["status_since"], day(-30));
    assert_eq!(changes[1]["data"], Value::Null);
    // Who did it, and in which request (the id the gateway gave the partner's call).
    assert!(changes.iter().all(|e| e["actor"] == ngo_id.as_str()));
    assert_eq!(
        changes[0]["request_id"].as_str(),
        activated.header("x-request-id")
    );
    assert!(changes[0]["request_id"].is_string());
    assert_eq!(
        changes[1]["request_id"].as_str(),
        deleted.header("x-request-id")
    );
    assert_eq!(
        pull_feed(&ministry, "social-protection", cursor, 2).await.0,
        Vec::<Value>::new()
    );
    // Its list agrees: the deleted enrolment is gone.
    ministry
        .get(&format!("/v1/enrollments/{home_fund}"))
        .await
        .problem(404);
    let mut listed = list_ids(&ministry, "/v1/enrollments").await;
    listed.sort();
    let mut expected = vec![ana_sis.clone(), luis_sis.clone()];
    expected.sort();
    assert_eq!(listed, expected);

    // The export: identities for Ana, who consented; a pseudonym for Luis, who did not. Names
    // and consent come from the members read model, so let it catch up first.
    system.protection_caught_up().await;
    let export = ministry.get("/v1/enrollments/export").await;
    export.expect(200);
    assert_eq!(export.content_type(), "application/x-ndjson");
    assert_eq!(
        export.header("content-length"),
        None,
        "streamed through the gateway, not buffered"
    );
    let rows: Vec<Value> = export
        .text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        rows.iter()
            .map(|r| r["enrollment_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [ana_sis.as_str(), luis_sis.as_str()]
    );
    let (ana_row, luis_row) = (&rows[0], &rows[1]);
    assert_eq!(ana_row["consent"], true);
    assert_eq!(ana_row["member_id"], ana.as_str());
    assert_eq!(ana_row["given_names"], "Ana");
    assert_eq!(ana_row["family_names"], "Quispe Huamán");
    assert_eq!(ana_row["national_id_type"], "pe_dni");
    assert_eq!(ana_row["national_id_number"], "45871236");
    assert_eq!(ana_row["affiliation_number"], "SIS-0001");
    assert_eq!(ana_row["status"], "active");
    assert_eq!(ana_row["scheme_kind"], "public_service");
    assert_eq!(luis_row["consent"], false);
    assert!(
        luis_row["member_pseudonym"]
            .as_str()
            .is_some_and(|p| p.len() >= 16),
        "{luis_row}"
    );
    // The export's pseudonym is the feed's: one person, one pseudonym, in every answer.
    assert_eq!(
        luis_row["member_pseudonym"],
        events[3]["data"]["member_pseudonym"]
    );
    for field in [
        "member_id",
        "given_names",
        "family_names",
        "national_id_number",
        "affiliation_number",
    ] {
        assert_eq!(luis_row[field], Value::Null, "{field} of Luis exported");
    }
    for secret in ["Luis", "Mamani", "Condori", "41234567", "SIS-0002", &luis] {
        assert!(
            !export.text.contains(secret),
            "the export shows {secret}: {}",
            export.text
        );
    }
    // The same pseudonym export after export, so the ministry can follow a person.
    let again = ministry
        .get(&format!(
            "/v1/enrollments/export?scheme_id={sis}&status=active"
        ))
        .await;
    again.expect(200);
    assert_eq!(again.text, export.text);

    // Exporting takes its own scope; the ministry's token writes nothing.
    ngo.get("/v1/enrollments/export").await.problem(403);
    ministry
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": ana}),
        )
        .await
        .problem(403);
    ministry.get("/v1/feeds/members").await.problem(403);

    system.stop().await;
}

formaliza_shared::backend_tests!(the_ministry_syncs_and_exports_enrolments);
