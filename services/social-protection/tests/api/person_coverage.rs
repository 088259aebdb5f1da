//! The coverage indicator counting members (`unit=person`) on a small population built through
//! the members and social-protection APIs, every figure checked by hand. On 2026-03-01:
//!
//! | member | household | sex | born | band | own enrolments | through the household |
//! |---|---|---|---|---|---|---|
//! | a | P0 | f | 2011-03-01 (15 that day) | 15_29 | | mutual fund (insurance) |
//! | b | P0 | f | 1996-03-02 (30 the next day) | 15_29 | SIS | mutual fund |
//! | c | P0 | m | 1985-04-04 | 30_64 | SIS | mutual fund |
//! | d | P1 | f | 2000-07-15 | 15_29 | SIS | |
//! | e | P1 | f | 2002-01-20 | 15_29 | | |
//! | g | P1 | m | 1970-01-01 | 30_64 | | |
//! | q | P1 | f | 1997-05-05 | 15_29 | SIS ended 2025-12-01 | |
//! | h | P2 | f | 1998-11-30 | 15_29 | SIS, micro-insurance | |
//! | i | P2 | f | 1996-02-29 (30 on 1 March 2026) | 30_64 | micro-insurance | |
//! | j | P2 | m | 1955-06-06 | 65_plus | SIS | |
//! | k | P3 | m | 2011-03-02 (15 the next day) | under_15 | | Juntos (public) |
//! | l | P3 | m | 2015-01-01 | under_15 | | Juntos |
//! | n | P3 | f | 1980-08-08 | 30_64 | | Juntos |
//! | o1 | P3 | — | — | unknown | SIS | Juntos |
//! | o2–o5 | P3 | — | 1975-… | 30_64 | | Juntos |
//! | s | N0 (partner) | f | 1995-05-05 | 30_64 | SIS | |
//! | t | N0 (partner) | m | 1994-01-01 | 30_64 | | |
//! | u | N1 (partner) | f | 2005-05-05 | 15_29 | SIS | mutual fund |
//! | v | N1 (partner) | f | 2007-07-07 | 15_29 | | mutual fund |
//! | w | N1 (partner) | m | 1960-12-12 | 65_plus | | mutual fund |
//!
//! Not counted: a deleted member of P1 enrolled in SIS, and a member of no household enrolled in
//! SIS. Members working in coffee: a, b, c, d, h, i, j.

use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use serde_json::{Value, json};

use crate::common::{self, enrol, household, member, transition};

const AS_OF: &str = "2026-03-01";
const ENROLLED: &str = "2025-06-01";

async fn coverage(api: &TestClient, query: &str) -> Value {
    api.get(&format!("/v1/indicators/coverage?{query}"))
        .await
        .expect(200)
        .clone()
}

/// A shown cell counting members.
fn members(group: Value, members: i64, public: (i64, f64), insured: (i64, f64)) -> Value {
    json!({
        "group": group,
        "members": members,
        "public_service": {"count": public.0, "percentage": public.1},
        "insurance": {"count": insured.0, "percentage": insured.1},
        "suppressed": false,
    })
}

/// A withheld cell counting members.
fn withheld(group: &str) -> Value {
    json!({"group": group, "members": null, "public_service": null, "insurance": null, "suppressed": true})
}

/// A member of `home`; `sex` and `born` may be empty (not recorded).
async fn person(members: &TestClient, home: &str, sex: &str, born: &str, coffee: bool) -> String {
    let mut body = json!({"household_id": home});
    if !sex.is_empty() {
        body["sex"] = json!(sex);
    }
    if !born.is_empty() {
        body["birth_date"] = json!(born);
    }
    if coffee {
        body["sector"] = json!("coffee");
    }
    member(members, body).await
}

async fn members_are_counted_by_sex_and_age_band(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (people, api) = services.programme();
    let (partner_people, partner_api) = services.partner("norte");

    let sis = common::scheme(&api, "public_service", "person").await;
    let juntos = common::scheme(&api, "public_service", "household").await;
    let mutual = common::scheme(&api, "insurance", "household").await;
    let micro = common::scheme(&api, "insurance", "person").await;
    let own = |m: &String| json!({"member_id": m});
    let whole = |h: &String| json!({"household_id": h});

    let p0 = household(&people, "PE-JUN").await;
    person(&people, &p0, "female", "2011-03-01", true).await;
    let b = person(&people, &p0, "female", "1996-03-02", true).await;
    let c = person(&people, &p0, "male", "1985-04-04", true).await;
    enrol(&api, &sis, own(&b), "active", ENROLLED).await;
    enrol(&api, &sis, own(&c), "active", ENROLLED).await;
    enrol(&api, &mutual, whole(&p0), "active", ENROLLED).await;

    let p1 = household(&people, "PE-JUN").await;
    let d = person(&people, &p1, "female", "2000-07-15", true).await;
    person(&people, &p1, "female", "2002-01-20", false).await;
    person(&people, &p1, "male", "1970-01-01", false).await;
    let q = person(&people, &p1, "female", "1997-05-05", false).await;
    let gone = person(&people, &p1, "female", "1999-09-09", false).await;
    enrol(&api, &sis, own(&d), "active", ENROLLED).await;
    let ended = enrol(&api, &sis, own(&q), "active", ENROLLED).await;
    transition(&api, &ended, "ended", "2025-12-01").await;
    enrol(&api, &sis, own(&gone), "active", ENROLLED).await;
    people
        .delete(&format!("/v1/members/{gone}"), None)
        .await
        .expect(204);

    let p2 = household(&people, "PE-JUN").await;
    let h = person(&people, &p2, "female", "1998-11-30", true).await;
    let i = person(&people, &p2, "female", "1996-02-29", true).await;
    let j = person(&people, &p2, "male", "1955-06-06", true).await;
    enrol(&api, &sis, own(&h), "active", ENROLLED).await;
    enrol(&api, &micro, own(&h), "active", ENROLLED).await;
    enrol(&api, &micro, own(&i), "active", ENROLLED).await;
    enrol(&api, &sis, own(&j), "active", ENROLLED).await;

    let p3 = household(&people, "PE-JUN").await;
    person(&people, &p3, "male", "2011-03-02", false).await;
    person(&people, &p3, "male", "2015-01-01", false).await;
    person(&people, &p3, "female", "1980-08-08", false).await;
    let o1 = person(&people, &p3, "", "", false).await;
    for born in ["1975-01-01", "1975-02-02", "1975-03-03", "1975-04-04"] {
        person(&people, &p3, "", born, false).await;
    }
    enrol(&api, &juntos, whole(&p3), "active", ENROLLED).await;
    enrol(&api, &sis, own(&o1), "active", ENROLLED).await;

    let alone = member(
        &people,
        json!({"sex": "female", "birth_date": "2000-01-01"}),
    )
    .await;
    enrol(&api, &sis, own(&alone), "active", ENROLLED).await;

    // The partner's two households, recorded with its own token.
    let n0 = household(&partner_people, "PE-CUS").await;
    let s = person(&partner_people, &n0, "female", "1995-05-05", false).await;
    person(&partner_people, &n0, "male", "1994-01-01", false).await;
    enrol(&partner_api, &sis, own(&s), "active", ENROLLED).await;
    let n1 = household(&partner_people, "PE-CUS").await;
    let u = person(&partner_people, &n1, "female", "2005-05-05", false).await;
    person(&partner_people, &n1, "female", "2007-07-07", false).await;
    person(&partner_people, &n1, "male", "1960-12-12", false).await;
    enrol(&partner_api, &sis, own(&u), "active", ENROLLED).await;
    enrol(&partner_api, &mutual, whole(&n1), "active", ENROLLED).await;

    services.catch_up().await;

    // The household answer, asked first (so that a cache keyed without the unit would hand it
    // to the person question below), is what it always was: no `unit`, no `members`.
    let on = format!("as_of={AS_OF}");
    let response = api.get(&format!("/v1/indicators/coverage?{on}")).await;
    let homes = response.expect(200).clone();
    assert!(!response.text.contains("unit") && !response.text.contains("members"));
    let mut keys: Vec<&String> = homes.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["as_of", "data", "filters", "group_by", "read_model"]);
    assert_eq!(
        homes["data"],
        json!([{"group": null, "households": 6,
                "public_service": {"count": 6, "percentage": 100.0},
                "insurance": {"count": 3, "percentage": 50.0},
                "suppressed": false}])
    );

    // Everyone: 23 members of a household, 15 covered by a public service, 8 insured.
    let everyone = coverage(&api, &format!("{on}&unit=person")).await;
    assert_eq!(everyone["unit"], "person");
    assert_eq!(
        everyone["data"],
        json!([members(json!(null), 23, (15, 65.2), (8, 34.8))])
    );
    let text = everyone.to_string();
    assert!(
        !text.contains("1996-02-29") && !text.contains(&b),
        "no personal data"
    );

    let by_sex = coverage(&api, &format!("{on}&unit=person&group_by=sex")).await;
    assert_eq!(
        by_sex["data"],
        json!([
            members(json!("female"), 11, (6, 54.5), (6, 54.5)),
            members(json!("male"), 7, (4, 57.1), (2, 28.6)),
            members(json!("unknown"), 5, (5, 100.0), (0, 0.0)),
        ])
    );

    // Under 15, 65 and over, and without a birth date: fewer than 5 each, withheld together
    // (5 members between them); the young, including the one who turned 15 that day and the
    // one turning 30 the next, and the 30 to 64, including the one born on 29 February 1996.
    let by_age = coverage(&api, &format!("{on}&unit=person&group_by=age_band")).await;
    assert_eq!(
        by_age["data"],
        json!([
            withheld("under_15"),
            members(json!("15_29"), 8, (4, 50.0), (5, 62.5)),
            members(json!("30_64"), 10, (7, 70.0), (2, 20.0)),
            withheld("65_plus"),
            withheld("unknown"),
        ])
    );
    assert_eq!(by_age["group_by"], "age_band");
    // The day before: a is still 14, i (born on 29 February) still 29.
    let day_before = coverage(&api, "as_of=2026-02-28&unit=person&group_by=age_band").await;
    assert_eq!(
        day_before["data"],
        json!([
            withheld("under_15"),
            members(json!("15_29"), 8, (4, 50.0), (5, 62.5)),
            members(json!("30_64"), 9, (7, 77.8), (1, 11.1)),
            withheld("65_plus"),
            withheld("unknown"),
        ])
    );

    // Filters apply to the member: the coffee workers, not everyone in their households.
    let coffee = coverage(&api, &format!("{on}&unit=person&sector=coffee")).await;
    assert_eq!(
        coffee["data"],
        json!([members(json!(null), 7, (5, 71.4), (5, 71.4))])
    );
    assert_eq!(coffee["filters"]["sector"], "coffee");
    let cusco = coverage(&api, &format!("{on}&unit=person&group_by=region")).await;
    assert_eq!(
        cusco["data"],
        json!([
            members(json!("PE-CUS"), 5, (2, 40.0), (3, 60.0)),
            members(json!("PE-JUN"), 18, (13, 72.2), (5, 27.8)),
        ])
    );

    // The partner sees its own five members only; by sex, 3 women and 2 men: both withheld.
    let own_members = coverage(&partner_api, &format!("{on}&unit=person")).await;
    assert_eq!(
        own_members["data"],
        json!([members(json!(null), 5, (2, 40.0), (3, 60.0))])
    );
    let own_by_sex = coverage(&partner_api, &format!("{on}&unit=person&group_by=sex")).await;
    assert_eq!(
        own_by_sex["data"],
        json!([withheld("female"), withheld("male")])
    );

    // The monthly series counts members too: nobody covered before the enrolments, q's SIS
    // until it ended.
    let series = api
        .get("/v1/indicators/coverage/series?from=2025-05-01&to=2026-03-01&unit=person")
        .await
        .expect(200)
        .clone();
    assert_eq!(series["unit"], "person");
    let points = series["data"].as_array().unwrap();
    assert_eq!(
        points[0],
        json!({"as_of": "2025-05-31", "group": null, "members": 23,
               "public_service": {"count": 0, "percentage": 0.0},
               "insurance": {"count": 0, "percentage": 0.0}, "suppressed": false})
    );
    assert_eq!(points[1]["public_service"]["count"], 16);
    assert_eq!(points.last().unwrap()["public_service"]["count"], 15);
    assert_eq!(points.last().unwrap()["members"], 23);
    let household_series = api
        .get("/v1/indicators/coverage/series?from=2026-03-01&to=2026-03-01")
        .await
        .expect(200)
        .clone();
    assert!(household_series.get("unit").is_none());
    assert_eq!(household_series["data"][0]["households"], 6);

    // Groupings of households only, or of members only, are refused naming `group_by`.
    for query in [
        "unit=person&group_by=head_sex",
        "unit=person&group_by=organisation",
        "group_by=sex",
        "unit=household&group_by=age_band",
    ] {
        let problem = api
            .get(&format!("/v1/indicators/coverage?{query}"))
            .await
            .problem(400)
            .clone();
        assert_eq!(problem["errors"][0]["field"], "group_by", "{query}");
    }
    api.get("/v1/indicators/coverage?unit=people")
        .await
        .problem(400);
}

formaliza_shared::backend_tests!(members_are_counted_by_sex_and_age_band);
