//! The coverage figures: which households the demo covers (exactly 144 and 107 of the 250
//! coffee households, the programme's reported 57.6% and 42.8%), the enrolments that cover
//! them, and the figures read back once the read model has caught up.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};

use super::api::Api;
use super::catalogue::Catalogue;
use super::data::{Dice, PartnerPlan, PlannedHousehold};
use super::error::{DemoError, fail};

/// Coffee households, and how many of them have each kind of coverage.
pub const COFFEE_HOUSEHOLDS: usize = 250;
pub const WITH_PUBLIC_SERVICE: usize = 144;
pub const WITH_INSURANCE: usize = 107;

/// Which of the 250 coffee households have each kind of coverage: a fixed, shuffled choice.
pub(super) fn covered(count: usize, seed: u64) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..COFFEE_HOUSEHOLDS).collect();
    let mut dice = Dice(seed);
    for i in (1..order.len()).rev() {
        order.swap(i, dice.below(i + 1));
    }
    order.into_iter().take(count).collect()
}

/// The enrolments of a partner's households: the chosen coffee households (and some others) get
/// an active public service through a member and an active household insurance; histories
/// make it realistic. Returns the enrolments that stay, and those that lapse (ended or
/// suspended once created).
pub(super) fn enrolments(
    plan: &PartnerPlan,
    dice: &mut Dice,
    catalogue: &Catalogue,
    households: &[PlannedHousehold],
    people: &[(usize, &'static str)],
    member_ids: &[String],
) -> Result<(Vec<Value>, Vec<Value>), DemoError> {
    let public = covered(WITH_PUBLIC_SERVICE, 0x00C0_FFEE);
    let insured = covered(WITH_INSURANCE, 0x0000_5AFE);
    let mut enrolments = Vec::new();
    let mut lapsed = Vec::new();
    for (h, household) in households.iter().enumerate() {
        let members: Vec<&String> = people
            .iter()
            .zip(member_ids)
            .filter(|((of, _), _)| *of == h)
            .map(|(_, id)| id)
            .collect();
        let (has_public, has_insurance) = match household.coffee_index {
            Some(i) => (public.contains(&i), insured.contains(&i)),
            None => (dice.chance(50), dice.chance(25)),
        };
        let since = format!(
            "{}-{:02}-{:02}",
            2019 + dice.below(7),
            1 + dice.below(12),
            1 + dice.below(28)
        );
        if has_public {
            let scheme = catalogue.scheme(dice.pick(plan.public_schemes))?;
            enrolments.push(
                json!({"scheme_id": scheme, "member_id": members[0], "status": "active",
                "effective_on": since, "affiliation_number": format!("AF-{}-{h:05}", plan.prefix)}),
            );
            // A second member covered too, sometimes.
            if members.len() > 1 && dice.chance(40) {
                enrolments.push(json!({"scheme_id": scheme, "member_id": members[1], "status": "active", "effective_on": since}));
            }
        } else if dice.chance(30) {
            // Applied and waiting: no coverage yet.
            enrolments.push(json!({"scheme_id": catalogue.scheme(plan.public_schemes[0])?, "member_id": members[0], "effective_on": "2026-10-15"}));
        } else if dice.chance(15) {
            // Was covered, and lapsed.
            lapsed.push(json!({"scheme_id": catalogue.scheme(plan.public_schemes[0])?, "member_id": members[0], "status": "active", "effective_on": "2022-02-01"}));
        }
        if has_insurance {
            let scheme = catalogue.scheme(dice.pick(plan.household_insurance))?;
            enrolments.push(json!({"scheme_id": scheme, "household_id": household.id, "status": "active", "effective_on": since}));
        } else if dice.chance(10) {
            lapsed.push(json!({"scheme_id": catalogue.scheme(plan.household_insurance[0])?, "household_id": household.id, "status": "active", "effective_on": "2023-05-01"}));
        }
    }
    Ok((enrolments, lapsed))
}

/// The last `seq` of a service's feed, read to its end.
pub(super) async fn feed_head(api: &Api, service: &str) -> Result<i64, DemoError> {
    let mut after = 0;
    loop {
        let page = api
            .get(&format!("/v1/feeds/{service}?after={after}&limit=500"))
            .await?;
        after = page["next_after"].as_i64().unwrap_or(after);
        if page["has_more"] != json!(true) {
            return Ok(after);
        }
    }
}

/// Coverage of coffee households today, once the read model has caught up with `members_head`.
pub(super) async fn wait_for_coverage(
    api: &Api,
    members_head: i64,
) -> Result<(f64, f64, i64), DemoError> {
    for _ in 0..600 {
        let indicator = api.get("/v1/indicators/coverage?sector=coffee").await?;
        if indicator["read_model"]["last_seq"].as_i64().unwrap_or(0) >= members_head {
            let cell = &indicator["data"][0];
            return Ok((
                cell["public_service"]["percentage"].as_f64().unwrap_or(0.0),
                cell["insurance"]["percentage"].as_f64().unwrap_or(0.0),
                cell["households"].as_i64().unwrap_or(0),
            ));
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    Err(fail(
        "the coverage read model did not catch up within a minute",
    ))
}
