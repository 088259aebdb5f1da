//! Other services check references here with the caller's token (token relay): found, missing,
//! another partner's (missing), owner down (503 fast), owner hanging (503 at the timeout), and
//! one kept-alive connection for successive checks.

use std::time::{Duration, Instant};

use formaliza_shared::auth::TokenVerifier;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestKeys, TestService, claims};
use formaliza_shared::upstream::{Lookup, Upstream};
use formaliza_shared::{Principal, Scope};
use serde_json::json;

fn principal(partner: Option<&str>) -> Principal {
    let scopes = [
        Scope::MembersRead,
        Scope::MembersWrite,
        Scope::TrainingsWrite,
    ];
    let token = TestKeys::trusted().token("ngo", &scopes, partner);
    let claims = serde_json::from_value(claims("ngo", &scopes, partner, 3600)).unwrap();
    TokenVerifier::principal(claims, &token)
}

#[actix_rt::test]
async fn references_are_checked_with_the_callers_token() {
    let service = TestService::start(formaliza_members::spec(), Backend::Sqlite)
        .await
        .unwrap();
    let owner = principal(Some("cedepas"));
    let api = service.client(Some(owner.token.to_string()));
    let body = json!({"given_names": "Ana", "family_names": "Mamani", "country": "BO"});
    let id = api.post("/v1/members", &body).await.expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let members = Upstream::new("members", &service.base_url, Duration::from_secs(2));
    let found = members
        .require(&owner, "member_id", "member", "/v1/members", &id)
        .await
        .unwrap();
    assert_eq!(found["given_names"], "Ana");
    let stranger = principal(Some("aprodeh"));
    let hidden = members
        .require(&stranger, "member_id", "member", "/v1/members", &id)
        .await
        .unwrap_err();
    assert_eq!(
        (
            hidden.status().as_u16(),
            hidden.field_errors()[0].field.as_str()
        ),
        (422, "member_id")
    );
    let malformed = members
        .require(&owner, "member_id", "member", "/v1/members", "nope")
        .await
        .unwrap_err();
    assert_eq!(malformed.status().as_u16(), 422);
    assert!(matches!(
        members
            .get(&owner, "/v1/members/0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001")
            .await
            .unwrap(),
        Lookup::Missing
    ));

    service.stop().await;
    let started = Instant::now();
    let down = members
        .require(&owner, "member_id", "member", "/v1/members", &id)
        .await
        .unwrap_err();
    assert_eq!(down.status().as_u16(), 503);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[actix_rt::test]
async fn a_hanging_owner_times_out() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let _hold = std::thread::spawn(move || {
        let _connections: Vec<_> = listener.incoming().take(4).collect();
    });
    let members = Upstream::new(
        "members",
        format!("http://{address}"),
        Duration::from_millis(300),
    );
    let started = Instant::now();
    let error = members
        .require(
            &principal(None),
            "member_id",
            "member",
            "/v1/members",
            "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001",
        )
        .await
        .unwrap_err();
    assert_eq!(error.status().as_u16(), 503);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[actix_rt::test]
async fn successive_checks_reuse_one_kept_alive_connection() {
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // Answers every request with a kept-alive 404 and counts the connections it accepts.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            counter.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut buffer = Vec::new();
                let mut chunk = [0_u8; 1024];
                while let Ok(read) = stream.read(&mut chunk) {
                    if read == 0 {
                        break;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        stream
                            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                            .unwrap();
                    }
                }
            });
        }
    });
    let members = Upstream::new(
        "members",
        format!("http://{address}"),
        Duration::from_secs(2),
    );
    for _ in 0..5 {
        let lookup = members
            .get(
                &principal(None),
                "/v1/members/0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001",
            )
            .await
            .unwrap();
        assert!(matches!(lookup, Lookup::Missing));
    }
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one connection for five checks"
    );
}
