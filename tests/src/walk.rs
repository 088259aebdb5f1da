//! Everything a token can obtain, the way an outsider gets it: every `GET` route of the
//! published document, its record routes with every record id and certificate code this token
//! has itself been shown (never one it was not), until nothing new turns up. For privacy tests: what a token
//! may not see must be in no byte of what it obtains.

use std::collections::BTreeSet;

use futures_util::StreamExt;
use serde_json::Value;

use formaliza_shared::testing::TestClient;

/// The answers a token obtained: the path asked and the body (any status).
pub struct Walked {
    pub answers: Vec<(String, String)>,
}

impl Walked {
    /// The answers that contain `needle`, as `path: excerpt`.
    pub fn containing(&self, needle: &str) -> Vec<String> {
        self.answers
            .iter()
            .filter(|(_, body)| body.contains(needle))
            .map(|(path, body)| {
                let at = body.find(needle).unwrap_or(0);
                let boundary = |mut i: usize| {
                    while !body.is_char_boundary(i) {
                        i -= 1;
                    }
                    i
                };
                let from = boundary(at.saturating_sub(80));
                let to = boundary((at + needle.len() + 80).min(body.len()));
                format!("{path}: …{}…", &body[from..to])
            })
            .collect()
    }
}

/// Record ids (values of `id` and `…_id` fields, never a `request_id`) and certificate codes
/// (`code`) in a JSON or NDJSON answer.
fn harvest(text: &str, ids: &mut BTreeSet<String>, codes: &mut BTreeSet<String>) {
    fn visit(value: &Value, ids: &mut BTreeSet<String>, codes: &mut BTreeSet<String>) {
        match value {
            Value::Object(object) => {
                for (key, value) in object {
                    match (key.as_str(), value) {
                        ("request_id", _) => {}
                        ("code", Value::String(code)) => {
                            codes.insert(code.clone());
                        }
                        (key, Value::String(id))
                            if (key == "id" || key.ends_with("_id"))
                                && uuid::Uuid::parse_str(id).is_ok() =>
                        {
                            ids.insert(id.clone());
                        }
                        _ => visit(value, ids, codes),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| visit(item, ids, codes)),
            _ => {}
        }
    }
    for line in text.lines() {
        if let Ok(value) = serde_json::from_str::<Value>(line) {
            visit(&value, ids, codes);
        }
    }
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        visit(&value, ids, codes);
    }
}

/// Walks every `GET` route of `spec` (the published document) with `client`.
pub async fn everything(client: &TestClient, spec: &Value) -> Walked {
    let routes: Vec<String> = spec["paths"]
        .as_object()
        .map(|paths| {
            paths
                .iter()
                .filter(|(_, item)| item.get("get").is_some())
                .map(|(path, _)| path.clone())
                .collect()
        })
        .unwrap_or_default();
    let (mut ids, mut codes) = (BTreeSet::<String>::new(), BTreeSet::<String>::new());
    let mut asked = BTreeSet::new();
    let mut answers = Vec::new();
    // Each round asks the record routes with what the last round showed.
    for _ in 0..4 {
        let mut targets = Vec::new();
        for route in &routes {
            let with_query = |path: String| -> Vec<String> {
                match route.as_str() {
                    "/v1/enrollments/export" => {
                        vec![
                            format!("{path}?format=ndjson"),
                            format!("{path}?format=csv"),
                        ]
                    }
                    _ if route.starts_with("/v1/feeds/") => {
                        vec![format!("{path}?after=0&limit=1000")]
                    }
                    _ if route.starts_with("/v1/indicators/coverage") => vec![
                        format!("{path}?from=2020-01-01&to=2026-12-31"),
                        format!("{path}?group_by=region"),
                        format!("{path}?group_by=head_sex&sector=coffee"),
                        path,
                    ],
                    _ if route.starts_with("/v1/indicators/training") => {
                        vec![path.clone(), format!("{path}?from=2020-01-01")]
                    }
                    _ if !route.contains('{') => vec![format!("{path}?limit=500")],
                    _ => vec![path],
                }
            };
            if route.contains("{service}") {
                for service in ["members", "trainings", "social-protection"] {
                    targets.extend(with_query(route.replace("{service}", service)));
                }
            } else if route.contains("{id}") {
                for id in &ids {
                    targets.extend(with_query(route.replace("{id}", id)));
                }
            } else if route.contains("{code}") {
                for code in &codes {
                    targets.extend(with_query(route.replace("{code}", code)));
                }
            } else {
                targets.extend(with_query(route.clone()));
            }
        }
        let fresh: Vec<String> = targets
            .into_iter()
            .filter(|t| asked.insert(t.clone()))
            .collect();
        if fresh.is_empty() {
            break;
        }
        // A few at a time, as a client with a connection pool would.
        let fetched: Vec<(String, String)> = futures_util::stream::iter(fresh)
            .map(|path| async move {
                let response = client.get(&path).await;
                (path, response.text)
            })
            .buffer_unordered(16)
            .collect()
            .await;
        for (path, body) in fetched {
            harvest(&body, &mut ids, &mut codes);
            answers.push((path, body));
        }
    }
    Walked { answers }
}
