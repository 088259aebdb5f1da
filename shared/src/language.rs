//! Spanish and English: which one a request or a terminal asks for, and the catalogues that say
//! things in it (Project Fluent, `shared/locales/{en,es}/*.ftl`, compiled into the binary).
//!
//! The code writes its problems in English, as it always has, and an English answer is exactly
//! what it wrote. A problem rendered for a request that prefers Spanish is translated at that
//! moment ([`crate::error`]): its title by its type (`title-<type>`), each field error by its code
//! (`field-<code>`), and a detail or field message by recognising the English sentence: the
//! English catalogue's `detail-…` and `message-…` entries are the sentences the code writes, with
//! `{ $variables }` where it writes values, and the Spanish entry of the same id says it with the
//! same values. A sentence the catalogue does not know stays English. Type URIs and codes never
//! change.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_syntax::ast;
use fluent_templates::LanguageIdentifier;
use fluent_templates::fluent_bundle::FluentValue;

fluent_templates::static_loader! {
    static CATALOGUES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around values: the texts go into JSON and terminals.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The English sentences the code writes, parsed to be recognised.
const ENGLISH_SENTENCES: [&str; 2] = [
    include_str!("../locales/en/problems.ftl"),
    include_str!("../locales/en/fields.ftl"),
];

/// A language Formaliza speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// What API clients get when they ask for nothing.
    #[default]
    English,
    /// For `es`, `es-PE`, `es-BO`, `es-419`, …
    Spanish,
}

/// Values for a catalogue message's `{ $variables }`.
pub type Args<'a> = [(&'static str, FluentValue<'a>)];

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Spanish];

    /// Its tag, as `Content-Language` says it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    fn identifier(self) -> &'static LanguageIdentifier {
        static IDENTIFIERS: LazyLock<[LanguageIdentifier; 2]> =
            LazyLock::new(|| Language::ALL.map(|l| l.tag().parse().unwrap_or_default()));
        &IDENTIFIERS[self as usize]
    }

    /// The language of a tag or locale (`es-PE`, `es_BO.UTF-8`, `en`), if we speak it.
    pub fn of_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_', '.', '@']).next()?;
        if primary.eq_ignore_ascii_case("es") {
            Some(Language::Spanish)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Language::English)
        } else {
            None
        }
    }

    /// From an `Accept-Language` value: the first language in q-value order that we speak
    /// (`q=0` means "not this one"); English when none is.
    pub fn negotiate(accept_language: &str) -> Self {
        accept_language::parse_with_quality(accept_language)
            .into_iter()
            .filter(|(_, quality)| *quality > 0.0)
            .find_map(|(tag, _)| Self::of_tag(&tag))
            .unwrap_or_default()
    }

    /// For the command line: the locale's language by POSIX precedence (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`; the first one set decides), English when it is not Spanish
    /// (`C`, `POSIX`, unset).
    pub fn of_environment() -> Self {
        Self::of_locale_variables(crate::env::var)
    }

    /// [`Language::of_environment`] over any source of variables (tests).
    pub fn of_locale_variables(var: impl Fn(&str) -> Option<String>) -> Self {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(var)
            .and_then(|locale| Self::of_tag(&locale))
            .unwrap_or_default()
    }

    /// For a command: `--lang es|en` (or `--lang=…`) when given, else the locale
    /// ([`Language::of_environment`]). Read before the command line is parsed, so that its
    /// `--help` is already in that language.
    pub fn of_command_line(args: impl IntoIterator<Item = String>) -> Self {
        let args: Vec<String> = args.into_iter().collect();
        let given =
            args.iter()
                .enumerate()
                .find_map(|(index, arg)| match arg.strip_prefix("--lang") {
                    Some("") => args.get(index + 1).cloned(),
                    Some(rest) => rest.strip_prefix('=').map(str::to_owned),
                    None => None,
                });
        given
            .and_then(|tag| Self::of_tag(&tag))
            .unwrap_or_else(Self::of_environment)
    }

    /// The language the current request asked for (English outside a request).
    pub fn of_request() -> Self {
        crate::context::current()
            .map(|c| c.language())
            .unwrap_or_default()
    }

    /// A catalogue message in this language (its id when the catalogues lack it: a defect the
    /// catalogue tests catch).
    pub fn say(self, id: &str, args: &Args<'_>) -> String {
        self.lookup(id, args).unwrap_or_else(|| id.to_owned())
    }

    /// A catalogue message in this language only, if it has one.
    pub fn lookup(self, id: &str, args: &Args<'_>) -> Option<String> {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
            .collect();
        CATALOGUES
            .lookup_single_language(self.identifier(), id, Some(&args))
            .ok()
    }

    /// An English sentence the code wrote, said in this language if the catalogue knows it:
    /// `kind` is `detail` (a problem's detail) or `message` (a field error's message).
    pub fn translate(self, kind: &str, english: &str) -> Option<String> {
        if self == Language::English {
            return Some(english.to_owned());
        }
        let (id, values) = recognise(kind, english)?;
        let args: Vec<(&'static str, FluentValue<'_>)> = values
            .into_iter()
            .map(|(name, value)| (name, FluentValue::from(value)))
            .collect();
        self.lookup(id, &args)
    }
}

/// Parses a binary's command line with its help in the language the command line or the locale
/// asks for ([`Language::of_command_line`]); exits with clap's message on a bad command line.
pub fn parse_command_line<C: clap::Parser>() -> (C, Language) {
    let language = Language::of_command_line(std::env::args());
    let matches = localise_command(C::command(), language).get_matches();
    let parsed = C::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    (parsed, language)
}

/// A command line's help said in `language`: the binary's about from `cli-about-<name>`, each
/// subcommand's from the catalogue entry named by its path of names (`cli-help-clients-add`),
/// each argument's help from the command's entry and the argument's id (`cli-help-clients-add--name`,
/// or `cli-help-any--help` for one every command has), and the headings. English is the help the
/// code's doc comments wrote.
pub fn localise_command(mut command: clap::Command, language: Language) -> clap::Command {
    if language == Language::English {
        return command;
    }
    // The generated `--help` and `--version` exist only once the command is built.
    command.build();
    let name = command.get_name().to_owned();
    if let Some(about) = language.lookup(&format!("cli-about-{name}"), &[]) {
        command = command.about(about);
    }
    if let Some(after) = language.lookup(&format!("cli-after-{name}"), &[]) {
        command = command.after_help(after);
    }
    localise(command, "cli-help", language)
}

fn localise(mut command: clap::Command, path: &str, language: Language) -> clap::Command {
    if let Some(about) = language.lookup(path, &[]) {
        command = command.about(about);
    }
    let heading = language.say("cli-heading-options", &[]);
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = language
            .lookup(&format!("{path}--{id}"), &[])
            .or_else(|| language.lookup(&format!("cli-help-any--{id}"), &[]));
        let heading = heading.clone();
        command = command.mut_arg(&id, |arg| {
            let arg = arg.help_heading(heading);
            match help {
                Some(help) => arg.help(help),
                None => arg,
            }
        });
    }
    command = command
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            language.say("cli-heading-usage", &[])
        ))
        .subcommand_help_heading(language.say("cli-heading-commands", &[]));
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = format!("{path}-{name}");
        command = command.mut_subcommand(&name, |sub| localise(sub, &sub_path, language));
    }
    command
}

/// A piece of an English sentence: words, or where the code writes a value.
#[derive(Debug)]
enum Piece {
    Words(String),
    Value(&'static str),
}

/// An English sentence of the catalogue, as the code writes it.
#[derive(Debug)]
struct Sentence {
    id: &'static str,
    pieces: Vec<Piece>,
    /// How many characters are fixed words: the most specific sentence is tried first.
    words: usize,
}

static SENTENCES: LazyLock<Vec<Sentence>> = LazyLock::new(|| {
    let resources: Vec<ast::Resource<&'static str>> = ENGLISH_SENTENCES
        .iter()
        .map(|text| fluent_syntax::parser::parse(*text).unwrap_or_else(|(partial, _)| partial))
        .collect();
    let terms: HashMap<&'static str, &ast::Pattern<&'static str>> = resources
        .iter()
        .flat_map(|r| &r.body)
        .filter_map(|entry| match entry {
            ast::Entry::Term(term) => Some((term.id.name, &term.value)),
            _ => None,
        })
        .collect();
    let mut sentences: Vec<Sentence> = resources
        .iter()
        .flat_map(|r| &r.body)
        .filter_map(|entry| match entry {
            ast::Entry::Message(ast::Message {
                id,
                value: Some(pattern),
                ..
            }) if id.name.starts_with("detail-") || id.name.starts_with("message-") => {
                let mut pieces = Vec::new();
                pieces_of(pattern, &terms, &mut pieces).then(|| {
                    let words = pieces
                        .iter()
                        .map(|p| match p {
                            Piece::Words(w) => w.len(),
                            Piece::Value(_) => 0,
                        })
                        .sum();
                    Sentence {
                        id: id.name,
                        pieces,
                        words,
                    }
                })
            }
            _ => None,
        })
        .collect();
    sentences.sort_by_key(|s| std::cmp::Reverse(s.words));
    sentences
});

/// The pieces of a pattern (terms inlined); `false` for a pattern that is not a plain sentence
/// with values (a selector, say), which cannot be recognised.
fn pieces_of(
    pattern: &ast::Pattern<&'static str>,
    terms: &HashMap<&'static str, &ast::Pattern<&'static str>>,
    pieces: &mut Vec<Piece>,
) -> bool {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => push_words(pieces, value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(inline),
            } => match inline {
                ast::InlineExpression::VariableReference { id } => {
                    pieces.push(Piece::Value(id.name));
                }
                ast::InlineExpression::StringLiteral { value } => push_words(pieces, value),
                ast::InlineExpression::TermReference { id, .. } => match terms.get(id.name) {
                    Some(term) if pieces_of(term, terms, pieces) => {}
                    _ => return false,
                },
                _ => return false,
            },
            ast::PatternElement::Placeable { .. } => return false,
        }
    }
    true
}

fn push_words(pieces: &mut Vec<Piece>, words: &str) {
    match pieces.last_mut() {
        Some(Piece::Words(before)) => before.push_str(words),
        _ => pieces.push(Piece::Words(words.to_owned())),
    }
}

/// Which catalogue sentence of `kind` an English text is, and the values the code put in it.
fn recognise(kind: &str, english: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    SENTENCES
        .iter()
        .filter(|s| {
            s.id.strip_prefix(kind)
                .is_some_and(|rest| rest.starts_with('-'))
        })
        .find_map(|sentence| {
            let mut values = Vec::new();
            capture(&sentence.pieces, english, &mut values).then(|| {
                let values = values
                    .into_iter()
                    .map(|(name, value)| (name, value.to_owned()))
                    .collect();
                (sentence.id, values)
            })
        })
}

/// Whether `text` is `pieces`, each value at least one character (the shortest that fits).
fn capture<'t>(pieces: &[Piece], text: &'t str, values: &mut Vec<(&'static str, &'t str)>) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Words(words), rest)) => text
            .strip_prefix(words.as_str())
            .is_some_and(|after| capture(rest, after, values)),
        Some((Piece::Value(name), rest)) => {
            let ends = text
                .char_indices()
                .map(|(index, _)| index)
                .skip(1)
                .chain(std::iter::once(text.len()));
            for end in ends {
                values.push((name, &text[..end]));
                if capture(rest, &text[end..], values) {
                    return true;
                }
                values.pop();
            }
            false
        }
    }
}

/// Every message id of a catalogue file, in both languages: for the tests that hold the Spanish
/// catalogue complete.
pub fn catalogue_ids(language: Language) -> Vec<String> {
    let english = ENGLISH_SENTENCES
        .iter()
        .chain(std::iter::once(&include_str!("../locales/en/cli.ftl")));
    let spanish = [
        include_str!("../locales/es/problems.ftl"),
        include_str!("../locales/es/fields.ftl"),
        include_str!("../locales/es/cli.ftl"),
    ];
    let texts: Vec<&str> = match language {
        Language::English => english.copied().collect(),
        Language::Spanish => spanish.to_vec(),
    };
    texts
        .into_iter()
        .flat_map(|text| {
            fluent_syntax::parser::parse(text)
                .unwrap_or_else(|(partial, _)| partial)
                .body
        })
        .filter_map(|entry| match entry {
            ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_negotiated_by_q_value() {
        let cases = [
            ("", Language::English),
            ("es", Language::Spanish),
            ("en", Language::English),
            ("es-PE", Language::Spanish),
            ("es-BO,es;q=0.9", Language::Spanish),
            ("es-419", Language::Spanish),
            ("ES-pe", Language::Spanish),
            ("en;q=0.5, es;q=0.9", Language::Spanish),
            ("es;q=0.5, en;q=0.9", Language::English),
            ("fr-FR, es;q=0.8, en;q=0.7", Language::Spanish),
            ("qu-PE, ay;q=0.9", Language::English),
            ("*", Language::English),
            ("es;q=0, en;q=0.1", Language::English),
            ("es;q=0", Language::English),
            ("de, en-GB;q=0.8, es;q=0.2", Language::English),
            ("garbage;;;,", Language::English),
        ];
        for (header, expected) in cases {
            assert_eq!(Language::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn the_locale_follows_posix_precedence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let cases: [(&'static [(&str, &str)], Language); 6] = [
            (&[], Language::English),
            (&[("LANG", "C.UTF-8")], Language::English),
            (&[("LANG", "es_PE.UTF-8")], Language::Spanish),
            (
                &[("LANG", "en_US.UTF-8"), ("LC_ALL", "es_BO.UTF-8")],
                Language::Spanish,
            ),
            (
                &[("LANG", "es_PE.UTF-8"), ("LC_MESSAGES", "C")],
                Language::English,
            ),
            (&[("LANG", "es"), ("LC_ALL", "POSIX")], Language::English),
        ];
        for (pairs, expected) in cases {
            assert_eq!(
                Language::of_locale_variables(env(pairs)),
                expected,
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn a_sentence_is_recognised_with_its_values() {
        let (id, values) = recognise(
            "detail",
            "the request body exceeds the limit of 1048576 bytes",
        )
        .unwrap();
        assert_eq!(id, "detail-payload-too-large");
        assert_eq!(values, vec![("limit", "1048576".to_owned())]);
        assert_eq!(
            Language::Spanish
                .translate(
                    "detail",
                    "the request body exceeds the limit of 1048576 bytes"
                )
                .unwrap(),
            "el cuerpo de la solicitud supera el límite de 1048576 bytes"
        );
        assert_eq!(
            Language::Spanish.translate("detail", "no such words here"),
            None
        );
        // English is what the code wrote, untouched.
        assert_eq!(
            Language::English
                .translate("detail", "anything at all")
                .unwrap(),
            "anything at all"
        );
    }

    #[test]
    fn every_catalogue_sentence_can_be_recognised() {
        let english = catalogue_ids(Language::English);
        let recognisable: Vec<&str> = SENTENCES.iter().map(|s| s.id).collect();
        for id in english
            .iter()
            .filter(|id| id.starts_with("detail-") || id.starts_with("message-"))
        {
            assert!(
                recognisable.contains(&id.as_str()),
                "{id}: only words, values and terms can be recognised"
            );
        }
    }

    #[test]
    fn every_english_message_has_a_spanish_one_and_no_other() {
        let mut english = catalogue_ids(Language::English);
        let mut spanish = catalogue_ids(Language::Spanish);
        english.sort();
        spanish.sort();
        let missing: Vec<_> = english.iter().filter(|id| !spanish.contains(id)).collect();
        let extra: Vec<_> = spanish.iter().filter(|id| !english.contains(id)).collect();
        assert!(missing.is_empty(), "no Spanish for {missing:?}");
        assert!(extra.is_empty(), "Spanish without English: {extra:?}");
        // A Spanish sentence says only the values its English one captures.
        for sentence in SENTENCES.iter() {
            let args: Vec<(&'static str, FluentValue<'_>)> = sentence
                .pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Value(name) => Some((*name, FluentValue::from("x"))),
                    Piece::Words(_) => None,
                })
                .collect();
            assert!(
                Language::Spanish.lookup(sentence.id, &args).is_some(),
                "{}: the Spanish uses a value the English does not have",
                sentence.id
            );
        }
    }
}
