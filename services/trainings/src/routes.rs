//! Every route of the trainings service, in one place.

use utoipa_actix_web::service_config::ServiceConfig;

use crate::certificates::handlers as certificates;
use crate::courses::handlers as courses;
use crate::indicators::handlers as indicators;
use crate::participations::handlers as participations;
use crate::sessions::handlers as sessions;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(courses::list_courses)
        .service(courses::create_course)
        .service(courses::get_course)
        .service(courses::patch_course)
        .service(courses::delete_course)
        .service(sessions::list_sessions)
        .service(sessions::create_session)
        .service(sessions::get_session)
        .service(sessions::patch_session)
        .service(sessions::delete_session)
        .service(participations::record_attendance)
        .service(participations::list_participations)
        .service(participations::create_participation)
        .service(participations::get_participation)
        .service(participations::patch_participation)
        .service(participations::delete_participation)
        // Public (no token), and before `/v1/certificates/{id}`.
        .service(certificates::verify_certificate)
        .service(certificates::list_certificates)
        .service(certificates::issue_certificate)
        .service(certificates::get_certificate)
        .service(certificates::revoke_certificate)
        .service(indicators::training_indicators);
}
