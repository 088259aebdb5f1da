//! The kinds of record the social-protection service imports as jobs
//! (`POST /v1/imports?kind=enrolments`, routed here by the gateway): each an
//! [`ImportKind`](formaliza_shared::imports::ImportKind) over the rules of its single-record
//! writes. The jobs themselves (spool, runner, report) are `formaliza_shared::imports`.

mod enrolments;

use formaliza_shared::Scope;
use formaliza_shared::imports::ImportHost;

pub use enrolments::Enrolments;

/// The social-protection service's import jobs: ids `spr_…`, `protection:read` to read them,
/// `protection:write` to start and cancel them.
pub static HOST: ImportHost = ImportHost {
    prefix: "spr",
    read_scope: Scope::ProtectionRead,
    write_scope: Scope::ProtectionWrite,
    kinds: &[&Enrolments],
};
