//! HTTP/1.1 framing through the gateway, as a strict client on one kept-alive connection sees
//! it: every `DELETE`'s 204, a 304, answers to `HEAD` and errors end exactly where their framing
//! says (RFC 9112 §6), so the next answer on the connection starts with its status line.
//! (A 204 once came with a chunked terminator after its head, and the answer after it started
//! with `0`: "illegal status line" in every ordinary client.)

use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use formaliza_tests::raw::{RawConnection, RawRequest, RawResponse};
use formaliza_tests::{TestSystem, day, id};
use serde_json::{Value, json};

/// Runs blocking socket work off the actix thread (the services' background tasks live there).
async fn on_socket<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> T {
    actix_rt::task::spawn_blocking(work)
        .await
        .unwrap()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// One record of every kind that can be deleted, in an order in which each can be.
async fn records(client: &TestClient) -> Vec<(&'static str, String)> {
    let organisation = id(client
        .post(
            "/v1/organisations",
            &json!({"name": "Cooperativa Framing", "kind": "cooperative", "legal_status": "registered",
                    "country": "PE", "region": "PE-JUN", "sector": "coffee"}),
        )
        .await
        .expect(201));
    let household = id(client
        .post(
            "/v1/households",
            &json!({"name": "Familia Framing", "country": "PE", "region": "PE-JUN"}),
        )
        .await
        .expect(201));
    let member = id(client
        .post(
            "/v1/members",
            &json!({"given_names": "Rosa", "family_names": "Huamán", "sex": "female",
                    "national_id": {"type": "pe_dni", "number": "47110001"}, "sector": "coffee",
                    "country": "PE", "region": "PE-JUN", "household_id": household,
                    "relationship_to_head": "head"}),
        )
        .await
        .expect(201));
    let membership = id(client
        .post(
            "/v1/memberships",
            &json!({"member_id": member, "organisation_id": organisation, "role": "member"}),
        )
        .await
        .expect(201));
    let course = id(client
        .post(
            "/v1/courses",
            &json!({"title": "Derechos laborales", "topic": "labor_rights", "total_hours": 3,
                    "certificate_hours": 3, "language": "es"}),
        )
        .await
        .expect(201));
    let date = day(-3);
    let session = id(client
        .post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": format!("{date}T09:00:00Z"),
                    "ends_at": format!("{date}T12:00:00Z"), "country": "PE", "region": "PE-JUN",
                    "capacity": 10}),
        )
        .await
        .expect(201));
    let participation = id(client
        .post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": member}),
        )
        .await
        .expect(201));
    let sheet = client
        .post(
            &format!("/v1/sessions/{session}/attendance"),
            &json!({"records": [{"member_id": member, "attendance": "attended"}]}),
        )
        .await;
    let sheet = sheet.expect(200);
    let certificate = id(&sheet["certificates_issued"][0]);
    let scheme = id(client
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    let enrollment = id(client
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": scheme, "member_id": member, "status": "active", "effective_on": day(-30)}),
        )
        .await
        .expect(201));
    vec![
        ("certificates", certificate),
        ("participations", participation),
        ("sessions", session),
        ("courses", course),
        ("enrollments", enrollment),
        ("schemes", scheme),
        ("memberships", membership),
        ("organisations", organisation),
        ("members", member),
        ("households", household),
    ]
}

fn problem(response: &RawResponse, status: u16, what: &str) -> Value {
    assert_eq!(response.status, status, "{what}: {response:?}");
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json"),
        "{what}"
    );
    let body = response.json();
    assert_eq!(body["status"], status, "{what}: {body}");
    assert!(body["request_id"].is_string(), "{what}: {body}");
    body
}

async fn every_answer_is_framed_for_a_kept_alive_connection(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let programme = system
        .client(
            "Programme office",
            "members:read members:write trainings:read trainings:write protection:read protection:write",
            None,
        )
        .await;
    let token = programme.token().map(str::to_owned);
    let url = system.url.clone();

    // Every kind of record, on one connection: GET, HEAD, then GET with If-None-Match, DELETE
    // and GET again, pipelined. (HEAD is not pipelined: actix-http decodes pipelined requests
    // ahead and keeps one "was HEAD" flag per connection, so a HEAD among pipelined requests
    // changes how its neighbours' answers are framed. No mainstream client pipelines; the
    // README says so.)
    for (collection, record) in records(&programme).await {
        let path = format!("/v1/{collection}/{record}");
        let (url, token) = (url.clone(), token.clone());
        let what = format!("{collection}: ");
        on_socket(move || {
            let mut connection = RawConnection::open(&url)?;
            let get = || RawRequest::new("GET", path.clone()).bearer(token.as_deref());
            let first = connection.send(get())?;
            assert_eq!(first.status, 200, "{what}GET {first:?}");
            let etag = first.header("etag").unwrap().to_owned();
            let head =
                connection.send(RawRequest::new("HEAD", path.clone()).bearer(token.as_deref()))?;
            let answers = connection.pipeline(&[
                get().header("If-None-Match", &etag),
                RawRequest::new("DELETE", path.clone())
                    .bearer(token.as_deref())
                    .header("If-Match", &etag),
                get(),
            ])?;
            let [not_modified, deleted, gone] = &answers[..] else {
                unreachable!()
            };
            assert_eq!(head.status, 200, "{what}HEAD {head:?}");
            assert!(head.body.is_empty(), "{what}HEAD has a body");
            assert_eq!(
                head.header("content-length"),
                Some(first.body.len().to_string().as_str()),
                "{what}HEAD announces the GET's length"
            );
            assert_eq!(head.header("etag"), Some(etag.as_str()), "{what}HEAD");
            assert_eq!(not_modified.status, 304, "{what}{not_modified:?}");
            assert_eq!(
                not_modified.header("etag"),
                Some(etag.as_str()),
                "{what}304"
            );
            assert!(not_modified.body.is_empty());
            assert_eq!(deleted.status, 204, "{what}DELETE {deleted:?}");
            assert!(deleted.body.is_empty());
            problem(gone, 404, &format!("{what}GET after DELETE"));
            connection.assert_drained()
        })
        .await;
    }

    // DELETE, GET, PATCH, GET in a row on one connection, each sent after the last answer.
    let keep = id(programme
        .post(
            "/v1/households",
            &json!({"name": "Familia Quispe", "country": "PE", "region": "PE-JUN"}),
        )
        .await
        .expect(201));
    let drop = id(programme
        .post(
            "/v1/households",
            &json!({"name": "Familia Mamani", "country": "PE", "region": "PE-CUS"}),
        )
        .await
        .expect(201));
    let (sequence_url, sequence_token) = (url.clone(), token.clone());
    on_socket(move || {
        let token = sequence_token.as_deref();
        let mut connection = RawConnection::open(&sequence_url)?;
        let deleted = connection
            .send(RawRequest::new("DELETE", format!("/v1/households/{drop}")).bearer(token))?;
        assert_eq!(deleted.status, 204, "{deleted:?}");
        let read = connection
            .send(RawRequest::new("GET", format!("/v1/households/{keep}")).bearer(token))?;
        assert_eq!(read.status, 200, "{read:?}");
        let patched = connection.send(
            RawRequest::new("PATCH", format!("/v1/households/{keep}"))
                .bearer(token)
                .json(
                    "application/merge-patch+json",
                    &json!({"locality": "Pichanaqui"}),
                ),
        )?;
        assert_eq!(patched.status, 200, "{patched:?}");
        let read = connection
            .send(RawRequest::new("GET", format!("/v1/households/{keep}")).bearer(token))?;
        assert_eq!(read.json()["locality"], "Pichanaqui");
        connection.assert_drained()
    })
    .await;

    // The gateway's own answers and errors, pipelined on one connection too: HEAD on its own
    // GET routes, a refused token, an unknown route, a wrong method, a bad token request.
    on_socket(move || {
        let mut connection = RawConnection::open(&url)?;
        let own_head = [
            connection.send(RawRequest::new("HEAD", "/healthz"))?,
            connection.send(RawRequest::new("HEAD", "/openapi.json"))?,
        ];
        let answers = connection.pipeline(&[
            RawRequest::new("GET", "/v1/members").bearer(Some("not.a.token")),
            RawRequest::new("DELETE", "/v1/members"),
            RawRequest::new("GET", "/v1/nothing-here").bearer(token.as_deref()),
            RawRequest::new("DELETE", "/healthz"),
            RawRequest::new("POST", "/oauth/token")
                .header("Content-Type", "application/x-www-form-urlencoded"),
            RawRequest::new("GET", "/healthz"),
        ])?;
        for head in &own_head {
            assert_eq!(head.status, 200, "{head:?}");
            assert!(head.header("content-length").is_some(), "{head:?}");
        }
        problem(&answers[0], 401, "a refused token");
        problem(&answers[1], 401, "DELETE without a token");
        problem(&answers[2], 404, "an unknown route");
        problem(&answers[3], 405, "DELETE /healthz");
        assert_eq!(answers[4].status, 400, "{:?}", answers[4]);
        assert_eq!(answers[5].status, 200);
        assert_eq!(answers[5].json()["status"], "ok");
        connection.assert_drained()
    })
    .await;
    system.stop().await;
}

formaliza_shared::backend_tests!(every_answer_is_framed_for_a_kept_alive_connection);
