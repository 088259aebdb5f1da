//! The standalone as a newcomer uses it: the demo's figures, the command line, and a clean stop.
#![expect(clippy::unwrap_used, reason = "tests")]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl, SqliteConnection};
use formaliza_shared::language::Language;
use serde_json::{Value, json};

use formaliza::{Databases, StandaloneConfig, demo};
use formaliza_gateway::GatewayConfig;
use formaliza_shared::testing::{TestClient, client};

fn config_in(dir: &std::path::Path) -> StandaloneConfig {
    let mut gateway = GatewayConfig::from_env().unwrap();
    gateway.bind = "127.0.0.1:0".parse().unwrap();
    gateway.metrics_bind = "127.0.0.1:0".parse().unwrap();
    StandaloneConfig {
        gateway,
        databases: Databases::sqlite_in(dir).unwrap(),
        pool_size: 4,
        workers: Some(2),
        pseudonym_secret: "test-pseudonym-secret".into(),
        feed_poll: Duration::from_millis(100),
        min_cell: Default::default(),
        bus: None,
    }
}

async fn token(gateway: &str, client_id: &str, secret: &str) -> (u16, Value) {
    let mut response = client()
        .post(format!("{gateway}/oauth/token"))
        .basic_auth(client_id, secret)
        .send_form(&[("grant_type", "client_credentials")])
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

#[actix_rt::test]
async fn the_demo_gives_the_programme_figures_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let mut system = formaliza::start(config_in(dir.path())).unwrap();
    system.spawn();
    let loaded = demo::run(&system).await.unwrap();
    assert!(loaded.loaded_now);
    assert_eq!(loaded.coverage, (57.6, 42.8, 250));

    // Each role's token does what that role does, and no more.
    let gateway = system.gateway_url.clone();
    let as_role = async |role: &str| {
        let credentials = loaded.client(role).unwrap();
        let (status, body) =
            token(&gateway, &credentials.client_id, &credentials.client_secret).await;
        assert_eq!(status, 200, "{role}: {body}");
        TestClient::new(&gateway, body["access_token"].as_str().map(str::to_owned))
    };
    let dashboard = as_role("dashboard").await;
    let by_country = dashboard
        .get("/v1/indicators/coverage?sector=coffee&group_by=country")
        .await;
    let cells = by_country.expect(200)["data"].as_array().unwrap().clone();
    let households: Vec<(String, i64)> = cells
        .iter()
        .map(|c| {
            (
                c["group"].as_str().unwrap().to_owned(),
                c["households"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(households, [("BO".to_owned(), 100), ("PE".to_owned(), 150)]);
    dashboard.get("/v1/members").await.problem(403);

    // Formalisation moved over the two years the demo's registrations and jobs span.
    let (now, year_ago) = loaded.formalisation;
    assert!(now.formal > year_ago.formal, "{now:?} {year_ago:?}");
    assert!(now.formal_jobs_percentage > year_ago.formal_jobs_percentage);
    let mut figures = Vec::new();
    for as_of in ["2025-11-30", "2026-11-30"] {
        let answer = dashboard
            .get(&format!("/v1/indicators/formalisation?as_of={as_of}"))
            .await;
        let answer = answer.expect(200);
        let (organisations, workers) = (&answer["organisations"][0], &answer["workers"][0]);
        figures.push((
            organisations["formal"]["count"].as_i64().unwrap(),
            organisations["organisations"].as_i64().unwrap(),
            workers["with_formal_job"]["count"].as_i64().unwrap(),
            workers["workers"].as_i64().unwrap(),
        ));
    }
    assert_eq!(figures, [(11, 38, 88, 599), (20, 38, 308, 645)]);

    // The programme's indicators: the two reported figures for 2026-11-30, with the records'
    // figures for that day frozen beside them, and where each indicator stands today.
    let lines = &loaded.programme;
    let codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "PS-CAFE",
            "SEG-CAFE",
            "ORG-FORMAL",
            "EMP-FORMAL",
            "CAP-2026",
            "CERT-2026"
        ]
    );
    assert_eq!(lines[0].now, Some(57.6));
    assert_eq!(
        lines[0].reported,
        Some((57.6, "2026-11-30".to_owned(), Some(57.6)))
    );
    assert_eq!(
        lines[1].reported,
        Some((42.8, "2026-11-30".to_owned(), Some(42.8)))
    );
    assert_eq!(lines[2].now, Some(52.6), "20 of 38 organisations");
    assert!(
        lines[4].now.is_some_and(|trained| trained > 0.0),
        "{lines:?}"
    );
    let table = loaded.describe(&gateway, Language::English);
    assert!(table.contains("PS-CAFE"), "{table}");
    assert!(table.contains("\nTry it:\n"), "{table}");
    assert!(
        table.contains("57.6% with access to public services"),
        "{table}"
    );
    // The same summary for a Spanish locale: the same figures, the words in Spanish.
    let spanish = loaded.describe(&gateway, Language::Spanish);
    assert!(
        spanish.contains("57.6% con acceso a servicios públicos"),
        "{spanish}"
    );
    assert!(spanish.contains("\nPruébelo:\n"), "{spanish}");
    assert!(spanish.contains("PS-CAFE"), "{spanish}");
    assert!(!spanish.contains("Try it"), "{spanish}");
    let progress = dashboard
        .get("/v1/programme/indicators?as_of=2026-11-30")
        .await;
    let first = &progress.expect(200)["data"][0];
    let id = first["id"].as_str().unwrap();
    let chart = dashboard
        .get(&format!(
            "/v1/programme/indicators/{id}/progress?from=2025-01-01&to=2026-11-30"
        ))
        .await;
    let chart = chart.expect(200);
    assert_eq!(chart["live"].as_array().unwrap().len(), 23);
    assert_eq!(chart["reported_values"].as_array().unwrap().len(), 2);

    let peru = as_role("partner-pe").await;
    let members = peru.get("/v1/members?limit=500").await;
    let members = members.expect(200)["data"].as_array().unwrap().clone();
    assert!(members.len() > 300, "{}", members.len());
    assert!(members.iter().all(|m| m["partner_id"] == "tierra-viva"));
    assert!(members.iter().all(|m| m["country"] == "PE"));
    let sessions = peru.get("/v1/sessions").await;
    assert_eq!(sessions.expect(200)["data"].as_array().unwrap().len(), 4);

    // The certificate check is public: course and initials, nothing more.
    let code = loaded.certificate_code.clone().expect("a certificate");
    let verified = TestClient::new(&gateway, None)
        .get(&format!("/v1/certificates/verify/{code}"))
        .await;
    let verified = verified.expect(200);
    assert!(verified.get("member_id").is_none(), "{verified}");

    let ministry = as_role("ministry").await;
    let export = ministry.get("/v1/enrollments/export").await;
    assert_eq!(export.status, 200);
    assert!(export.text.lines().count() > 250);

    // Running the demo again loads nothing twice, renews the secrets and gives the same figures.
    let old = loaded.client("dashboard").unwrap().clone();
    let again = demo::run(&system).await.unwrap();
    assert!(!again.loaded_now);
    assert_eq!(again.coverage, (57.6, 42.8, 250));
    assert_eq!(again.programme, loaded.programme);
    let (status, body) = token(&gateway, &old.client_id, &old.client_secret).await;
    assert_eq!(
        (status, body["error"].clone()),
        (401, json!("invalid_client"))
    );
    system.stop(true).await;
}

/// A free loopback port for a child process.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn formaliza(dir: &std::path::Path, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_formaliza"));
    command
        .env("FORMALIZA_DATA_DIR", dir)
        .env("FORMALIZA_BIND", format!("127.0.0.1:{port}"))
        // Tests run side by side: not the default metrics port each.
        .env("FORMALIZA_METRICS_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "warn");
    command
}

fn output(command: &mut Command) -> String {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Polls `/readyz` until it answers 200 (a minute at most).
async fn wait_until_ready(base: &str) {
    let started = Instant::now();
    loop {
        if let Ok(response) = client().get(format!("{base}/readyz")).send().await
            && response.status() == 200
        {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "not ready");
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[actix_rt::test]
async fn ctrl_c_finishes_requests_in_flight_and_leaves_sound_databases() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    // The command line registers a client and mints its token, as the README shows.
    let added: Value = serde_json::from_str(&output(formaliza(dir.path(), port).args([
        "clients",
        "add",
        "--name",
        "My NGO",
        "--scopes",
        "members:read members:write",
        "--partner-id",
        "my-ngo",
    ])))
    .unwrap();
    assert_eq!(added["partner_id"], "my-ngo");
    let mut child = Running(
        formaliza(dir.path(), port)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    wait_until_ready(&base).await;
    let token = output(formaliza(dir.path(), port).args(["token", "--client", "My NGO"]));
    let api = TestClient::new(&base, Some(token.trim().to_owned()));
    api.get("/v1/members").await.expect(200);

    // A large import is under way when Ctrl-C arrives: it completes, then everything stops.
    // Large enough to outlast the wait below by far: 3,000 rows once did, until the batched
    // import wrote them in under 300 ms.
    const ROWS: u32 = 30_000;
    let mut csv =
        String::from("given_names,family_names,sex,id_type,id_number,country,region,sector\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "Rosa,Huamán Soto,female,pe_dni,{:08},PE,PE-CAJ,coffee\n",
            41_000_000 + i
        ));
    }
    let import = {
        let api = api.clone();
        actix_rt::spawn(async move {
            api.post_raw("/v1/members/import", "text/csv", csv.into_bytes())
                .await
        })
    };
    actix_rt::time::sleep(Duration::from_millis(300)).await;
    assert!(!import.is_finished(), "the import should still be running");
    let pid = child.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let report = import.await.unwrap();
    assert_eq!(report.expect(200)["summary"]["created"], ROWS);
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(
        client()
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_err()
    );

    for name in ["gateway", "members", "trainings", "social-protection"] {
        let path = dir.path().join(format!("{name}.sqlite"));
        let mut conn = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
        #[derive(diesel::QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut conn)
            .unwrap();
        assert_eq!(check[0].integrity_check, "ok", "{name}");
    }
    // Nothing was lost: the import is all there after a restart.
    let mut child = Running(
        formaliza(dir.path(), port)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_ready(&base).await;
    let page = api.get("/v1/members?limit=500&sector=coffee").await;
    assert_eq!(page.expect(200)["data"].as_array().unwrap().len(), 500);
    let _ = child.0.kill();
}

/// The command line follows the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) or `--lang`: Spanish
/// help and messages for `es_…`, English for `C` and when nothing is set.
#[test]
fn the_command_line_speaks_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    let help = |locale: Option<&str>, args: &[&str]| {
        let mut command = formaliza(dir.path(), free_port());
        command
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        if let Some(locale) = locale {
            command.env("LANG", locale);
        }
        output(command.args(args))
    };
    let spanish = help(Some("es_PE.UTF-8"), &["--help"]);
    assert!(
        spanish.contains("el gateway y los tres servicios"),
        "{spanish}"
    );
    assert!(spanish.contains("Uso:"), "{spanish}");
    assert!(spanish.contains("Comandos"), "{spanish}");
    let clients = help(Some("es_BO.UTF-8"), &["clients", "--help"]);
    assert!(clients.contains("Registra un cliente"), "{clients}");
    let english = help(Some("C.UTF-8"), &["--help"]);
    assert!(
        english.contains("the gateway and the three services"),
        "{english}"
    );
    assert!(english.contains("Usage:"), "{english}");
    assert_eq!(help(None, &["--help"]), english);
    assert!(help(Some("C.UTF-8"), &["--lang", "es", "--help"]).contains("Uso:"));
    assert!(help(Some("es_PE.UTF-8"), &["--lang=en", "--help"]).contains("Usage:"));
    let migrated = help(Some("es_PE.UTF-8"), &["migrate"]);
    assert_eq!(migrated.trim(), "migraciones aplicadas");
    assert_eq!(help(Some("C"), &["migrate"]).trim(), "migrations applied");
}
