//! Which service owns which path prefix, and the scope each needs. Paths are forwarded as they
//! are (no rewriting); the services check the finer rules again.

use formaliza_shared::Scope;

use crate::config::GatewayConfig;

/// The services behind the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Members,
    Trainings,
    SocialProtection,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::Members => "members",
            Service::Trainings => "trainings",
            Service::SocialProtection => "social-protection",
        }
    }
}

/// Who may use a path prefix: `read` for GET/HEAD, `write` for the other methods (any one of
/// the listed scopes suffices; `admin` always does). An empty list means no token at all.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub prefix: &'static str,
    pub service: Service,
    pub read: &'static [Scope],
    pub write: &'static [Scope],
}

use Scope::*;
use Service::*;

const ROUTES: &[Route] = &[
    Route {
        prefix: "/v1/organisations",
        service: Members,
        read: &[MembersRead],
        write: &[MembersWrite],
    },
    Route {
        prefix: "/v1/households",
        service: Members,
        read: &[MembersRead],
        write: &[MembersWrite],
    },
    Route {
        prefix: "/v1/members",
        service: Members,
        read: &[MembersRead],
        write: &[MembersWrite],
    },
    Route {
        prefix: "/v1/memberships",
        service: Members,
        read: &[MembersRead],
        write: &[MembersWrite],
    },
    Route {
        prefix: "/v1/jobs",
        service: Members,
        read: &[MembersRead],
        write: &[MembersWrite],
    },
    Route {
        prefix: "/v1/registrations",
        service: Members,
        read: &[MembersRead],
        write: &[MembersWrite],
    },
    Route {
        prefix: "/v1/audit/members",
        service: Members,
        read: &[AuditRead],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/feeds/members",
        service: Members,
        read: &[MembersRead],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/courses",
        service: Trainings,
        read: &[TrainingsRead],
        write: &[TrainingsWrite],
    },
    Route {
        prefix: "/v1/sessions",
        service: Trainings,
        read: &[TrainingsRead],
        write: &[TrainingsWrite],
    },
    Route {
        prefix: "/v1/participations",
        service: Trainings,
        read: &[TrainingsRead],
        write: &[TrainingsWrite],
    },
    Route {
        prefix: "/v1/certificates",
        service: Trainings,
        read: &[TrainingsRead],
        write: &[TrainingsWrite],
    },
    // An employer checking a certificate needs no account.
    Route {
        prefix: "/v1/certificates/verify",
        service: Trainings,
        read: &[],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/indicators/formalisation",
        service: Members,
        read: &[IndicatorsRead],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/indicators/training",
        service: Trainings,
        read: &[IndicatorsRead, TrainingsRead],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/audit/trainings",
        service: Trainings,
        read: &[AuditRead],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/feeds/trainings",
        service: Trainings,
        read: &[TrainingsRead],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/schemes",
        service: SocialProtection,
        read: &[ProtectionRead],
        write: &[ProtectionWrite],
    },
    Route {
        prefix: "/v1/enrollments",
        service: SocialProtection,
        read: &[ProtectionRead],
        write: &[ProtectionWrite],
    },
    Route {
        prefix: "/v1/enrollments/export",
        service: SocialProtection,
        read: &[EnrollmentsExport],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/indicators/coverage",
        service: SocialProtection,
        read: &[IndicatorsRead],
        write: &[Admin],
    },
    // The programme's indicator framework: the programme office writes the catalogue and the
    // reported values; dashboards read them with the live values.
    Route {
        prefix: "/v1/programme",
        service: SocialProtection,
        read: &[IndicatorsRead],
        write: &[ProgrammeWrite],
    },
    Route {
        prefix: "/v1/audit/social-protection",
        service: SocialProtection,
        read: &[AuditRead],
        write: &[Admin],
    },
    Route {
        prefix: "/v1/feeds/social-protection",
        service: SocialProtection,
        read: &[ProtectionRead],
        write: &[Admin],
    },
];

/// Import jobs: every service hosts the jobs of its own kinds of record under the same path.
/// A new job goes to the service of its `?kind=`, a job by its id's prefix (`mem_…`), so the
/// gateway routes them without state; the scopes are that service's.
pub const IMPORTS: &str = "/v1/imports";

const IMPORT_ROUTES: &[Route] = &[
    Route {
        prefix: IMPORTS,
        service: Members,
        read: &[MembersRead],
        write: &[MembersWrite],
    },
    Route {
        prefix: IMPORTS,
        service: Trainings,
        read: &[TrainingsRead],
        write: &[TrainingsWrite],
    },
    Route {
        prefix: IMPORTS,
        service: SocialProtection,
        read: &[ProtectionRead],
        write: &[ProtectionWrite],
    },
];

/// Which service imports each kind. A kind not listed goes to the members service, which
/// refuses it naming the kinds it takes.
const IMPORT_KINDS: &[(&str, Service)] = &[
    ("members", Members),
    ("households", Members),
    ("organisations", Members),
    ("memberships", Members),
    ("registrations", Members),
    ("jobs", Members),
    ("enrolments", SocialProtection),
    ("attendance", Trainings),
];

/// Which service's job ids start with which prefix.
const IMPORT_ID_PREFIXES: &[(&str, Service)] = &[
    ("mem_", Members),
    ("trn_", Trainings),
    ("spr_", SocialProtection),
];

/// The service an import request is for: by the job id in the path, or by `kind` in the query
/// (the members service when neither says).
pub fn import_service(path: &str, query: &str) -> Option<Service> {
    let rest = path.strip_prefix(IMPORTS)?;
    if let Some(id) = rest.strip_prefix('/') {
        return Some(
            IMPORT_ID_PREFIXES
                .iter()
                .find(|(prefix, _)| id.starts_with(prefix))
                .map_or(Members, |(_, service)| *service),
        );
    }
    if !rest.is_empty() {
        return None;
    }
    let kind = form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "kind")
        .map(|(_, value)| value.into_owned());
    Some(
        kind.and_then(|kind| {
            IMPORT_KINDS
                .iter()
                .find(|(name, _)| *name == kind)
                .map(|(_, service)| *service)
        })
        .unwrap_or(Members),
    )
}

/// The route owning `path` (longest prefix, whole segments), whatever is configured.
pub fn route_for(path: &str) -> Option<&'static Route> {
    if let Some(service) = import_service(path, "") {
        return IMPORT_ROUTES.iter().find(|route| route.service == service);
    }
    ROUTES
        .iter()
        .filter(|route| {
            path == route.prefix
                || path
                    .strip_prefix(route.prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|route| route.prefix.len())
}

/// The routes with their upstream base URLs.
pub struct RouteTable {
    routes: Vec<(Route, Option<String>)>,
    /// `/v1/imports` in each service ([`import_service`] chooses).
    imports: Vec<(Route, Option<String>)>,
}

impl RouteTable {
    pub fn new(config: &GatewayConfig) -> Self {
        let url = |service| match service {
            Members => config.members_url.clone(),
            Trainings => config.trainings_url.clone(),
            SocialProtection => config.social_protection_url.clone(),
        };
        let with_url = |r: &Route| {
            (
                *r,
                url(r.service).map(|u| u.trim_end_matches('/').to_owned()),
            )
        };
        let mut routes: Vec<_> = ROUTES.iter().map(with_url).collect();
        // Longest prefix first, so `/v1/certificates/verify` wins over `/v1/certificates`.
        routes.sort_by_key(|(r, _)| std::cmp::Reverse(r.prefix.len()));
        let imports = IMPORT_ROUTES.iter().map(with_url).collect();
        Self { routes, imports }
    }

    /// The route for `path` (matching whole segments) and its upstream, if configured; an
    /// import job's by [`import_service`], without its query (the members service's).
    pub fn find(&self, path: &str) -> Option<(&Route, Option<&str>)> {
        self.find_request(path, "")
    }

    /// The route for a request: its path, and for `/v1/imports` its `kind`.
    pub fn find_request(&self, path: &str, query: &str) -> Option<(&Route, Option<&str>)> {
        if let Some(service) = import_service(path, query) {
            return self
                .imports
                .iter()
                .find(|(route, _)| route.service == service)
                .map(|(route, url)| (route, url.as_deref()));
        }
        self.routes
            .iter()
            .find(|(route, _)| {
                path == route.prefix
                    || path
                        .strip_prefix(route.prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|(route, url)| (route, url.as_deref()))
    }

    /// Every configured upstream, for readiness.
    pub fn upstreams(&self) -> Vec<(Service, String)> {
        let mut seen: Vec<(Service, String)> = Vec::new();
        for (route, url) in &self.routes {
            if let Some(url) = url
                && !seen.iter().any(|(s, _)| *s == route.service)
            {
                seen.push((route.service, url.clone()));
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_segments_longest_first() {
        let config = GatewayConfig {
            bind: "127.0.0.1:0".parse().unwrap(),
            metrics_bind: "127.0.0.1:0".parse().unwrap(),
            database_url: String::new(),
            pool_size: 1,
            issuer: String::new(),
            audience: String::new(),
            leeway_seconds: 0,
            token_ttl_seconds: 0,
            members_url: Some("http://m/".into()),
            trainings_url: Some("http://t".into()),
            social_protection_url: None,
            upstream_timeout: std::time::Duration::from_secs(1),
            trusted_keys: Vec::new(),
            trusted_issuers: Vec::new(),
            signing_key_pem: None,
            redis_url: None,
            rate_limit_per_second: 1,
            rate_limit_burst: 1,
            max_body_bytes: 1,
            max_import_bytes: 1,
            cors_origins: Vec::new(),
            token_cache_capacity: 1,
            trusted_proxies: Default::default(),
            handle_signals: true,
            webhooks: Default::default(),
            published: Default::default(),
        };
        let table = RouteTable::new(&config);
        assert_eq!(
            table.find("/v1/members/123").map(|(r, u)| (r.prefix, u)),
            Some(("/v1/members", Some("http://m")))
        );
        assert_eq!(
            table.find("/v1/members").map(|(r, _)| r.prefix),
            Some("/v1/members")
        );
        assert!(table.find("/v1/membersx").is_none());
        assert!(
            table
                .find("/v1/memberships/1")
                .is_some_and(|(r, _)| r.prefix == "/v1/memberships")
        );
        assert_eq!(
            table
                .find("/v1/certificates/verify/abc")
                .map(|(r, _)| r.read.len()),
            Some(0)
        );
        assert_eq!(table.find("/v1/schemes").map(|(_, u)| u), Some(None));
        assert!(table.find("/admin").is_none());
    }

    #[test]
    fn imports_go_to_the_service_of_their_kind_or_id() {
        for (path, query, service) in [
            ("/v1/imports", "kind=households&dry_run=true", Some(Members)),
            (
                "/v1/imports",
                "dry_run=true&kind=attendance",
                Some(Trainings),
            ),
            ("/v1/imports", "kind=enrolments", Some(SocialProtection)),
            ("/v1/imports", "kind=courses", Some(Members)),
            ("/v1/imports", "", Some(Members)),
            ("/v1/imports/mem_01a2/rows", "", Some(Members)),
            ("/v1/imports/spr_01a2", "", Some(SocialProtection)),
            ("/v1/imports/trn_01a2/report.csv", "", Some(Trainings)),
            ("/v1/importsx", "", None),
        ] {
            assert_eq!(import_service(path, query), service, "{path}?{query}");
        }
    }
}
