//! The social-protection feed on NATS JetStream: an enrolment shows who it is about only for a
//! member who consented, as a ministry's pull shows it, on its partner's subject.

use formaliza_shared::backend_tests;
use formaliza_shared::bus::BusConfig;
use formaliza_shared::db::Backend;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::testing::{NatsServer, bus_messages};
use serde_json::{Value, json};

use crate::common::{self, SECRET, id, member};

async fn an_enrolment_names_its_member_on_the_bus_only_with_consent(backend: Backend) {
    let Some(nats) = NatsServer::start() else {
        return;
    };
    let Some(services) = common::start_with_bus(backend, BusConfig::new(nats.url())).await else {
        return;
    };
    let (members, api) = services.partner("cedepas");
    let ana = member(
        &members,
        json!({"given_names": "Ana", "family_names": "Quispe", "data_sharing_consent": true,
               "national_id": {"type": "pe_dni", "number": "45871236"}}),
    )
    .await;
    let luis = member(
        &members,
        json!({"given_names": "Luis", "family_names": "Mamani",
               "national_id": {"type": "pe_dni", "number": "41234567"}}),
    )
    .await;
    services.catch_up().await;
    let sis = common::scheme(&api, "public_service", "person").await;
    for who in [&ana, &luis] {
        id(api
            .post(
                "/v1/enrollments",
                &json!({"scheme_id": sis, "member_id": who, "affiliation_number": format!("SIS-{who}")}),
            )
            .await
            .expect(201));
    }
    services.protection.bus_caught_up().await;
    let received = bus_messages(&nats.url(), "FORMALIZA_SOCIAL_PROTECTION").await;
    let enrolments: Vec<&Value> = received
        .iter()
        .filter(|m| m.subject == "formaliza.social-protection.cedepas.enrollment.create")
        .map(|m| &m.body["data"])
        .collect();
    assert_eq!(enrolments.len(), 2);
    let privacy = Privacy::new(SECRET);

    assert_eq!(enrolments[0]["member_id"], json!(ana));
    assert_eq!(
        enrolments[0]["affiliation_number"],
        json!(format!("SIS-{ana}"))
    );
    assert_eq!(
        enrolments[0]["member_pseudonym"],
        json!(privacy.pseudonym(&ana))
    );

    assert_eq!(enrolments[1]["member_id"], Value::Null);
    assert_eq!(enrolments[1]["affiliation_number"], Value::Null);
    assert_eq!(
        enrolments[1]["member_pseudonym"],
        json!(privacy.pseudonym(&luis))
    );
    let text = received
        .iter()
        .map(|m| m.body.to_string())
        .collect::<String>();
    assert!(!text.contains(luis.as_str()), "Luis's id is on the bus");
    services.protection.stop().await;
}

backend_tests!(an_enrolment_names_its_member_on_the_bus_only_with_consent);
