//! A spooled file read as rows, one at a time: CSV (`,` or `;`, UTF-8 or Latin-1, BOM or
//! not), NDJSON (nested objects flattened with `/`) and `.xlsx` (the first sheet). Each row
//! comes with its line in the file and its cells under the kind's field names
//! ([`super::columns`]). CSV and NDJSON are never held whole in memory; an `.xlsx` file is a
//! zip that calamine reads sheet by sheet, so its first sheet is.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader};

use super::columns::{ColumnMap, ColumnsUsed, FieldSpec, field_for};
use crate::error::{ApiError, FieldError};

/// The formats a job takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Ndjson,
}

/// The `.xlsx` media type.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl Format {
    /// The format a `Content-Type` names.
    pub fn of_media_type(media: &str) -> Option<Self> {
        match media {
            "text/csv" | "application/csv" => Some(Format::Csv),
            XLSX_MEDIA_TYPE => Some(Format::Xlsx),
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonlines" => Some(Format::Ndjson),
            _ => None,
        }
    }

    /// The format a `format=` parameter (or a file's extension) names.
    pub fn of_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Ndjson => "ndjson",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Xlsx => XLSX_MEDIA_TYPE,
            Format::Ndjson => "application/x-ndjson",
        }
    }
}

/// One row of the file: its line (CSV and NDJSON: the line it starts on, the header being line
/// 1 of a CSV; xlsx: the sheet's row number) and its non-empty cells, by field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub line: u64,
    pub cells: Vec<(String, String)>,
}

impl SourceRow {
    /// The cell of `field`, if the row has it.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }
}

/// A row that could not be read as one (a CSV row with the wrong number of cells, a line that
/// is not a JSON object): refused with this error, the others go on.
#[derive(Debug, Clone)]
pub struct BadRow {
    pub line: u64,
    pub error: FieldError,
}

pub type SourceItem = Result<SourceRow, BadRow>;

/// What a first pass over the file found: how many rows, and how a CSV is written.
#[derive(Debug, Clone, Copy)]
pub struct Inspection {
    pub rows: u64,
    csv: Option<CsvDialect>,
}

#[derive(Debug, Clone, Copy)]
struct CsvDialect {
    delimiter: u8,
    latin1: bool,
}

/// The rows of a file, in order, with the columns it mapped.
pub struct Source {
    pub columns: ColumnsUsed,
    rows: Box<dyn Iterator<Item = SourceItem> + Send>,
}

impl Iterator for Source {
    type Item = SourceItem;

    fn next(&mut self) -> Option<SourceItem> {
        self.rows.next()
    }
}

fn unreadable(what: &str, error: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!("cannot read the file as {what}: {error}"))
}

/// Counts the rows and, for a CSV, finds its separator and encoding (one streaming pass).
pub fn inspect(path: &Path, format: Format) -> Result<Inspection, ApiError> {
    match format {
        Format::Csv => inspect_csv(path),
        Format::Ndjson => {
            let reader = BufReader::new(File::open(path).map_err(|e| unreadable("NDJSON", e))?);
            let mut rows = 0;
            for line in reader.split(b'\n') {
                let line = line.map_err(|e| unreadable("NDJSON", e))?;
                if !line.iter().all(u8::is_ascii_whitespace) {
                    rows += 1;
                }
            }
            Ok(Inspection { rows, csv: None })
        }
        Format::Xlsx => {
            let rows = first_sheet(path)?.height().saturating_sub(1);
            Ok(Inspection {
                rows: u64::try_from(rows).unwrap_or(u64::MAX),
                csv: None,
            })
        }
    }
}

/// Opens the file as rows of `fields`, the job's `mapping` first.
pub fn open(
    path: &Path,
    format: Format,
    inspection: &Inspection,
    fields: &'static [FieldSpec],
    mapping: &BTreeMap<String, String>,
) -> Result<Source, ApiError> {
    match (format, inspection.csv) {
        (Format::Csv, Some(dialect)) => open_csv(path, dialect, fields, mapping),
        (Format::Csv, None) => open_csv(path, inspect_csv(path)?.csv_or_default(), fields, mapping),
        (Format::Ndjson, _) => open_ndjson(path, fields, mapping),
        (Format::Xlsx, _) => open_xlsx(path, fields, mapping),
    }
}

impl Inspection {
    fn csv_or_default(self) -> CsvDialect {
        self.csv.unwrap_or(CsvDialect {
            delimiter: b',',
            latin1: false,
        })
    }
}

// ---- CSV ----

/// `;` when the header line has more of them than `,` (Excel in Peru and Bolivia, whose
/// decimal separator is the comma, writes `;`). Give it the file's start: it looks at the
/// first line.
pub fn sniff_delimiter(text: &[u8]) -> u8 {
    let header = text.split(|b| *b == b'\n').next().unwrap_or(text);
    let count = |byte: u8| header.iter().filter(|b| **b == byte).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// A whole (small) file's text: UTF-8, or else Windows-1252 (Latin-1 as Excel saves it), for
/// the synchronous import, which holds its body.
pub fn decode_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn inspect_csv(path: &Path) -> Result<Inspection, ApiError> {
    let mut reader = BufReader::new(File::open(path).map_err(|e| unreadable("CSV", e))?);
    let mut header = Vec::new();
    reader
        .read_until(b'\n', &mut header)
        .map_err(|e| unreadable("CSV", e))?;
    let delimiter = sniff_delimiter(&header);
    let mut latin1 = std::str::from_utf8(&header).is_err();
    let file = File::open(path).map_err(|e| unreadable("CSV", e))?;
    let mut csv = csv_builder(delimiter).from_reader(BufReader::with_capacity(1 << 16, file));
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                rows += 1;
                if !latin1 && record.iter().any(|f| std::str::from_utf8(f).is_err()) {
                    latin1 = true;
                }
            }
            // A malformed row is counted; reading it again reports it.
            Err(error) if !matches!(error.kind(), csv::ErrorKind::Io(_)) => rows += 1,
            Err(error) => return Err(unreadable("CSV", error)),
        }
    }
    Ok(Inspection {
        rows,
        csv: Some(CsvDialect { delimiter, latin1 }),
    })
}

fn csv_builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        // Lines end at `\n`; a `\r` before it is trimmed with the cell. (With `\r\n` as one
        // terminator the csv crate numbers each record from the line before it.)
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(false)
        .trim(csv::Trim::All)
        .has_headers(true);
    builder
}

fn open_csv(
    path: &Path,
    dialect: CsvDialect,
    fields: &'static [FieldSpec],
    mapping: &BTreeMap<String, String>,
) -> Result<Source, ApiError> {
    let file =
        BufReader::with_capacity(1 << 16, File::open(path).map_err(|e| unreadable("CSV", e))?);
    let text: Box<dyn Read + Send> = if dialect.latin1 {
        Box::new(Latin1Reader::new(file))
    } else {
        Box::new(file)
    };
    let mut reader = csv_builder(dialect.delimiter).from_reader(text);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable("CSV (its header row)", e))?
        .iter()
        .map(str::to_owned)
        .collect();
    let (map, columns) = ColumnMap::new(&headers, fields, mapping)?;
    let rows = reader
        .into_records()
        .enumerate()
        .map(move |(index, record)| {
            let fallback = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
            match record {
                Ok(record) => Ok(SourceRow {
                    line: record.position().map_or(fallback, |p| p.line()),
                    cells: map.cells(record.iter().map(str::to_owned)),
                }),
                Err(error) => Err(BadRow {
                    line: error.position().map_or(fallback, |p| p.line()),
                    error: FieldError::new("row", "malformed_csv", error.to_string()),
                }),
            }
        });
    Ok(Source {
        columns,
        rows: Box::new(rows),
    })
}

/// A Windows-1252 (Latin-1 as Excel writes it) byte stream read as UTF-8.
struct Latin1Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    /// Decoded text not yet handed out: `decoded[taken..]`.
    decoded: Vec<u8>,
    taken: usize,
    done: bool,
}

impl<R: Read> Latin1Reader<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            decoder: encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling(),
            input: vec![0; 1 << 15],
            decoded: Vec::with_capacity(3 << 15),
            taken: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Latin1Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.taken == self.decoded.len() && !self.done {
            let read = self.inner.read(&mut self.input)?;
            self.done = read == 0;
            // A Windows-1252 byte is at most 3 bytes of UTF-8.
            self.decoded.resize(read * 3 + 16, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[..read], &mut self.decoded, self.done);
            self.decoded.truncate(written);
            self.taken = 0;
        }
        let n = out.len().min(self.decoded.len() - self.taken);
        out[..n].copy_from_slice(&self.decoded[self.taken..self.taken + n]);
        self.taken += n;
        Ok(n)
    }
}

// ---- NDJSON ----

/// A JSON value flattened into `(path, text)` cells: nested objects joined with `/`.
fn flatten(prefix: &str, value: serde_json::Value, out: &mut Vec<(String, String)>) {
    let key = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}/{name}")
        }
    };
    match value {
        serde_json::Value::Object(object) => {
            for (name, value) in object {
                flatten(&key(&name), value, out);
            }
        }
        serde_json::Value::Null => {}
        serde_json::Value::String(text) => out.push((prefix.to_owned(), text)),
        serde_json::Value::Bool(flag) => out.push((prefix.to_owned(), flag.to_string())),
        serde_json::Value::Number(number) => out.push((prefix.to_owned(), number.to_string())),
        other @ serde_json::Value::Array(_) => out.push((prefix.to_owned(), other.to_string())),
    }
}

fn open_ndjson(
    path: &Path,
    fields: &'static [FieldSpec],
    mapping: &BTreeMap<String, String>,
) -> Result<Source, ApiError> {
    let reader = BufReader::with_capacity(
        1 << 16,
        File::open(path).map_err(|e| unreadable("NDJSON", e))?,
    );
    let mapping = mapping.clone();
    let mut columns = ColumnsUsed::default();
    // The columns a job shows are those of its first line (lines may differ).
    if let Some(Ok(line)) = BufReader::new(File::open(path).map_err(|e| unreadable("NDJSON", e))?)
        .lines()
        .find(|l| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
        && let Ok(value @ serde_json::Value::Object(_)) = serde_json::from_str(&line)
    {
        let mut cells = Vec::new();
        flatten("", value, &mut cells);
        for (name, _) in cells {
            match field_for(&name, fields, &mapping) {
                Some(field) => {
                    columns.mapped.insert(name, field.name.to_owned());
                }
                None => columns.ignored.push(name),
            }
        }
    }
    let rows = reader
        .split(b'\n')
        .enumerate()
        .filter_map(move |(index, line)| {
            let line_number = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
            let bad = |code: &str, message: String| {
                Some(Err(BadRow {
                    line: line_number,
                    error: FieldError::new("row", code, message),
                }))
            };
            let bytes = match line {
                Ok(bytes) => bytes,
                Err(error) => return bad("unreadable", error.to_string()),
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            let object = match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(object @ serde_json::Value::Object(_)) => object,
                Ok(_) => return bad("invalid_type", "each line must be a JSON object".into()),
                Err(error) => return bad("malformed_json", error.to_string()),
            };
            let mut flat = Vec::new();
            flatten("", object, &mut flat);
            let mut cells: Vec<(String, String)> = Vec::with_capacity(flat.len());
            for (name, value) in flat {
                let Some(field) = field_for(&name, fields, &mapping) else {
                    continue;
                };
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                if cells.iter().any(|(taken, _)| taken == field.name) {
                    return bad(
                        "duplicate_column",
                        format!("two keys of this line are both read as `{}`", field.name),
                    );
                }
                cells.push((field.name.to_owned(), super::columns::convert(field, value)));
            }
            Some(Ok(SourceRow {
                line: line_number,
                cells,
            }))
        });
    Ok(Source {
        columns,
        rows: Box::new(rows),
    })
}

// ---- xlsx ----

fn first_sheet(path: &Path) -> Result<calamine::Range<Data>, ApiError> {
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| unreadable("xlsx", e))?;
    match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => Ok(range),
        Some(Err(error)) => Err(unreadable("xlsx", error)),
        None => Err(ApiError::bad_request("the workbook has no sheet")),
    }
}

/// A cell as text: whole numbers without `.0` (a DNI typed as a number), dates as
/// `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(flag) => flag.to_string(),
        Data::DateTime(moment) => moment
            .as_datetime()
            .map(|m| m.date().format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| moment.to_string()),
        Data::DateTimeIso(text) => text.chars().take(10).collect(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(error) => format!("#{error:?}"),
    }
}

fn open_xlsx(
    path: &Path,
    fields: &'static [FieldSpec],
    mapping: &BTreeMap<String, String>,
) -> Result<Source, ApiError> {
    let range = first_sheet(path)?;
    let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|row| row.iter().map(cell_text).collect())
        .unwrap_or_default();
    let (map, columns) = ColumnMap::new(&headers, fields, mapping)?;
    // calamine holds the sheet; the rows are taken from it as text once.
    let rows: Vec<SourceRow> = rows
        .enumerate()
        .map(|(index, row)| SourceRow {
            // Row numbers as the spreadsheet shows them: the header is `first_row + 1`.
            line: first_row + u64::try_from(index).unwrap_or(u64::MAX) + 2,
            cells: map.cells(row.iter().map(cell_text)),
        })
        .filter(|row| !row.cells.is_empty())
        .collect();
    Ok(Source {
        columns,
        rows: Box::new(rows.into_iter().map(Ok)),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::imports::columns::FieldSpec;

    const FIELDS: &[FieldSpec] = &[
        FieldSpec::text("given_names", ""),
        FieldSpec::text("family_names", ""),
        FieldSpec::text("id_number", ""),
        FieldSpec::date("birth_date", ""),
    ];

    fn read(bytes: &[u8], format: Format) -> (Vec<SourceItem>, ColumnsUsed, u64) {
        let dir = tempfile_dir();
        let path = dir.join(format!("file.{}", format.name()));
        std::fs::write(&path, bytes).unwrap();
        let inspection = inspect(&path, format).unwrap();
        let source = open(&path, format, &inspection, FIELDS, &BTreeMap::new()).unwrap();
        let columns = source.columns.clone();
        let rows = source.collect();
        std::fs::remove_dir_all(&dir).unwrap();
        (rows, columns, inspection.rows)
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("fz-source-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn cells(item: &SourceItem) -> Vec<(&str, &str)> {
        item.as_ref()
            .unwrap()
            .cells
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn a_semicolon_latin1_csv_with_spanish_headers() {
        // "Nombres;Apellidos;DNI;Fecha de nacimiento" in Windows-1252, with an "ñ" and an "é".
        let mut bytes = b"Nombres;Apellidos;DNI;Fecha de nacimiento;_uuid\r\n".to_vec();
        bytes.extend_from_slice(b"Jos\xe9;Pe\xf1a;41234567;12/03/1985;abc\r\n");
        bytes.extend_from_slice(b"Ana;\"Quispe; Mamani\";41234568;1990-01-02;def\r\n");
        let (rows, columns, total) = read(&bytes, Format::Csv);
        assert_eq!(total, 2);
        assert_eq!(columns.ignored, vec!["_uuid".to_owned()]);
        assert_eq!(
            cells(&rows[0]),
            vec![
                ("given_names", "José"),
                ("family_names", "Peña"),
                ("id_number", "41234567"),
                ("birth_date", "1985-03-12"),
            ]
        );
        assert_eq!(rows[1].as_ref().unwrap().line, 3);
        assert_eq!(cells(&rows[1])[1], ("family_names", "Quispe; Mamani"));
    }

    #[test]
    fn a_utf8_csv_with_bom_and_a_malformed_row() {
        let text =
            "\u{feff}given_names,family_names,id_number\nRosa,Huamán,1\nsolo,dos\nLuis,Apaza,3\n";
        let (rows, _, total) = read(text.as_bytes(), Format::Csv);
        assert_eq!(total, 3);
        assert_eq!(cells(&rows[0])[1], ("family_names", "Huamán"));
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!((bad.line, bad.error.code.as_str()), (3, "malformed_csv"));
        assert_eq!(rows[2].as_ref().unwrap().line, 4);
    }

    #[test]
    fn ndjson_nested_objects_are_flattened() {
        let text = b"{\"grupo/nombres\": \"Rosa\", \"national_id\": {\"number\": \"41234567\"}, \"edad\": 30}\n\n[1]\n{\"apellidos\": \"Apaza\"}\n";
        let (rows, columns, total) = read(text, Format::Ndjson);
        assert_eq!(total, 3);
        assert_eq!(columns.ignored, vec!["edad".to_owned()]);
        assert_eq!(
            cells(&rows[0]),
            vec![("given_names", "Rosa"), ("id_number", "41234567")]
        );
        assert_eq!(rows[1].as_ref().unwrap_err().line, 3);
        assert_eq!(rows[2].as_ref().unwrap().line, 4);
    }

    #[test]
    fn latin1_reads_through_small_buffers() {
        let mut reader = Latin1Reader::new(&b"Pe\xf1a"[..]);
        let mut out = Vec::new();
        let mut buffer = [0u8; 1];
        loop {
            let n = reader.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buffer[..n]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), "Peña");
    }
}
