//! Journey: a partner NGO follows a textile workshop from informal to formal, and its workers
//! from informal to formal jobs, with backdated registrations and a cancelled registry entry;
//! a dashboard's token sees the formalisation indicators move exactly as the definitions say.

use formaliza_shared::db::Backend;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id, town_enterprises};
use serde_json::{Value, json};

const FORMALISATION: &str = "/v1/indicators/formalisation";

async fn figures(dashboard: &formaliza_shared::testing::TestClient, as_of: i64) -> (Value, Value) {
    let answer = dashboard
        .get(&format!("{FORMALISATION}?as_of={}", day(as_of)))
        .await;
    let body = answer.expect(200);
    (body["organisations"][0].clone(), body["workers"][0].clone())
}

async fn an_enterprise_and_its_workers_become_formal(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let dashboard = system
        .client("Observatorio laboral (dashboard)", "indicators:read", None)
        .await;

    // The workshop and four other informal enterprises of the town.
    let enterprises = town_enterprises(&ngo).await;
    let warmi = &enterprises[0];
    // Its owner and five seamstresses, on verbal contracts since last year.
    let mut jobs = Vec::new();
    for (n, (given, role)) in [
        ("Eulalia", "owner"),
        ("Rosa", "employee"),
        ("Julia", "employee"),
        ("Marta", "employee"),
        ("Nélida", "employee"),
        ("Flor", "employee"),
    ]
    .into_iter()
    .enumerate()
    {
        let member = id(ngo
            .post(
                "/v1/members",
                &json!({"given_names": given, "family_names": "Ccorimanya", "sex": "female",
                        "birth_date": "1994-05-01", "country": "PE", "region": "PE-CAJ",
                        "sector": "textile",
                        "national_id": {"type": "pe_dni", "number": format!("4391{n:04}")}}),
            )
            .await
            .expect(201));
        jobs.push(id(ngo
            .post(
                "/v1/jobs",
                &json!({"member_id": member, "organisation_id": warmi, "role": role,
                        "contract": "verbal", "started_on": day(-400)}),
            )
            .await
            .expect(201)));
    }
    let (organisations, workers) = figures(&dashboard, 0).await;
    assert_eq!(organisations["organisations"], 5);
    assert_eq!(organisations["formal"]["count"], 0);
    assert_eq!(organisations["informal"]["count"], 5);
    assert_eq!(workers["workers"], 6);
    assert_eq!(workers["with_formal_job"]["count"], 0);

    // The RUC, backdated 200 days, then the SUNARP entry, backdated 120: formal from then,
    // and the owner's job with it.
    ngo.post(
        "/v1/registrations",
        &json!({"organisation_id": warmi, "registry": "pe_ruc", "number": "20131312955",
                "tax_regime": "pe_rmt", "effective_on": day(-200)}),
    )
    .await
    .expect(201);
    let entry = id(ngo
        .post(
            "/v1/registrations",
            &json!({"organisation_id": warmi, "registry": "pe_sunarp", "number": "11012345",
                    "effective_on": day(-120)}),
        )
        .await
        .expect(201));
    let (organisations, workers) = figures(&dashboard, 0).await;
    assert_eq!(organisations["formal"]["count"], 1);
    assert_eq!(workers["with_formal_job"]["count"], 1, "the owner's");
    let (organisations, _) = figures(&dashboard, -150).await;
    assert_eq!(
        (
            &organisations["formal"]["count"],
            &organisations["in_formation"]["count"]
        ),
        (&json!(0), &json!(1))
    );

    // The employer registers three seamstresses in the electronic payroll 30 days ago.
    for job in &jobs[1..4] {
        ngo.patch(
            &format!("/v1/jobs/{job}"),
            Some("\"1\""),
            &json!({"contract": "written", "social_security_registry": "pe_t_registro",
                    "social_security_since": day(-30)}),
        )
        .await
        .expect(200);
    }
    let (_, workers) = figures(&dashboard, 0).await;
    assert_eq!(
        workers["with_formal_job"],
        json!({"count": 4, "percentage": 66.7})
    );
    let (_, workers) = figures(&dashboard, -60).await;
    assert_eq!(workers["with_formal_job"]["count"], 1);

    // The registry entry is cancelled five days ago: the workshop is back in formation, its
    // owner's job informal again; the employees stay registered.
    ngo.post(
        &format!("/v1/registrations/{entry}/transitions"),
        &json!({"status": "cancelled", "effective_on": day(-5),
                "reason": "Inscripción observada por SUNARP"}),
    )
    .await
    .expect(200);
    let (organisations, workers) = figures(&dashboard, 0).await;
    assert_eq!(organisations["formal"]["count"], 0);
    assert_eq!(organisations["in_formation"]["count"], 1);
    assert_eq!(workers["with_formal_job"]["count"], 3);
    let (_, workers) = figures(&dashboard, -10).await;
    assert_eq!(workers["with_formal_job"]["count"], 4);
    let period = dashboard
        .get(&format!(
            "{FORMALISATION}?from={}&as_of={}",
            day(-200),
            day(-10)
        ))
        .await;
    assert_eq!(period.expect(200)["organisations"][0]["became_formal"], 1);
    let history = ngo
        .get(&format!("/v1/organisations/{warmi}/status-history"))
        .await;
    let statuses: Vec<&Value> = history.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["status"])
        .collect();
    assert_eq!(statuses, ["in_formation", "formal", "in_formation"]);

    // The dashboard's answers carry no person: no name or document appears in them.
    let by_age = dashboard
        .get(&format!(
            "{FORMALISATION}?workers_by=age_band&organisations_by=kind"
        ))
        .await;
    let text = by_age.expect(200).to_string();
    assert!(!text.contains("Ccorimanya") && !text.contains("4391"));
    // A ministry's token without indicators:read gets no figures.
    let ministry = system
        .client("Ministerio de Trabajo", "protection:read", None)
        .await;
    ministry.get(FORMALISATION).await.problem(403);
    system.stop().await;
}

formaliza_shared::backend_tests!(an_enterprise_and_its_workers_become_formal);
