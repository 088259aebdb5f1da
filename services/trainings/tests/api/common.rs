//! What the tests that run the members service beside this one share.

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestService;
use serde_json::Value;

/// Everything a partner NGO's integration does here and in the members service.
pub const ALL_SCOPES: &[Scope] = &[
    Scope::TrainingsRead,
    Scope::TrainingsWrite,
    Scope::MembersRead,
    Scope::MembersWrite,
];

/// The members service and this one, checking member references there.
pub struct Programme {
    pub members: TestService,
    pub trainings: TestService,
}

/// Starts both on fresh databases; `None` when the backend is not available.
pub async fn start(backend: Backend) -> Option<Programme> {
    let members = TestService::start(formaliza_members::spec(), backend).await?;
    let members_url = members.base_url.clone();
    let trainings = TestService::start_with(formaliza_trainings::spec(), backend, |config| {
        config.upstreams.members = Some(members_url);
    })
    .await?;
    Some(Programme { members, trainings })
}

/// The `id` of a created record.
pub fn id_of(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {value}"))
        .to_owned()
}
