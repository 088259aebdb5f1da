//! The members feed on NATS JetStream, against a nats-server of the test's own: every event
//! once, in feed order, through a NATS crash in the middle of a burst; a partner's member who
//! did not consent only by pseudonym; one publisher per database.

use std::time::{Duration, Instant};

use async_nats::jetstream;
use diesel::RunQueryDsl;
use formaliza_members::members::erasure::IDENTIFYING;
use formaliza_shared::bus::{self, BusConfig};
use formaliza_shared::db::Backend;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::testing::{
    BusMessage, NatsServer, TEST_PSEUDONYM_SECRET, TestClient, TestKeys, TestService, bus_messages,
};
use formaliza_shared::{Scope, backend_tests};
use serde_json::{Value, json};

const READ_WRITE: &[Scope] = &[Scope::MembersRead, Scope::MembersWrite];

/// A nats-server of the test's own and the members service publishing to it.
async fn start(backend: Backend) -> Option<(NatsServer, TestService)> {
    let nats = NatsServer::start()?;
    let service = start_on(backend, BusConfig::new(nats.url())).await?;
    Some((nats, service))
}

/// A client of the members service with a token of `partner` (programme-wide when `None`).
fn writer(service: &TestService, partner: Option<&str>) -> TestClient {
    service.client(Some(TestKeys::trusted().token(
        partner.unwrap_or("programme"),
        READ_WRITE,
        partner,
    )))
}

async fn start_on(backend: Backend, mut config: BusConfig) -> Option<TestService> {
    // Small rounds, so that the crash falls between and inside them.
    config.batch = 20;
    config.poll = Duration::from_millis(50);
    TestService::start_with(formaliza_members::spec(), backend, |c| c.bus = Some(config)).await
}

/// Every message of the members stream of the test's own NATS.
async fn everything_on_the_stream(nats: &NatsServer) -> Vec<BusMessage> {
    bus_messages(&nats.url(), "FORMALIZA_MEMBERS").await
}

async fn every_event_once_in_order_through_a_nats_crash(backend: Backend) {
    let Some((mut nats, service)) = start(backend).await else {
        return;
    };
    let api = writer(&service, None);
    const BURST: usize = 240;
    let mut down_for = Duration::ZERO;
    let mut killed_at = None;
    for i in 0..BURST {
        if i == 80 {
            nats.kill();
            killed_at = Some(Instant::now());
        }
        if i == 160 {
            // Long enough that the publisher meets the outage and backs off.
            let status = service.bus.as_ref().unwrap().status();
            while status.connected() {
                assert!(killed_at.unwrap().elapsed() < Duration::from_secs(30));
                actix_rt::time::sleep(Duration::from_millis(20)).await;
            }
            actix_rt::time::sleep(Duration::from_secs(1)).await;
            nats.restart();
            down_for = killed_at.unwrap().elapsed();
        }
        let created = api
            .post(
                "/v1/households",
                &json!({"name": format!("Familia {i}"), "country": "PE", "region": "PE-SAM"}),
            )
            .await;
        // Updates too, so that ops other than create are on the bus.
        if i % 3 == 0 {
            let id = created.expect(201)["id"].as_str().unwrap().to_owned();
            api.patch(
                &format!("/v1/households/{id}"),
                Some("\"1\""),
                &json!({"locality": "Moyobamba"}),
            )
            .await
            .expect(200);
        }
    }
    let head = service.bus_caught_up().await;
    let received = everything_on_the_stream(&nats).await;

    let seqs: Vec<i64> = received
        .iter()
        .map(|r| r.body["seq"].as_i64().unwrap())
        .collect();
    let expected: Vec<i64> = (1..=head).collect();
    let gaps = expected.iter().filter(|s| !seqs.contains(s)).count();
    let repeated = seqs.len() - {
        let mut unique = seqs.clone();
        unique.dedup();
        unique.len()
    };
    let status = service.bus.as_ref().unwrap().status();
    eprintln!(
        "bus through a NATS crash ({backend:?}): {head} events in the feed, {} on the stream, \
         NATS down {down_for:?} during the burst, {gaps} gaps, {repeated} repeated, {} sent again \
         and dropped by JetStream as duplicates",
        received.len(),
        status.duplicates()
    );
    assert_eq!(seqs, expected, "every seq once, in feed order");
    for (message, seq) in received.iter().zip(1..) {
        assert_eq!(message.message_id, bus::message_id("members", seq));
        let op = message.body["op"].as_str().unwrap();
        assert_eq!(
            message.subject,
            format!("formaliza.members._.household.{op}")
        );
    }

    // The process dying after JetStream stored events but before the checkpoint moved: the
    // publisher sends them again, and JetStream drops every one as a duplicate.
    let before = status.duplicates();
    formaliza_shared::db::run(&service.pool, |conn| {
        diesel::sql_query(
            "UPDATE feed_checkpoints SET last_seq = 0 WHERE consumer = 'bus.members'",
        )
        .execute(conn)?;
        Ok(())
    })
    .await
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while status.duplicates() - before < u64::try_from(head).unwrap() {
        assert!(Instant::now() < deadline, "the resend did not finish");
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(everything_on_the_stream(&nats).await.len(), received.len());
    eprintln!(
        "bus resend from a lost checkpoint ({backend:?}): {head} events sent again, {} dropped as \
         duplicates, the stream still holds {}",
        status.duplicates() - before,
        received.len()
    );
    service.stop().await;
}

fn maria(consent: bool) -> Value {
    json!({
        "given_names": "María Elena",
        "family_names": "Quispe Mamani",
        "sex": "female",
        "birth_date": "1986-04-12",
        "national_id": {"type": "pe_dni", "number": if consent { "45871237" } else { "45871236" }},
        "sector": "coffee",
        "work_status": "self_employed",
        "country": "PE",
        "region": "PE-JUN",
        "district": "Pichanaqui",
        "data_sharing_consent": consent
    })
}

async fn a_partners_member_is_on_the_bus_only_by_pseudonym(backend: Backend) {
    let Some((nats, service)) = start(backend).await else {
        return;
    };
    let api = writer(&service, Some("cedepas"));
    let hidden = api.post("/v1/members", &maria(false)).await.expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let consented = api.post("/v1/members", &maria(true)).await.expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cooperative = api
        .post(
            "/v1/organisations",
            &json!({"name": "Cooperativa Agraria Pangoa", "kind": "cooperative", "legal_status": "registered", "country": "PE", "region": "PE-JUN"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for member in [&hidden, &consented] {
        api.post(
            "/v1/memberships",
            &json!({"member_id": member, "organisation_id": cooperative, "role": "member"}),
        )
        .await
        .expect(201);
    }
    service.bus_caught_up().await;
    let received = everything_on_the_stream(&nats).await;
    assert_eq!(received.len(), 5);

    let pseudonym = Privacy::new(TEST_PSEUDONYM_SECRET).pseudonym(&hidden);
    let first = &received[0];
    assert_eq!(first.subject, "formaliza.members.cedepas.member.create");
    assert_eq!(first.body["id"], json!(pseudonym));
    let data = &first.body["data"];
    assert_eq!(data["member_pseudonym"], json!(pseudonym));
    for field in std::iter::once(&"id").chain(IDENTIFYING) {
        assert_eq!(data[field], Value::Null, "{field} is on the bus");
    }
    // Not anywhere else in the message either.
    let text = first.body.to_string();
    for secret in [
        hidden.as_str(),
        "Quispe",
        "45871236",
        "1986-04-12",
        "Pichanaqui",
    ] {
        assert!(!text.contains(secret), "{secret} is on the bus: {text}");
    }
    // What counts people stays.
    assert_eq!(data["sex"], "female");
    assert_eq!(data["sector"], "coffee");

    // A member who consented to data sharing is shown, as to a ministry pull.
    let second = &received[1];
    assert_eq!(second.body["id"], json!(consented));
    assert_eq!(second.body["data"]["given_names"], "María Elena");
    let consented_pseudonym = Privacy::new(TEST_PSEUDONYM_SECRET).pseudonym(&consented);
    assert_eq!(
        second.body["data"]["member_pseudonym"],
        json!(consented_pseudonym)
    );

    // A membership names its member the same way.
    let memberships = &received[3..];
    assert_eq!(
        memberships[0].subject,
        "formaliza.members.cedepas.membership.create"
    );
    assert_eq!(memberships[0].body["data"]["member_id"], Value::Null);
    assert_eq!(
        memberships[0].body["data"]["member_pseudonym"],
        json!(pseudonym)
    );
    assert!(!memberships[0].body.to_string().contains(hidden.as_str()));
    assert_eq!(memberships[1].body["data"]["member_id"], json!(consented));
    service.stop().await;
}

async fn one_publisher_per_database(backend: Backend) {
    let Some((_nats, service)) = start(backend).await else {
        return;
    };
    // The running publisher took its lease; a second replica on the same database would wait.
    let api = writer(&service, None);
    api.post(
        "/v1/households",
        &json!({"name": "Familia Soto", "country": "PE"}),
    )
    .await
    .expect(201);
    service.bus_caught_up().await;
    let try_lease = || {
        let pool = service.pool.clone();
        actix_web::web::block(move || bus::acquire(&pool, "members").is_ok_and(|c| c.is_some()))
    };
    let second = try_lease().await.unwrap();
    match backend {
        Backend::Postgres => assert!(!second, "two replicas publish at once"),
        // One process per SQLite file: no lock to take.
        Backend::Sqlite => assert!(second),
    }
    // When the publisher ends, its connection closes and another replica may take over.
    service.bus.as_ref().unwrap().stop();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !try_lease().await.unwrap() {
        assert!(Instant::now() < deadline, "the lock outlived its publisher");
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    service.stop().await;
}

/// Against the machine's own NATS (`FORMALIZA_TEST_NATS_URL`, which CI sets to its server on
/// 127.0.0.1:4222), on a stream of the test's own that is deleted afterwards.
async fn the_machines_nats_gets_the_feed(backend: Backend) {
    let Some(url) = formaliza_shared::config::var("FORMALIZA_TEST_NATS_URL") else {
        assert!(
            !formaliza_shared::testing::nats_required(),
            "FORMALIZA_REQUIRE_NATS is set but FORMALIZA_TEST_NATS_URL is not"
        );
        return;
    };
    let mut config = BusConfig::new(url.clone());
    config.stream_prefix = format!("FORMALIZA_TEST_{}", formaliza_shared::ids::new_id());
    let stream = config.stream_name("members");
    let Some(service) = start_on(backend, config).await else {
        return;
    };
    let api = writer(&service, None);
    for i in 0..20 {
        api.post(
            "/v1/households",
            &json!({"name": format!("Familia {i}"), "country": "BO", "region": "BO-L"}),
        )
        .await
        .expect(201);
    }
    let head = service.bus_caught_up().await;
    let received = bus_messages(&url, &stream).await;
    service.stop().await;
    let context = jetstream::new(async_nats::connect(url.as_str()).await.unwrap());
    context.delete_stream(&stream).await.unwrap();
    let seqs: Vec<i64> = received
        .iter()
        .map(|r| r.body["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, (1..=head).collect::<Vec<_>>());
}

backend_tests!(
    the_machines_nats_gets_the_feed,
    every_event_once_in_order_through_a_nats_crash,
    a_partners_member_is_on_the_bus_only_by_pseudonym,
    one_publisher_per_database,
);
