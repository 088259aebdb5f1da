//! Webhooks, as a ministry's registry and two partner NGOs' systems receive them: subscriptions
//! refused where they would reach inside the deployment; each partner told of its own records
//! only, in feed order, signed after Standard Webhooks; a receiver down for a while, then one
//! that refuses; pause, resume, replay and a rotated secret; and, on PostgreSQL, a second
//! gateway replica delivering beside the first without sending anything twice.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use formaliza_gateway::webhooks::guard::{Exceptions, Guard};
use formaliza_gateway::webhooks::model::signature;
use formaliza_gateway::webhooks::sealed::SealingKey;
use formaliza_gateway::webhooks::{WebhookConfig, delivery};
use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, id, wait_until};
use serde_json::{Value, json};

/// One message as the receiver got it.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    id: String,
    timestamp: i64,
    signature: String,
    body: Vec<u8>,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn seqs(&self) -> Vec<i64> {
        self.json()["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect()
    }

    /// Whether one of the signatures is `secret`'s, computed here from the spec's recipe.
    fn signed_with(&self, secret: &str) -> bool {
        let expected = signature(&[secret], &self.id, self.timestamp, &self.body);
        self.signature.split(' ').any(|s| s == expected)
    }
}

/// A receiver: records what it got (only what it accepted) and answers the scripted statuses
/// first, then 204.
#[derive(Default)]
struct Receiver {
    accepted: Vec<Received>,
    refused: usize,
    script: VecDeque<u16>,
}

type Shared = Arc<Mutex<Receiver>>;

async fn receive(req: HttpRequest, body: web::Bytes, receiver: web::Data<Shared>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut receiver = receiver.lock().unwrap();
    let status = receiver.script.pop_front().unwrap_or(204);
    if status >= 300 {
        receiver.refused += 1;
        return HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
            .insert_header(("retry-after", "1"))
            .finish();
    }
    receiver.accepted.push(Received {
        path: req.path().to_owned(),
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp").parse().unwrap(),
        signature: header("webhook-signature"),
        body: body.to_vec(),
    });
    HttpResponse::NoContent().finish()
}

/// A receiver on a loopback port; its base URL.
fn start_receiver(receiver: Shared) -> String {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(receiver.clone()))
            .default_service(web::to(receive))
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", 0))
    .unwrap();
    let port = server.addrs()[0].port();
    actix_rt::spawn(server.run());
    format!("http://127.0.0.1:{port}")
}

fn webhooks() -> WebhookConfig {
    WebhookConfig {
        key: Some(SealingKey::parse(&SealingKey::generate()).unwrap()),
        guard: Guard::new(Exceptions::parse("127.0.0.1").unwrap()),
        batch: 100,
        poll: Duration::from_millis(50),
        timeout: Duration::from_secs(2),
        ..WebhookConfig::default()
    }
}

/// The members the messages received at `path` carried, in order.
fn member_ids(receiver: &Shared, path: &str) -> Vec<String> {
    receiver
        .lock()
        .unwrap()
        .accepted
        .iter()
        .filter(|r| r.path == path)
        .flat_map(|r| {
            r.json()["data"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["resource"] == "member")
                .map(|e| e["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

async fn until_received(receiver: &Shared, path: &str, ids: &[String]) {
    let (receiver, path, ids) = (receiver.clone(), path.to_owned(), ids.to_vec());
    wait_until("the receiver to get the members", move || {
        let (receiver, path, ids) = (receiver.clone(), path.clone(), ids.clone());
        async move {
            let got = member_ids(&receiver, &path);
            ids.iter().all(|id| got.contains(id)).then_some(())
        }
    })
    .await;
}

async fn member(ngo: &TestClient, name: &str) -> String {
    id(ngo
        .post(
            "/v1/members",
            &json!({"given_names": name, "family_names": "Condori", "country": "PE",
                    "region": "PE-JUN", "sector": "coffee"}),
        )
        .await
        .expect(201))
}

async fn subscription(client: &TestClient, id: &str) -> Value {
    client
        .get(&format!("/v1/subscriptions/{id}"))
        .await
        .expect(200)
        .clone()
}

async fn partners_are_told_of_their_own_records_in_order(backend: Backend) {
    let Some(system) =
        TestSystem::start_with(backend, |gateway| gateway.webhooks = webhooks()).await
    else {
        return;
    };
    let scopes = format!("{PARTNER_SCOPES} subscriptions:write");
    let (a_id, a) = system
        .client_with_id("CEDEPAS Norte", &scopes, Some("cedepas"))
        .await;
    let b = system
        .client("Caritas Jaén", &scopes, Some("caritas"))
        .await;
    let reader = system
        .client(
            "Registro del MIDIS",
            "protection:read subscriptions:write",
            None,
        )
        .await;
    let receiver: Shared = Arc::default();
    let base = start_receiver(receiver.clone());

    // Refused: addresses inside the deployment, plain http elsewhere, a feed the token can't
    // read, a token without the scope.
    for (url, why) in [
        ("https://169.254.169.254/latest/meta-data", "metadata"),
        ("https://10.0.0.7/hook", "private"),
        ("https://[::1]/hook", "loopback"),
        ("http://registro.midis.gob.pe/hook", "plain http"),
    ] {
        let refused = a
            .post(
                "/v1/subscriptions",
                &json!({"url": url, "services": ["members"]}),
            )
            .await;
        let problem = refused.problem(422);
        assert_eq!(
            problem["errors"][0]["field"], "url",
            "{why}: {}",
            refused.text
        );
    }
    let unreadable = reader
        .post(
            "/v1/subscriptions",
            &json!({"url": format!("{base}/midis"), "services": ["members"]}),
        )
        .await;
    assert_eq!(
        unreadable.problem(422)["errors"][0]["code"],
        "feed_not_readable"
    );
    let without_scope = system
        .client("Sin permiso", PARTNER_SCOPES, Some("cedepas"))
        .await;
    without_scope
        .post(
            "/v1/subscriptions",
            &json!({"url": format!("{base}/x"), "services": ["members"]}),
        )
        .await
        .problem(403);

    // Each partner subscribes to the members feed.
    let created = a
        .post(
            "/v1/subscriptions",
            &json!({"url": format!("{base}/a"), "services": ["members"], "resources": ["member"]}),
        )
        .await;
    let body = created.expect(201);
    let secret_a = body["secret"].as_str().unwrap().to_owned();
    assert!(secret_a.starts_with("whsec_"));
    let sub_a = id(body);
    assert_eq!(body["state"], "active");
    let sub_b = id(b
        .post(
            "/v1/subscriptions",
            &json!({"url": format!("{base}/b"), "services": ["members"]}),
        )
        .await
        .expect(201));
    // Another partner's subscription does not exist for B; the list shows its own.
    b.get(&format!("/v1/subscriptions/{sub_a}"))
        .await
        .problem(404);
    let listed = b.get("/v1/subscriptions").await;
    assert_eq!(listed.expect(200)["data"].as_array().unwrap().len(), 1);
    assert!(
        !listed.text.contains("whsec_"),
        "the secret is shown only at creation"
    );

    let mut mine_a = Vec::new();
    for n in 0..3 {
        mine_a.push(member(&a, &format!("Rosa {n}")).await);
    }
    let mine_b = vec![member(&b, "Julia").await, member(&b, "Elena").await];
    until_received(&receiver, "/a", &mine_a).await;
    until_received(&receiver, "/b", &mine_b).await;
    assert_eq!(
        member_ids(&receiver, "/a"),
        mine_a,
        "A's own, in order, once"
    );
    assert_eq!(
        member_ids(&receiver, "/b"),
        mine_b,
        "B's own, in order, once"
    );
    {
        let got = receiver.lock().unwrap();
        for message in &got.accepted {
            let secret_ok = message.path != "/a" || message.signed_with(&secret_a);
            assert!(secret_ok, "A's messages verify with A's secret");
            assert!(message.id.starts_with("members:"), "{}", message.id);
            let seqs = message.seqs();
            assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
            assert!(message.json()["subscription_id"].is_string());
        }
    }

    // The receiver is down for two attempts (503, then 429 with Retry-After): the events come
    // after, in order, nothing lost; the status tells what happened.
    receiver.lock().unwrap().script.extend([503, 429]);
    let later = vec![member(&a, "Lucía").await, member(&a, "Marta").await];
    until_received(&receiver, "/a", &later).await;
    let mut expected = mine_a.clone();
    expected.extend(later.clone());
    assert_eq!(member_ids(&receiver, "/a"), expected);
    assert_eq!(receiver.lock().unwrap().refused, 2);
    // The receiver has the events a moment before the gateway hears its 204 and records it.
    let (client, sid) = (a.clone(), sub_a.clone());
    let status = wait_until("the success to be recorded", move || {
        let (client, sid) = (client.clone(), sid.clone());
        async move {
            let status = subscription(&client, &sid).await;
            (status["last_error"].is_null()).then_some(status)
        }
    })
    .await;
    assert_eq!(status["state"], "active");
    assert_eq!(status["feeds"][0]["lag_events"], 0, "{status}");

    // Paused, nothing is sent; resumed, it all comes.
    a.post(&format!("/v1/subscriptions/{sub_a}/pause"), &json!({}))
        .await
        .expect(200);
    // A turn that began before the pause finishes what it pulled then.
    actix_rt::time::sleep(Duration::from_millis(200)).await;
    let while_paused = member(&a, "Nilda").await;
    actix_rt::time::sleep(Duration::from_millis(400)).await;
    assert!(!member_ids(&receiver, "/a").contains(&while_paused));
    a.post(&format!("/v1/subscriptions/{sub_a}/resume"), &json!({}))
        .await
        .expect(200);
    until_received(&receiver, "/a", std::slice::from_ref(&while_paused)).await;

    // A rotated secret: both sign for a while.
    let rotated = a
        .post(
            &format!("/v1/subscriptions/{sub_a}/rotate-secret"),
            &json!({}),
        )
        .await;
    let secret_new = rotated.expect(200)["secret"].as_str().unwrap().to_owned();
    let after_rotation = member(&a, "Olga").await;
    until_received(&receiver, "/a", std::slice::from_ref(&after_rotation)).await;
    {
        let got = receiver.lock().unwrap();
        let last = got.accepted.iter().rev().find(|r| r.path == "/a").unwrap();
        assert!(last.signed_with(&secret_new) && last.signed_with(&secret_a));
        assert_eq!(last.signature.split(' ').count(), 2);
    }

    // Replay from the start: A's history again, and nothing of B's.
    let before = member_ids(&receiver, "/a").len();
    a.post(
        &format!("/v1/subscriptions/{sub_a}/replay"),
        &json!({"service": "members", "after": 0}),
    )
    .await
    .expect(200);
    let all_a = member_ids(&receiver, "/a");
    wait_until("the replay", || {
        let receiver = receiver.clone();
        async move { (member_ids(&receiver, "/a").len() >= before * 2).then_some(()) }
    })
    .await;
    let replayed = member_ids(&receiver, "/a")[before..].to_vec();
    assert_eq!(replayed, all_a);
    assert!(mine_b.iter().all(|m| !replayed.contains(m)));

    // A receiver that refuses for good stops the subscription, with the reason.
    receiver.lock().unwrap().script.push_back(410);
    member(&b, "Teresa").await;
    let (client, sid) = (b.clone(), sub_b.clone());
    let stopped = wait_until("the subscription to stop", move || {
        let (client, sid) = (client.clone(), sid.clone());
        async move {
            let status = subscription(&client, &sid).await;
            (status["state"] == "stopped").then_some(status)
        }
    })
    .await;
    assert!(
        stopped["state_reason"].as_str().unwrap().contains("410"),
        "{stopped}"
    );
    b.delete(&format!("/v1/subscriptions/{sub_b}"), None)
        .await
        .expect(204);
    b.get(&format!("/v1/subscriptions/{sub_b}"))
        .await
        .problem(404);

    // On PostgreSQL: a second replica's delivery beside the first, on the same database. Every
    // event still arrives once (leases), in order.
    if backend == Backend::Postgres {
        let (pool, config) = system.gateway();
        let (keys_pool, mint_config) = (pool.clone(), config.clone());
        let mint: delivery::Minter = Arc::new(move |sub, scope, partner| {
            let mut conn = keys_pool.get().map_err(|e| e.to_string())?;
            let keys = formaliza_gateway::keys::load(&mut conn, chrono::TimeDelta::hours(1))
                .map_err(|e| e.to_string())?;
            formaliza_gateway::tokens::sign_claims(&keys, &mint_config, sub, scope, partner, 300)
                .map_err(|e| e.to_string())
        });
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let running = stop.clone();
        let feeds = vec![("members".to_owned(), config.members_url.clone().unwrap())];
        delivery::Delivery {
            pool: pool.clone(),
            config: config.webhooks.clone(),
            feeds,
            mint,
            alive: Arc::new(move || !running.load(std::sync::atomic::Ordering::Relaxed)),
            owner: "second-replica".into(),
        }
        .spawn()
        .unwrap();
        let before = member_ids(&receiver, "/a").len();
        let mut burst = Vec::new();
        for n in 0..30 {
            burst.push(member(&a, &format!("Socia {n}")).await);
        }
        until_received(&receiver, "/a", &burst).await;
        actix_rt::time::sleep(Duration::from_millis(300)).await;
        let after = member_ids(&receiver, "/a")[before..].to_vec();
        assert_eq!(after, burst, "once each, in order, across two replicas");
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    // A client disabled in the gateway: its subscription stops at the next change.
    let (pool, _) = system.gateway();
    let disabled = a_id.clone();
    formaliza_shared::db::run(pool, move |conn| {
        formaliza_gateway::clients::set_enabled(conn, &disabled, false).map(drop)
    })
    .await
    .unwrap();
    member(&b, "Flor").await;
    let (client, sid) = (a.clone(), sub_a.clone());
    let stopped = wait_until("the disabled client's subscription to stop", move || {
        let (client, sid) = (client.clone(), sid.clone());
        async move {
            let status = subscription(&client, &sid).await;
            (status["state"] == "stopped").then_some(status)
        }
    })
    .await;
    assert!(
        stopped["state_reason"]
            .as_str()
            .unwrap()
            .contains("disabled"),
        "{stopped}"
    );

    system.stop().await;
}

/// A receiver failing for longer than `disable_after` (zero here: the first failure) disables
/// its subscription, which says why; resumed, the waiting events arrive.
async fn a_receiver_failing_too_long_disables_its_subscription(backend: Backend) {
    let config = WebhookConfig {
        disable_after: chrono::TimeDelta::zero(),
        ..webhooks()
    };
    let Some(system) = TestSystem::start_with(backend, |gateway| gateway.webhooks = config).await
    else {
        return;
    };
    let scopes = format!("{PARTNER_SCOPES} subscriptions:write");
    let ngo = system
        .client("CEDEPAS Norte", &scopes, Some("cedepas"))
        .await;
    let receiver: Shared = Arc::default();
    receiver.lock().unwrap().script.extend([500; 3]);
    let base = start_receiver(receiver.clone());
    let sub = id(ngo
        .post(
            "/v1/subscriptions",
            &json!({"url": format!("{base}/down"), "services": ["members"]}),
        )
        .await
        .expect(201));
    let waiting = member(&ngo, "Rosa").await;
    let (client, sid) = (ngo.clone(), sub.clone());
    let disabled = wait_until("the subscription to be disabled", move || {
        let (client, sid) = (client.clone(), sid.clone());
        async move {
            let status = subscription(&client, &sid).await;
            (status["state"] == "disabled").then_some(status)
        }
    })
    .await;
    assert!(
        disabled["state_reason"].as_str().unwrap().contains("500"),
        "{disabled}"
    );
    assert_eq!(disabled["next_attempt_at"], Value::Null);
    assert!(disabled["feeds"][0]["lag_events"].as_i64().unwrap() >= 1);
    receiver.lock().unwrap().script.clear();
    ngo.post(&format!("/v1/subscriptions/{sub}/resume"), &json!({}))
        .await
        .expect(200);
    until_received(&receiver, "/down", std::slice::from_ref(&waiting)).await;
    system.stop().await;
}

/// A replica that leased a subscription and died mid-batch (its lease and its batch in flight
/// left in the database): once the lease runs out, the live replica sends that batch, with the
/// same id, and nothing is lost or repeated.
async fn a_replica_dying_mid_batch_hands_its_batch_over(backend: Backend) {
    use diesel::prelude::*;
    use formaliza_gateway::schema::webhook_subscriptions as subs;
    let config = WebhookConfig {
        lease: Duration::from_secs(1),
        ..webhooks()
    };
    let Some(system) = TestSystem::start_with(backend, |gateway| gateway.webhooks = config).await
    else {
        return;
    };
    let scopes = format!("{PARTNER_SCOPES} subscriptions:write");
    let ngo = system
        .client("CEDEPAS Norte", &scopes, Some("cedepas"))
        .await;
    let receiver: Shared = Arc::default();
    let base = start_receiver(receiver.clone());
    let created = ngo
        .post(
            "/v1/subscriptions",
            &json!({"url": format!("{base}/handover"), "services": ["members"]}),
        )
        .await;
    let sub = id(created.expect(201));
    let start = created.json["feeds"][0]["delivered_seq"].as_i64().unwrap();
    ngo.post(&format!("/v1/subscriptions/{sub}/pause"), &json!({}))
        .await
        .expect(200);
    actix_rt::time::sleep(Duration::from_millis(200)).await;
    let members = vec![member(&ngo, "Rosa").await, member(&ngo, "Julia").await];
    let end = start + 2;
    // The dead replica's traces: a lease for one more second, and its batch in flight.
    let (pool, _) = system.gateway();
    let (leased, lease_until) = (
        sub.clone(),
        formaliza_shared::db::now() + chrono::TimeDelta::seconds(1),
    );
    formaliza_shared::db::run(pool, move |conn| {
        diesel::update(subs::table.find(&leased))
            .set((
                subs::state.eq("active"),
                subs::lease_owner.eq("a-replica-that-died"),
                subs::lease_until.eq(lease_until),
                subs::next_attempt_at.eq(formaliza_shared::db::now()),
            ))
            .execute(conn)?;
        formaliza_gateway::webhooks::db::start_batch(conn, &leased, "members", end)
    })
    .await
    .unwrap();
    let handed_over = std::time::Instant::now();
    until_received(&receiver, "/handover", &members).await;
    assert!(
        handed_over.elapsed() >= Duration::from_millis(700),
        "nobody may take a live lease"
    );
    assert_eq!(
        member_ids(&receiver, "/handover"),
        members,
        "once each, in order"
    );
    {
        let got = receiver.lock().unwrap();
        assert_eq!(got.accepted.len(), 1);
        assert_eq!(got.accepted[0].id, format!("members:{}-{end}", start + 1));
    }
    system.stop().await;
}

formaliza_shared::backend_tests!(
    partners_are_told_of_their_own_records_in_order,
    a_receiver_failing_too_long_disables_its_subscription,
    a_replica_dying_mid_batch_hands_its_batch_over,
);
