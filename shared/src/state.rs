//! What a service's handlers share, registered once as app data: which service this is, its
//! database, and the settings its answers follow.

use crate::auth::Scope;
use crate::config::Upstreams;
use crate::db::DbPool;
use crate::privacy::{Personal, Privacy};
use crate::suppression::MinCell;

#[derive(Clone)]
pub struct ServiceState {
    /// Its name (`members`): the feed and the access records it answers for.
    pub service: &'static str,
    /// The scope that reads its feed.
    pub read_scope: Scope,
    /// The kinds of record that are about people (see [`crate::privacy`]).
    pub personal: &'static [(&'static str, Personal)],
    pub pool: DbPool,
    pub privacy: Privacy,
    pub min_cell: MinCell,
    /// Where the other services are, for references checked there.
    pub upstreams: Upstreams,
}
