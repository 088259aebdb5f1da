//! The kinds of record the trainings service imports as jobs
//! (`POST /v1/imports?kind=attendance`, routed here by the gateway): each an
//! [`ImportKind`](formaliza_shared::imports::ImportKind) over the rules of its single-record
//! writes. The jobs themselves (spool, runner, report) are `formaliza_shared::imports`.

mod attendance;

use formaliza_shared::Scope;
use formaliza_shared::imports::ImportHost;

pub use attendance::Attendance;

/// The trainings service's import jobs: ids `trn_…`, `trainings:read` to read them,
/// `trainings:write` to start and cancel them.
pub static HOST: ImportHost = ImportHost {
    prefix: "trn",
    read_scope: Scope::TrainingsRead,
    write_scope: Scope::TrainingsWrite,
    kinds: &[&Attendance],
};
