//! The generated population: the partners' territories, and the households and people in them,
//! drawn from a fixed seed per partner so that every demo is the same, request for request.

use std::fmt::Write as _;

use serde_json::{Value, json};

/// A deterministic pseudo-random sequence (SplitMix64), so every demo is the same.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub(super) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// An age from `from` to `from + span - 1`.
    pub(super) fn age(&mut self, from: i32, span: usize) -> i32 {
        from + i32::try_from(self.below(span)).unwrap_or(0)
    }
}

/// One row of a partner's organisation table.
struct OrganisationSpec {
    key: &'static str,
    name: &'static str,
    kind: &'static str,
    legal_status: &'static str,
    sector: &'static str,
    region: &'static str,
    districts: &'static [&'static str],
    households: usize,
    /// `false` for a cooperative invited from outside the programme: its members are counted,
    /// the cooperative is flagged.
    in_programme: bool,
}

/// An organisation of a partner's territory, and the households that belong to it.
pub(super) struct OrganisationPlan {
    pub(super) key: &'static str,
    pub(super) body: Value,
    /// Households whose members belong to it.
    households: usize,
    pub(super) sector: &'static str,
    pub(super) region: &'static str,
    districts: &'static [&'static str],
}

/// A workshop: (course key, organisation key, date, venue, facilitator).
pub(super) type Workshop = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

pub(super) struct PartnerPlan {
    pub(super) country: &'static str,
    pub(super) prefix: &'static str,
    pub(super) seed: u64,
    /// The federation first, the organisations under it after.
    pub(super) organisations: Vec<OrganisationPlan>,
    pub(super) sessions: &'static [Workshop],
    pub(super) public_schemes: &'static [&'static str],
    pub(super) household_insurance: &'static [&'static str],
    /// Which of this partner's coffee households are covered: indexes into the programme-wide
    /// list of 250, offset by `first_coffee`.
    first_coffee: usize,
}

fn organisation(country: &str, spec: &OrganisationSpec) -> OrganisationPlan {
    let &OrganisationSpec {
        key,
        name,
        kind,
        legal_status,
        sector,
        region,
        districts,
        households,
        in_programme,
    } = spec;
    let mut body = json!({"name": name, "kind": kind, "legal_status": legal_status, "country": country,
                 "region": region, "district": districts.first(), "sector": sector});
    if !in_programme {
        body["in_programme"] = json!(false);
    }
    OrganisationPlan {
        key,
        body,
        households,
        sector,
        region,
        districts,
    }
}

const PERU_ORGANISATIONS: &[OrganisationSpec] = &[
    OrganisationSpec {
        key: "federation",
        name: "Central de Cooperativas Cafetaleras del Centro",
        kind: "federation",
        legal_status: "registered",
        sector: "coffee",
        region: "PE-JUN",
        districts: &["La Merced"],
        households: 0,
        in_programme: true,
    },
    OrganisationSpec {
        key: "perene",
        name: "Cooperativa Agraria Cafetalera Valle del Perené",
        kind: "cooperative",
        legal_status: "registered",
        sector: "coffee",
        region: "PE-JUN",
        districts: &["Perené", "Pichanaqui"],
        households: 45,
        in_programme: true,
    },
    OrganisationSpec {
        key: "san_ignacio",
        name: "Cooperativa de Servicios Múltiples Frontera San Ignacio",
        kind: "cooperative",
        legal_status: "registered",
        sector: "coffee",
        region: "PE-CAJ",
        districts: &["San Ignacio", "Jaén"],
        households: 40,
        in_programme: true,
    },
    OrganisationSpec {
        key: "alto_mayo",
        name: "Asociación de Productores Cafetaleros Alto Mayo",
        kind: "association",
        legal_status: "in_formation",
        sector: "coffee",
        region: "PE-SAM",
        districts: &["Moyobamba", "Rioja"],
        households: 35,
        in_programme: true,
    },
    OrganisationSpec {
        key: "convencion",
        name: "Cooperativa Agraria Valle de La Convención",
        kind: "cooperative",
        legal_status: "registered",
        sector: "coffee",
        region: "PE-CUS",
        districts: &["Santa Ana", "Quellouno"],
        households: 25,
        in_programme: true,
    },
    OrganisationSpec {
        key: "pangoa",
        name: "Cooperativa Agraria Pangoa",
        kind: "cooperative",
        legal_status: "registered",
        sector: "coffee",
        region: "PE-JUN",
        districts: &["San Martín de Pangoa"],
        households: 5,
        in_programme: false,
    },
    OrganisationSpec {
        key: "awana",
        name: "Textiles Awana Cusco",
        kind: "small_enterprise",
        legal_status: "informal",
        sector: "textile",
        region: "PE-CUS",
        districts: &["Cusco"],
        households: 12,
        in_programme: true,
    },
    OrganisationSpec {
        key: "santa_rosa",
        name: "Panificadora Santa Rosa",
        kind: "small_enterprise",
        legal_status: "in_formation",
        sector: "food",
        region: "PE-CAJ",
        districts: &["Cajamarca"],
        households: 10,
        in_programme: true,
    },
    OrganisationSpec {
        key: "manos_unidas",
        name: "Constructora Manos Unidas",
        kind: "small_enterprise",
        legal_status: "informal",
        sector: "construction",
        region: "PE-JUN",
        districts: &["Huancayo"],
        households: 8,
        in_programme: true,
    },
];

const PERU_WORKSHOPS: &[Workshop] = &[
    (
        "labor_rights",
        "perene",
        "2026-03-14",
        "Local comunal de Pichanaqui",
        "Rosa Huamán",
    ),
    (
        "cooperativism",
        "san_ignacio",
        "2026-05-09",
        "Oficina de la cooperativa, San Ignacio",
        "Julio Campos",
    ),
    (
        "vocational",
        "alto_mayo",
        "2026-07-18",
        "Centro de acopio de Rioja",
        "Lucía Ramírez",
    ),
    (
        "financial_education",
        "awana",
        "2026-09-05",
        "Taller Awana, Cusco",
        "Carmen Ccori",
    ),
];

const BOLIVIA_ORGANISATIONS: &[OrganisationSpec] = &[
    OrganisationSpec {
        key: "federation",
        name: "Federación de Caficultores de los Yungas",
        kind: "federation",
        legal_status: "registered",
        sector: "coffee",
        region: "BO-L",
        districts: &["Coroico"],
        households: 0,
        in_programme: true,
    },
    OrganisationSpec {
        key: "yungas_cafe",
        name: "Cooperativa Agropecuaria Yungas Café",
        kind: "cooperative",
        legal_status: "registered",
        sector: "coffee",
        region: "BO-L",
        districts: &["Coroico", "Coripata"],
        households: 60,
        in_programme: true,
    },
    OrganisationSpec {
        key: "caranavi",
        name: "Asociación de Productores de Café Caranavi",
        kind: "association",
        legal_status: "in_formation",
        sector: "coffee",
        region: "BO-L",
        districts: &["Caranavi", "Alto Beni"],
        households: 40,
        in_programme: true,
    },
    OrganisationSpec {
        key: "el_alto",
        name: "Taller Metalmecánico El Alto Unido",
        kind: "small_enterprise",
        legal_status: "informal",
        sector: "engineering",
        region: "BO-L",
        districts: &["El Alto"],
        households: 10,
        in_programme: true,
    },
];

const BOLIVIA_WORKSHOPS: &[Workshop] = &[
    (
        "cooperativism",
        "yungas_cafe",
        "2026-04-25",
        "Salón de la cooperativa, Coroico",
        "Marcelo Choque",
    ),
    (
        "labor_rights",
        "caranavi",
        "2026-08-22",
        "Unidad educativa de Caranavi",
        "Elena Apaza",
    ),
];

pub(super) fn peru() -> PartnerPlan {
    PartnerPlan {
        country: "PE",
        prefix: "TV",
        seed: 0x5EED_0001,
        organisations: PERU_ORGANISATIONS
            .iter()
            .map(|spec| organisation("PE", spec))
            .collect(),
        sessions: PERU_WORKSHOPS,
        public_schemes: &["sis", "sis", "sis", "essalud", "onp"],
        household_insurance: &["mutual_pe", "mutual_pe", "crop_pe"],
        first_coffee: 0,
    }
}

pub(super) fn bolivia() -> PartnerPlan {
    PartnerPlan {
        country: "BO",
        prefix: "YS",
        seed: 0x5EED_0002,
        organisations: BOLIVIA_ORGANISATIONS
            .iter()
            .map(|spec| organisation("BO", spec))
            .collect(),
        sessions: BOLIVIA_WORKSHOPS,
        public_schemes: &["sus", "sus", "sus", "sip"],
        household_insurance: &["mutual_bo", "mutual_bo"],
        first_coffee: 150,
    }
}

const FEMALE: &[&str] = &[
    "María",
    "Rosa",
    "Juana",
    "Carmen",
    "Luz Marina",
    "Elena",
    "Nélida",
    "Flor",
    "Maribel",
    "Yolanda",
    "Gladys",
    "Sonia",
    "Teodora",
    "Lidia",
    "Norma",
    "Delia",
    "Paulina",
    "Irma",
];
const MALE: &[&str] = &[
    "José",
    "Juan Carlos",
    "Luis",
    "Pedro",
    "Teófilo",
    "Wilber",
    "Hugo",
    "Mario",
    "Edwin",
    "Fredy",
    "Germán",
    "Rubén",
    "Saturnino",
    "Víctor",
    "Marcelino",
    "Eusebio",
    "Félix",
    "Rolando",
];
const FAMILY: &[&str] = &[
    "Quispe",
    "Mamani",
    "Huamán",
    "Condori",
    "Flores",
    "Choque",
    "Ramos",
    "Cruz",
    "Apaza",
    "Ccori",
    "Huanca",
    "Tito",
    "Chambi",
    "Torres",
    "Vargas",
    "Rojas",
    "Limachi",
    "Poma",
    "Yupanqui",
    "Cusi",
    "Ticona",
    "Callisaya",
    "Nina",
    "Soto",
];

pub(super) struct PlannedHousehold {
    /// Set once the household is created.
    pub(super) id: String,
    pub(super) organisation: usize,
    /// Position among the programme's coffee households, if it is one.
    pub(super) coffee_index: Option<usize>,
    region: &'static str,
}

/// The partner's households, organisation by organisation: the bodies to create them with,
/// and the plan of each.
pub(super) fn households(
    plan: &PartnerPlan,
    dice: &mut Dice,
) -> (Vec<Value>, Vec<PlannedHousehold>) {
    let mut households = Vec::new();
    let mut coffee_index = plan.first_coffee;
    let mut requests = Vec::new();
    for (index, organisation) in plan.organisations.iter().enumerate() {
        for _ in 0..organisation.households {
            let number = requests.len() + 1;
            let family = format!("{} {}", dice.pick(FAMILY), dice.pick(FAMILY));
            let district = dice.pick(organisation.districts);
            requests.push(json!({
            "name": format!("Familia {family}"), "country": plan.country, "region": organisation.region,
            "district": district, "locality": format!("Sector {}", 1 + dice.below(12)),
            "external_ref": format!("{}-{number:04}", plan.prefix),
        }));
            households.push(PlannedHousehold {
                id: String::new(),
                organisation: index,
                coffee_index: (organisation.sector == "coffee").then(|| {
                    coffee_index += 1;
                    coffee_index - 1
                }),
                region: organisation.region,
            });
        }
    }
    (requests, households)
}

/// The header of the members spreadsheet.
const MEMBERS_HEADER: &str = "given_names,family_names,sex,birth_date,id_type,id_number,id_issued_in,phone,sector,work_status,country,region,household_id,relationship_to_head,data_sharing_consent,organisation_id,role\n";

/// One person of a household's roster.
struct Person {
    relationship: &'static str,
    female: bool,
    age: i32,
}

/// The members of every household as one spreadsheet (head, spouse, children and sometimes a
/// parent), and who each row is: (household, relationship).
pub(super) fn members_csv(
    plan: &PartnerPlan,
    dice: &mut Dice,
    households: &[PlannedHousehold],
    organisation_ids: &[String],
) -> (String, Vec<(usize, &'static str)>) {
    let mut csv = String::from(MEMBERS_HEADER);
    let mut people: Vec<(usize, &'static str)> = Vec::new(); // (household, relationship)
    let mut document = plan.seed % 997;
    for (h, household) in households.iter().enumerate() {
        let surname_a = dice.pick(FAMILY);
        let surname_b = dice.pick(FAMILY);
        let surnames = format!("{surname_a} {surname_b}");
        for person in roster(dice) {
            document += 1;
            let organisation_id = organisation_ids[household.organisation].as_str();
            let line = member_line(
                plan,
                dice,
                (h, household),
                &person,
                &surnames,
                document,
                organisation_id,
            );
            let _ = writeln!(csv, "{line}");
            people.push((h, person.relationship));
        }
    }
    (csv, people)
}

/// A household's roster: the head, a spouse, up to two children, sometimes a parent.
fn roster(dice: &mut Dice) -> Vec<Person> {
    let head_female = dice.chance(35);
    let person = |relationship, female, age| Person {
        relationship,
        female,
        age,
    };
    let mut roster = vec![person("head", head_female, dice.age(30, 35))];
    if dice.chance(80) {
        roster.push(person("spouse", !head_female, dice.age(28, 35)));
    }
    for _ in 0..dice.below(3) {
        let female = dice.chance(50);
        roster.push(person("child", female, dice.age(15, 12)));
    }
    if dice.chance(15) {
        let female = dice.chance(50);
        roster.push(person("parent", female, dice.age(66, 15)));
    }
    roster
}

/// One member's spreadsheet line; the dice are drawn in the same order for every row.
fn member_line(
    plan: &PartnerPlan,
    dice: &mut Dice,
    (h, household): (usize, &PlannedHousehold),
    person: &Person,
    surnames: &str,
    document: u64,
    organisation_id: &str,
) -> String {
    let &Person {
        relationship,
        female,
        age,
    } = person;
    let organisation = &plan.organisations[household.organisation];
    let given = if female {
        dice.pick(FEMALE)
    } else {
        dice.pick(MALE)
    };
    let family = if relationship == "child" || relationship == "head" {
        surnames.to_owned()
    } else {
        format!("{} {}", dice.pick(FAMILY), dice.pick(FAMILY))
    };
    let birth = format!(
        "{}-{:02}-{:02}",
        2026 - age,
        1 + dice.below(12),
        1 + dice.below(28)
    );
    let (id_type, number, issued_in) = national_id(plan.country, document);
    let sector = match relationship {
        "head" | "spouse" => organisation.sector,
        "child" if age >= 18 && dice.chance(50) => organisation.sector,
        _ => "other",
    };
    let work_status = work_status(relationship, sector);
    let phone = if age >= 18 && dice.chance(70) {
        if plan.country == "PE" {
            format!("+51 9{:08}", dice.below(100_000_000))
        } else {
            format!("+591 7{:07}", dice.below(10_000_000))
        }
    } else {
        String::new()
    };
    let consent = if dice.chance(80) { "sí" } else { "no" };
    let (organisation_id, role) = if relationship == "head" {
        let role = if h % 15 == 0 {
            "board_member"
        } else {
            "member"
        };
        (organisation_id, role)
    } else {
        ("", "")
    };
    format!(
        "{given},{family},{},{birth},{id_type},{number},{issued_in},{phone},{sector},{work_status},{},{},{},{relationship},{consent},{organisation_id},{role}",
        if female { "female" } else { "male" },
        plan.country,
        household.region,
        household.id,
    )
}

/// A national ID of the country's usual kind, numbered from the running `document` count:
/// (type, number, issuing department).
fn national_id(country: &str, document: u64) -> (&'static str, String, &'static str) {
    if country == "PE" {
        (
            "pe_dni",
            format!("{:08}", 40_000_000 + (document * 104_729) % 9_999_999),
            "",
        )
    } else {
        (
            "bo_ci",
            format!("{}", 3_000_000 + (document * 7_919) % 6_000_000),
            "LP",
        )
    }
}

fn work_status(relationship: &str, sector: &str) -> &'static str {
    match (relationship, sector) {
        ("head", _) => "self_employed",
        ("spouse", "coffee") => "unpaid_family_worker",
        ("spouse", _) => "employee",
        (_, "other") => "other",
        _ => "unpaid_family_worker",
    }
}
