//! Computes coverage from the read model and the enrolment transitions, as DESIGN.md defines it:
//! the status of an enrolment on date D is its last transition effective on or before D; scope
//! and membership come from the current records (a deleted member neither puts a household in
//! scope nor gives it coverage; a member's enrolment counts for the household the member
//! belongs to now; a household enrolment counts for that household).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;

use formaliza_shared::ApiError;
use formaliza_shared::db::DbConnection;

use super::model::{CoverageCell, CoverageFilters, CoverageGroupBy, CoverageShare};
use crate::schema::{
    enrollment_transitions, enrollments, rm_households, rm_members, rm_memberships,
    rm_organisations, schemes,
};

/// Cells with fewer households than this are suppressed (k-anonymity).
pub const MIN_CELL: i64 = 5;

/// What the caller asked for.
#[derive(Debug, Clone, Default)]
pub struct CoverageQuery {
    pub filters: CoverageFilters,
    /// Only this partner's households (a partner-scoped token).
    pub partner: Option<String>,
    pub group_by: Option<CoverageGroupBy>,
}

/// id, household, sector, sex, relationship to the head.
type MemberColumns = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// enrolment, member, household, scheme kind, status, effective date.
type TransitionColumns = (
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    NaiveDate,
);

struct Member {
    household: String,
    sector: Option<String>,
    sex: Option<String>,
    head: bool,
}

struct Membership {
    member: String,
    organisation: String,
    in_programme: bool,
    left_on: Option<NaiveDate>,
}

struct Transition {
    enrollment: String,
    member: Option<String>,
    household: Option<String>,
    kind: String,
    active: bool,
    effective_on: NaiveDate,
}

/// Everything the figures are made of, loaded once (for one date or a whole series).
pub struct CoverageData {
    households: Vec<(String, String, Option<String>)>,
    members: HashMap<String, Member>,
    memberships: Vec<Membership>,
    /// Per enrolment, its transitions in order.
    transitions: Vec<Transition>,
}

impl CoverageData {
    pub fn load(conn: &mut DbConnection, query: &CoverageQuery) -> Result<Self, ApiError> {
        let filters = &query.filters;
        let mut households = rm_households::table
            .select((
                rm_households::id,
                rm_households::country,
                rm_households::region,
            ))
            .order(rm_households::id)
            .into_boxed();
        if let Some(country) = &filters.country {
            households = households.filter(rm_households::country.eq(country.clone()));
        }
        if let Some(region) = &filters.region {
            households = households.filter(rm_households::region.eq(region.clone()));
        }
        if let Some(partner) = &query.partner {
            households = households.filter(rm_households::partner_id.eq(partner.clone()));
        }
        let households: Vec<(String, String, Option<String>)> = households.load(conn)?;

        let members: Vec<MemberColumns> = rm_members::table
            .filter(rm_members::household_id.is_not_null())
            .select((
                rm_members::id,
                rm_members::household_id,
                rm_members::sector,
                rm_members::sex,
                rm_members::relationship_to_head,
            ))
            .load(conn)?;
        let members = members
            .into_iter()
            .filter_map(|(id, household, sector, sex, relationship)| {
                Some((
                    id,
                    Member {
                        household: household?,
                        sector,
                        sex,
                        head: relationship.as_deref() == Some("head"),
                    },
                ))
            })
            .collect();

        let memberships: Vec<(String, String, Option<bool>, Option<NaiveDate>)> =
            rm_memberships::table
                .left_join(
                    rm_organisations::table
                        .on(rm_organisations::id.eq(rm_memberships::organisation_id)),
                )
                .select((
                    rm_memberships::member_id,
                    rm_memberships::organisation_id,
                    rm_organisations::in_programme.nullable(),
                    rm_memberships::left_on,
                ))
                .load(conn)?;
        let memberships = memberships
            .into_iter()
            .map(|(member, organisation, in_programme, left_on)| Membership {
                member,
                organisation,
                in_programme: in_programme.unwrap_or(false),
                left_on,
            })
            .collect();

        let transitions: Vec<TransitionColumns> = enrollment_transitions::table
            .inner_join(enrollments::table.inner_join(schemes::table))
            .filter(enrollments::deleted_at.is_null())
            .filter(schemes::deleted_at.is_null())
            .order((
                enrollment_transitions::enrollment_id,
                enrollment_transitions::seq,
            ))
            .select((
                enrollment_transitions::enrollment_id,
                enrollments::member_id,
                enrollments::household_id,
                schemes::kind,
                enrollment_transitions::to_status,
                enrollment_transitions::effective_on,
            ))
            .load(conn)?;
        let transitions = transitions
            .into_iter()
            .map(
                |(enrollment, member, household, kind, status, effective_on)| Transition {
                    enrollment,
                    member,
                    household,
                    kind,
                    active: status == "active",
                    effective_on,
                },
            )
            .collect();
        Ok(Self {
            households,
            members,
            memberships,
            transitions,
        })
    }

    /// Households actively enrolled on `as_of`, per scheme kind.
    fn covered(&self, as_of: NaiveDate) -> HashMap<&str, HashSet<&str>> {
        // The last transition effective on or before `as_of`, per enrolment (transitions come
        // ordered by enrolment, then sequence; effective dates never go backwards).
        let mut status: HashMap<&str, &Transition> = HashMap::new();
        for transition in self.transitions.iter().filter(|t| t.effective_on <= as_of) {
            status.insert(&transition.enrollment, transition);
        }
        let mut covered: HashMap<&str, HashSet<&str>> = HashMap::new();
        for transition in status.values().filter(|t| t.active) {
            let household = match (&transition.member, &transition.household) {
                (Some(member), _) => self.members.get(member).map(|m| m.household.as_str()),
                (None, Some(household)) => Some(household.as_str()),
                (None, None) => None,
            };
            if let Some(household) = household {
                covered
                    .entry(transition.kind.as_str())
                    .or_default()
                    .insert(household);
            }
        }
        covered
    }

    /// The indicator on `as_of`, one cell per group (one cell without grouping).
    pub fn cells(&self, query: &CoverageQuery, as_of: NaiveDate) -> Vec<CoverageCell> {
        let filters = &query.filters;
        let current = |m: &Membership| m.left_on.is_none_or(|left| left > as_of);
        // Organisations per member (current memberships, in-programme ones when asked).
        let mut organisations: HashMap<&str, Vec<&str>> = HashMap::new();
        for membership in self.memberships.iter().filter(|m| current(m)) {
            if filters.in_programme_only && !membership.in_programme {
                continue;
            }
            organisations
                .entry(membership.member.as_str())
                .or_default()
                .push(membership.organisation.as_str());
        }
        // Facts per household from its current members.
        #[derive(Default)]
        struct Facts<'a> {
            members: usize,
            in_sector: bool,
            in_organisation: bool,
            in_programme: bool,
            head_sex: Option<&'a str>,
            organisations: Vec<&'a str>,
        }
        let mut facts: HashMap<&str, Facts> = HashMap::new();
        for (id, member) in &self.members {
            let f = facts.entry(member.household.as_str()).or_default();
            f.members += 1;
            if filters
                .sector
                .as_deref()
                .is_none_or(|s| member.sector.as_deref() == Some(s))
            {
                f.in_sector = true;
            }
            let orgs = organisations.get(id.as_str());
            if let Some(orgs) = orgs {
                f.in_programme = true;
                if filters
                    .organisation_id
                    .as_deref()
                    .is_none_or(|o| orgs.contains(&o))
                {
                    f.in_organisation = true;
                }
                f.organisations.extend(orgs.iter().copied());
            } else if filters.organisation_id.is_none() {
                f.in_organisation = true;
            }
            if member.head {
                f.head_sex = Some(member.sex.as_deref().unwrap_or("unknown"));
            }
        }
        let covered = self.covered(as_of);
        let empty = HashSet::new();
        let public = covered.get("public_service").unwrap_or(&empty);
        let insured = covered.get("insurance").unwrap_or(&empty);

        let mut groups: BTreeMap<Option<String>, (i64, i64, i64)> = BTreeMap::new();
        if query.group_by.is_none() {
            groups.insert(None, (0, 0, 0));
        }
        for (id, country, region) in &self.households {
            let Some(f) = facts.get(id.as_str()) else {
                continue;
            };
            let in_scope = f.members > 0
                && f.in_sector
                && f.in_organisation
                && (!filters.in_programme_only || f.in_programme);
            if !in_scope {
                continue;
            }
            let keys: Vec<Option<String>> = match query.group_by {
                None => vec![None],
                Some(CoverageGroupBy::Country) => vec![Some(country.clone())],
                Some(CoverageGroupBy::Region) => vec![region.clone()],
                Some(CoverageGroupBy::HeadSex) => {
                    vec![Some(f.head_sex.unwrap_or("unknown").to_owned())]
                }
                Some(CoverageGroupBy::Organisation) => {
                    let mut orgs: Vec<&str> = f.organisations.clone();
                    if let Some(only) = filters.organisation_id.as_deref() {
                        orgs.retain(|o| *o == only);
                    }
                    orgs.sort_unstable();
                    orgs.dedup();
                    if orgs.is_empty() {
                        vec![None]
                    } else {
                        orgs.into_iter().map(|o| Some(o.to_owned())).collect()
                    }
                }
            };
            for key in keys {
                let cell = groups.entry(key).or_default();
                cell.0 += 1;
                cell.1 += i64::from(public.contains(id.as_str()));
                cell.2 += i64::from(insured.contains(id.as_str()));
            }
        }
        groups
            .into_iter()
            .map(|(group, (households, public, insured))| cell(group, households, public, insured))
            .collect()
    }
}

fn percentage(count: i64, of: i64) -> f64 {
    if of == 0 {
        0.0
    } else {
        // Integer arithmetic first, so 576 of 1000 is exactly 57.6.
        ((count * 1000 + of / 2) / of) as f64 / 10.0
    }
}

/// A cell, suppressed below [`MIN_CELL`] households.
pub fn cell(group: Option<String>, households: i64, public: i64, insured: i64) -> CoverageCell {
    if households < MIN_CELL {
        return CoverageCell {
            group,
            households: None,
            public_service: None,
            insurance: None,
            suppressed: true,
        };
    }
    CoverageCell {
        group,
        households: Some(households),
        public_service: Some(CoverageShare {
            count: public,
            percentage: percentage(public, households),
        }),
        insurance: Some(CoverageShare {
            count: insured,
            percentage: percentage(insured, households),
        }),
        suppressed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_exact_to_one_decimal() {
        assert_eq!(percentage(576, 1000), 57.6);
        assert_eq!(percentage(428, 1000), 42.8);
        assert_eq!(percentage(57, 100), 57.0);
        assert_eq!(percentage(1, 3), 33.3);
        assert_eq!(percentage(2, 3), 66.7);
        assert_eq!(percentage(0, 0), 0.0);
    }

    #[test]
    fn small_cells_are_suppressed() {
        assert!(cell(None, 4, 4, 0).suppressed);
        assert_eq!(cell(None, 4, 4, 0).households, None);
        assert_eq!(cell(None, 5, 1, 0).households, Some(5));
    }
}
