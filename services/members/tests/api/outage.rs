//! The database going away and coming back (issue 23), on PostgreSQL through a link the test
//! cuts: while the database is down a write answers 503 with `Retry-After` at once (not after
//! the pool's 5 s), `/readyz` says so within a second, and both serve again within 250 ms of
//! the database accepting connections. Never a 500. (SQLite has no link to cut: its half of
//! the health state is tested in `shared/src/db.rs`, on a file that cannot be opened.)

use std::io::ErrorKind;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestKeys, TestResponse, TestService};
use serde_json::json;

/// A TCP link to PostgreSQL that the test can cut (every connection closed, new ones closed on
/// arrival, as a stopped server's would be) and restore.
struct Link {
    port: u16,
    cut: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Link {
    fn to(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let link = Link {
            port: listener.local_addr().unwrap().port(),
            cut: Arc::default(),
            stop: Arc::default(),
            open: Arc::default(),
        };
        let (cut, stop, open) = (link.cut.clone(), link.stop.clone(), link.open.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let client = match listener.accept() {
                    Ok((client, _)) => client,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2));
                        continue;
                    }
                    Err(_) => return,
                };
                if cut.load(Ordering::SeqCst) {
                    continue; // dropped: closed on arrival
                }
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                client.set_nonblocking(false).unwrap();
                let mut registry = open.lock().unwrap();
                registry.push(client.try_clone().unwrap());
                registry.push(server.try_clone().unwrap());
                drop(registry);
                pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(server, client);
            }
        });
        link
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.cut();
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from, &mut to);
        let _ = to.shutdown(Shutdown::Write);
    });
}

/// `postgres://user@host:port/db?…` with its host and port replaced by the link's.
fn through(url: &str, link: &Link) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let user = authority
        .rsplit_once('@')
        .map(|(user, _)| format!("{user}@"));
    format!(
        "{scheme}://{}127.0.0.1:{}/{path}",
        user.unwrap_or_default(),
        link.port
    )
}

fn address_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").unwrap().1;
    let authority = rest.split('/').next().unwrap();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    };
    host.to_socket_addrs().unwrap().next().unwrap()
}

fn assert_clean_unavailable(response: &TestResponse, what: &str) {
    assert_eq!(response.status, 503, "{what}: {}", response.text);
    assert_eq!(
        response.header("retry-after"),
        Some("1"),
        "{what}: {:?}",
        response.headers
    );
    let problem = response.problem(503);
    assert!(
        !problem["request_id"]
            .as_str()
            .unwrap_or_default()
            .is_empty(),
        "{what}: {problem}"
    );
}

#[actix_rt::test]
async fn a_database_outage_fails_fast_and_recovers_at_once() {
    let mut link = None;
    let Some(service) =
        TestService::start_with(formaliza_members::spec(), Backend::Postgres, |config| {
            let cuttable = Link::to(address_of(&config.database_url));
            config.database_url = through(&config.database_url, &cuttable);
            link = Some(cuttable);
        })
        .await
    else {
        return;
    };
    let link = link.unwrap();
    let token = TestKeys::trusted().token(
        "ngo",
        &[Scope::MembersRead, Scope::MembersWrite],
        Some("cedepas"),
    );
    let api = service.client(Some(token));
    let probes = service.client(None);
    let body = json!({"given_names": "Ana", "family_names": "Mamani", "country": "BO"});
    api.post_once("/v1/members", "before", &body)
        .await
        .expect(201);
    probes.get("/readyz").await.expect(200);

    link.cut();
    let outage = Instant::now();
    // The first write after the cut finds out (a lost connection or a refused one: 503).
    let first = api.post_once("/v1/members", "during-0", &body).await;
    assert_clean_unavailable(&first, "the first write of the outage");
    assert!(
        outage.elapsed() < Duration::from_secs(1),
        "{:?}",
        outage.elapsed()
    );
    // Then every request is told at once.
    for attempt in 1..=5 {
        let started = Instant::now();
        let answer = api
            .post_once("/v1/members", &format!("during-{attempt}"), &body)
            .await;
        let took = started.elapsed();
        assert_clean_unavailable(&answer, "a write while down");
        assert!(took < Duration::from_millis(250), "a write took {took:?}");
    }
    let readyz = probes.get("/readyz").await;
    assert_clean_unavailable(&readyz, "/readyz while down");
    assert!(
        outage.elapsed() < Duration::from_secs(1),
        "{:?}",
        outage.elapsed()
    );

    link.restore();
    let recovery = Instant::now();
    loop {
        let answer = api.post_once("/v1/members", "after", &body).await;
        if answer.status == 201 {
            break;
        }
        assert_clean_unavailable(&answer, "a write while recovering");
        assert!(
            recovery.elapsed() < Duration::from_millis(250),
            "still 503 {:?} after the database came back",
            recovery.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    probes.get("/readyz").await.expect(200);
    assert!(recovery.elapsed() < Duration::from_secs(1));
    // A retry of a write refused during the outage now goes through, once.
    let retried = api.post_once("/v1/members", "during-1", &body).await;
    let again = api.post_once("/v1/members", "during-1", &body).await;
    assert_eq!((retried.status, again.status), (201, 201));
    assert_eq!(retried.json["id"], again.json["id"]);
}
