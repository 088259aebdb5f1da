//! How one partner's territory is written through the API, in the order a partner NGO would:
//! organisations, households, the members' spreadsheet, workshops, enrolments, then the
//! registrations with the state and the members' jobs.

use serde_json::{Value, json};

use super::api::{Api, Body, all, id_of};
use super::catalogue::Catalogue;
use super::coverage;
use super::data::{self, Dice, PartnerPlan, PlannedHousehold};
use super::error::{DemoError, fail};
use super::formalisation;

/// Loads one partner's territory; returns a certificate code of theirs.
pub(super) async fn load_partner(
    api: &Api,
    catalogue: &Catalogue,
    plan: &PartnerPlan,
) -> Result<Option<String>, DemoError> {
    let mut dice = Dice(plan.seed);
    let organisation_ids = create_organisations(api, plan).await?;
    let (requests, mut households) = data::households(plan, &mut dice);
    let created = all(requests.into_iter().map(|b| api.post("/v1/households", b))).await?;
    for (household, value) in households.iter_mut().zip(&created) {
        household.id = id_of(value)?;
    }
    let (csv, people) = data::members_csv(plan, &mut dice, &households, &organisation_ids);
    let member_ids = import_members(api, csv).await?;
    let heads: Vec<&String> = people
        .iter()
        .zip(&member_ids)
        .filter(|((_, relationship), _)| *relationship == "head")
        .map(|(_, id)| id)
        .collect();
    let certificate_code =
        run_workshops(api, catalogue, plan, &organisation_ids, &households, &heads).await?;
    let (enrolments, lapsed) = coverage::enrolments(
        plan,
        &mut dice,
        catalogue,
        &households,
        &people,
        &member_ids,
    )?;
    enrol(api, enrolments, lapsed).await?;
    let enterprises = formalisation::create_enterprises(api, plan).await?;
    let kinds = plan
        .organisations
        .iter()
        .map(|o| o.body["kind"].as_str().unwrap_or("small_enterprise"))
        .chain(std::iter::repeat("small_enterprise"));
    let registering: Vec<(String, &str)> = organisation_ids
        .iter()
        .chain(&enterprises)
        .cloned()
        .zip(kinds)
        .collect();
    formalisation::register(api, plan, &registering).await?;
    let workforce = formalisation::Workforce {
        organisation_ids: &organisation_ids,
        households: &households,
        people: &people,
        member_ids: &member_ids,
    };
    formalisation::employ(api, plan, &mut dice, &workforce, &enterprises).await?;
    Ok(certificate_code)
}

/// The federation first, the others under it; their ids in the plan's order.
async fn create_organisations(api: &Api, plan: &PartnerPlan) -> Result<Vec<String>, DemoError> {
    let federation = id_of(
        &api.post("/v1/organisations", plan.organisations[0].body.clone())
            .await?,
    )?;
    let mut organisation_ids = vec![federation.clone()];
    let bodies: Vec<Value> = plan.organisations[1..]
        .iter()
        .map(|o| {
            let mut body = o.body.clone();
            if o.sector == "coffee" {
                body["parent_id"] = json!(federation);
            }
            body
        })
        .collect();
    for created in all(bodies.into_iter().map(|b| api.post("/v1/organisations", b))).await? {
        organisation_ids.push(id_of(&created)?);
    }
    Ok(organisation_ids)
}

/// Imports the members' spreadsheet; their ids in the file's order.
async fn import_members(api: &Api, csv: String) -> Result<Vec<String>, DemoError> {
    let report = api
        .send(
            awc::http::Method::POST,
            "/v1/members/import",
            Body::Csv(csv),
        )
        .await?;
    if report["summary"]["failed"].as_u64() != Some(0) {
        return Err(fail(format!(
            "member import: {}",
            report["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|r| r["status"] == "failed")
                .cloned()
                .unwrap_or(Value::Null)
        )));
    }
    report["rows"]
        .as_array()
        .ok_or_else(|| fail("import report without rows"))?
        .iter()
        .map(id_of)
        .collect::<Result<_, _>>()
}

/// Workshops: about two dozen registered, most of them sign in (certificates follow). Returns
/// the code of a certificate.
async fn run_workshops(
    api: &Api,
    catalogue: &Catalogue,
    plan: &PartnerPlan,
    organisation_ids: &[String],
    households: &[PlannedHousehold],
    heads: &[&String],
) -> Result<Option<String>, DemoError> {
    let mut certificate_code = None;
    for (s, &(course, host, date, venue, facilitator)) in plan.sessions.iter().enumerate() {
        let host_index = plan
            .organisations
            .iter()
            .position(|o| o.key == host)
            .ok_or_else(|| fail(format!("no organisation {host}")))?;
        let session = id_of(&api.post("/v1/sessions", json!({
            "course_id": catalogue.course(course)?, "starts_at": format!("{date}T08:30:00Z"),
            "ends_at": format!("{date}T20:30:00Z"), "hours": 12,
            "country": plan.country, "region": plan.organisations[host_index].region,
            "venue": venue, "facilitator": facilitator,
            "host_organisation_id": organisation_ids[host_index], "capacity": 30,
        })).await?)?;
        let attendees: Vec<&String> = households
            .iter()
            .enumerate()
            .filter(|(_, h)| h.organisation == host_index)
            .filter_map(|(i, _)| heads.get(i).copied())
            .skip(s)
            .take(24)
            .collect();
        all(attendees.iter().map(|member| {
            api.post(
                "/v1/participations",
                json!({"session_id": session, "member_id": member}),
            )
        }))
        .await?;
        let records: Vec<Value> = attendees
            .iter()
            .enumerate()
            .map(|(i, member)| match i % 8 {
                7 => json!({"member_id": member, "attendance": "absent"}),
                6 => json!({"member_id": member, "attendance": "attended", "hours": 4}),
                _ => json!({"member_id": member, "attendance": "attended"}),
            })
            .collect();
        api.post(
            &format!("/v1/sessions/{session}/attendance"),
            json!({"records": records}),
        )
        .await?;
        if certificate_code.is_none() {
            let page = api.get("/v1/certificates?limit=1").await?;
            certificate_code = page["data"][0]["code"].as_str().map(str::to_owned);
        }
    }
    Ok(certificate_code)
}

/// Creates the enrolments, then the lapsed ones and their transitions (ended or suspended).
async fn enrol(api: &Api, enrolments: Vec<Value>, lapsed: Vec<Value>) -> Result<(), DemoError> {
    all(enrolments
        .into_iter()
        .map(|b| api.post("/v1/enrollments", b)))
    .await?;
    let lapsed = all(lapsed.into_iter().map(|b| api.post("/v1/enrollments", b))).await?;
    all(lapsed.iter().enumerate().map(|(i, enrolment)| {
        let (status, on, reason) = if i % 2 == 0 {
            ("ended", "2025-06-30", "Dejó de aportar al fondo")
        } else {
            (
                "suspended",
                "2026-08-01",
                "Documentos de afiliación vencidos",
            )
        };
        let id = enrolment["id"].as_str().unwrap_or_default().to_owned();
        async move {
            api.post(
                &format!("/v1/enrollments/{id}/transitions"),
                json!({"status": status, "effective_on": on, "reason": reason}),
            )
            .await
        }
    }))
    .await?;
    Ok(())
}
