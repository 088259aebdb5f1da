//! How the demo writes: a client of the public API through the gateway, with one demo
//! client's token, patient with the gateway's rate limit.

use std::time::Duration;

use futures_util::{StreamExt, stream};
use serde_json::Value;

use super::clients::DemoClient;
use super::error::{DemoError, fail};

/// Requests in flight at once per loader (the gateway's rate limit paces the rest).
const IN_FLIGHT: usize = 8;

/// A client of the public API with one demo client's token.
#[derive(Clone)]
pub(super) struct Api {
    http: awc::Client,
    base: String,
    client_id: String,
    client_secret: String,
    token: String,
}

impl Api {
    pub(super) fn new(http: awc::Client, base: &str, client: &DemoClient) -> Self {
        Self {
            http,
            base: base.to_owned(),
            client_id: client.client_id.clone(),
            client_secret: client.client_secret.clone(),
            token: String::new(),
        }
    }

    pub(super) async fn authenticate(mut self) -> Result<Self, DemoError> {
        let body = self
            .send(awc::http::Method::POST, "/oauth/token", Body::Form)
            .await?;
        self.token = body["access_token"]
            .as_str()
            .ok_or_else(|| fail("no access_token"))?
            .to_owned();
        Ok(self)
    }

    pub(super) async fn post(&self, path: &str, body: Value) -> Result<Value, DemoError> {
        self.send(awc::http::Method::POST, path, Body::Json(body))
            .await
    }

    pub(super) async fn get(&self, path: &str) -> Result<Value, DemoError> {
        self.send(awc::http::Method::GET, path, Body::None).await
    }

    /// Sends, waiting out `429 Too Many Requests` (a well-behaved client under the gateway's
    /// per-client rate limit): half of `Retry-After`, which is rounded up to whole seconds while
    /// the bucket refills continuously, at most 5 s, then retries.
    pub(super) async fn send(
        &self,
        method: awc::http::Method,
        path: &str,
        body: Body,
    ) -> Result<Value, DemoError> {
        let url = format!("{}{path}", self.base);
        for _ in 0..50 {
            let request = self.http.request(method.clone(), &url);
            let sent = match &body {
                Body::Form => {
                    request
                        .basic_auth(&self.client_id, &self.client_secret)
                        .send_form(&[("grant_type", "client_credentials")])
                        .await
                }
                Body::None => request.bearer_auth(&self.token).send().await,
                Body::Json(value) => request.bearer_auth(&self.token).send_json(value).await,
                Body::Csv(text) => {
                    request
                        .bearer_auth(&self.token)
                        .content_type("text/csv")
                        .send_body(text.clone())
                        .await
                }
            };
            let mut response = sent.map_err(|e| fail(format!("{method} {path}: {e}")))?;
            let status = response.status();
            if status.as_u16() == 429 {
                let wait = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                actix_rt::time::sleep(Duration::from_millis(wait.clamp(1, 10) * 1000 / 2)).await;
                continue;
            }
            let bytes = response
                .body()
                .limit(64 << 20)
                .await
                .map_err(|e| fail(format!("{method} {path}: {e}")))?;
            let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            if !status.is_success() {
                return Err(fail(format!("{method} {path} answered {status}: {value}")));
            }
            return Ok(value);
        }
        Err(fail(format!("{method} {path}: still rate-limited")))
    }
}

/// What a request carries.
pub(super) enum Body {
    None,
    Form,
    Json(Value),
    Csv(String),
}

/// The `id` of a created record.
pub(super) fn id_of(value: &Value) -> Result<String, DemoError> {
    value["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| fail(format!("no id in {value}")))
}

/// Runs `requests` at most [`IN_FLIGHT`] at a time, keeping their order.
pub(super) async fn all<F>(requests: impl IntoIterator<Item = F>) -> Result<Vec<Value>, DemoError>
where
    F: std::future::Future<Output = Result<Value, DemoError>>,
{
    stream::iter(requests)
        .buffered(IN_FLIGHT)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}
