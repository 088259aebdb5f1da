//! Bulk import of members from CSV (a spreadsheet export) or NDJSON (a KoboToolbox export),
//! upserting by national ID, with a result per row.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::MembersWrite;
use formaliza_shared::db::{self, DbConnection, DbPool};
use formaliza_shared::extract::{self, BodyLimits, Query};
use formaliza_shared::feed::{self, Actor, Change, Op};
use formaliza_shared::idempotency::{Attempt, Claim, IdempotencyKey, StoredResponse};
use formaliza_shared::ids::{HouseholdId, MemberId, MembershipId, OrganisationId, RecordId};
use formaliza_shared::openapi::CreateErrors;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::db::{self as members_db, LiveHousehold, MemberRow, NationalKey};
use super::model::{MemberInput, Relationship, ValidMember};
use crate::households::db::HouseholdRow;
use crate::memberships::db::{self as memberships_db, MembershipRow};
use crate::memberships::model::{MembershipInput, MembershipRole};
use crate::organisations::db::OrganisationRow;

/// Most rows one request may carry.
pub const MAX_ROWS: usize = 100_000;
/// Rows written per transaction when not atomic (bounds lock time and memory); also the rows
/// looked up and written together, atomic or not.
const CHUNK: usize = 500;

/// CSV columns, in the order a template spreadsheet has them.
pub const CSV_COLUMNS: &[&str] = &[
    "given_names",
    "family_names",
    "sex",
    "birth_date",
    "id_type",
    "id_number",
    "id_country",
    "id_complement",
    "id_issued_in",
    "phone",
    "sector",
    "work_status",
    "country",
    "region",
    "district",
    "household_id",
    "relationship_to_head",
    "data_sharing_consent",
    "organisation_id",
    "role",
];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Validate everything (including duplicates and references) and report, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// All or nothing: one bad row and nothing is written (422 listing every bad row).
    #[serde(default)]
    pub atomic: bool,
}

/// What happened to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Created,
    Updated,
    Unchanged,
    Failed,
}

/// The result for one row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowResult {
    /// Line number in the file (CSV: the header is line 1, so the first member is row 2).
    pub row: u64,
    pub status: RowStatus,
    /// The member's id (new or existing).
    pub id: Option<MemberId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Counts per status.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportSummary {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
}

/// The import report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// `true` when nothing was written (dry run).
    pub dry_run: bool,
    pub atomic: bool,
    /// `csv` or `ndjson`.
    pub format: String,
    pub summary: ImportSummary,
    pub rows: Vec<RowResult>,
}

/// One parsed row: the member, and optionally the organisation it joins.
struct ImportRecord {
    member: MemberInput,
    organisation_id: Option<String>,
    role: Option<String>,
}

type ParsedRow = (u64, Result<ImportRecord, Vec<FieldError>>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

impl Format {
    fn of(req: &HttpRequest) -> Result<Self, ApiError> {
        match extract::media_type(req).as_deref() {
            Some("text/csv") => Ok(Format::Csv),
            Some(
                "application/x-ndjson"
                | "application/ndjson"
                | "application/jsonl"
                | "application/x-jsonlines",
            ) => Ok(Format::Ndjson),
            other => Err(ApiError::unsupported_media_type(format!(
                "send text/csv or application/x-ndjson, not {}",
                other.unwrap_or("a body without Content-Type")
            ))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
}

/// Parses a yes/no cell as a spreadsheet would hold it.
fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "si" | "sí" | "s" | "x" => Some(true),
        "false" | "no" | "n" | "0" | "" => Some(false),
        _ => None,
    }
}

/// CSV column a JSON path came from, so a spreadsheet user sees their own column names.
fn csv_column(path: &str) -> String {
    match path {
        "national_id.type" => "id_type".into(),
        "national_id.number" => "id_number".into(),
        "national_id.country" => "id_country".into(),
        "national_id.complement" => "id_complement".into(),
        "national_id.issued_in" => "id_issued_in".into(),
        other => other.into(),
    }
}

/// Turns one JSON object into a record (NDJSON lines, and CSV rows after conversion).
fn record_from_json(
    mut object: serde_json::Map<String, serde_json::Value>,
) -> Result<ImportRecord, Vec<FieldError>> {
    let take_text =
        |object: &mut serde_json::Map<String, serde_json::Value>, key: &str| match object
            .remove(key)
        {
            Some(serde_json::Value::String(text)) if !text.trim().is_empty() => Ok(Some(text)),
            None | Some(serde_json::Value::Null) | Some(serde_json::Value::String(_)) => Ok(None),
            Some(_) => Err(FieldError::new(key, "invalid_type", "must be a string")),
        };
    let organisation_id = take_text(&mut object, "organisation_id").map_err(|e| vec![e])?;
    let role = take_text(&mut object, "role").map_err(|e| vec![e])?;
    let member = formaliza_shared::patch::parse::<MemberInput>(serde_json::Value::Object(object))
        .map_err(|error| error.field_errors().to_vec())?;
    Ok(ImportRecord {
        member,
        organisation_id,
        role,
    })
}

fn parse_csv(body: &[u8]) -> Result<Vec<ParsedRow>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::bad_request(format!("cannot read the CSV header row: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let unknown: Vec<FieldError> = headers
        .iter()
        .filter(|h| !CSV_COLUMNS.contains(&h.as_str()))
        .map(|h| {
            FieldError::new(
                h.clone(),
                "unknown_column",
                format!(
                    "unknown column; the columns are: {}",
                    CSV_COLUMNS.join(", ")
                ),
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::validation(unknown));
    }
    for required in ["given_names", "family_names", "country"] {
        if !headers.iter().any(|h| h == required) {
            return Err(ApiError::validation(vec![FieldError::new(
                required,
                "missing_column",
                "this column is required",
            )]));
        }
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        let fallback_line = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(fallback_line, |p| p.line());
                rows.push((
                    line,
                    Err(vec![FieldError::new(
                        "row",
                        "malformed_csv",
                        error.to_string(),
                    )]),
                ));
                continue;
            }
        };
        let line = record.position().map_or(fallback_line, |p| p.line());
        rows.push((line, csv_record(&headers, &record)));
    }
    Ok(rows)
}

fn csv_record(
    headers: &[String],
    record: &csv::StringRecord,
) -> Result<ImportRecord, Vec<FieldError>> {
    let mut object = serde_json::Map::new();
    let mut national_id = serde_json::Map::new();
    let mut errors = Vec::new();
    for (header, value) in headers.iter().zip(record.iter()) {
        if value.is_empty() {
            continue;
        }
        match header.as_str() {
            "data_sharing_consent" => match parse_bool(value) {
                Some(consent) => {
                    object.insert(header.clone(), consent.into());
                }
                None => errors.push(FieldError::new(
                    header.clone(),
                    "invalid_format",
                    "write yes or no (or true/false, 1/0, sí/no)",
                )),
            },
            column if column.starts_with("id_") => {
                let key = match column {
                    "id_type" => "type",
                    "id_number" => "number",
                    "id_country" => "country",
                    "id_complement" => "complement",
                    _ => "issued_in",
                };
                national_id.insert(key.into(), value.into());
            }
            _ => {
                object.insert(header.clone(), value.into());
            }
        }
    }
    if !national_id.is_empty() {
        object.insert("national_id".into(), national_id.into());
    }
    object.entry("given_names").or_insert_with(|| "".into());
    object.entry("family_names").or_insert_with(|| "".into());
    object.entry("country").or_insert_with(|| "".into());
    match record_from_json(object) {
        Ok(record) if errors.is_empty() => Ok(record),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

fn parse_ndjson(body: &[u8]) -> Result<Vec<ParsedRow>, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not UTF-8 text: {e}")))?;
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        let number = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
        let parsed = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(object)) => record_from_json(object),
            Ok(_) => Err(vec![FieldError::new(
                "row",
                "invalid_type",
                "each line must be a JSON object",
            )]),
            Err(error) => Err(vec![FieldError::new(
                "row",
                "malformed_json",
                error.to_string(),
            )]),
        };
        rows.push((number, parsed));
    }
    Ok(rows)
}

fn too_many_rows() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-many-rows",
        "Too many rows",
        format!("an import takes at most {MAX_ROWS} rows; split the file"),
    )
}

/// A row ready to write, or its errors.
enum Prepared {
    Ready {
        member: Box<ValidMember>,
        organisation_id: Option<String>,
        role: Option<String>,
    },
    Failed(Vec<FieldError>),
}

fn prepare(parsed: Result<ImportRecord, Vec<FieldError>>) -> Prepared {
    match parsed {
        Err(errors) => Prepared::Failed(errors),
        Ok(record) => match members_db::validate(record.member) {
            Ok(member) => Prepared::Ready {
                member: Box::new(member),
                organisation_id: record.organisation_id,
                role: record.role,
            },
            Err(error) => Prepared::Failed(error.field_errors().to_vec()),
        },
    }
}

/// Names fields as the file does: CSV columns (`id_number`) rather than JSON paths.
fn name_fields(format: Format, mut results: Vec<RowResult>) -> Vec<RowResult> {
    if format == Format::Csv {
        for error in results.iter_mut().flat_map(|r| r.errors.iter_mut()) {
            error.field = csv_column(&error.field);
        }
    }
    results
}

/// The 409 for a national ID another partner registered; it never names or points to that
/// record.
fn registered_by_another_partner() -> ApiError {
    ApiError::conflict("national ID registered by another partner").with_errors(vec![
        FieldError::new(
            "national_id.number",
            "duplicate",
            "another partner already registered a member with this national ID",
        ),
    ])
}

/// The role a row gives the member in its organisation (`member` when the cell is empty).
fn membership_role(role: Option<&str>) -> Result<MembershipRole, ApiError> {
    match role.map(|r| extract::parse_enum(r.trim())) {
        None => Ok(MembershipRole::Member),
        Some(Some(role)) => Ok(role),
        Some(None) => Err(ApiError::validation(vec![FieldError::new(
            "role",
            "invalid",
            "unknown membership role",
        )])),
    }
}

/// The 422 for a reference to a record that is missing or not the caller's, worded as
/// [`resource::check_reference`] words it.
fn unknown_reference<R: Resource>(field: &str, id: &R::Id) -> ApiError {
    ApiError::validation(vec![FieldError::new(
        field,
        "unknown_reference",
        format!("no {} with id {id}", R::KIND),
    )])
}

/// Writes one row inside the current transaction; returns its result and the feed changes.
/// The one-by-one path: used for a chunk whose batched write met a concurrent writer.
fn write_row(
    conn: &mut DbConnection,
    principal: &Principal,
    member: ValidMember,
    organisation_id: Option<String>,
    role: Option<String>,
) -> Result<(RowStatus, MemberId, Vec<Change>), ApiError> {
    let existing = match &member.national_id {
        Some(national_id) => MemberRow::find_by_national_id(conn, national_id)?,
        None => None,
    };
    let mut changes = Vec::new();
    let (status, row) = match existing {
        Some(existing) if !principal.can_see(existing.partner_id.as_deref()) => {
            return Err(registered_by_another_partner());
        }
        Some(existing) => {
            members_db::check_references(conn, principal, &member, Some(&existing.id))?;
            if members_db::MemberChanges::unchanged(&existing, &member) {
                (RowStatus::Unchanged, existing)
            } else {
                let updated = members_db::overwrite(conn, &existing, member)?;
                changes.push(resource::change(&updated, Op::Update)?);
                (RowStatus::Updated, updated)
            }
        }
        None => {
            members_db::check_references(conn, principal, &member, None)?;
            let created = members_db::insert(
                conn,
                MemberId::generate(),
                principal.partner_id.clone(),
                member,
            )?;
            changes.push(resource::change(&created, Op::Create)?);
            (RowStatus::Created, created)
        }
    };
    if let Some(organisation_id) = organisation_id {
        let joined = match OrganisationId::parse(&organisation_id) {
            Some(organisation) => memberships_db::find_for(conn, &row.id, &organisation)?.is_some(),
            None => false,
        };
        if !joined {
            let input = MembershipInput {
                member_id: row.id.to_string(),
                organisation_id,
                role: membership_role(role.as_deref())?,
                joined_on: None,
                left_on: None,
            };
            let membership = MembershipRow::command(input).map_err(ApiError::validation)?;
            let membership =
                MembershipRow::insert(conn, principal, MembershipId::generate(), membership)?;
            changes.push(resource::change(&membership, Op::Create)?);
        }
    }
    Ok((status, row.id, changes))
}

fn row_error(error: &ApiError) -> Vec<FieldError> {
    if error.field_errors().is_empty() {
        vec![FieldError::new(
            "row",
            "rejected",
            error.detail().to_owned(),
        )]
    } else {
        error.field_errors().to_vec()
    }
}

fn failed(row: u64, errors: Vec<FieldError>) -> RowResult {
    RowResult {
        row,
        status: RowStatus::Failed,
        id: None,
        errors,
    }
}

/// Writes the prepared rows of one transaction, `CHUNK` rows at a time, and appends their
/// changes to the feed in row order. A dry run (`write` false) decides every row the same way
/// but writes nothing.
fn write_rows(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<(u64, Prepared)>,
    write: bool,
    results: &mut Vec<RowResult>,
) -> Result<(), ApiError> {
    let mut changes = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        write_chunk(conn, principal, chunk, write, results, &mut changes)?;
    }
    if write {
        feed::append(conn, &Actor::of(principal), &changes)?;
    }
    Ok(())
}

/// Writes one chunk in batches: a few lookups, decisions in memory, then a handful of
/// statements. Should a batched write still hit a constraint or a version check (another
/// request wrote meanwhile), the chunk's writes are rolled back to a savepoint and the chunk is
/// written again row by row, so every row still gets its own result.
fn write_chunk(
    conn: &mut DbConnection,
    principal: &Principal,
    chunk: Vec<(u64, Prepared)>,
    write: bool,
    results: &mut Vec<RowResult>,
    changes: &mut Vec<Change>,
) -> Result<(), ApiError> {
    let batched = diesel::Connection::transaction(conn, |conn| {
        let plan = ChunkPlan::decide(conn, principal, &chunk)?;
        if write {
            plan.writes.execute(conn)?;
        }
        Ok::<_, ApiError>(plan)
    });
    match batched {
        Ok(plan) => {
            results.extend(plan.results);
            changes.extend(plan.changes);
            Ok(())
        }
        // Decisions never fail the chunk; only a write can, and a 4xx there means a
        // concurrent writer.
        Err(error) if !error.status().is_server_error() => {
            log::info!("bulk import: writing a chunk row by row after a conflict: {error}");
            write_one_by_one(conn, principal, chunk, results, changes)
        }
        Err(error) => Err(error),
    }
}

/// Writes each row in its own savepoint, so one failure leaves the others.
fn write_one_by_one(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<(u64, Prepared)>,
    results: &mut Vec<RowResult>,
    changes: &mut Vec<Change>,
) -> Result<(), ApiError> {
    for (row, prepared) in rows {
        let result = match prepared {
            Prepared::Failed(errors) => failed(row, errors),
            Prepared::Ready {
                member,
                organisation_id,
                role,
            } => {
                let outcome = diesel::Connection::transaction(conn, |conn| {
                    write_row(conn, principal, *member, organisation_id, role)
                });
                match outcome {
                    Ok((status, id, row_changes)) => {
                        changes.extend(row_changes);
                        RowResult {
                            row,
                            status,
                            id: Some(id),
                            errors: Vec::new(),
                        }
                    }
                    Err(error) if error.status().is_server_error() => return Err(error),
                    Err(error) => failed(row, row_error(&error)),
                }
            }
        };
        results.push(result);
    }
    Ok(())
}

/// What the database holds that a chunk's rows depend on, loaded in one query per kind and kept
/// current as the chunk's rows are decided in order, so each row sees the rows before it as it
/// would if they had been written one by one.
struct Known {
    /// Live members with the chunk's national IDs.
    members: HashMap<NationalKey, MemberRow>,
    /// Live households the chunk refers to, with their owners and heads.
    households: HashMap<HouseholdId, LiveHousehold>,
    /// Live organisations the chunk refers to, with their owners.
    organisations: HashMap<OrganisationId, Option<String>>,
    /// Live memberships of the chunk's existing members: (member, organisation) → membership id.
    memberships: HashMap<(MemberId, OrganisationId), MembershipId>,
}

impl Known {
    fn load(conn: &mut DbConnection, chunk: &[(u64, Prepared)]) -> Result<Self, ApiError> {
        let mut national_ids = Vec::new();
        let mut households = Vec::new();
        let mut organisations = Vec::new();
        for (_, prepared) in chunk {
            let Prepared::Ready {
                member,
                organisation_id,
                ..
            } = prepared
            else {
                continue;
            };
            national_ids.extend(member.national_id.as_ref());
            households.extend(member.household_id.as_ref());
            // Only well-formed ids can name an organisation; the others fail validation.
            organisations.extend(organisation_id.as_deref().and_then(OrganisationId::parse));
        }
        let members: HashMap<NationalKey, MemberRow> =
            MemberRow::find_by_national_ids(conn, &national_ids)?
                .into_iter()
                .filter_map(|row| Some((NationalKey::of_row(&row)?, row)))
                .collect();
        let joining: Vec<&MemberId> = if organisations.is_empty() {
            Vec::new()
        } else {
            members.values().map(|m| &m.id).collect()
        };
        let organisations: Vec<&OrganisationId> = organisations.iter().collect();
        Ok(Self {
            memberships: memberships_db::live_memberships_of(conn, &joining)?,
            households: members_db::live_households(conn, &households)?,
            organisations: memberships_db::organisation_owners(conn, &organisations)?,
            members,
        })
    }

    /// The member-level checks of a row against what is known, in the order the one-by-one
    /// path makes them: the national ID's owner, the household, its head.
    fn check_member(
        &self,
        principal: &Principal,
        member: &ValidMember,
    ) -> Result<Option<&MemberRow>, ApiError> {
        let existing = member
            .national_id
            .as_ref()
            .and_then(|id| self.members.get(&NationalKey::of(id)));
        if let Some(existing) = existing
            && !principal.can_see(existing.partner_id.as_deref())
        {
            return Err(registered_by_another_partner());
        }
        if let Some(id) = &member.household_id {
            let household = self
                .households
                .get(id)
                .filter(|h| resource::readable::<HouseholdRow>(principal, h.owner.as_deref()))
                .ok_or_else(|| unknown_reference::<HouseholdRow>("household_id", id))?;
            if member.relationship_to_head == Some(Relationship::Head)
                && let Some(head) = &household.head
                && Some(head) != existing.map(|e| &e.id)
            {
                return Err(members_db::duplicate_head());
            }
        }
        Ok(existing)
    }

    /// The membership a row creates for `member_id` (`None` when it already exists), or why it
    /// cannot: the checks of [`MembershipRow::create`], against what is known.
    fn membership(
        &self,
        principal: &Principal,
        member_id: &MemberId,
        organisation_id: &str,
        role: Option<&str>,
    ) -> Result<Option<MembershipRow>, ApiError> {
        if let Some(organisation) = OrganisationId::parse(organisation_id)
            && self
                .memberships
                .contains_key(&(member_id.clone(), organisation))
        {
            return Ok(None);
        }
        let input = MembershipInput {
            member_id: member_id.to_string(),
            organisation_id: organisation_id.to_owned(),
            role: membership_role(role)?,
            joined_on: None,
            left_on: None,
        };
        let membership = input.validate().map_err(ApiError::validation)?;
        // The member is the caller's: just written by it, or found visible to it.
        let visible = self
            .organisations
            .get(&membership.organisation_id)
            .is_some_and(|owner| {
                resource::readable::<OrganisationRow>(principal, owner.as_deref())
            });
        if !visible {
            return Err(unknown_reference::<OrganisationRow>(
                "organisation_id",
                &membership.organisation_id,
            ));
        }
        Ok(Some(MembershipRow::new_membership(
            MembershipId::generate(),
            principal.partner_id.as_deref(),
            membership,
            db::now(),
        )))
    }

    /// Takes a decided row into account for the rows after it.
    fn remember(&mut self, decision: &RowDecision) {
        if decision.status != RowStatus::Unchanged {
            let member = &decision.member;
            // Households the chunk does not name are not loaded, and need not be.
            if let Some(household) = decision
                .previous
                .as_ref()
                .and_then(MemberRow::headed_household)
                .and_then(|id| self.households.get_mut(id))
                && household.head.as_ref() == Some(&member.id)
            {
                household.head = None;
            }
            if let Some(household) = member
                .headed_household()
                .and_then(|id| self.households.get_mut(id))
            {
                household.head = Some(member.id.clone());
            }
            if let Some(key) = NationalKey::of_row(member) {
                self.members.insert(key, member.clone());
            }
        }
        if let Some(membership) = &decision.membership {
            self.memberships.insert(
                (
                    membership.member_id.clone(),
                    membership.organisation_id.clone(),
                ),
                membership.id.clone(),
            );
        }
    }
}

/// What one row does, decided before anything is written.
struct RowDecision {
    status: RowStatus,
    /// The member as the row leaves it.
    member: MemberRow,
    /// The member before the row (`None` when the row creates it).
    previous: Option<MemberRow>,
    /// The membership the row creates, if any.
    membership: Option<MembershipRow>,
}

impl RowDecision {
    fn decide(
        known: &Known,
        principal: &Principal,
        member: &ValidMember,
        organisation_id: Option<&str>,
        role: Option<&str>,
    ) -> Result<Self, ApiError> {
        let existing = known.check_member(principal, member)?;
        let (status, row) = match existing {
            Some(existing) if members_db::MemberChanges::unchanged(existing, member) => {
                (RowStatus::Unchanged, existing.clone())
            }
            Some(existing) => (
                RowStatus::Updated,
                MemberRow::overwritten(existing, member.clone(), db::now()),
            ),
            None => (
                RowStatus::Created,
                MemberRow::new_member(
                    MemberId::generate(),
                    principal.partner_id.clone(),
                    member.clone(),
                    db::now(),
                ),
            ),
        };
        let membership = match organisation_id {
            Some(organisation_id) => known.membership(principal, &row.id, organisation_id, role)?,
            None => None,
        };
        Ok(Self {
            status,
            member: row,
            previous: existing.cloned(),
            membership,
        })
    }

    /// The feed events of the row, in the order the one-by-one path appends them.
    fn changes(&self) -> Result<Vec<Change>, ApiError> {
        let mut changes = Vec::new();
        match self.status {
            RowStatus::Created => changes.push(resource::change(&self.member, Op::Create)?),
            RowStatus::Updated => changes.push(resource::change(&self.member, Op::Update)?),
            RowStatus::Unchanged | RowStatus::Failed => {}
        }
        if let Some(membership) = &self.membership {
            changes.push(resource::change(membership, Op::Create)?);
        }
        Ok(changes)
    }
}

/// The writes a chunk decided on, made together once every row is decided.
#[derive(Default)]
struct ChunkWrites {
    /// Updates of members stored before the chunk, in row order: (version replaced, new row).
    updates: Vec<(i64, MemberRow)>,
    /// New members, in their final state (a later row updating one changes it here).
    inserts: Vec<MemberRow>,
    /// Where each new member is in `inserts`, by id.
    inserted: HashMap<MemberId, usize>,
    memberships: Vec<MembershipRow>,
}

impl ChunkWrites {
    fn add(&mut self, decision: &RowDecision) {
        let member = &decision.member;
        match (decision.status, decision.previous.as_ref()) {
            (RowStatus::Created, _) => {
                self.inserted.insert(member.id.clone(), self.inserts.len());
                self.inserts.push(member.clone());
            }
            (RowStatus::Updated, Some(previous)) => match self.inserted.get(&member.id) {
                Some(&index) => self.inserts[index] = member.clone(),
                None => self.updates.push((previous.version, member.clone())),
            },
            _ => {}
        }
        self.memberships.extend(decision.membership.clone());
    }

    /// Updates first: a member stepping down as head frees the household for a new member
    /// inserted after it. New members hold their final state, so the inserts meet the end
    /// state of the chunk, which the decisions kept valid.
    fn execute(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        for (previous_version, row) in &self.updates {
            members_db::write_over(conn, *previous_version, row)?;
        }
        members_db::insert_rows(conn, &self.inserts)?;
        memberships_db::insert_rows(conn, &self.memberships)
    }
}

/// A chunk decided row by row in memory: each row's result, the feed changes in row order,
/// and the writes that carry them out.
struct ChunkPlan {
    results: Vec<RowResult>,
    changes: Vec<Change>,
    writes: ChunkWrites,
}

impl ChunkPlan {
    fn decide(
        conn: &mut DbConnection,
        principal: &Principal,
        chunk: &[(u64, Prepared)],
    ) -> Result<Self, ApiError> {
        let mut known = Known::load(conn, chunk)?;
        let mut plan = Self {
            results: Vec::with_capacity(chunk.len()),
            changes: Vec::with_capacity(chunk.len()),
            writes: ChunkWrites::default(),
        };
        for (row, prepared) in chunk {
            let (member, organisation_id, role) = match prepared {
                Prepared::Failed(errors) => {
                    plan.results.push(failed(*row, errors.clone()));
                    continue;
                }
                Prepared::Ready {
                    member,
                    organisation_id,
                    role,
                } => (member, organisation_id.as_deref(), role.as_deref()),
            };
            match RowDecision::decide(&known, principal, member, organisation_id, role) {
                Ok(decision) => {
                    plan.changes.extend(decision.changes()?);
                    plan.writes.add(&decision);
                    known.remember(&decision);
                    plan.results.push(RowResult {
                        row: *row,
                        status: decision.status,
                        id: Some(decision.member.id),
                        errors: Vec::new(),
                    });
                }
                Err(error) if error.status().is_server_error() => return Err(error),
                Err(error) => plan.results.push(failed(*row, row_error(&error))),
            }
        }
        Ok(plan)
    }
}

/// Why an all-or-nothing transaction ended without committing.
enum Abort {
    /// On purpose: a dry run, or an atomic import with a bad row. The results stand.
    Rollback,
    Failed(ApiError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Failed(error.into())
    }
}

fn import(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<ParsedRow>,
    params: &ImportParams,
) -> Result<Vec<RowResult>, ApiError> {
    let prepared: Vec<(u64, Prepared)> = rows
        .into_iter()
        .map(|(row, parsed)| (row, prepare(parsed)))
        .collect();
    let mut results = Vec::with_capacity(prepared.len());
    if params.atomic || params.dry_run {
        let outcome = db::write(conn, |conn| {
            write_rows(conn, principal, prepared, !params.dry_run, &mut results)
                .map_err(Abort::Failed)?;
            let failed = results.iter().any(|r| r.status == RowStatus::Failed);
            if params.dry_run || failed {
                Err(Abort::Rollback)
            } else {
                Ok(())
            }
        });
        return match outcome {
            Ok(()) | Err(Abort::Rollback) => Ok(results),
            Err(Abort::Failed(error)) => Err(error),
        };
    }
    let mut prepared = prepared.into_iter().peekable();
    while prepared.peek().is_some() {
        let chunk: Vec<_> = prepared.by_ref().take(CHUNK).collect();
        db::write(conn, |conn| {
            write_rows(conn, principal, chunk, true, &mut results)
        })?;
    }
    Ok(results)
}

/// Import members from CSV or NDJSON.
///
/// `Content-Type: text/csv` (UTF-8, header row; columns: given_names, family_names, sex,
/// birth_date, id_type, id_number, id_country, id_complement, id_issued_in, phone, sector,
/// work_status, country, region, district, household_id, relationship_to_head,
/// data_sharing_consent, organisation_id, role) or `application/x-ndjson` (one member object per
/// line, as `POST /v1/members` takes it, plus optional `organisation_id` and `role`).
///
/// Rows are upserted by national ID (country, type, number and, for a Bolivian CI, its
/// complement): a member you already registered is updated, a new one is created; with
/// `organisation_id` the member also joins that organisation. Every row gets a
/// result with its line number and field errors; one bad row does not stop the others unless
/// `atomic=true`. `dry_run=true` checks everything and writes nothing. Up to 100,000 rows.
///
/// Send an `Idempotency-Key` to upload again safely after a dropped connection: a retry with
/// the same key and file gets the first report (header `Idempotent-Replayed: true`) and writes
/// nothing; while the first upload is still being imported, a retry is a 409 with
/// `Retry-After`. An import refused as a whole (a 422, `atomic=true`) keeps no answer: send it
/// again once fixed.
#[utoipa::path(
    tag = "members",
    params(ImportParams, formaliza_shared::openapi::IdempotencyKeyHeader),
    request_body(
        description = "The rows",
        content(
            (String = "text/csv", example = "given_names,family_names,sex,birth_date,id_type,id_number,country,region,sector,data_sharing_consent\nMaría,Quispe Mamani,female,1986-04-12,pe_dni,45871236,PE,PE-JUN,coffee,yes\n"),
            (String = "application/x-ndjson"),
        )
    ),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 200, description = "Per-row results (also for a dry run)", body = ImportReport),
        CreateErrors
    )
)]
#[post("/v1/members/import")]
pub async fn import_members(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    params: Query<ImportParams>,
    key: IdempotencyKey,
    mut payload: web::Payload,
    pool: web::Data<DbPool>,
    limits: web::Data<BodyLimits>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::of(&request)?;
    let body = extract::read_body(&request, &mut payload, limits.import).await?;
    let attempt = Attempt::new(&request, key, &extract::digest(&body));
    let params = params.into_inner();
    let principal = principal.principal.clone();
    let claimant = principal.clone();
    let (claim, attempt) = db::run(&pool, move |conn| {
        Ok((attempt.claim(conn, &claimant)?, attempt))
    })
    .await?;
    match claim {
        Claim::Claimed => {}
        Claim::Answered(first) => return Ok(first.into_response()),
        Claim::Running => {
            return Err(ApiError::conflict(
                "an import sent with this Idempotency-Key is still running; ask again in a few seconds for its report",
            )
            .with_header(RETRY_AFTER, HeaderValue::from_static("5")));
        }
    }
    let recorder = attempt.clone();
    let outcome = db::run(&pool, move |conn| {
        let outcome = run_import(conn, &principal, format, body, &params);
        // The first answer is kept for retries; a failure that wrote nothing gives the key back.
        match &outcome {
            Ok((report, false)) => recorder.record(
                conn,
                &principal,
                &StoredResponse::ok(serde_json::to_string(report)?),
            )?,
            _ => recorder.release(conn, &principal)?,
        }
        outcome
    })
    .await;
    let (report, atomic_failed) = outcome?;
    if atomic_failed {
        return Err(atomic_failure(&report));
    }
    Ok(StoredResponse::ok(serde_json::to_string(&report)?).into_response())
}

/// Parses and imports the file; the report, and whether `atomic=true` refused it (nothing written).
fn run_import(
    conn: &mut DbConnection,
    principal: &Principal,
    format: Format,
    body: actix_web::web::Bytes,
    params: &ImportParams,
) -> Result<(ImportReport, bool), ApiError> {
    let rows = match format {
        Format::Csv => parse_csv(&body)?,
        Format::Ndjson => parse_ndjson(&body)?,
    };
    drop(body);
    let results = name_fields(format, import(conn, principal, rows, params)?);
    let mut summary = ImportSummary {
        rows: results.len(),
        ..ImportSummary::default()
    };
    for result in &results {
        match result.status {
            RowStatus::Created => summary.created += 1,
            RowStatus::Updated => summary.updated += 1,
            RowStatus::Unchanged => summary.unchanged += 1,
            RowStatus::Failed => summary.failed += 1,
        }
    }
    let atomic_failed = params.atomic && summary.failed > 0;
    Ok((
        ImportReport {
            dry_run: params.dry_run,
            atomic: params.atomic,
            format: format.name().into(),
            summary,
            rows: results,
        },
        atomic_failed,
    ))
}

/// The 422 of an `atomic=true` import with a refused row: every row's errors, nothing written.
fn atomic_failure(report: &ImportReport) -> ApiError {
    let errors = report
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Failed)
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                FieldError::new(
                    format!("rows[{}].{}", r.row, e.field),
                    e.code.clone(),
                    e.message.clone(),
                )
            })
        })
        .collect();
    ApiError::validation(errors).with_context(serde_json::json!({
        "written": false,
        "summary": report.summary,
        "failed_rows": report.rows.iter().filter(|r| r.status == RowStatus::Failed).map(|r| r.row).collect::<Vec<_>>(),
    }))
}
