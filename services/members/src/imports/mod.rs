//! The kinds of record the members service imports as jobs (`POST /v1/imports?kind=…`): each
//! an [`ImportKind`] over the rules of its single-record writes. The jobs themselves (spool,
//! runner, report) are `formaliza_shared::imports`.

mod households;
mod members;
mod organisations;

use formaliza_shared::Scope;
use formaliza_shared::imports::{FieldSpec, ImportHost};

pub use households::Households;
pub use members::Members;
pub use organisations::Organisations;

/// The members service's import jobs: ids `mem_…`, `members:read` to read them,
/// `members:write` to start and cancel them.
pub static HOST: ImportHost = ImportHost {
    prefix: "mem",
    read_scope: Scope::MembersRead,
    write_scope: Scope::MembersWrite,
    kinds: &[&Members, &Households, &Organisations],
};

/// The kinds this service imports, by name (the gateway routes them here).
pub fn kind_names() -> Vec<&'static str> {
    HOST.kinds.iter().map(|k| k.name()).collect()
}

/// A member's fields in a row, as the CSV columns of `POST /v1/members/import` name them.
const PERSON: [FieldSpec; 19] = [
    FieldSpec::text("given_names", "Given names"),
    FieldSpec::text("family_names", "Family names"),
    FieldSpec::choice("sex", "female or male (femenino/mujer, masculino/hombre)"),
    FieldSpec::date("birth_date", "YYYY-MM-DD or DD/MM/YYYY"),
    FieldSpec::choice(
        "id_type",
        "pe_dni, pe_ce, bo_ci, passport (dni, ce, ci, pasaporte)",
    ),
    FieldSpec::text("id_number", "National id number"),
    FieldSpec::text(
        "id_country",
        "Country of the id (PE, BO), when not implied by its type",
    ),
    FieldSpec::text("id_complement", "Bolivian CI complement (1B)"),
    FieldSpec::text(
        "id_issued_in",
        "Bolivian department that issued the CI (LP, CB, …)",
    ),
    FieldSpec::text("phone", "Phone"),
    FieldSpec::choice(
        "sector",
        "coffee, construction, food, engineering, textile, other",
    ),
    FieldSpec::choice(
        "work_status",
        "self_employed, employee, employer, unpaid_family_worker, other",
    ),
    FieldSpec::text("country", "PE or BO"),
    FieldSpec::text("region", "ISO 3166-2 region (PE-JUN, BO-L)"),
    FieldSpec::text("district", "District or municipality"),
    FieldSpec::choice(
        "relationship_to_head",
        "head, spouse, child, parent, other_relative, non_relative (jefe/jefa, cónyuge, hijo/hija, …)",
    ),
    FieldSpec::flag("data_sharing_consent", "yes/no (sí/no)"),
    FieldSpec::text("organisation_id", "An organisation the member joins"),
    FieldSpec::choice("role", "The member's role in that organisation"),
];

/// `a` then `b` (field lists are built at compile time).
const fn join<const A: usize, const B: usize, const C: usize>(
    a: [FieldSpec; A],
    b: [FieldSpec; B],
) -> [FieldSpec; C] {
    let mut out = [FieldSpec::text("", ""); C];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < C {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

/// A person's cells as the members import takes them. A national id number without its type
/// is the country's own card, as spreadsheets with a single `DNI` or `CI` column mean it: a
/// Peruvian DNI for `PE`, a Bolivian CI for `BO` (the number's own check still applies).
fn person_cells(mut cells: Vec<(String, String)>) -> Vec<(String, String)> {
    let has = |cells: &[(String, String)], field: &str| cells.iter().any(|(f, _)| f == field);
    if has(&cells, "id_number") && !has(&cells, "id_type") {
        let country = cells
            .iter()
            .find(|(f, _)| f == "id_country" || f == "country")
            .map(|(_, v)| v.trim().to_ascii_uppercase());
        match country.as_deref() {
            Some("PE") => cells.push(("id_type".into(), "pe_dni".into())),
            Some("BO") => cells.push(("id_type".into(), "bo_ci".into())),
            _ => {}
        }
    }
    cells
}

/// Turns the members import's outcomes into the jobs'.
fn outcome(result: crate::members::import::RowResult) -> formaliza_shared::imports::RowOutcome {
    use crate::members::import::RowStatus as Sync;
    use formaliza_shared::imports::{RowOutcome, RowStatus};
    let status = match result.status {
        Sync::Created => RowStatus::Created,
        Sync::Updated => RowStatus::Updated,
        Sync::Unchanged => RowStatus::Unchanged,
        Sync::Failed => return RowOutcome::refused(result.row, result.errors),
    };
    match result.id {
        Some(id) => RowOutcome::done(result.row, status, id),
        None => RowOutcome::refused(result.row, result.errors),
    }
}
