//! Every route of the social-protection service, in one place.

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::enrollments::handlers as enrollments;
use crate::export;
use crate::indicators::cache::CoverageCache;
use crate::indicators::handlers as indicators;
use crate::programme::handlers as programme;
use crate::schemes::handlers as schemes;

/// `coverage_cache` is shared by every worker of one service.
pub fn configure(cfg: &mut ServiceConfig<'_>, coverage_cache: &web::Data<CoverageCache>) {
    cfg.app_data(coverage_cache.clone())
        .service(schemes::list_schemes)
        .service(schemes::create_scheme)
        .service(schemes::get_scheme)
        .service(schemes::patch_scheme)
        .service(schemes::delete_scheme)
        // Before `/v1/enrollments/{id}`, so `export` is not taken for an id.
        .service(export::export_enrollments)
        .service(enrollments::list_enrollments)
        .service(enrollments::create_enrollment)
        .service(enrollments::get_enrollment)
        .service(enrollments::patch_enrollment)
        .service(enrollments::delete_enrollment)
        .service(enrollments::transition_enrollment)
        .service(enrollments::list_transitions)
        .service(indicators::coverage)
        .service(indicators::coverage_series)
        .service(programme::list_indicators)
        .service(programme::create_indicator)
        .service(programme::get_indicator)
        .service(programme::patch_indicator)
        .service(programme::delete_indicator)
        .service(programme::indicator_progress)
        // Reported values are immutable: no PATCH or DELETE (405).
        .service(programme::list_reported_values)
        .service(programme::create_reported_value)
        .service(programme::get_reported_value);
}
