//! Published questions as the API shows them, and the rules: which indicator paths may be
//! published (aggregates only), which query parameters each takes (those its operation documents
//! in the published OpenAPI document), what a slug and a title look like; and the validators of
//! a public answer (its `ETag`, a matching `If-None-Match`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use formaliza_shared::FieldErrors;

/// The indicator paths a question may ask: aggregate endpoints only, never a record, a list of
/// records, a feed or an export (their answers are about people or organisations one by one).
pub const PUBLISHABLE_PATHS: &[&str] = &[
    "/v1/indicators/coverage",
    "/v1/indicators/coverage/series",
    "/v1/indicators/training",
    "/v1/indicators/formalisation",
    "/v1/indicators/formalisation/series",
    "/v1/programme/indicators",
];

/// Where the public answer of `slug` is read.
pub fn public_url(slug: &str) -> String {
    format!("/v1/public/{slug}")
}

/// The query parameters `path`'s `GET` documents in the published document, which the services
/// themselves refuse others of (`deny_unknown_fields`): one list, kept by the spec's drift test.
pub fn documented_parameters(path: &str) -> Vec<String> {
    static SPEC: OnceLock<serde_json::Value> = OnceLock::new();
    let spec = SPEC.get_or_init(|| {
        serde_json::from_str(crate::PUBLISHED_SPEC).unwrap_or(serde_json::Value::Null)
    });
    spec["paths"][path]["get"]["parameters"]
        .as_array()
        .map(|parameters| {
            parameters
                .iter()
                .filter(|p| p["in"] == "query")
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A question's title in the programme's two languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PublishedTitle)]
pub struct Title {
    /// Spanish (the dashboard's default).
    pub es: String,
    /// English.
    pub en: String,
}

/// A question to publish, as the programme office sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "cobertura-cafe-por-region",
    "title": {"es": "Cobertura de las familias cafetaleras por región",
              "en": "Coverage of coffee producers' families by region"},
    "path": "/v1/indicators/coverage",
    "query": {"sector": "coffee", "group_by": "region"}
}))]
pub struct PublishedInput {
    /// The public name: `/v1/public/{slug}`. 3 to 64 lowercase letters, digits and hyphens,
    /// starting and ending with a letter or digit.
    pub slug: String,
    pub title: Title,
    /// The indicator asked: one of `/v1/indicators/coverage`, `/v1/indicators/coverage/series`,
    /// `/v1/indicators/training`, `/v1/indicators/formalisation`,
    /// `/v1/indicators/formalisation/series`, `/v1/programme/indicators`.
    pub path: String,
    /// Its filters and grouping, fixed: only the query parameters that operation documents
    /// (values as strings, numbers or booleans). The service must answer the question when it is
    /// published (its own 400 is a 422 here, naming the parameter).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub query: BTreeMap<String, serde_json::Value>,
}

/// A question, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedCommand {
    pub slug: String,
    pub title: Title,
    pub path: &'static str,
    /// The query string, its parameters in name order (`group_by=region&sector=coffee`).
    pub query: String,
}

/// Whether `slug` is a slug.
fn valid_slug(slug: &str) -> bool {
    let bytes = slug.as_bytes();
    (3..=64).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first().is_some_and(|b| *b != b'-')
        && bytes.last().is_some_and(|b| *b != b'-')
}

impl PublishedInput {
    /// Every field's problems at once.
    pub fn command(self) -> Result<PublishedCommand, FieldErrors> {
        let mut errors = FieldErrors::default();
        let slug = self.slug.trim().to_owned();
        if !valid_slug(&slug) {
            errors.push(
                "slug",
                "invalid",
                "3 to 64 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
            );
        }
        let title = Title {
            es: self.title.es.trim().to_owned(),
            en: self.title.en.trim().to_owned(),
        };
        for (field, text) in [("title.es", &title.es), ("title.en", &title.en)] {
            if text.is_empty() || text.chars().count() > 200 {
                errors.push(field, "invalid", "1 to 200 characters");
            }
        }
        let path = PUBLISHABLE_PATHS.iter().copied().find(|p| *p == self.path);
        if path.is_none() {
            errors.push(
                "path",
                "not_publishable",
                format!(
                    "only aggregate indicators can be published: one of {}",
                    PUBLISHABLE_PATHS.join(", ")
                ),
            );
        }
        let documented = path.map(documented_parameters).unwrap_or_default();
        let mut pairs = Vec::with_capacity(self.query.len());
        for (name, value) in &self.query {
            let field = format!("query.{name}");
            if path.is_some() && !documented.contains(name) {
                errors.push(
                    field.clone(),
                    "unknown_parameter",
                    format!(
                        "{} takes {}",
                        self.path,
                        if documented.is_empty() {
                            "no parameters".to_owned()
                        } else {
                            documented.join(", ")
                        }
                    ),
                );
                continue;
            }
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Number(number) => number.to_string(),
                serde_json::Value::Bool(flag) => flag.to_string(),
                _ => {
                    errors.push(field, "invalid", "a string, a number or a boolean");
                    continue;
                }
            };
            if text.is_empty() || text.len() > 200 || text.chars().any(char::is_control) {
                errors.push(
                    field,
                    "invalid",
                    "1 to 200 characters, no control characters",
                );
                continue;
            }
            pairs.push((name.clone(), text));
        }
        match (errors.is_empty(), path) {
            (true, Some(path)) => Ok(PublishedCommand {
                slug,
                title,
                path,
                query: form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish(),
            }),
            _ => Err(errors),
        }
    }
}

/// A published question, as the programme office sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishedQuestion {
    pub slug: String,
    pub title: Title,
    /// The indicator asked.
    pub path: String,
    /// Its fixed query string (parameters in name order; empty for none).
    pub query: String,
    /// Where anyone reads the answer, without a token.
    #[schema(example = "/v1/public/cobertura-cafe-por-region")]
    pub public_url: String,
    /// The client that published it.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// The published questions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishedQuestionList {
    pub data: Vec<PublishedQuestion>,
}

/// A published question, as anyone sees it in the public index.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicQuestion {
    pub slug: String,
    pub title: Title,
    /// Its answer, without a token.
    #[schema(example = "/v1/public/cobertura-cafe")]
    pub url: String,
    /// The indicator it asks, and with which filters (the answer is that operation's, as
    /// documented there).
    pub path: String,
    pub query: String,
}

/// The public index: every question published now, by slug.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicIndex {
    pub data: Vec<PublicQuestion>,
}

/// A strong validator of `body`: the first 128 bits of its SHA-256, quoted.
pub fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` value names `etag` (RFC 9110 §13.1.2: weak comparison, `*`
/// matches any current representation).
pub fn none_match(header: &str, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    header
        .split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == bare)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn input(value: serde_json::Value) -> PublishedInput {
        serde_json::from_value(value).unwrap()
    }

    fn codes(errors: FieldErrors) -> Vec<(String, String)> {
        errors
            .into_vec()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_question_keeps_its_parameters_in_name_order() {
        let command = input(json!({
            "slug": "cobertura-cafe-region",
            "title": {"es": " Cobertura ", "en": "Coverage"},
            "path": "/v1/indicators/coverage",
            "query": {"sector": "coffee", "group_by": "region", "in_programme_only": true}
        }))
        .command()
        .unwrap();
        assert_eq!(command.path, "/v1/indicators/coverage");
        assert_eq!(
            command.query,
            "group_by=region&in_programme_only=true&sector=coffee"
        );
        assert_eq!(command.title.es, "Cobertura");
    }

    #[test]
    fn only_aggregates_and_their_documented_parameters_are_publishable() {
        for path in PUBLISHABLE_PATHS {
            assert!(
                !documented_parameters(path).is_empty(),
                "{path} has no documented parameters in the published document"
            );
        }
        for path in [
            "/v1/members",
            "/v1/enrollments/export",
            "/v1/feeds/members",
            "/v1/indicators/coverage/",
            "/v1/programme/reported-values",
        ] {
            let errors =
                input(json!({"slug": "abc", "title": {"es": "a", "en": "a"}, "path": path}))
                    .command()
                    .unwrap_err();
            assert_eq!(codes(errors), [("path".into(), "not_publishable".into())]);
        }
        let errors = input(json!({
            "slug": "-Bad_slug", "title": {"es": "", "en": "ok"},
            "path": "/v1/indicators/training",
            "query": {"sector": "coffee", "from": "2026-01-01", "topic": ["a"], "region": ""}
        }))
        .command()
        .unwrap_err();
        assert_eq!(
            codes(errors),
            [
                ("slug".into(), "invalid".into()),
                ("title.es".into(), "invalid".into()),
                ("query.region".into(), "invalid".into()),
                ("query.sector".into(), "unknown_parameter".into()),
                ("query.topic".into(), "invalid".into()),
            ]
        );
    }

    #[test]
    fn slugs() {
        for good in ["abc", "cobertura-cafe", "a1-b2", "x".repeat(64).as_str()] {
            assert!(valid_slug(good), "{good}");
        }
        for bad in [
            "ab",
            "-abc",
            "abc-",
            "Abc",
            "a_b",
            "a b",
            "á-b",
            &"x".repeat(65),
        ] {
            assert!(!valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn validators() {
        let tag = etag(b"{}");
        assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() == 34);
        assert_ne!(tag, etag(b"{ }"));
        assert!(none_match(&tag, &tag));
        assert!(none_match(&format!("\"x\", W/{tag}"), &tag));
        assert!(none_match("*", &tag));
        assert!(!none_match("\"x\"", &tag));
    }
}
