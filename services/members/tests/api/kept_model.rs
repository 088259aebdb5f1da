//! The kept formalisation model against the indicator's definition. Random histories go through
//! the API: organisations created and moved in or out of the programme; tax and registry entries
//! recorded backdated, suspended, reactivated, cancelled and deleted; members created, changed,
//! erased and deleted; memberships made and ended; jobs of every role created, changed and
//! deleted. Then, for many dates and every question the indicator answers, the counts from the
//! kept model must equal those derived from the records themselves, and the tables kept write by
//! write must equal a rebuild from scratch.

use chrono::{NaiveDate, TimeDelta, Utc};
use diesel::prelude::*;
use formaliza_members::indicators::db::{self as counts, FormalisationQuery, Source};
use formaliza_members::indicators::model::{
    FormalisationFilters, OrganisationsGroupBy, WorkersGroupBy,
};
use formaliza_members::indicators::periods;
use formaliza_members::registrations::model::ruc_check_digit;
use formaliza_members::schema::{organisation_status_periods, worker_periods};
use formaliza_shared::Scope;
use formaliza_shared::db::{Backend, DbConnection};
use formaliza_shared::testing::{TestClient, TestKeys, TestService};
use serde_json::{Value, json};

const REGIONS: &[&str] = &["PE-JUN", "PE-CAJ", "PE-CUS"];
const SECTORS: &[&str] = &["coffee", "textile", "food"];
const ROLES: &[&str] = &[
    "employee",
    "member_worker",
    "owner",
    "self_employed",
    "family_worker",
];

/// A small deterministic generator (xorshift64*): each seed replays the same history.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }

    /// Days before today, at most `max`.
    fn past(&mut self, max: usize) -> i64 {
        -i64::try_from(self.below(max + 1)).unwrap()
    }
}

fn day(offset: i64) -> NaiveDate {
    Utc::now().date_naive() + TimeDelta::days(offset)
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// What the history has made so far (ids may point at deleted records: the API refuses).
#[derive(Default)]
struct Made {
    organisations: Vec<String>,
    registrations: Vec<String>,
    members: Vec<String>,
    jobs: Vec<String>,
    memberships: Vec<String>,
    serial: u32,
}

/// One random write: through `office` (the programme office sees everything), records created
/// now and then by `partner` (so that partner-scoped questions count something).
async fn step(office: &TestClient, partner: &TestClient, dice: &mut Dice, made: &mut Made) {
    let creator = if dice.chance(30) { partner } else { office };
    let api = office;
    match dice.below(14) {
        0 => {
            let body = json!({
                "name": format!("Cooperativa {}", made.organisations.len()),
                "kind": if dice.chance(50) { "cooperative" } else { "small_enterprise" },
                "legal_status": "informal", "country": "PE",
                "region": dice.pick(REGIONS), "sector": dice.pick(SECTORS),
                "in_programme": dice.chance(70),
            });
            let created = creator.post("/v1/organisations", &body).await;
            made.organisations.push(id(created.expect(201)));
        }
        1 | 2 => {
            let Some(organisation) = dice.pick(&made.organisations).cloned() else {
                return;
            };
            made.serial += 1;
            let (registry, number) = if dice.chance(50) {
                let first_ten = format!("20{:08}", 1_400_000 + made.serial);
                let digit = ruc_check_digit(&first_ten);
                ("pe_ruc", format!("{first_ten}{digit}"))
            } else {
                ("pe_sunarp", format!("{:08}", 11_000_000 + made.serial))
            };
            let body = json!({"organisation_id": organisation, "registry": registry,
                              "number": number, "effective_on": day(dice.past(700))});
            let created = api.post("/v1/registrations", &body).await;
            if created.status == 201 {
                made.registrations.push(id(created.expect(201)));
            }
        }
        3 => {
            let Some(registration) = dice.pick(&made.registrations).cloned() else {
                return;
            };
            let status = *dice.pick(&["suspended", "active", "cancelled"]).unwrap();
            let record = api.get(&format!("/v1/registrations/{registration}")).await;
            if record.status != 200 {
                return;
            }
            let since: NaiveDate = record.expect(200)["status_since"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            let span = (day(0) - since).num_days().max(0);
            let on = since + TimeDelta::days(dice.past(usize::try_from(span).unwrap()) + span);
            let body = json!({"status": status, "effective_on": on});
            // Illegal moves are refused (409); the history goes on.
            api.post(
                &format!("/v1/registrations/{registration}/transitions"),
                &body,
            )
            .await;
        }
        4 => {
            if let Some(registration) = dice.pick(&made.registrations).cloned()
                && dice.chance(40)
            {
                api.delete(&format!("/v1/registrations/{registration}"), None)
                    .await;
            }
        }
        5 | 6 => {
            let born = day(-365 * i64::try_from(10 + dice.below(70)).unwrap());
            let body = json!({
                "given_names": "Rosa", "family_names": "Mamani",
                "sex": dice.pick(&["female", "male"]),
                "birth_date": if dice.chance(90) { Some(born) } else { None },
                "country": "PE", "region": dice.pick(REGIONS), "sector": dice.pick(SECTORS),
            });
            let created = creator.post("/v1/members", &body).await;
            made.members.push(id(created.expect(201)));
        }
        7 => {
            let Some(member) = dice.pick(&made.members).cloned() else {
                return;
            };
            let path = format!("/v1/members/{member}");
            match dice.below(5) {
                0 => {
                    api.delete(&path, None).await;
                }
                1 => {
                    api.post(
                        &format!("{path}/erasure"),
                        &json!({"reason": "Pedido en la oficina de Pichanaqui"}),
                    )
                    .await;
                }
                _ => {
                    let patch = json!({"sex": dice.pick(&["female", "male"]),
                                       "region": dice.pick(REGIONS),
                                       "sector": dice.pick(SECTORS)});
                    api.patch(&path, None, &patch).await;
                }
            }
        }
        8..=10 => {
            let (Some(member), organisation) = (
                dice.pick(&made.members).cloned(),
                dice.pick(&made.organisations).cloned(),
            ) else {
                return;
            };
            let started = dice.past(600);
            let ended = dice
                .chance(30)
                .then(|| day(started + i64::try_from(dice.below(400)).unwrap()).min(day(0)));
            let role = *dice.pick(ROLES).unwrap();
            // Only an employer registers an employee for social security; a member-worker or
            // an owner works in a named organisation.
            let since = (role == "employee" && dice.chance(60))
                .then(|| day(started + i64::try_from(dice.below(300)).unwrap()).min(day(0)));
            let unit = match role {
                "member_worker" | "owner" => organisation,
                _ if dice.chance(85) => organisation,
                _ => None,
            };
            let body = json!({
                "member_id": member, "organisation_id": unit,
                "role": role, "contract": "verbal",
                "started_on": day(started), "ended_on": ended,
                "social_security_registry": since.map(|_| "pe_t_registro"),
                "social_security_since": since,
            });
            let created = api.post("/v1/jobs", &body).await;
            if created.status == 201 {
                made.jobs.push(id(created.expect(201)));
            }
        }
        11 => {
            let Some(job) = dice.pick(&made.jobs).cloned() else {
                return;
            };
            let path = format!("/v1/jobs/{job}");
            if dice.chance(30) {
                api.delete(&path, None).await;
            } else {
                let patch = json!({"ended_on": dice.chance(50).then(|| day(dice.past(100)))});
                api.patch(&path, None, &patch).await;
            }
        }
        12 => {
            let (Some(member), Some(organisation)) = (
                dice.pick(&made.members).cloned(),
                dice.pick(&made.organisations).cloned(),
            ) else {
                return;
            };
            if let Some(membership) = dice.pick(&made.memberships).cloned()
                && dice.chance(30)
            {
                api.delete(&format!("/v1/memberships/{membership}"), None)
                    .await;
                return;
            }
            let body = json!({"member_id": member, "organisation_id": organisation,
                              "role": "member"});
            let created = api.post("/v1/memberships", &body).await;
            if created.status == 201 {
                made.memberships.push(id(created.expect(201)));
            }
        }
        _ => {
            let Some(organisation) = dice.pick(&made.organisations).cloned() else {
                return;
            };
            let patch = json!({"in_programme": dice.chance(50)});
            api.patch(&format!("/v1/organisations/{organisation}"), None, &patch)
                .await;
        }
    }
}

type WorkerRow = (
    String,
    NaiveDate,
    Option<NaiveDate>,
    bool,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    bool,
);

type OrganisationRow = (String, String, NaiveDate, Option<NaiveDate>);

fn kept_rows(conn: &mut DbConnection) -> (Vec<OrganisationRow>, Vec<WorkerRow>) {
    let organisations = organisation_status_periods::table
        .order((
            organisation_status_periods::organisation_id,
            organisation_status_periods::status_from,
        ))
        .load(conn)
        .unwrap();
    let workers = worker_periods::table
        .order((worker_periods::member_id, worker_periods::held_from))
        .load(conn)
        .unwrap();
    (organisations, workers)
}

/// Every question on `date`: each grouping of either count, with and without filters.
fn same_answers(conn: &mut DbConnection, date: NaiveDate, context: &str) {
    let organisations_by = [
        None,
        Some(OrganisationsGroupBy::Region),
        Some(OrganisationsGroupBy::Kind),
        Some(OrganisationsGroupBy::Partner),
    ];
    let workers_by = [
        None,
        Some(WorkersGroupBy::Sex),
        Some(WorkersGroupBy::AgeBand),
        Some(WorkersGroupBy::Sector),
        Some(WorkersGroupBy::Region),
    ];
    for (region, in_programme_only, partner) in [
        (None, false, None),
        (None, true, None),
        (Some("PE-JUN"), false, None),
        (None, false, Some("ngo-a")),
    ] {
        let query = FormalisationQuery {
            filters: FormalisationFilters {
                country: None,
                region: region.map(str::to_owned),
                sector: None,
                in_programme_only,
            },
            partner: partner.map(str::to_owned),
        };
        for group in organisations_by {
            for from in [None, Some(date - TimeDelta::days(200))] {
                let kept =
                    counts::organisation_counts(conn, Source::Kept, &query, group, date, from)
                        .unwrap();
                let records =
                    counts::organisation_counts(conn, Source::Records, &query, group, date, from)
                        .unwrap();
                assert_eq!(
                    kept, records,
                    "{context}: organisations {query:?} {group:?} on {date}"
                );
            }
        }
        for group in workers_by {
            let kept = counts::worker_counts(conn, Source::Kept, &query, group, date).unwrap();
            let records =
                counts::worker_counts(conn, Source::Records, &query, group, date).unwrap();
            assert_eq!(
                kept, records,
                "{context}: workers {query:?} {group:?} on {date}"
            );
        }
    }
}

async fn kept_model_equals_the_records(backend: Backend) {
    let seeds: &[u64] = match backend {
        Backend::Sqlite => &[1, 2, 3, 4, 5, 6],
        Backend::Postgres => &[7, 8, 9],
    };
    for &seed in seeds {
        let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
            return;
        };
        let writer = [Scope::MembersRead, Scope::MembersWrite];
        let keys = TestKeys::trusted();
        let office = service.client(Some(keys.token("office", &writer, None)));
        let partner = service.client(Some(keys.token("ngo-a", &writer, Some("ngo-a"))));
        let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x1000_0001));
        let mut made = Made::default();
        for _ in 0..160 {
            step(&office, &partner, &mut dice, &mut made).await;
        }
        let mut conn = service.pool.get().unwrap();
        assert!(periods::is_built(&mut conn).unwrap());
        let (_, workers) = kept_rows(&mut conn);
        assert!(
            !workers.is_empty(),
            "seed {seed}: the history made no worker"
        );
        // The history must exercise the rules: formal organisations and formal jobs.
        let whole = FormalisationQuery {
            filters: FormalisationFilters {
                country: None,
                region: None,
                sector: None,
                in_programme_only: false,
            },
            partner: None,
        };
        let (mut formal_units, mut formal_jobs) = (0, 0);
        for offset in [0, -120, -365] {
            let units = counts::organisation_counts(
                &mut conn,
                Source::Kept,
                &whole,
                None,
                day(offset),
                None,
            )
            .unwrap();
            let jobs =
                counts::worker_counts(&mut conn, Source::Kept, &whole, None, day(offset)).unwrap();
            formal_units += units[0].formal;
            formal_jobs += jobs[0].formal;
        }
        assert!(
            formal_units > 0 && formal_jobs > 0,
            "seed {seed}: a thin history"
        );
        for offset in [0, -1, -30, -120, -200, -365, -500, -800] {
            same_answers(&mut conn, day(offset), &format!("{backend:?} seed {seed}"));
        }
        let kept = kept_rows(&mut conn);
        periods::rebuild_all(&mut conn).unwrap();
        assert_eq!(
            kept_rows(&mut conn),
            kept,
            "{backend:?} seed {seed}: the kept rows differ from a rebuild"
        );
        drop(conn);
        service.stop().await;
    }
}

#[actix_rt::test]
async fn kept_model_equals_the_records_on_sqlite() {
    kept_model_equals_the_records(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn kept_model_equals_the_records_on_postgres() {
    kept_model_equals_the_records(Backend::Postgres).await;
}
