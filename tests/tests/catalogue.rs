//! Every field-error code and every problem type the code writes has its Spanish message
//! (`shared/locales/es`): a new code or type without one fails here, not in front of a
//! programme officer. The codes and types are read from the sources: the second argument of
//! `FieldError::new`, `FieldErrors::push`, `ApiError::bad_parameter` (and the members
//! service's `error` helper), and the type given to `ApiError::new` or by its constructors.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use formaliza_shared::language::Language;

/// Codes written where the scan cannot see them: computed in a `match` over serde's messages.
const INDIRECT_CODES: &[&str] = &["unknown_field", "unknown_parameter"];

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | "tests" | "node_modules")
                && !name.starts_with('.')
            {
                sources(&path, found);
            }
        } else if name.ends_with(".rs") {
            found.push(path);
        }
    }
}

/// The top-level arguments of the call whose `(` ends `text[..start]`.
fn arguments(text: &str, start: usize) -> Vec<&str> {
    let mut depth = 0usize;
    let mut quoted = false;
    let mut arguments = Vec::new();
    let mut from = start;
    let bytes = text.as_bytes();
    let mut index = start;
    while index < bytes.len() && index < start + 600 {
        let byte = bytes[index];
        match byte {
            b'\\' if quoted => index += 1,
            b'"' => quoted = !quoted,
            b'(' | b'[' | b'{' if !quoted => depth += 1,
            b')' | b']' | b'}' if !quoted => {
                if depth == 0 {
                    // A trailing comma leaves nothing after it.
                    let last = text[from..index].trim();
                    if !last.is_empty() {
                        arguments.push(last);
                    }
                    return arguments;
                }
                depth -= 1;
            }
            b',' if !quoted && depth == 0 => {
                arguments.push(text[from..index].trim());
                from = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    Vec::new()
}

fn literal(argument: &str) -> Option<&str> {
    let inner = argument.strip_prefix('"')?.strip_suffix('"')?;
    inner
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-' || b.is_ascii_digit())
        .then_some(inner)
}

fn scan() -> (BTreeSet<String>, BTreeSet<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "shared/src",
        "services",
        "gateway/src",
        "deploy/standalone/src",
    ] {
        sources(&root.join(dir), &mut files);
    }
    let mut codes: BTreeSet<String> = INDIRECT_CODES.iter().map(|c| (*c).to_owned()).collect();
    let mut types = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for call in [
            "FieldError::new(",
            ".push(",
            "bad_parameter(",
            " error(",
            "(error(",
            "ApiError::new(",
            "Self::new(",
        ] {
            for (at, _) in text.match_indices(call) {
                let arguments = arguments(&text, at + call.len());
                let slug_call = call == "ApiError::new(" || call == "Self::new(";
                match (slug_call, arguments.as_slice()) {
                    (false, [_, code, _]) => {
                        if let Some(code) = literal(code) {
                            codes.insert(code.to_owned());
                        }
                    }
                    (true, [_, slug, _, _]) => {
                        if let Some(slug) = literal(slug) {
                            types.insert(slug.to_owned());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    (codes, types)
}

#[test]
fn every_field_error_code_and_problem_type_has_a_spanish_message() {
    let (codes, types) = scan();
    // The scan sees what it should: all of them (70 codes and 23 types when this was written),
    // among them a few every reader knows.
    assert!(
        codes.len() >= 70 && types.len() >= 23,
        "{codes:?} {types:?}"
    );
    for code in [
        "required",
        "too_long",
        "unknown_reference",
        "invalid_format",
    ] {
        assert!(codes.contains(code), "the scan missed {code}: {codes:?}");
    }
    for slug in [
        "validation",
        "not-found",
        "rate-limited",
        "upstream-timeout",
    ] {
        assert!(types.contains(slug), "the scan missed {slug}: {types:?}");
    }
    let field = |code: &String| {
        Language::Spanish
            .lookup(&format!("field-{code}"), &[("field", "x".into())])
            .is_none()
    };
    let untranslated: Vec<_> = codes.iter().filter(|c| field(c)).collect();
    assert!(
        untranslated.is_empty(),
        "field-error codes without a Spanish message in shared/locales/es/fields.ftl \
         (`field-<code> = …`): {untranslated:?}"
    );
    let title = |slug: &String| {
        Language::Spanish
            .lookup(&format!("title-{slug}"), &[])
            .is_none()
    };
    let untitled: Vec<_> = types.iter().filter(|t| title(t)).collect();
    assert!(
        untitled.is_empty(),
        "problem types without a Spanish title in shared/locales/es/problems.ftl \
         (`title-<type> = …`): {untitled:?}"
    );
}
