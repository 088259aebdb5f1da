//! The HTTP edge, as a raw socket sees it: heads too large for the gateway's limits are
//! problem+json with a request id (414, 431); what the HTTP stack (actix-http) refuses before the
//! gateway sees the request comes back as the README says, with an empty body and no request id.
//! On SQLite only: nothing here reaches a database.

use std::time::Duration;

use formaliza_shared::db::Backend;
use formaliza_tests::TestSystem;
use formaliza_tests::raw::{RawConnection, RawRequest, RawResponse};

/// Runs blocking socket work off the actix thread (the services' background tasks live there).
async fn on_socket<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> T {
    actix_rt::task::spawn_blocking(work)
        .await
        .unwrap()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Asserts a problem+json answer with `status` and `type`, carrying its request id.
#[track_caller]
fn assert_problem(response: &RawResponse, status: u16, problem_type: &str) {
    let body = response.json();
    assert_eq!(response.status, status, "{body}");
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(body["status"], status);
    assert_eq!(
        body["type"],
        format!("urn:formaliza:problem:{problem_type}")
    );
    let id = response.header("x-request-id").unwrap();
    assert!(!id.is_empty());
    assert_eq!(body["request_id"], id);
}

/// Asserts what actix-http answers by itself: the status, an empty body, no request id.
#[track_caller]
fn assert_bare(response: &RawResponse, status: u16) {
    assert_eq!(response.status, status, "{response:?}");
    assert!(response.body.is_empty(), "{response:?}");
    assert!(response.header("x-request-id").is_none(), "{response:?}");
}

#[actix_rt::test]
async fn oversized_heads_are_problems_with_a_request_id() {
    let Some(system) = TestSystem::start(Backend::Sqlite).await else {
        return;
    };
    let url = system.url.clone();
    on_socket(move || {
        let mut connection = RawConnection::open(&url)?;
        // A 9 KiB query string: 414, and the connection stays usable.
        let long = RawRequest::new("GET", format!("/v1/members?q={}", "a".repeat(9 << 10)));
        assert_problem(&connection.send(long)?, 414, "uri-too-long");
        // One 9 KiB header (an outsized cookie): 431.
        let big = RawRequest::new("GET", "/healthz").header("Cookie", &"c".repeat(9 << 10));
        let refused = connection.send(big)?;
        assert_problem(&refused, 431, "header-too-large");
        assert!(
            refused.json()["detail"]
                .as_str()
                .unwrap()
                .contains("cookie")
        );
        // A 100 KB header (accepted before this limit existed): 431.
        let huge = RawRequest::new("GET", "/healthz").header("X-Filler", &"f".repeat(100_000));
        assert_problem(&connection.send(huge)?, 431, "header-too-large");
        // Five 7 KiB headers, each within the limit, 35 KiB together: 431.
        let mut many = RawRequest::new("GET", "/healthz");
        for n in 0..5 {
            many = many.header(&format!("X-Part-{n}"), &"p".repeat(7 << 10));
        }
        assert_problem(&connection.send(many)?, 431, "header-too-large");
        // A client-chosen request id is kept on these answers too.
        let traced = RawRequest::new("GET", format!("/healthz?{}", "q".repeat(9 << 10)))
            .header("X-Request-Id", "ngo-sync-42");
        let answer = connection.send(traced)?;
        assert_problem(&answer, 414, "uri-too-long");
        assert_eq!(answer.header("x-request-id"), Some("ngo-sync-42"));
        // Within the limits, the same connection answers normally.
        let fine = RawRequest::new("GET", "/healthz").header("X-Filler", &"f".repeat(4 << 10));
        assert_eq!(connection.send(fine)?.status, 200);
        connection.assert_drained()
    })
    .await;
    system.stop().await;
}

/// What actix-http answers before any middleware runs, pinned so that the README stays true:
/// if one of these starts carrying a body, the README's table must change with it.
#[actix_rt::test]
async fn what_the_http_stack_refuses_itself() {
    let Some(system) = TestSystem::start(Backend::Sqlite).await else {
        return;
    };
    let url = system.url.clone();
    on_socket(move || {
        // Both Transfer-Encoding and Content-Length (a request-smuggling shape): 400.
        let smuggle =
            b"POST /v1/members HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\n\
                        Content-Length: 5\r\n\r\n0\r\n\r\n";
        assert_bare(&RawConnection::open(&url)?.send_bytes(smuggle)?, 400);
        // A request target beyond 65,534 bytes, which the `http` crate cannot hold: 400.
        let target = format!(
            "GET /v1/members?q={} HTTP/1.1\r\nHost: gateway\r\n\r\n",
            "a".repeat(70_000)
        );
        assert_bare(
            &RawConnection::open(&url)?.send_bytes(target.as_bytes())?,
            400,
        );
        // A head reaching 128 KiB: 431. (Exactly 128 KiB, unfinished: actix-http stops reading
        // there, and bytes left unread would make the kernel reset the connection.)
        let mut head = String::from("GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Filler: ");
        head.push_str(&"f".repeat((128 << 10) - head.len()));
        assert_bare(
            &RawConnection::open(&url)?.send_bytes(head.as_bytes())?,
            431,
        );
        // More than 96 header fields: 431.
        let mut fields = String::from("GET /healthz HTTP/1.1\r\nHost: gateway\r\n");
        for n in 0..100 {
            fields.push_str(&format!("X-Field-{n}: {n}\r\n"));
        }
        fields.push_str("\r\n");
        assert_bare(
            &RawConnection::open(&url)?.send_bytes(fields.as_bytes())?,
            431,
        );
        // A head not finished within 5 seconds of connecting (a slow client): 408.
        let mut slow = RawConnection::open(&url)?;
        std::thread::sleep(Duration::from_millis(10));
        let started = std::time::Instant::now();
        let timed_out = slow.send_bytes(b"GET /healthz HTTP/1.1\r\nHost: gate")?;
        assert_bare(&timed_out, 408);
        assert!(started.elapsed() < Duration::from_secs(8));
        Ok(())
    })
    .await;
    system.stop().await;
}
