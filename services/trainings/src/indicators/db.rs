//! Computes training indicators from sessions, participations, certificates and the members
//! read model. Rows are loaded once and counted in memory: the figures need distinct counts
//! across several tables that both backends would otherwise each express differently.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use formaliza_shared::ApiError;
use formaliza_shared::consumer;
use formaliza_shared::db::DbConnection;
use formaliza_shared::suppression::MinCell;

use super::model::{
    self, TrainingIndicator, TrainingIndicatorScope, TrainingParticipantsByAge,
    TrainingParticipantsBySex, TrainingReadModelFreshness,
};
use crate::hours;
use crate::read_model;
use crate::schema::{
    certificates, courses, participations, rm_members, rm_memberships, rm_organisations, sessions,
};

/// Ids per `IN (…)` list, well under both backends' bound-parameter limits.
const CHUNK: usize = 500;

/// What to count.
#[derive(Debug, Clone, Default)]
pub struct IndicatorQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub topic: Option<String>,
    pub organisation_id: Option<String>,
    /// Only this partner's sessions (partner tokens).
    pub partner: Option<String>,
    /// Withhold cells under `min_cell` people, and those that would give them away (callers
    /// who see aggregates only); `None`: show every count.
    pub suppress_below: Option<MinCell>,
}

struct HeldSession {
    course_id: String,
    date: NaiveDate,
    minutes: i64,
}

struct Attended {
    session_id: String,
    member_id: String,
    minutes: i64,
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(chrono::NaiveTime::MIN)
}

pub fn compute(
    conn: &mut DbConnection,
    query: &IndicatorQuery,
) -> Result<TrainingIndicator, ApiError> {
    // Sessions in scope (not cancelled, starting in the period, in the place and topic).
    let mut sessions_query = sessions::table
        .inner_join(courses::table)
        .filter(sessions::deleted_at.is_null())
        .filter(sessions::status.ne("cancelled"))
        .select((
            sessions::id,
            sessions::course_id,
            sessions::starts_at,
            sessions::minutes,
        ))
        .into_boxed();
    if let Some(from) = query.from {
        sessions_query = sessions_query.filter(sessions::starts_at.ge(midnight(from)));
    }
    if let Some(next) = query.to.and_then(|to| to.succ_opt()) {
        sessions_query = sessions_query.filter(sessions::starts_at.lt(midnight(next)));
    }
    if let Some(country) = &query.country {
        sessions_query = sessions_query.filter(sessions::country.eq(country.clone()));
    }
    if let Some(region) = &query.region {
        sessions_query = sessions_query.filter(sessions::region.eq(region.clone()));
    }
    if let Some(topic) = &query.topic {
        sessions_query = sessions_query.filter(courses::topic.eq(topic.clone()));
    }
    if let Some(partner) = &query.partner {
        sessions_query = sessions_query.filter(sessions::partner_id.eq(partner.clone()));
    }
    let in_scope: HashMap<String, HeldSession> = sessions_query
        .load::<(String, String, NaiveDateTime, i64)>(conn)?
        .into_iter()
        .map(|(id, course_id, starts_at, minutes)| {
            (
                id,
                HeldSession {
                    course_id,
                    date: starts_at.date(),
                    minutes,
                },
            )
        })
        .collect();

    // Who attended them.
    let session_ids: Vec<&String> = in_scope.keys().collect();
    let mut attended = Vec::new();
    for chunk in session_ids.chunks(CHUNK) {
        let rows: Vec<(String, String, Option<i64>)> = participations::table
            .filter(participations::session_id.eq_any(chunk.iter().map(|s| s.as_str())))
            .filter(participations::deleted_at.is_null())
            .filter(participations::attendance.eq("attended"))
            .select((
                participations::session_id,
                participations::member_id,
                participations::attended_minutes,
            ))
            .load(conn)?;
        attended.extend(
            rows.into_iter()
                .map(|(session_id, member_id, minutes)| Attended {
                    session_id,
                    member_id,
                    minutes: minutes.unwrap_or(0),
                }),
        );
    }

    // Member attributes from the read model.
    let member_ids: BTreeSet<String> = attended.iter().map(|a| a.member_id.clone()).collect();
    let member_list: Vec<&String> = member_ids.iter().collect();
    let mut facts: HashMap<String, (Option<String>, Option<NaiveDate>)> = HashMap::new();
    let mut organisations_of: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in member_list.chunks(CHUNK) {
        let ids = || chunk.iter().map(|s| s.as_str());
        let rows: Vec<(String, Option<String>, Option<NaiveDate>)> = rm_members::table
            .filter(rm_members::id.eq_any(ids()))
            .select((rm_members::id, rm_members::sex, rm_members::birth_date))
            .load(conn)?;
        facts.extend(rows.into_iter().map(|(id, sex, birth)| (id, (sex, birth))));
        let memberships: Vec<(String, String)> = rm_memberships::table
            .filter(rm_memberships::member_id.eq_any(ids()))
            .select((rm_memberships::member_id, rm_memberships::organisation_id))
            .load(conn)?;
        for (member, organisation) in memberships {
            organisations_of
                .entry(member)
                .or_default()
                .push(organisation);
        }
    }
    if let Some(organisation) = &query.organisation_id {
        attended.retain(|a| {
            organisations_of
                .get(&a.member_id)
                .is_some_and(|orgs| orgs.contains(organisation))
        });
    }

    // The figures.
    let held: BTreeSet<&str> = attended.iter().map(|a| a.session_id.as_str()).collect();
    let hours_delivered: i64 = held
        .iter()
        .filter_map(|id| in_scope.get(*id))
        .map(|s| s.minutes)
        .sum();
    let participant_minutes: i64 = attended.iter().map(|a| a.minutes).sum();
    let mut youth_dates: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    for a in &attended {
        if let Some(session) = in_scope.get(&a.session_id) {
            youth_dates
                .entry(&a.member_id)
                .or_default()
                .push(session.date);
            pairs.insert((a.member_id.clone(), session.course_id.clone()));
        }
    }
    let (mut female, mut male, mut unknown_sex) = (0, 0, 0);
    let (mut youth, mut not_youth, mut unknown_age) = (0, 0, 0);
    for (member, dates) in &youth_dates {
        let (sex, birth) = facts.get(*member).cloned().unwrap_or_default();
        match sex.as_deref() {
            Some("female") => female += 1,
            Some("male") => male += 1,
            _ => unknown_sex += 1,
        }
        match birth {
            None => unknown_age += 1,
            Some(birth) if dates.iter().any(|d| model::is_youth(birth, *d)) => youth += 1,
            Some(_) => not_youth += 1,
        }
    }
    let participants = i64::try_from(youth_dates.len()).map_err(ApiError::internal)?;

    // Certificates of the (member, course) pairs counted.
    let mut certified: BTreeSet<(String, String)> = BTreeSet::new();
    let mut issued_in_period = 0i64;
    for chunk in member_list.chunks(CHUNK) {
        let rows: Vec<(String, String, NaiveDate)> = certificates::table
            .filter(certificates::member_id.eq_any(chunk.iter().map(|s| s.as_str())))
            .filter(certificates::deleted_at.is_null())
            .select((
                certificates::member_id,
                certificates::course_id,
                certificates::issued_on,
            ))
            .load(conn)?;
        for (member, course, issued_on) in rows {
            let pair = (member, course);
            if !pairs.contains(&pair) {
                continue;
            }
            if query.from.is_none_or(|from| issued_on >= from)
                && query.to.is_none_or(|to| issued_on <= to)
            {
                issued_in_period += 1;
            }
            certified.insert(pair);
        }
    }
    let completion_rate = (!pairs.is_empty()).then(|| certified.len() as f64 / pairs.len() as f64);

    // Organisations from outside the programme whose members took part.
    let organisations: BTreeSet<&String> = youth_dates
        .keys()
        .filter_map(|m| organisations_of.get(*m))
        .flatten()
        .collect();
    let organisation_list: Vec<&&String> = organisations.iter().collect();
    let mut outside = 0i64;
    for chunk in organisation_list.chunks(CHUNK) {
        let count: i64 = rm_organisations::table
            .filter(rm_organisations::id.eq_any(chunk.iter().map(|s| s.as_str())))
            .filter(rm_organisations::in_programme.eq(false))
            .count()
            .get_result(conn)?;
        outside += count;
    }

    let checkpoint = consumer::checkpoint(conn, read_model::CONSUMER)?;
    let mut suppressed = false;
    let k = query.suppress_below;
    let mut cell = |count: i64| model::cell(count, k, &mut suppressed);
    let participants_shown = cell(participants);
    let [female, male, unknown_sex] =
        model::breakdown([female, male, unknown_sex], k, &mut suppressed);
    let [youth, not_youth, unknown_age] =
        model::breakdown([youth, not_youth, unknown_age], k, &mut suppressed);
    let mut cell = |count: i64| model::cell(count, k, &mut suppressed);
    Ok(TrainingIndicator {
        scope: TrainingIndicatorScope {
            from: query.from,
            to: query.to,
            country: query.country.clone(),
            region: query.region.clone(),
            topic: query.topic.clone(),
            organisation_id: query.organisation_id.clone(),
        },
        sessions_held: i64::try_from(held.len()).map_err(ApiError::internal)?,
        hours_delivered: hours::from_minutes(hours_delivered),
        participant_hours: hours::from_minutes(participant_minutes),
        participants: participants_shown,
        participants_by_sex: TrainingParticipantsBySex {
            female,
            male,
            unknown: unknown_sex,
        },
        participants_by_age: TrainingParticipantsByAge {
            youth,
            not_youth,
            unknown: unknown_age,
        },
        completion_rate,
        certificates_issued: cell(issued_in_period),
        outside_organisations: cell(outside),
        suppressed,
        read_model: TrainingReadModelFreshness {
            last_seq: checkpoint.last_seq,
            updated_at: checkpoint.updated_at,
        },
    })
}
