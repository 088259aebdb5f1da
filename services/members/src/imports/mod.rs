//! The kinds of record the members service imports as jobs (`POST /v1/imports?kind=…`): each
//! an [`ImportKind`] over the rules of its single-record writes. The jobs themselves (spool,
//! runner, report) are `formaliza_shared::imports`.

mod households;
mod jobs;
mod members;
mod memberships;
mod organisations;
mod registrations;

use diesel::prelude::*;

use formaliza_shared::db::DbConnection;
use formaliza_shared::ids::{MemberId, OrganisationId, RecordId};
use formaliza_shared::imports::{FieldSpec, ImportHost, SourceRow};
use formaliza_shared::{ApiError, FieldError, Principal, Scope};

use crate::members::db::MemberRow;
use crate::members::national_id::{DocumentType, NationalId, NationalIdInput};
use crate::visible::member_visible;

pub use households::Households;
pub use jobs::Jobs;
pub use members::Members;
pub use memberships::Memberships;
pub use organisations::Organisations;
pub use registrations::Registrations;

/// The members service's import jobs: ids `mem_…`, `members:read` to read them,
/// `members:write` to start and cancel them.
pub static HOST: ImportHost = ImportHost {
    prefix: "mem",
    read_scope: Scope::MembersRead,
    write_scope: Scope::MembersWrite,
    kinds: &[
        &Members,
        &Households,
        &Organisations,
        &Memberships,
        &Registrations,
        &Jobs,
    ],
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

/// The row's cells as a JSON object of strings for a write's input, without `skip` (the
/// references a kind resolves itself).
fn object_of(row: &SourceRow, skip: &[&str]) -> serde_json::Map<String, serde_json::Value> {
    row.cells
        .iter()
        .filter(|(field, _)| !skip.contains(&field.as_str()))
        .map(|(field, value)| (field.clone(), serde_json::Value::String(value.clone())))
        .collect()
}

/// The member a row names: by `member_id`, or by national id (`id_number` with `id_type`,
/// `id_country`, `id_complement`) as `kind=members` matches it; either way visible to the
/// importer, or the row is refused as naming no member.
fn row_member(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
) -> Result<MemberId, ApiError> {
    if let Some(id) = row.get("member_id") {
        let id = MemberId::reference(id).map_err(|error| at("member_id", error))?;
        return match member_visible(conn, principal, &id)? {
            true => Ok(id),
            false => Err(unknown("member_id", format!("no member with id {id}"))),
        };
    }
    let cells = person_cells(row.cells.clone());
    let cell = |field: &str| {
        cells
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.clone())
    };
    let Some(number) = cell("id_number") else {
        return Err(ApiError::validation(vec![FieldError::new(
            "member_id",
            "required",
            "name the member by member_id or by national id (id_number, id_type)",
        )]));
    };
    let document_type = match cell("id_type").as_deref().map(str::parse::<DocumentType>) {
        Some(Ok(document_type)) => document_type,
        _ => {
            return Err(ApiError::validation(vec![FieldError::new(
                "id_type",
                "required",
                "say the national id's type (dni, ce, ci, pasaporte) or its country (PE, BO)",
            )]));
        }
    };
    let national_id = NationalId::parse(&NationalIdInput {
        document_type,
        number,
        country: cell("id_country")
            .or_else(|| cell("country"))
            .map(|country| country.trim().to_ascii_uppercase()),
        complement: cell("id_complement"),
        issued_in: None,
    })
    .map_err(|errors| {
        ApiError::validation(
            errors
                .into_iter()
                .map(|mut error| {
                    error.field = format!("id_{}", error.field.trim_start_matches("id_"));
                    error
                })
                .collect(),
        )
    })?;
    match MemberRow::find_by_national_id(conn, &national_id)? {
        Some(member) if principal.can_see(member.partner_id.as_deref()) => Ok(member.id),
        _ => Err(unknown(
            "id_number",
            "no member with this national id".into(),
        )),
    }
}

/// The organisation a row names: by `organisation_id`, or by the registry number (RUC, NIT)
/// `kind=organisations` keys it by (`organisation_number`, or `fallback`'s cell), in `country`
/// when the row gives one; either way visible to the importer.
fn row_organisation(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
    fallback: Option<&str>,
) -> Result<OrganisationId, ApiError> {
    use crate::schema::organisations;
    if let Some(id) = row.get("organisation_id") {
        return OrganisationId::reference(id).map_err(|error| at("organisation_id", error));
    }
    let field = match row.get("organisation_number") {
        Some(_) => "organisation_number",
        None => match fallback.filter(|f| row.get(f).is_some()) {
            Some(field) => field,
            None => {
                return Err(ApiError::validation(vec![FieldError::new(
                    "organisation_id",
                    "required",
                    "name the organisation by organisation_id or by its registry number (RUC, NIT)",
                )]));
            }
        },
    };
    let number: String = row
        .get(field)
        .unwrap_or_default()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    let mut query = organisations::table
        .filter(organisations::deleted_at.is_null())
        .filter(organisations::registration_number.eq(number.clone()))
        .order(organisations::id.asc())
        .select((organisations::id, organisations::partner_id))
        .into_boxed();
    if let Some(country) = row.get("country") {
        query = query.filter(organisations::country.eq(country.trim().to_ascii_uppercase()));
    }
    let found: Vec<(OrganisationId, Option<String>)> = query.load(conn)?;
    found
        .into_iter()
        .find(|(_, owner)| principal.can_see(owner.as_deref()))
        .map(|(id, _)| id)
        .ok_or_else(|| {
            unknown(
                field,
                format!("no organisation with registry number {number}"),
            )
        })
}

/// `error` about `field`.
fn at(field: &str, mut error: FieldError) -> ApiError {
    error.field = field.to_owned();
    ApiError::validation(vec![error])
}

/// A row naming a record the importer does not have.
fn unknown(field: &str, message: String) -> ApiError {
    ApiError::validation(vec![FieldError::new(field, "unknown_reference", message)])
}

/// The cells that name a member: its id, or its national id as `kind=members` matches it.
const MEMBER_REF: [FieldSpec; 5] = [
    FieldSpec::text("member_id", "The member's id in Formaliza"),
    FieldSpec::choice(
        "id_type",
        "pe_dni, pe_ce, bo_ci, passport (dni, ce, ci, pasaporte); implied by id_country",
    ),
    FieldSpec::text("id_number", "The member's national id number"),
    FieldSpec::text("id_country", "Country of the id (PE, BO)"),
    FieldSpec::text("id_complement", "Bolivian CI complement (1B)"),
];

/// The cells that name an organisation: its id, or its registry number (RUC, NIT) as
/// `kind=organisations` keys it, in its country.
const ORGANISATION_REF: [FieldSpec; 3] = [
    FieldSpec::text("organisation_id", "The organisation's id in Formaliza"),
    FieldSpec::text(
        "organisation_number",
        "The organisation's registry number (RUC, NIT), as kind=organisations keys it",
    ),
    FieldSpec::text("country", "The organisation's country (PE, BO)"),
];
