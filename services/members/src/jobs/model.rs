//! Workers' jobs: a member's work in an organisation (or on their own account), with the
//! employer's registration of the worker for social security, and the rule that says whether a
//! job is formal on a date, after the ILO's definition of informal employment (17th ICLS, 2003,
//! and 21st ICLS, 2023).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::domain;
use formaliza_shared::ids::{JobId, MemberId, OrganisationId, RecordId};
use formaliza_shared::lifecycle::check_not_future;
use formaliza_shared::{FieldError, FieldErrors};

use crate::organisations::model::FormalStatus;

formaliza_shared::text_enum! {
    /// The worker's status in employment (ICSE-18, simplified).
    pub enum JobRole {
        /// Works for pay for an employer.
        Employee,
        /// Works in a cooperative of which they are a member (`socio trabajador`).
        MemberWorker,
        /// Owns the economic unit and employs others.
        Owner,
        /// Works on their own account, without employees.
        SelfEmployed,
        /// Helps in a relative's economic unit without a regular wage.
        FamilyWorker,
    }
}

formaliza_shared::text_enum! {
    /// How the work was agreed.
    pub enum ContractKind {
        Written,
        Verbal,
        None,
    }
}

formaliza_shared::text_enum! {
    /// Where the employer registered the worker for social security.
    pub enum SocialSecurityRegistry {
        /// Peru: the electronic payroll (T-Registro / planilla electrónica), which affiliates
        /// the worker to EsSalud and a pension system.
        PeTRegistro,
        /// Bolivia: the Caja Nacional de Salud and the pension manager (Gestora Pública).
        BoCnsGestora,
    }
}

/// Whether a job is formal on a date, given that it is held on that date: an employee when the
/// employer has registered them for social security by then; an owner, a self-employed worker
/// or a member-worker when their economic unit is `formal` then (a self-employed worker with no
/// unit recorded is informal); a family worker never.
pub fn formal_job(
    role: JobRole,
    social_security_since: Option<NaiveDate>,
    unit: Option<FormalStatus>,
    date: NaiveDate,
) -> bool {
    match role {
        JobRole::Employee => social_security_since.is_some_and(|since| since <= date),
        JobRole::Owner | JobRole::SelfEmployed | JobRole::MemberWorker => {
            unit == Some(FormalStatus::Formal)
        }
        JobRole::FamilyWorker => false,
    }
}

/// A job as a partner sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001",
    "organisation_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201",
    "role": "employee",
    "occupation": "Costurera",
    "contract": "written",
    "started_on": "2025-03-01",
    "social_security_registry": "pe_t_registro",
    "social_security_since": "2025-04-01"
}))]
pub struct JobInput {
    pub member_id: String,
    /// The economic unit (the employer, the cooperative, the worker's own enterprise); none for
    /// work for a household or for an unrecorded unit.
    pub organisation_id: Option<String>,
    pub role: JobRole,
    /// What the work is (at most 200 characters).
    pub occupation: Option<String>,
    /// Default `none`.
    pub contract: Option<ContractKind>,
    #[schema(value_type = String, format = Date)]
    pub started_on: NaiveDate,
    /// The last day worked (none: still held).
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<NaiveDate>,
    /// Employees only: where the employer registered the worker for social security.
    pub social_security_registry: Option<SocialSecurityRegistry>,
    /// Employees only: since when (on or after `started_on`, not in the future).
    #[schema(value_type = Option<String>, format = Date)]
    pub social_security_since: Option<NaiveDate>,
}

/// A job as checked field by field.
#[derive(Debug, Clone)]
pub struct JobCommand {
    pub member_id: MemberId,
    pub organisation_id: Option<OrganisationId>,
    pub role: JobRole,
    pub occupation: Option<String>,
    pub contract: ContractKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub social_security_registry: Option<SocialSecurityRegistry>,
    pub social_security_since: Option<NaiveDate>,
}

impl JobInput {
    /// Every field's rules, every problem at once.
    pub fn command(self) -> Result<JobCommand, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let member_id = MemberId::required(&mut errors, "member_id", &self.member_id);
        let organisation_id = self
            .organisation_id
            .as_deref()
            .and_then(|id| errors.check("organisation_id", OrganisationId::reference(id)));
        let occupation = errors
            .check(
                "occupation",
                domain::optional_text(self.occupation.as_deref(), 200),
            )
            .flatten();
        check_not_future(&mut errors, "started_on", self.started_on);
        if let Some(ended_on) = self.ended_on {
            check_not_future(&mut errors, "ended_on", ended_on);
            if ended_on < self.started_on {
                errors.push("ended_on", "before_start", "ended_on is before started_on");
            }
        }
        if matches!(self.role, JobRole::MemberWorker | JobRole::Owner)
            && self.organisation_id.is_none()
        {
            errors.push(
                "organisation_id",
                "required",
                "a member-worker or an owner works in an organisation: name it",
            );
        }
        let employee = self.role == JobRole::Employee;
        match (self.social_security_registry, self.social_security_since) {
            (Some(_), _) | (_, Some(_)) if !employee => errors.push(
                "social_security_since",
                "employees_only",
                "only an employer registers an employee for social security",
            ),
            (Some(_), None) => errors.push(
                "social_security_since",
                "required",
                "say since when the employer registered the worker",
            ),
            (None, Some(_)) => errors.push(
                "social_security_registry",
                "required",
                "say where the employer registered the worker",
            ),
            (Some(_), Some(since)) => {
                check_not_future(&mut errors, "social_security_since", since);
                if since < self.started_on {
                    errors.push(
                        "social_security_since",
                        "before_start",
                        "a worker is registered for social security from the job's start at the earliest",
                    );
                }
            }
            (None, None) => {}
        }
        match member_id {
            Some(member_id) if errors.is_empty() => Ok(JobCommand {
                member_id,
                organisation_id,
                role: self.role,
                occupation,
                contract: self.contract.unwrap_or(ContractKind::None),
                started_on: self.started_on,
                ended_on: self.ended_on,
                social_security_registry: self.social_security_registry,
                social_security_since: self.social_security_since,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// A job as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Job {
    pub id: JobId,
    pub member_id: MemberId,
    pub organisation_id: Option<OrganisationId>,
    pub role: JobRole,
    pub occupation: Option<String>,
    pub contract: ContractKind,
    #[schema(value_type = String, format = Date)]
    pub started_on: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<NaiveDate>,
    pub social_security_registry: Option<SocialSecurityRegistry>,
    #[schema(value_type = Option<String>, format = Date)]
    pub social_security_since: Option<NaiveDate>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const READ_ONLY: &[&str] = &["id", "partner_id", "version", "created_at", "updated_at"];

/// Filters for listing jobs.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct JobFilters {
    pub member_id: Option<MemberId>,
    pub organisation_id: Option<OrganisationId>,
    pub role: Option<JobRole>,
    /// Jobs held on this day (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    pub held_on: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::JobRole::*;
    use super::*;
    use FormalStatus::{Formal, InFormation, Informal};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn an_employee_is_formal_from_the_day_the_employer_registered_them() {
        let d = day("2026-03-01");
        assert!(!formal_job(Employee, None, Some(Formal), d));
        assert!(formal_job(Employee, Some(day("2026-03-01")), None, d));
        assert!(!formal_job(
            Employee,
            Some(day("2026-03-02")),
            Some(Formal),
            d
        ));
        // An informal employer that registers its worker gives a formal job (ILO: the job's
        // protection, not the employer's status, decides for employees).
        assert!(formal_job(
            Employee,
            Some(day("2025-01-01")),
            Some(Informal),
            d
        ));
    }

    #[test]
    fn the_self_employed_owners_and_member_workers_follow_their_unit() {
        let d = day("2026-03-01");
        for role in [Owner, SelfEmployed, MemberWorker] {
            assert!(formal_job(role, None, Some(Formal), d), "{role:?}");
            assert!(!formal_job(role, None, Some(InFormation), d), "{role:?}");
            assert!(!formal_job(role, None, Some(Informal), d), "{role:?}");
            assert!(!formal_job(role, None, None, d), "{role:?}");
        }
    }

    #[test]
    fn a_family_worker_holds_an_informal_job() {
        let d = day("2026-03-01");
        assert!(!formal_job(FamilyWorker, None, Some(Formal), d));
    }

    fn input(role: JobRole) -> JobInput {
        JobInput {
            member_id: "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001".into(),
            organisation_id: Some("0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201".into()),
            role,
            occupation: None,
            contract: None,
            started_on: day("2025-03-01"),
            ended_on: None,
            social_security_registry: None,
            social_security_since: None,
        }
    }

    fn codes(job: JobInput) -> Vec<(String, String)> {
        job.command()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn social_security_is_an_employees_and_dated_within_the_job() {
        let mut owner = input(Owner);
        owner.social_security_registry = Some(SocialSecurityRegistry::PeTRegistro);
        owner.social_security_since = Some(day("2025-04-01"));
        assert_eq!(
            codes(owner),
            [("social_security_since".into(), "employees_only".into())]
        );
        let mut early = input(Employee);
        early.social_security_registry = Some(SocialSecurityRegistry::PeTRegistro);
        early.social_security_since = Some(day("2025-02-01"));
        assert_eq!(
            codes(early),
            [("social_security_since".into(), "before_start".into())]
        );
        let mut half = input(Employee);
        half.social_security_since = Some(day("2025-04-01"));
        assert_eq!(
            codes(half),
            [("social_security_registry".into(), "required".into())]
        );
        let mut unit_less = input(MemberWorker);
        unit_less.organisation_id = None;
        assert_eq!(
            codes(unit_less),
            [("organisation_id".into(), "required".into())]
        );
        let mut ended = input(SelfEmployed);
        ended.ended_on = Some(day("2025-01-01"));
        assert_eq!(codes(ended), [("ended_on".into(), "before_start".into())]);
    }
}
