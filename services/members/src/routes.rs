//! Every route of the members service, in one place.

use utoipa_actix_web::service_config::ServiceConfig;

use crate::households::handlers as households;
use crate::indicators::handlers as indicators;
use crate::jobs::handlers as jobs;
use crate::members::{erasure, handlers as members, import};
use crate::memberships::handlers as memberships;
use crate::organisations::handlers as organisations;
use crate::registrations::handlers as registrations;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(organisations::list_organisations)
        .service(organisations::create_organisation)
        .service(organisations::get_organisation)
        .service(organisations::patch_organisation)
        .service(organisations::delete_organisation)
        .service(households::list_households)
        .service(households::create_household)
        .service(households::get_household)
        .service(households::patch_household)
        .service(households::delete_household)
        // Before `/v1/members/{id}`, so `import` is not taken for an id.
        .service(import::import_members)
        .service(members::list_members)
        .service(members::create_member)
        .service(members::get_member)
        .service(members::patch_member)
        .service(members::delete_member)
        .service(erasure::erase_member)
        .service(memberships::list_memberships)
        .service(memberships::create_membership)
        .service(memberships::get_membership)
        .service(memberships::patch_membership)
        .service(memberships::delete_membership)
        .service(registrations::list_registrations)
        .service(registrations::create_registration)
        .service(registrations::get_registration)
        .service(registrations::patch_registration)
        .service(registrations::delete_registration)
        .service(registrations::transition_registration)
        .service(registrations::list_registration_transitions)
        .service(registrations::organisation_status_history)
        .service(jobs::list_jobs)
        .service(jobs::create_job)
        .service(jobs::get_job)
        .service(jobs::patch_job)
        .service(jobs::delete_job)
        .service(indicators::formalisation)
        .service(indicators::formalisation_series);
}
