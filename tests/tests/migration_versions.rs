//! Diesel keys a migration by the date-time its folder name starts with: two folders of one
//! component with the same prefix are one migration to it, and the second never runs (two
//! branches each adding `2026-12-09-000000_…` to the members service did exactly that).

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn every_migration_of_a_component_has_its_own_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let components = [
        "gateway",
        "services/members",
        "services/trainings",
        "services/social-protection",
    ];
    for component in components {
        for backend in ["postgres", "sqlite"] {
            let dir = root.join(component).join("migrations").join(backend);
            let mut versions: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for entry in std::fs::read_dir(&dir).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                let version: String = name.chars().filter(char::is_ascii_digit).take(14).collect();
                versions.entry(version).or_default().push(name);
            }
            for (version, names) in versions {
                assert_eq!(
                    names.len(),
                    1,
                    "{component} ({backend}): version {version} is {names:?}"
                );
            }
        }
    }
}
