//! `formaliza import FILE --kind …` (and `formaliza-members import …`): uploads a file as an
//! import job, follows it with a progress bar and writes the per-row report next to the file.
//! Works against the standalone on this machine or a remote gateway, with a client id and
//! secret (OAuth 2.0 client credentials) or a token.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use super::source::Format;

/// Upload a file as an import job and follow it to the end.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The file: .csv (`,` or `;`, UTF-8 or Latin-1), .xlsx or .ndjson.
    pub file: PathBuf,
    /// What its rows are: members, households (a roster with the household's code), ….
    #[arg(long)]
    pub kind: String,
    /// Decide every row and report, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// All or nothing: one refused row and nothing is written.
    #[arg(long)]
    pub atomic: bool,
    /// A JSON file mapping your column names to the fields (`{"Cel. titular": "phone"}`).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// The gateway (or a service) to send it to.
    #[arg(long, env = "FORMALIZA_URL", default_value = "http://localhost:8080")]
    pub url: String,
    /// An API client's id, to get a token from the gateway's `/oauth/token`.
    #[arg(long, env = "FORMALIZA_CLIENT_ID", requires = "client_secret")]
    pub client_id: Option<String>,
    #[arg(long, env = "FORMALIZA_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    /// A bearer token instead of a client id and secret.
    #[arg(
        long,
        env = "FORMALIZA_TOKEN",
        hide_env_values = true,
        conflicts_with = "client_id"
    )]
    pub token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Usage(String),
    #[error("cannot read {path}: {source}")]
    File { path: String, source: io::Error },
    #[error("{0}")]
    Http(#[from] reqwest::Error),
    #[error("the server answered {status}: {detail}")]
    Refused { status: u16, detail: String },
    #[error("the import job {id} ended {status}{}", error.as_deref().map(|e| format!(": {e}")).unwrap_or_default())]
    JobFailed {
        id: String,
        status: String,
        error: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
struct Job {
    id: String,
    status: String,
    rows_total: Option<u64>,
    rows_done: u64,
    counts: Counts,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Counts {
    created: u64,
    updated: u64,
    unchanged: u64,
    refused: u64,
}

impl Job {
    fn finished(&self) -> bool {
        matches!(self.status.as_str(), "succeeded" | "failed" | "cancelled")
    }
}

fn refused(response: reqwest::blocking::Response) -> ImportError {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().unwrap_or_default();
    let mut detail = body["detail"].as_str().unwrap_or("no detail").to_owned();
    if let Some(errors) = body["errors"].as_array() {
        for error in errors {
            detail.push_str(&format!(
                "\n  {}: {}",
                error["field"].as_str().unwrap_or_default(),
                error["message"].as_str().unwrap_or_default()
            ));
        }
    }
    ImportError::Refused { status, detail }
}

/// A token: the one given, or one from the gateway for the client id and secret.
fn token(client: &reqwest::blocking::Client, args: &ImportArgs) -> Result<String, ImportError> {
    if let Some(token) = &args.token {
        return Ok(token.clone());
    }
    let (Some(id), Some(secret)) = (&args.client_id, &args.client_secret) else {
        return Err(ImportError::Usage(
            "give --client-id and --client-secret (or --token)".into(),
        ));
    };
    let response = client
        .post(format!("{}/oauth/token", args.url))
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()?;
    if !response.status().is_success() {
        return Err(refused(response));
    }
    #[derive(Deserialize)]
    struct Token {
        access_token: String,
    }
    Ok(response.json::<Token>()?.access_token)
}

/// Uploads `args.file`, follows the job and writes `FILE.report.csv`; the finished job's
/// counts are printed on `out`. An error when the job did not succeed.
pub fn run(args: &ImportArgs, out: &mut impl Write) -> Result<(), ImportError> {
    let url = args.url.trim_end_matches('/').to_owned();
    let format = args
        .file
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::of_name)
        .ok_or_else(|| {
            ImportError::Usage(format!(
                "{}: name the file .csv, .xlsx or .ndjson",
                args.file.display()
            ))
        })?;
    let file_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| ImportError::File { path, source }
    };
    let mut query = vec![("kind", args.kind.clone())];
    if args.dry_run {
        query.push(("dry_run", "true".into()));
    }
    if args.atomic {
        query.push(("atomic", "true".into()));
    }
    if let Some(mapping) = &args.mapping {
        let text = std::fs::read_to_string(mapping).map_err(file_error(mapping))?;
        let parsed: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| ImportError::Usage(format!("{}: {e}", mapping.display())))?;
        query.push(("mapping", parsed.to_string()));
    }
    let http = reqwest::blocking::Client::builder()
        .timeout(None)
        .connect_timeout(Duration::from_secs(15))
        .build()?;
    let token = token(&http, args)?;
    let key = uuid::Uuid::now_v7().to_string();
    let size = std::fs::metadata(&args.file)
        .map_err(file_error(&args.file))?
        .len();

    // The upload, with the same Idempotency-Key on a retry after a dropped connection.
    let bar = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("uploading {bar:40} {bytes}/{total_bytes} {bytes_per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut attempt = 0;
    let job: Job = loop {
        attempt += 1;
        bar.set_position(0);
        let file = File::open(&args.file).map_err(file_error(&args.file))?;
        let body = reqwest::blocking::Body::sized(bar.wrap_read(file), size);
        let sent = http
            .post(format!("{url}/v1/imports"))
            .query(&query)
            .bearer_auth(&token)
            .header("Idempotency-Key", &key)
            .header("Content-Type", format.media_type())
            .body(body)
            .send();
        match sent {
            Ok(response) if response.status().is_success() => break response.json()?,
            Ok(response) => {
                bar.abandon();
                return Err(refused(response));
            }
            Err(error) if attempt < 4 && (error.is_connect() || error.is_request()) => {
                std::thread::sleep(Duration::from_secs(2 * attempt));
            }
            Err(error) => {
                bar.abandon();
                return Err(error.into());
            }
        }
    };
    bar.finish_and_clear();
    writeln!(out, "import job {} ({}) queued", job.id, args.kind).ok();

    // Its progress.
    let bar = ProgressBar::new(job.rows_total.unwrap_or(0)).with_style(
        ProgressStyle::with_template(
            "{spinner} {bar:40} {pos}/{len} rows {per_sec} {elapsed_precise} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    let job = loop {
        let response = http
            .get(format!("{url}/v1/imports/{}", job.id))
            .bearer_auth(&token)
            .send()?;
        if !response.status().is_success() {
            bar.abandon();
            return Err(refused(response));
        }
        let now: Job = response.json()?;
        if let Some(total) = now.rows_total {
            bar.set_length(total);
        }
        bar.set_position(now.rows_done);
        bar.set_message(format!(
            "{} created, {} updated, {} unchanged, {} refused",
            now.counts.created, now.counts.updated, now.counts.unchanged, now.counts.refused
        ));
        if now.finished() {
            break now;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64().max(0.001);
    writeln!(
        out,
        "{} {} rows in {seconds:.1} s ({:.0} rows/s): {} created, {} updated, {} unchanged, {} refused{}",
        job.status,
        job.rows_done,
        job.rows_done as f64 / seconds,
        job.counts.created,
        job.counts.updated,
        job.counts.unchanged,
        job.counts.refused,
        if args.dry_run { " (dry run: nothing written)" } else { "" },
    )
    .ok();

    // The report next to the file.
    let mut report_path = args.file.clone().into_os_string();
    report_path.push(".report.csv");
    let report_path = PathBuf::from(report_path);
    let mut response = http
        .get(format!("{url}/v1/imports/{}/report.csv", job.id))
        .bearer_auth(&token)
        .send()?;
    if !response.status().is_success() {
        return Err(refused(response));
    }
    let mut report = File::create(&report_path).map_err(file_error(&report_path))?;
    response.copy_to(&mut report).map_err(ImportError::Http)?;
    writeln!(out, "per-row report: {}", report_path.display()).ok();
    if job.status == "succeeded" {
        Ok(())
    } else {
        Err(ImportError::JobFailed {
            id: job.id,
            status: job.status,
            error: job.error,
        })
    }
}
