//! From a file's column names and cells to the fields a kind of record takes: names folded
//! (case, accents, spaces, KoboToolbox group prefixes), Spanish and English aliases, a mapping
//! sent with the job, and the values NGOs write (`DD/MM/YYYY`, `sí`, `femenino`, `jefe de
//! hogar`) turned into the API's.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::{ApiError, FieldError};

/// The column names every kind understands besides its fields' own names (folded as
/// [`fold`] folds them): Spanish, as KoboToolbox forms and spreadsheets in Peru and Bolivia
/// name them, and common English variants. A kind ignores an alias whose field it does not
/// take. Published in the README.
pub const HEADER_ALIASES: &[(&str, &str)] = &[
    // People
    ("nombres", "given_names"),
    ("nombre", "given_names"),
    ("first_name", "given_names"),
    ("apellidos", "family_names"),
    ("apellido", "family_names"),
    ("last_name", "family_names"),
    ("sexo", "sex"),
    ("genero", "sex"),
    ("fecha_nacimiento", "birth_date"),
    ("fecha_de_nacimiento", "birth_date"),
    ("date_of_birth", "birth_date"),
    ("tipo_documento", "id_type"),
    ("tipo_de_documento", "id_type"),
    ("numero_documento", "id_number"),
    ("numero_de_documento", "id_number"),
    ("nro_documento", "id_number"),
    ("dni", "id_number"),
    ("ci", "id_number"),
    ("complemento", "id_complement"),
    ("pais_documento", "id_country"),
    ("expedido", "id_issued_in"),
    ("expedido_en", "id_issued_in"),
    ("telefono", "phone"),
    ("celular", "phone"),
    ("rubro", "sector"),
    ("sector", "sector"),
    ("situacion_laboral", "work_status"),
    ("parentesco", "relationship_to_head"),
    ("relacion_con_jefe", "relationship_to_head"),
    ("consentimiento", "data_sharing_consent"),
    ("consentimiento_datos", "data_sharing_consent"),
    ("miembro_id", "member_id"),
    // NDJSON as `POST /v1/members` takes it: the nested national id, flattened.
    ("national_id_type", "id_type"),
    ("national_id_number", "id_number"),
    ("national_id_country", "id_country"),
    ("national_id_complement", "id_complement"),
    ("national_id_issued_in", "id_issued_in"),
    // Places
    ("pais", "country"),
    ("departamento", "region"),
    ("distrito", "district"),
    ("municipio", "district"),
    ("localidad", "locality"),
    ("comunidad", "locality"),
    // Households
    ("hogar", "household_ref"),
    ("codigo_hogar", "household_ref"),
    ("id_hogar", "household_ref"),
    ("nombre_hogar", "household_name"),
    // Organisations and memberships
    ("organizacion", "organisation_ref"),
    ("codigo_organizacion", "organisation_ref"),
    ("organizacion_id", "organisation_id"),
    ("razon_social", "name"),
    ("tipo_organizacion", "kind"),
    ("estado_legal", "legal_status"),
    ("cargo", "role"),
    ("rol", "role"),
    ("fecha_ingreso", "joined_on"),
    ("fecha_salida", "left_on"),
    ("codigo", "external_ref"),
    ("referencia", "external_ref"),
    // Memberships, registrations and jobs: the organisation by its registry number
    ("ruc", "organisation_number"),
    ("nit", "organisation_number"),
    ("ruc_organizacion", "organisation_number"),
    ("nit_organizacion", "organisation_number"),
    ("registro", "registry"),
    ("entidad_registro", "registry"),
    ("numero_registro", "number"),
    ("numero_de_registro", "number"),
    ("nro_registro", "number"),
    ("regimen_tributario", "tax_regime"),
    ("emitido_por", "issued_by"),
    ("fecha_vencimiento", "expires_on"),
    ("vence", "expires_on"),
    ("evidencia", "evidence"),
    ("ocupacion", "occupation"),
    ("puesto", "occupation"),
    ("tipo_trabajo", "role"),
    ("contrato", "contract"),
    ("tipo_contrato", "contract"),
    ("fecha_inicio", "started_on"),
    ("fecha_de_inicio", "started_on"),
    ("fecha_fin", "ended_on"),
    ("fecha_de_fin", "ended_on"),
    ("seguridad_social", "social_security_registry"),
    ("registro_seguridad_social", "social_security_registry"),
    ("fecha_seguridad_social", "social_security_since"),
    ("asegurado_desde", "social_security_since"),
    // Enrolments (social protection)
    ("esquema", "scheme"),
    ("seguro", "scheme"),
    ("programa_social", "scheme"),
    ("numero_afiliacion", "affiliation_number"),
    ("numero_de_afiliacion", "affiliation_number"),
    ("nro_afiliacion", "affiliation_number"),
    ("estado", "status"),
    ("estado_afiliacion", "status"),
    ("fecha_afiliacion", "effective_on"),
    ("fecha_de_afiliacion", "effective_on"),
    ("fecha_estado", "effective_on"),
    ("verificado_por", "verified_by"),
    // Attendance (trainings)
    ("sesion", "session_id"),
    ("sesion_id", "session_id"),
    ("asistencia", "attendance"),
    ("horas", "hours"),
];

/// Cell values written in Spanish (folded as [`fold`] folds them), per field, and the API's
/// value for each. Published in the README.
pub const VALUE_ALIASES: &[(&str, &str, &str)] = &[
    ("sex", "femenino", "female"),
    ("sex", "mujer", "female"),
    ("sex", "f", "female"),
    ("sex", "masculino", "male"),
    ("sex", "hombre", "male"),
    ("sex", "varon", "male"),
    ("sex", "m", "male"),
    ("relationship_to_head", "jefe", "head"),
    ("relationship_to_head", "jefa", "head"),
    ("relationship_to_head", "jefe_de_hogar", "head"),
    ("relationship_to_head", "jefa_de_hogar", "head"),
    ("relationship_to_head", "conyuge", "spouse"),
    ("relationship_to_head", "esposo", "spouse"),
    ("relationship_to_head", "esposa", "spouse"),
    ("relationship_to_head", "pareja", "spouse"),
    ("relationship_to_head", "hijo", "child"),
    ("relationship_to_head", "hija", "child"),
    ("relationship_to_head", "padre", "parent"),
    ("relationship_to_head", "madre", "parent"),
    ("relationship_to_head", "otro_familiar", "other_relative"),
    ("relationship_to_head", "otro_pariente", "other_relative"),
    ("relationship_to_head", "no_familiar", "non_relative"),
    ("relationship_to_head", "no_pariente", "non_relative"),
    ("sector", "cafe", "coffee"),
    ("sector", "construccion", "construction"),
    ("sector", "alimentos", "food"),
    ("sector", "ingenieria", "engineering"),
    ("sector", "textil", "textile"),
    ("sector", "otro", "other"),
    ("work_status", "independiente", "self_employed"),
    ("work_status", "cuenta_propia", "self_employed"),
    ("work_status", "dependiente", "employee"),
    ("work_status", "empleado", "employee"),
    ("work_status", "empleada", "employee"),
    ("work_status", "empleador", "employer"),
    ("work_status", "empleadora", "employer"),
    (
        "work_status",
        "trabajador_familiar_no_remunerado",
        "unpaid_family_worker",
    ),
    ("work_status", "otro", "other"),
    ("id_type", "dni", "pe_dni"),
    ("id_type", "ce", "pe_ce"),
    ("id_type", "carne_de_extranjeria", "pe_ce"),
    ("id_type", "ci", "bo_ci"),
    ("id_type", "cedula", "bo_ci"),
    ("id_type", "cedula_de_identidad", "bo_ci"),
    ("id_type", "pasaporte", "passport"),
    ("role", "miembro", "member"),
    ("role", "socio", "member"),
    ("role", "socia", "member"),
    ("role", "presidente", "president"),
    ("role", "presidenta", "president"),
    ("role", "tesorero", "treasurer"),
    ("role", "tesorera", "treasurer"),
    ("role", "secretario", "secretary"),
    ("role", "secretaria", "secretary"),
    ("role", "vicepresidente", "vice_president"),
    ("role", "vicepresidenta", "vice_president"),
    ("role", "vocal", "board_member"),
    ("role", "directivo", "board_member"),
    ("role", "directiva", "board_member"),
    ("role", "lider", "leader"),
    ("role", "lideresa", "leader"),
    ("role", "dependiente", "employee"),
    ("role", "empleado", "employee"),
    ("role", "empleada", "employee"),
    ("role", "socio_trabajador", "member_worker"),
    ("role", "socia_trabajadora", "member_worker"),
    ("role", "dueno", "owner"),
    ("role", "duena", "owner"),
    ("role", "propietario", "owner"),
    ("role", "propietaria", "owner"),
    ("role", "independiente", "self_employed"),
    ("role", "cuenta_propia", "self_employed"),
    ("role", "trabajador_familiar", "family_worker"),
    ("role", "trabajadora_familiar", "family_worker"),
    ("contract", "escrito", "written"),
    ("contract", "verbal", "verbal"),
    ("contract", "ninguno", "none"),
    ("contract", "sin_contrato", "none"),
    ("social_security_registry", "t_registro", "pe_t_registro"),
    ("social_security_registry", "essalud", "pe_t_registro"),
    ("social_security_registry", "cns", "bo_cns_gestora"),
    ("social_security_registry", "gestora", "bo_cns_gestora"),
    ("registry", "ruc", "pe_ruc"),
    ("registry", "sunat", "pe_ruc"),
    ("registry", "sunarp", "pe_sunarp"),
    ("registry", "remype", "pe_remype"),
    ("registry", "licencia_municipal", "pe_municipal_licence"),
    ("registry", "nit", "bo_nit"),
    ("registry", "sin", "bo_nit"),
    ("registry", "seprec", "bo_seprec"),
    ("registry", "afcoop", "bo_afcoop"),
    ("status", "suspension", "suspended"),
    ("status", "cancelada", "cancelled"),
    ("status", "cancelado", "cancelled"),
    ("kind", "cooperativa", "cooperative"),
    ("kind", "asociacion", "association"),
    ("kind", "federacion", "federation"),
    ("kind", "pequena_empresa", "small_enterprise"),
    ("legal_status", "informal", "informal"),
    ("legal_status", "en_formacion", "in_formation"),
    ("legal_status", "registrada", "registered"),
    ("legal_status", "registrado", "registered"),
    ("status", "solicitada", "applied"),
    ("status", "solicitado", "applied"),
    ("status", "activa", "active"),
    ("status", "activo", "active"),
    ("status", "afiliada", "active"),
    ("status", "afiliado", "active"),
    ("status", "suspendida", "suspended"),
    ("status", "suspendido", "suspended"),
    ("status", "terminada", "ended"),
    ("status", "terminado", "ended"),
    ("status", "baja", "ended"),
    ("status", "rechazada", "rejected"),
    ("status", "rechazado", "rejected"),
    ("attendance", "asistio", "attended"),
    ("attendance", "presente", "attended"),
    ("attendance", "si", "attended"),
    ("attendance", "x", "attended"),
    ("attendance", "falto", "absent"),
    ("attendance", "ausente", "absent"),
    ("attendance", "no", "absent"),
];

/// What a field holds, for the conversions every kind gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// `YYYY-MM-DD`, also read from `DD/MM/YYYY` (and `D/M/YYYY`).
    Date,
    /// `true`/`false`, also read from yes/no, sí/no, 1/0, x.
    Bool,
    /// One of a set of values; Spanish ones turned into the API's by [`VALUE_ALIASES`].
    Choice,
}

/// A field a kind of import takes, by its canonical (English, API) name.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    /// One line for the partner (README, `--help`).
    pub description: &'static str,
}

impl FieldSpec {
    pub const fn text(name: &'static str, description: &'static str) -> Self {
        Self {
            name,
            ty: FieldType::Text,
            description,
        }
    }

    pub const fn date(name: &'static str, description: &'static str) -> Self {
        Self {
            name,
            ty: FieldType::Date,
            description,
        }
    }

    pub const fn flag(name: &'static str, description: &'static str) -> Self {
        Self {
            name,
            ty: FieldType::Bool,
            description,
        }
    }

    pub const fn choice(name: &'static str, description: &'static str) -> Self {
        Self {
            name,
            ty: FieldType::Choice,
            description,
        }
    }
}

/// A column name as compared: lower case, accents folded, spaces and `-` as `_`, the
/// KoboToolbox group path (`grupo_hogar/nombres`) and a BOM dropped.
pub fn fold(name: &str) -> String {
    let name = name.trim().trim_start_matches('\u{feff}');
    let last = name.rsplit('/').next().unwrap_or(name);
    let folded = deunicode::deunicode(last).to_lowercase();
    let mut out = String::with_capacity(folded.len());
    for c in folded.trim().chars() {
        match c {
            ' ' | '-' | '.' => {
                if !out.ends_with('_') {
                    out.push('_');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A nested name as compared whole: [`fold`] of each segment, joined by `_`
/// (`national_id/number` → `national_id_number`).
pub fn fold_path(name: &str) -> String {
    name.split('/').map(fold).collect::<Vec<_>>().join("_")
}

/// The field a column is read as: the job's mapping first (by the column's name as written or
/// folded), then a field's own name or an alias ([`HEADER_ALIASES`]) of the whole name
/// (`national_id/number`), then of its last segment (KoboToolbox's `grupo_hogar/nombres`).
pub fn field_for(
    header: &str,
    fields: &'static [FieldSpec],
    mapping: &BTreeMap<String, String>,
) -> Option<&'static FieldSpec> {
    let by_name = |name: &str| fields.iter().find(|f| f.name == name);
    let by_alias = |folded: &str| {
        HEADER_ALIASES
            .iter()
            .find(|(alias, _)| *alias == folded)
            .and_then(|(_, field)| by_name(field))
    };
    if let Some(field) = mapping.get(header) {
        return by_name(field);
    }
    let folded = fold(header);
    if let Some((_, field)) = mapping.iter().find(|(column, _)| fold(column) == folded) {
        return by_name(field);
    }
    let whole = fold_path(header);
    by_name(&whole)
        .or_else(|| by_alias(&whole))
        .or_else(|| by_name(&folded))
        .or_else(|| by_alias(&folded))
}

/// How a file's columns map onto a kind's fields: the field of each column (`None`: ignored).
#[derive(Debug, Clone)]
pub struct ColumnMap {
    fields: Vec<Option<&'static FieldSpec>>,
}

/// The column map as a job shows it: each column of the file and the field it was read as.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ColumnsUsed {
    /// Column of the file → field it was read as.
    pub mapped: BTreeMap<String, String>,
    /// Columns of the file no field takes (KoboToolbox's `_id`, `start`, … or typos).
    pub ignored: Vec<String>,
}

/// A mapping sent with a job: the file's column name → the field it holds. Checked against
/// the kind's fields (422 naming the unknown ones).
pub fn check_mapping(
    mapping: &BTreeMap<String, String>,
    fields: &'static [FieldSpec],
) -> Result<(), ApiError> {
    let unknown: Vec<FieldError> = mapping
        .iter()
        .filter(|(_, field)| !fields.iter().any(|f| f.name == field.as_str()))
        .map(|(column, field)| {
            FieldError::new(
                format!("mapping.{column}"),
                "unknown_field",
                format!(
                    "`{field}` is not a field of this kind; the fields are: {}",
                    fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                ),
            )
        })
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(unknown))
    }
}

impl ColumnMap {
    /// Maps a header row, each column by [`field_for`]. A field taken by two columns is a 422
    /// naming both.
    pub fn new(
        headers: &[String],
        fields: &'static [FieldSpec],
        mapping: &BTreeMap<String, String>,
    ) -> Result<(Self, ColumnsUsed), ApiError> {
        let mut used = ColumnsUsed::default();
        let mut taken: BTreeMap<&str, &str> = BTreeMap::new();
        let mut errors = Vec::new();
        let mut map = Vec::with_capacity(headers.len());
        for header in headers {
            let spec = field_for(header, fields, mapping);
            match spec {
                Some(spec) => {
                    if let Some(first) = taken.insert(spec.name, header) {
                        errors.push(FieldError::new(
                            header.clone(),
                            "duplicate_column",
                            format!(
                                "columns `{first}` and `{header}` are both read as `{}`; drop one or map it elsewhere with `mapping`",
                                spec.name
                            ),
                        ));
                    }
                    used.mapped.insert(header.clone(), spec.name.to_owned());
                }
                None if !header.trim().is_empty() => used.ignored.push(header.clone()),
                None => {}
            }
            map.push(spec);
        }
        if errors.is_empty() {
            Ok((Self { fields: map }, used))
        } else {
            Err(ApiError::validation(errors))
        }
    }

    /// The row's cells under their fields' names, values converted; empty cells left out.
    pub fn cells(&self, values: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
        self.fields
            .iter()
            .zip(values)
            .filter_map(|(spec, value)| {
                let spec = (*spec)?;
                let value = value.trim();
                (!value.is_empty()).then(|| (spec.name.to_owned(), convert(spec, value)))
            })
            .collect()
    }
}

/// A cell's value as the API takes it. A value it cannot read is passed on as written, for
/// the record's own validation to refuse with its usual message.
pub fn convert(spec: &FieldSpec, value: &str) -> String {
    match spec.ty {
        FieldType::Text => value.to_owned(),
        FieldType::Date => iso_date(value).unwrap_or_else(|| value.to_owned()),
        FieldType::Bool => match yes_no(value) {
            Some(true) => "true".into(),
            Some(false) => "false".into(),
            None => value.to_owned(),
        },
        FieldType::Choice => {
            let folded = fold(value);
            VALUE_ALIASES
                .iter()
                .find(|(field, spanish, _)| *field == spec.name && *spanish == folded)
                .map(|(_, _, api)| (*api).to_owned())
                .unwrap_or(folded)
        }
    }
}

/// `YYYY-MM-DD` from `YYYY-MM-DD`, `DD/MM/YYYY`, `D/M/YYYY` or `DD-MM-YYYY` (a spreadsheet's
/// date-time keeps its date).
pub fn iso_date(value: &str) -> Option<String> {
    let value = value.trim();
    let date_part = value.split([' ', 'T']).next().unwrap_or(value);
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(date_part, format).ok())
        .map(|date| date.format("%Y-%m-%d").to_string())
}

/// A yes/no cell as NGOs write it.
pub fn yes_no(value: &str) -> Option<bool> {
    match fold(value).as_str() {
        "true" | "yes" | "y" | "1" | "si" | "s" | "x" | "verdadero" => Some(true),
        "false" | "no" | "n" | "0" | "falso" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const FIELDS: &[FieldSpec] = &[
        FieldSpec::text("given_names", ""),
        FieldSpec::text("id_number", ""),
        FieldSpec::date("birth_date", ""),
        FieldSpec::flag("data_sharing_consent", ""),
        FieldSpec::choice("sex", ""),
        FieldSpec::choice("relationship_to_head", ""),
        FieldSpec::text("household_ref", ""),
        FieldSpec::text("phone", ""),
    ];

    #[test]
    fn names_fold_to_fields() {
        for (written, folded) in [
            ("Nombres", "nombres"),
            ("grupo_hogar/Fecha de Nacimiento", "fecha_de_nacimiento"),
            ("\u{feff}Teléfono", "telefono"),
            ("Número-Documento", "numero_documento"),
            ("g1/g2/Código Hogar", "codigo_hogar"),
        ] {
            assert_eq!(fold(written), folded, "{written}");
        }
    }

    #[test]
    fn headers_map_by_alias_name_and_mapping() {
        let headers: Vec<String> = [
            "grupo_persona/Nombres",
            "DNI",
            "fecha_de_nacimiento",
            "_uuid",
            "Consentimiento",
            "cel",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let mapping = BTreeMap::from([("cel".to_owned(), "phone".to_owned())]);
        let (map, used) = ColumnMap::new(&headers, FIELDS, &mapping).unwrap();
        assert_eq!(used.ignored, vec!["_uuid".to_owned()]);
        assert_eq!(used.mapped["grupo_persona/Nombres"], "given_names");
        assert_eq!(used.mapped["DNI"], "id_number");
        let cells = map.cells(
            ["Rosa", "41234567", "12/03/1985", "x", "sí", "999 111 222"]
                .map(str::to_owned)
                .to_vec(),
        );
        assert_eq!(
            cells,
            vec![
                ("given_names".to_owned(), "Rosa".to_owned()),
                ("id_number".into(), "41234567".into()),
                ("birth_date".into(), "1985-03-12".into()),
                ("data_sharing_consent".into(), "true".into()),
                ("phone".into(), "999 111 222".into()),
            ]
        );
    }

    #[test]
    fn two_columns_for_one_field_are_refused() {
        let headers = vec!["dni".to_owned(), "id_number".to_owned()];
        let error = ColumnMap::new(&headers, FIELDS, &BTreeMap::new()).unwrap_err();
        assert_eq!(error.field_errors()[0].code, "duplicate_column");
    }

    #[test]
    fn spanish_values_become_the_apis() {
        let sex = FIELDS[4];
        let relationship = FIELDS[5];
        assert_eq!(convert(&sex, "Femenino"), "female");
        assert_eq!(convert(&sex, "HOMBRE"), "male");
        assert_eq!(convert(&relationship, "Jefe de hogar"), "head");
        assert_eq!(convert(&relationship, "Cónyuge"), "spouse");
        assert_eq!(convert(&relationship, "hija"), "child");
        assert_eq!(convert(&relationship, "child"), "child");
        assert_eq!(iso_date("1/2/1990").as_deref(), Some("1990-02-01"));
        assert_eq!(
            iso_date("1990-02-01 00:00:00").as_deref(),
            Some("1990-02-01")
        );
        assert_eq!(iso_date("31/02/1990"), None);
        assert_eq!(yes_no("Sí"), Some(true));
        assert_eq!(yes_no("NO"), Some(false));
        assert_eq!(yes_no("tal vez"), None);
    }

    #[test]
    fn mapping_to_an_unknown_field_is_refused() {
        let mapping = BTreeMap::from([("cel".to_owned(), "mobile".to_owned())]);
        let error = check_mapping(&mapping, FIELDS).unwrap_err();
        assert_eq!(error.field_errors()[0].field, "mapping.cel");
    }
}
