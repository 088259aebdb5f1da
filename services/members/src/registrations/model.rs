//! An organisation's registrations with the state: its tax registration (Peru's SUNAT RUC,
//! Bolivia's SIN NIT), its entry in the business or cooperative registry (SUNARP; SEPREC,
//! AFCOOP), its municipal operating licence and Peru's REMYPE; each dated, with a status
//! lifecycle `active → suspended → active | cancelled`. Numbers are checked per registry.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::domain;
use formaliza_shared::ids::{OrganisationId, RecordId, RegistrationId};
use formaliza_shared::lifecycle::{self, Lifecycle, check_not_future, today};
use formaliza_shared::{ApiError, FieldError, FieldErrors};

use crate::organisations::model::OrganisationKind;

formaliza_shared::text_enum! {
    /// The register an organisation is entered in.
    pub enum Registry {
        /// Peru: SUNAT's Registro Único de Contribuyentes (tax; 11 digits with a check digit).
        PeRuc,
        /// Peru: SUNARP's registry of legal entities (business or cooperative; the 8-digit
        /// `partida electrónica`).
        PeSunarp,
        /// Peru: the registry of micro and small enterprises (Registro Nacional de la Micro y
        /// Pequeña Empresa).
        PeRemype,
        /// Peru: a municipality's operating licence (`licencia de funcionamiento`).
        PeMunicipalLicence,
        /// Bolivia: the tax authority's (SIN) Número de Identificación Tributaria (tax).
        BoNit,
        /// Bolivia: SEPREC's commercial registration (`matrícula de comercio`; business).
        BoSeprec,
        /// Bolivia: AFCOOP's registry of cooperatives (cooperatives only).
        BoAfcoop,
        /// Bolivia: a municipality's operating licence.
        BoMunicipalLicence,
    }
}

/// What a registry says of an organisation, for its formal status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryKind {
    /// A tax registration.
    Tax,
    /// A business or cooperative registry entry (legal personality).
    Entity,
    /// An operating licence.
    Licence,
    /// Another register (REMYPE).
    Other,
}

impl Registry {
    /// Every registry (the indicators' SQL names them by kind).
    pub const ALL: [Self; 8] = [
        Self::PeRuc,
        Self::PeSunarp,
        Self::PeRemype,
        Self::PeMunicipalLicence,
        Self::BoNit,
        Self::BoSeprec,
        Self::BoAfcoop,
        Self::BoMunicipalLicence,
    ];

    pub fn kind(self) -> RegistryKind {
        use Registry::*;
        match self {
            PeRuc | BoNit => RegistryKind::Tax,
            PeSunarp | BoSeprec | BoAfcoop => RegistryKind::Entity,
            PeMunicipalLicence | BoMunicipalLicence => RegistryKind::Licence,
            PeRemype => RegistryKind::Other,
        }
    }

    /// The country whose state keeps it.
    pub fn country(self) -> &'static str {
        let name: &'static str = self.into();
        if name.starts_with("pe_") { "PE" } else { "BO" }
    }

    /// The number in its canonical form (digits without separators where the registry uses
    /// digits), or the field error that says why it is not one.
    pub fn check_number(self, text: &str) -> Result<String, FieldError> {
        let text = text.trim();
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.'))
            .collect();
        let invalid = |message: String| Err(FieldError::new("", "invalid_number", message));
        match self {
            Registry::PeRuc => {
                if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return invalid("a RUC has 11 digits".into());
                }
                if !["10", "15", "16", "17", "20"].contains(&&digits[..2]) {
                    return invalid(
                        "a RUC starts with 10 (a person) or 20 (a legal entity), or 15, 16, 17"
                            .into(),
                    );
                }
                if ruc_check_digit(&digits[..10]) != digits.as_bytes()[10] - b'0' {
                    return invalid("the RUC's check digit (its last) does not match".into());
                }
                Ok(digits)
            }
            Registry::PeSunarp => match digits.len() == 8 && all_digits(&digits) {
                true => Ok(digits),
                false => invalid("a SUNARP `partida electrónica` has 8 digits".into()),
            },
            Registry::BoNit => match (5..=15).contains(&digits.len()) && all_digits(&digits) {
                true => Ok(digits),
                false => invalid("a NIT has 5 to 15 digits".into()),
            },
            Registry::BoSeprec => {
                // Printed with or without leading zeros: the same matrícula either way.
                let number = digits.trim_start_matches('0');
                match (1..=12).contains(&digits.len()) && all_digits(&digits) && !number.is_empty()
                {
                    true => Ok(number.to_owned()),
                    false => invalid("a SEPREC `matrícula de comercio` has 1 to 12 digits".into()),
                }
            }
            Registry::PeRemype
            | Registry::BoAfcoop
            | Registry::PeMunicipalLicence
            | Registry::BoMunicipalLicence => {
                let upper = text.to_uppercase();
                let fine = (1..=40).contains(&upper.chars().count())
                    && upper
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '));
                match fine {
                    true => Ok(upper),
                    false => invalid(
                        "1 to 40 letters, digits, spaces and `-`, `/`, `.` as the document shows"
                            .into(),
                    ),
                }
            }
        }
    }
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// SUNAT's check digit of a RUC's first ten digits: weights 5 4 3 2 7 6 5 4 3 2, then
/// 11 − (sum mod 11), where 10 becomes 0 and 11 becomes 1.
pub fn ruc_check_digit(first_ten: &str) -> u8 {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first_ten
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    // Always 0..=10 after the mod: fits a u8.
    let check = 11 - (sum % 11);
    u8::try_from(check % 10).unwrap_or(0)
}

formaliza_shared::text_enum! {
    /// The tax regime of a tax registration.
    pub enum TaxRegime {
        /// Peru: Nuevo Régimen Único Simplificado (persons only: a RUC starting with 10).
        PeNrus,
        /// Peru: Régimen Especial de Renta.
        PeRer,
        /// Peru: Régimen MYPE Tributario.
        PeRmt,
        /// Peru: Régimen General.
        PeGeneral,
        /// Bolivia: Régimen General.
        BoGeneral,
        /// Bolivia: Régimen Tributario Simplificado.
        BoRts,
        /// Bolivia: Sistema Tributario Integrado.
        BoSti,
        /// Bolivia: Régimen Agropecuario Unificado.
        BoRau,
    }
}

impl TaxRegime {
    fn registry(self) -> Registry {
        let name: &'static str = self.into();
        if name.starts_with("pe_") {
            Registry::PeRuc
        } else {
            Registry::BoNit
        }
    }
}

formaliza_shared::text_enum! {
    /// Where a registration stands. A licence whose `expires_on` has passed reads `expired`.
    pub enum RegistrationStatus {
        /// In force.
        Active,
        /// Temporarily not in force (SUNAT's `suspensión temporal`, a licence suspended).
        Suspended,
        /// Ended for good (`baja`, dissolution, a licence revoked).
        Cancelled,
        /// A licence past its `expires_on` (never recorded: read from the date).
        Expired,
    }
}

impl Lifecycle for RegistrationStatus {
    const A_RECORD: &'static str = "a registration";
    const RECORD: &'static str = "registration";

    fn allowed_next(self) -> &'static [RegistrationStatus] {
        use RegistrationStatus::*;
        match self {
            Active => &[Suspended, Cancelled],
            Suspended => &[Active, Cancelled],
            Cancelled | Expired => &[],
        }
    }
}

impl RegistrationStatus {
    /// The status as read on `date`: `expired` for one in force past its expiry date.
    pub fn on(self, expires_on: Option<NaiveDate>, date: NaiveDate) -> RegistrationStatus {
        match (self, expires_on) {
            (RegistrationStatus::Active | RegistrationStatus::Suspended, Some(end))
                if end < date =>
            {
                RegistrationStatus::Expired
            }
            (status, _) => status,
        }
    }
}

/// A registration as a partner sends it. `status` and `effective_on` are read at creation
/// only; later changes go through `POST /v1/registrations/{id}/transitions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "organisation_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201",
    "registry": "pe_ruc",
    "number": "20131312955",
    "tax_regime": "pe_rmt",
    "issued_by": "SUNAT Intendencia Regional Junín",
    "effective_on": "2025-08-04",
    "evidence": "Ficha RUC impresa el 2025-08-04"
}))]
pub struct RegistrationInput {
    pub organisation_id: String,
    pub registry: Registry,
    /// The number the registry gave (RUC: 11 digits with its check digit; SUNARP: 8 digits;
    /// NIT: 5 to 15 digits; SEPREC: 1 to 12 digits; others as the document shows).
    pub number: String,
    /// Tax registrations only (`pe_*` for a RUC, `bo_*` for a NIT); `pe_nrus` only for a RUC
    /// of a person (starting with 10).
    pub tax_regime: Option<TaxRegime>,
    /// The office or municipality that issued it (required for licences).
    pub issued_by: Option<String>,
    /// Licences only: the last day it is valid (none: indefinite).
    #[schema(value_type = Option<String>, format = Date)]
    pub expires_on: Option<NaiveDate>,
    /// Creation only: `active` (default) or `suspended`.
    pub status: Option<RegistrationStatus>,
    /// Creation only: when it took effect (default today; backdating allowed, a future date
    /// refused).
    #[schema(value_type = Option<String>, format = Date)]
    pub effective_on: Option<NaiveDate>,
    /// What was seen (a printed record, a registry lookup), at most 500 characters.
    pub evidence: Option<String>,
}

/// A registration as checked field by field (the organisation's country and kind are checked
/// against it in `prepare`, where the organisation is known).
#[derive(Debug, Clone)]
pub struct RegistrationCommand {
    pub organisation_id: OrganisationId,
    pub registry: Registry,
    pub number: String,
    pub tax_regime: Option<TaxRegime>,
    pub issued_by: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub status: Option<RegistrationStatus>,
    pub effective_on: Option<NaiveDate>,
    pub evidence: Option<String>,
}

impl RegistrationInput {
    /// Every field's rules, every problem at once.
    pub fn command(self) -> Result<RegistrationCommand, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let organisation_id = errors.check(
            "organisation_id",
            OrganisationId::reference(&self.organisation_id),
        );
        let number = errors.check("number", self.registry.check_number(&self.number));
        let issued_by = errors
            .check(
                "issued_by",
                domain::optional_text(self.issued_by.as_deref(), 200),
            )
            .flatten();
        let evidence = errors
            .check(
                "evidence",
                domain::optional_text(self.evidence.as_deref(), 500),
            )
            .flatten();
        let kind = self.registry.kind();
        match self.tax_regime {
            Some(_) if kind != RegistryKind::Tax => errors.push(
                "tax_regime",
                "not_a_tax_registration",
                "only a tax registration (pe_ruc, bo_nit) has a tax regime",
            ),
            Some(regime) if regime.registry() != self.registry => errors.push(
                "tax_regime",
                "wrong_country",
                "this regime belongs to the other country's tax registry",
            ),
            Some(TaxRegime::PeNrus) if number.as_ref().is_some_and(|n| !n.starts_with("10")) => {
                errors.push(
                    "tax_regime",
                    "nrus_for_persons",
                    "the NRUS is for persons: a RUC starting with 10",
                )
            }
            _ => {}
        }
        if kind == RegistryKind::Licence && issued_by.is_none() {
            errors.push(
                "issued_by",
                "required",
                "name the municipality that issued the licence",
            );
        }
        if self.expires_on.is_some() && kind != RegistryKind::Licence {
            errors.push(
                "expires_on",
                "not_a_licence",
                "only an operating licence has an expiry date",
            );
        }
        if self.status.is_some_and(|s| {
            !matches!(
                s,
                RegistrationStatus::Active | RegistrationStatus::Suspended
            )
        }) {
            errors.push(
                "status",
                "invalid_initial_status",
                "a new registration starts as `active` or `suspended`",
            );
        }
        if let Some(effective_on) = self.effective_on {
            check_not_future(&mut errors, "effective_on", effective_on);
        }
        match (organisation_id, number) {
            (Some(organisation_id), Some(number)) if errors.is_empty() => Ok(RegistrationCommand {
                organisation_id,
                registry: self.registry,
                number,
                tax_regime: self.tax_regime,
                issued_by,
                expires_on: self.expires_on,
                status: self.status,
                effective_on: self.effective_on,
                evidence,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

impl RegistrationCommand {
    /// A new registration's first status and its date: `active` today unless given.
    pub fn start(&self) -> (RegistrationStatus, NaiveDate) {
        (
            self.status.unwrap_or(RegistrationStatus::Active),
            self.effective_on.unwrap_or_else(today),
        )
    }

    /// The registry must be the organisation's country's; AFCOOP registers cooperatives only.
    pub fn check_organisation(
        &self,
        country: &str,
        kind: OrganisationKind,
    ) -> Result<(), ApiError> {
        if self.registry.country() != country {
            return Err(ApiError::validation(vec![FieldError::new(
                "registry",
                "wrong_country",
                format!("the organisation is in {country}; this registry is not"),
            )]));
        }
        if self.registry == Registry::BoAfcoop && kind != OrganisationKind::Cooperative {
            return Err(ApiError::validation(vec![FieldError::new(
                "registry",
                "cooperatives_only",
                "AFCOOP registers cooperatives; a business registers with SEPREC",
            )]));
        }
        Ok(())
    }

    /// A change: the organisation, the registry and the number are fixed (a new number is a
    /// new registration); the status moves only through transitions.
    pub fn check_change(
        &self,
        organisation_id: &OrganisationId,
        registry: Registry,
        number: &str,
    ) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        if self.status.is_some() || self.effective_on.is_some() {
            errors.push(
                "status",
                "use_transitions",
                "change the status with POST /v1/registrations/{id}/transitions",
            );
        }
        const FIXED: &str = "cannot change; cancel this registration and record another";
        if self.organisation_id != *organisation_id {
            errors.push("organisation_id", "immutable", FIXED);
        }
        if self.registry != registry {
            errors.push("registry", "immutable", FIXED);
        }
        if self.number != number {
            errors.push("number", "immutable", FIXED);
        }
        errors.into_result()
    }
}

/// The 409 for a registry number another organisation already holds.
pub fn number_taken(registry: Registry, existing: Option<&RegistrationId>) -> ApiError {
    let registry: &str = registry.into();
    let error = ApiError::conflict(format!(
        "this {registry} number is already registered to an organisation"
    ))
    .with_errors(vec![FieldError::new(
        "number",
        "already_registered",
        "another registration holds this number",
    )]);
    match existing {
        Some(id) => error.with_context(serde_json::json!({ "existing_id": id })),
        None => error,
    }
}

/// A registration as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Registration {
    pub id: RegistrationId,
    pub organisation_id: OrganisationId,
    pub registry: Registry,
    pub number: String,
    pub tax_regime: Option<TaxRegime>,
    pub issued_by: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub expires_on: Option<NaiveDate>,
    /// The status today: the last transition's, or `expired` for a licence past `expires_on`.
    pub status: RegistrationStatus,
    /// When the current status took effect (for `expired`: the day after `expires_on`).
    #[schema(value_type = String, format = Date)]
    pub status_since: NaiveDate,
    pub evidence: Option<String>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const READ_ONLY: &[&str] = &[
    "id",
    "status",
    "status_since",
    "partner_id",
    "version",
    "created_at",
    "updated_at",
];

/// Filters for listing registrations.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegistrationFilters {
    pub organisation_id: Option<OrganisationId>,
    pub registry: Option<Registry>,
    /// The number as the registry gave it (canonical form: RUC and NIT without separators).
    pub number: Option<String>,
    /// The recorded status (`expired` is read from the date and not filtered here).
    pub status: Option<RegistrationStatus>,
}

/// A change of status of a registration.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "suspended", "effective_on": "2026-02-01", "reason": "Suspensión temporal de actividades ante SUNAT"}))]
pub struct RegistrationTransitionInput {
    /// The new status; the problem of an illegal move lists the allowed ones.
    pub status: RegistrationStatus,
    /// When it took effect (default today). Backdating is allowed, down to the date of the
    /// current status; a future date is refused.
    #[schema(value_type = Option<String>, format = Date)]
    pub effective_on: Option<NaiveDate>,
    /// Why (free text, at most 500 characters).
    pub reason: Option<String>,
}

/// A status change as decided against the registration's current status.
#[derive(Debug, Clone)]
pub struct RegistrationTransition {
    pub from: RegistrationStatus,
    pub to: RegistrationStatus,
    pub effective_on: NaiveDate,
    pub reason: Option<String>,
}

impl RegistrationTransitionInput {
    /// Decides the move from `from` (in force since `since`; `expired` for a lapsed licence,
    /// which is final: record a renewed licence as a new registration).
    pub fn decide(
        self,
        from: RegistrationStatus,
        since: NaiveDate,
    ) -> Result<RegistrationTransition, ApiError> {
        let mut errors = FieldErrors::new();
        let effective_on =
            lifecycle::decide(from, since, self.status, self.effective_on, &mut errors)?;
        let reason = errors
            .check("reason", domain::optional_text(self.reason.as_deref(), 500))
            .flatten();
        errors.into_result().map_err(ApiError::validation)?;
        Ok(RegistrationTransition {
            from,
            to: self.status,
            effective_on,
            reason,
        })
    }
}

/// One dated status change of a registration.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationTransitionView {
    /// 1 for the creation, then 2, 3, …
    pub seq: i32,
    pub from_status: Option<RegistrationStatus>,
    pub to_status: RegistrationStatus,
    #[schema(value_type = String, format = Date)]
    pub effective_on: NaiveDate,
    pub reason: Option<String>,
    /// The client that recorded it.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// A registration's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationHistory {
    pub data: Vec<RegistrationTransitionView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruc_check_digits_follow_sunat() {
        // SUNAT's own RUC, and a person's.
        assert_eq!(
            Registry::PeRuc.check_number("20131312955"),
            Ok("20131312955".into())
        );
        assert_eq!(
            Registry::PeRuc.check_number(" 20131312955 "),
            Ok("20131312955".into())
        );
        assert!(Registry::PeRuc.check_number("20131312956").is_err());
        assert!(Registry::PeRuc.check_number("30131312955").is_err());
        assert!(Registry::PeRuc.check_number("2013131295").is_err());
        // Every check digit, including the two folded cases (10 → 0, 11 → 1).
        for first_ten in ["1000000000", "1046123457", "2010007097", "2060000000"] {
            let check = ruc_check_digit(first_ten);
            assert!(check <= 9);
            let ruc = format!("{first_ten}{check}");
            assert_eq!(Registry::PeRuc.check_number(&ruc), Ok(ruc.clone()));
        }
    }

    #[test]
    fn numbers_are_checked_per_registry() {
        assert_eq!(
            Registry::PeSunarp.check_number("11012345"),
            Ok("11012345".into())
        );
        assert!(Registry::PeSunarp.check_number("1101234").is_err());
        assert_eq!(
            Registry::BoNit.check_number("1020703023"),
            Ok("1020703023".into())
        );
        assert!(Registry::BoNit.check_number("10207A3023").is_err());
        assert_eq!(
            Registry::BoSeprec.check_number("00123456"),
            Ok("123456".into())
        );
        assert!(Registry::BoSeprec.check_number("0000").is_err());
        assert_eq!(
            Registry::PeMunicipalLicence.check_number("lic-2025/0481"),
            Ok("LIC-2025/0481".into())
        );
        assert!(Registry::BoAfcoop.check_number("").is_err());
    }

    fn input(registry: Registry, number: &str) -> RegistrationInput {
        RegistrationInput {
            organisation_id: "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201".into(),
            registry,
            number: number.into(),
            tax_regime: None,
            issued_by: None,
            expires_on: None,
            status: None,
            effective_on: None,
            evidence: None,
        }
    }

    fn codes(result: Result<RegistrationCommand, Vec<FieldError>>) -> Vec<(String, String)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn regimes_belong_to_tax_registrations_of_their_country() {
        let mut nrus = input(Registry::PeRuc, "20131312955");
        nrus.tax_regime = Some(TaxRegime::PeNrus);
        assert_eq!(
            codes(nrus.command()),
            [("tax_regime".into(), "nrus_for_persons".into())]
        );
        let mut bolivian = input(Registry::PeRuc, "20131312955");
        bolivian.tax_regime = Some(TaxRegime::BoRts);
        assert_eq!(
            codes(bolivian.command()),
            [("tax_regime".into(), "wrong_country".into())]
        );
        let mut entity = input(Registry::PeSunarp, "11012345");
        entity.tax_regime = Some(TaxRegime::PeRmt);
        assert_eq!(
            codes(entity.command()),
            [("tax_regime".into(), "not_a_tax_registration".into())]
        );
        let mut fine = input(Registry::PeRuc, "20131312955");
        fine.tax_regime = Some(TaxRegime::PeRmt);
        assert!(fine.command().is_ok());
    }

    #[test]
    fn licences_name_their_municipality_and_alone_expire() {
        let licence = input(Registry::PeMunicipalLicence, "0481-2025");
        assert_eq!(
            codes(licence.command()),
            [("issued_by".into(), "required".into())]
        );
        let mut expiring = input(Registry::PeSunarp, "11012345");
        expiring.expires_on = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(
            codes(expiring.command()),
            [("expires_on".into(), "not_a_licence".into())]
        );
        let day = |d: &str| d.parse::<NaiveDate>().unwrap_or_default();
        let status = RegistrationStatus::Active;
        assert_eq!(
            status.on(Some(day("2026-06-30")), day("2026-06-30")),
            status
        );
        assert_eq!(
            status.on(Some(day("2026-06-30")), day("2026-07-01")),
            RegistrationStatus::Expired
        );
        assert_eq!(
            RegistrationStatus::Cancelled.on(Some(day("2026-06-30")), day("2027-01-01")),
            RegistrationStatus::Cancelled
        );
    }

    #[test]
    fn the_lifecycle_allows_exactly_these_moves() {
        use RegistrationStatus::*;
        let legal = [
            (Active, Suspended),
            (Active, Cancelled),
            (Suspended, Active),
            (Suspended, Cancelled),
        ];
        for from in [Active, Suspended, Cancelled, Expired] {
            for to in [Active, Suspended, Cancelled, Expired] {
                assert_eq!(
                    from.allowed_next().contains(&to),
                    legal.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        let since = today() - chrono::TimeDelta::days(10);
        let illegal = RegistrationTransitionInput {
            status: Active,
            effective_on: None,
            reason: None,
        }
        .decide(Cancelled, since)
        .unwrap_err();
        assert_eq!(illegal.status().as_u16(), 409);
        let early = RegistrationTransitionInput {
            status: Suspended,
            effective_on: Some(since - chrono::TimeDelta::days(1)),
            reason: None,
        }
        .decide(Active, since)
        .unwrap_err();
        assert_eq!(early.field_errors()[0].code, "before_current_status");
    }
}
