//! Import and export of spreadsheet files (issue items 4 and 5), without SQL or terminal:
//! reading CSV (comma, semicolon or tab, detected; UTF-8 with or without a byte-order mark;
//! CRLF or LF; quoted fields) and `.xlsx` into rows of text, recognising columns by their
//! headers in Indonesian or English, validating each row into a record the store can
//! save ([`rows`]), and writing exports as CSV, `.xlsx` or JSON ([`out`]); [`messages`]
//! words kinds and problems for the user.

pub mod messages;
pub mod out;
pub mod rows;

/// What a file holds, recognised by its headers (and chosen by `export --what`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Households,
    Members,
    Activities,
    Graduations,
    Referrals,
    /// Payments per tahap (`payments`).
    Payments,
    /// Commitment verifications (`verifications`).
    Verifications,
    /// P2K2 groups (`p2k2_groups`) with their households' No KKs.
    Groups,
    /// Life events (`life_events`) with the member's NIK and name and a birth's child.
    LifeEvents,
    /// Supervisors' sign-offs (`signoffs`), every column of the table.
    SignOffs,
}

// The `--what` word and the xlsx sheet name.
pilar_core::keyed!(Kind; 10;
    Households => "households",
    Members => "members",
    Activities => "activities",
    Graduations => "graduations",
    Referrals => "referrals",
    Payments => "payments",
    Verifications => "verifications",
    Groups => "groups",
    LifeEvents => "life-events",
    SignOffs => "signoffs",
);

impl Kind {
    /// The columns an export writes, in order (the importer reads them back): the
    /// declared record's file columns (`pilar_core::records`, [`Kind::table`]).
    pub fn columns(self) -> &'static [Col] {
        pilar_core::records::record(self.table()).map_or(&[], |r| r.file_columns())
    }

    /// The declared table a kind's rows are (its key, but `p2k2_groups` for groups).
    pub fn table(self) -> &'static str {
        match self {
            Kind::Groups => "p2k2_groups",
            Kind::LifeEvents => "life_events",
            Kind::SignOffs => "signoffs",
            k => k.key(),
        }
    }

    /// Recognises a file's kind from the columns its header row names.
    pub fn detect(cols: &[Option<Col>]) -> Option<Kind> {
        let has = |c: Col| cols.contains(&Some(c));
        // The month's kinds first: a verification's reason is not a graduation's.
        if has(Col::SupervisorId) || has(Col::FacilitatorId) {
            Some(Kind::SignOffs)
        } else if has(Col::Tahap) {
            Some(Kind::Payments)
        } else if has(Col::Outcome) || has(Col::Month) && has(Col::MemberId) {
            Some(Kind::Verifications)
        } else if has(Col::EventKind) {
            Some(Kind::LifeEvents)
        } else if has(Col::Families) {
            Some(Kind::Groups)
        } else if has(Col::Summary) || has(Col::ActivityKind) {
            Some(Kind::Activities)
        } else if has(Col::ExitKind) || has(Col::Reason) || has(Col::Undone) {
            Some(Kind::Graduations)
        } else if has(Col::Agency) || has(Col::Program) && has(Col::Date) {
            Some(Kind::Referrals)
        } else if has(Col::Village) || has(Col::Desil) || has(Col::Address) {
            Some(Kind::Households)
        } else if has(Col::Relation) || has(Col::Sex) || has(Col::Birth) || has(Col::Component) {
            Some(Kind::Members)
        } else if has(Col::NoKk) && has(Col::Nik) && has(Col::Name) {
            Some(Kind::Households)
        } else {
            None
        }
    }
}

pub use pilar_core::records::{Col, normalize_header};

/// One data row: its line in the file (the spreadsheet's row number for xlsx) and cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A file (or sheet) read into text: the header row, then the data rows. Rows that could
/// not be read (broken quoting, not UTF-8) are kept apart with their line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    pub broken: Vec<(usize, Broken)>,
    /// Where the table is, for messages when an import reads more than one: a workbook's
    /// sheet, or a second file (`--members`). `None` for a lone CSV file.
    pub place: Option<Place>,
}

/// Where a table came from, named in its problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A workbook's sheet, by name.
    Sheet(String),
    /// A file, by the name it was given.
    File(String),
}

/// Why a row of a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// The row has a different number of cells than the header (usually a stray quote).
    Cells { found: usize, expected: usize },
    /// Not UTF-8 text.
    Encoding,
    /// The CSV reader's own error (quoting it could not follow).
    Csv(String),
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No header row.
    Empty,
    /// `.xlsx` that is not a workbook, or a workbook without sheets.
    Workbook(String),
    /// Text saved as UTF-16 (its byte-order mark), not UTF-8.
    Utf16,
    /// `.json` that is not an array of objects (what the JSON parser said, or which item).
    Json(String),
    /// A sheet whose used range reaches past [`MAX_SHEET_ROWS`] rows or
    /// [`MAX_SHEET_COLUMNS`] columns (or holds more than [`MAX_SHEET_CELLS`] cells): its
    /// name and how far it reaches (rows, columns).
    SheetTooLarge {
        sheet: String,
        rows: u64,
        columns: u64,
    },
}

/// The most rows, columns and filled cells a workbook's sheet may have: a sheet reaching
/// further (a stray cell at XFD1048576) is refused before anything is allocated for it.
pub const MAX_SHEET_ROWS: u32 = 1_000_000;
pub const MAX_SHEET_COLUMNS: u32 = 200;
pub const MAX_SHEET_CELLS: usize = 50_000_000;

impl Table {
    /// The column each header names (None for a header pilar does not know).
    pub fn columns(&self) -> Vec<Option<Col>> {
        let mut seen = Vec::new();
        self.headers
            .iter()
            .map(|h| {
                let c = Col::from_header(h).filter(|c| !seen.contains(c));
                if let Some(c) = c {
                    seen.push(c);
                }
                c
            })
            .collect()
    }

    /// Headers that name no known column (ignored by the import).
    pub fn unknown_headers(&self) -> Vec<String> {
        self.headers
            .iter()
            .zip(self.columns())
            .filter(|(h, c)| c.is_none() && !h.trim().is_empty())
            .map(|(h, _)| h.clone())
            .collect()
    }

    pub fn kind(&self) -> Option<Kind> {
        Kind::detect(&self.columns())
    }
}

/// The separator of a CSV file: whichever of `;`, `,` and tab appears most (outside
/// quotes) in its first line; comma when none does.
pub fn detect_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(1);
    if counts[best] == 0 {
        return b',';
    }
    [b';', b',', b'\t'][best]
}

/// Reads CSV bytes: UTF-8 with or without BOM, CRLF or LF, `;` `,` or tab separated,
/// quoted fields. Never panics, whatever the bytes.
pub fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = detect_delimiter(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut table = Table::default();
    let mut header: Option<usize> = None;
    let mut record = csv::ByteRecord::new();
    // Lines are counted here: the reader's own count lags behind CRLF line ends.
    let mut lines = LineCounter::default();
    loop {
        let before = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = lines.line_at(bytes, before);
                table.broken.push((line, Broken::Csv(e.to_string())));
                continue;
            }
        }
        let start = record.position().map_or(before, |p| p.byte() as usize);
        let line = lines.line_at(bytes, start);
        // Blank lines (one empty cell) are skipped.
        if record.len() == 1 && record[0].iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let cells: Option<Vec<String>> = record
            .iter()
            .map(|c| std::str::from_utf8(c).ok().map(str::to_string))
            .collect();
        let Some(cells) = cells else {
            table.broken.push((line, Broken::Encoding));
            continue;
        };
        match header {
            None => {
                header = Some(cells.len());
                table.headers = cells;
            }
            Some(expected) => {
                // A trailing empty cell or two (a spreadsheet's stray separator) is fine.
                let mut cells = cells;
                while cells.len() > expected && cells.last().is_some_and(|c| c.trim().is_empty()) {
                    cells.pop();
                }
                if cells.len() > expected || (cells.len() < expected && has_quote(&cells)) {
                    table.broken.push((
                        line,
                        Broken::Cells {
                            found: cells.len(),
                            expected,
                        },
                    ));
                    continue;
                }
                cells.resize(expected, String::new());
                table.rows.push(Row { line, cells });
            }
        }
    }
    if header.is_none() {
        return Err(ReadError::Empty);
    }
    Ok(table)
}

/// Reads a JSON file as `pilar export --format json` writes it: an array of objects keyed
/// by the column headers. Each object is a row (its line is its place in the array plus
/// one, as if the array were a CSV file under a header row); the headers are every key,
/// in the order first met. A string is its text, a number as written, a boolean `ya` or
/// `tidak`, `null` empty. Never panics, whatever the bytes.
pub fn read_json(bytes: &[u8]) -> Result<Table, ReadError> {
    use serde_json::Value;
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| ReadError::Json(e.to_string()))?;
    let Value::Array(items) = value else {
        return Err(ReadError::Json("[ ... ]".into()));
    };
    let mut objects = Vec::with_capacity(items.len());
    let mut headers: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(ReadError::Json(format!("#{}: {{ ... }}", i + 1)));
        };
        for key in map.keys() {
            if !index.contains_key(key) {
                index.insert(key.clone(), headers.len());
                headers.push(key.clone());
            }
        }
        objects.push(map);
    }
    if headers.is_empty() {
        return Err(ReadError::Empty);
    }
    let rows = objects
        .into_iter()
        .enumerate()
        .map(|(i, map)| {
            let mut cells = vec![String::new(); headers.len()];
            for (key, v) in map {
                cells[index[&key]] = match v {
                    Value::Null => String::new(),
                    Value::String(s) => s,
                    Value::Bool(b) => if b { "ya" } else { "tidak" }.into(),
                    other => other.to_string(),
                };
            }
            Row { line: i + 2, cells }
        })
        .collect();
    Ok(Table {
        headers,
        rows,
        ..Table::default()
    })
}

/// Line numbers of byte offsets met in increasing order.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// The line of the first character at or after `offset` that is not a line end.
    fn line_at(&mut self, bytes: &[u8], offset: usize) -> usize {
        let mut at = offset.min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        if at >= self.offset {
            self.line += bytes[self.offset..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.offset = at;
        }
        self.line + 1
    }
}

/// A cell with a line break or a quote in it: the sign of a quote left open.
fn has_quote(cells: &[String]) -> bool {
    cells.iter().any(|c| c.contains(['"', '\n']))
}

/// Reads every sheet of an `.xlsx` workbook (name and table), in workbook order. Numbers
/// that a spreadsheet stored as numbers come back as it would show them: 16-digit ones in
/// scientific notation (their last digits are gone), so the NIK check explains it. Cells
/// are read one by one, so memory follows the cells a sheet holds, not its used range; a
/// sheet reaching past the limits is refused ([`ReadError::SheetTooLarge`]). Never panics,
/// whatever the bytes.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<(String, Table)>, ReadError> {
    std::panic::catch_unwind(|| read_workbook(bytes))
        .unwrap_or_else(|_| Err(ReadError::Workbook("?".into())))
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<(String, Table)>, ReadError> {
    use calamine::{Reader, Xlsx};
    let workbook = |e: calamine::XlsxError| ReadError::Workbook(e.to_string());
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(workbook)?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let too_large = |rows: u64, columns: u64| ReadError::SheetTooLarge {
            sheet: name.clone(),
            rows,
            columns,
        };
        let mut cells = book.worksheet_cells_reader(&name).map_err(workbook)?;
        let dim = cells.dimensions();
        if dim.end.0 >= MAX_SHEET_ROWS || dim.end.1 >= MAX_SHEET_COLUMNS {
            return Err(too_large(
                u64::from(dim.end.0) + 1,
                u64::from(dim.end.1) + 1,
            ));
        }
        // Filled cells by row (the declared range may lie or be missing).
        let mut rows: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
        let mut count = 0usize;
        while let Some(cell) = cells.next_cell().map_err(workbook)? {
            let (row, col) = cell.get_position();
            if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
                return Err(too_large(u64::from(row) + 1, u64::from(col) + 1));
            }
            let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
            if text.is_empty() {
                continue;
            }
            count += 1;
            if count > MAX_SHEET_CELLS {
                return Err(too_large(u64::from(row) + 1, u64::from(MAX_SHEET_COLUMNS)));
            }
            rows.entry(row).or_default().push((col, text));
        }
        drop(cells);
        let mut table = Table {
            place: Some(Place::Sheet(name.clone())),
            ..Table::default()
        };
        let mut header: Option<usize> = None;
        for (row, filled) in rows {
            if filled.iter().all(|(_, c)| c.trim().is_empty()) {
                continue;
            }
            let width = match header {
                Some(n) => n,
                None => filled
                    .iter()
                    .filter(|(_, c)| !c.trim().is_empty())
                    .map(|(col, _)| *col as usize + 1)
                    .max()
                    .unwrap_or(0),
            };
            let mut cells = vec![String::new(); width];
            for (col, text) in filled {
                if let Some(c) = cells.get_mut(col as usize) {
                    *c = text;
                }
            }
            match header {
                None => {
                    header = Some(width);
                    table.headers = cells;
                }
                Some(_) => table.rows.push(Row {
                    line: row as usize + 1,
                    cells,
                }),
            }
        }
        if header.is_some() {
            out.push((name, table));
        }
    }
    if out.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(out)
}

/// A workbook cell as the text a person would see (dates as YYYY-MM-DD).
fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    let number = |f: f64| {
        if f.abs() >= 1e15 {
            // What the spreadsheet kept of a 16-digit number: 15 significant digits.
            format!("{f:E}")
        } else if f.fract() == 0.0 && f.abs() < 1e15 {
            format!("{}", f as i64)
        } else {
            format!("{f}")
        }
    };
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => number(*f),
        Data::Int(i) => number(*i as f64),
        Data::Bool(b) => if *b { "1" } else { "0" }.into(),
        Data::DateTime(dt) => {
            let days = dt.as_f64().floor() as i64;
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| base.checked_add_signed(chrono::Duration::days(days)))
                .map(|d| d.to_string())
                .unwrap_or_default()
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The text of a cell as exported, back to what it was: `="3324…"` (how an export keeps a
/// 16-digit number as text in a spreadsheet) is unwrapped, and the `'` an export puts
/// before a formula-like value is removed.
pub fn unwrap_cell(s: &str) -> &str {
    let t = s.trim();
    if let Some(inner) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        return inner;
    }
    if let Some(rest) = t.strip_prefix('\'')
        && rest.starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        return rest;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_crlf_semicolons_and_quotes() {
        let t = read_csv(b"\xEF\xBB\xBFnama;no kk\r\n\"Siti; A\";\"12\"\r\n\r\nB;3\r\n").unwrap();
        assert_eq!(t.headers, vec!["nama", "no kk"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, vec!["Siti; A", "12"]);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn a_quote_left_open_is_a_broken_row() {
        let t = read_csv(b"a,b,c\n1,\"2,3\n4,5,6\n").unwrap();
        assert!(t.rows.is_empty());
        assert_eq!(t.broken.len(), 1);
        assert_eq!(t.broken[0].0, 2);
    }

    #[test]
    fn json_as_exported_reads_as_a_table() {
        let t = read_json(
            br#"[{"id":"a","tahun":2026,"selesai":true,"catatan":null},
                 {"id":"b","tahun":2025,"selesai":false,"lain":"x"}]"#,
        )
        .unwrap();
        // The keys' order is serde_json's (sorted, or as written with `preserve_order`).
        let mut headers = t.headers.clone();
        headers.sort();
        assert_eq!(headers, vec!["catatan", "id", "lain", "selesai", "tahun"]);
        let cells = |row: &Row| -> Vec<(String, String)> {
            let mut v: Vec<_> = t.headers.iter().cloned().zip(row.cells.clone()).collect();
            v.sort();
            v
        };
        let pairs = |v: [(&str, &str); 5]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            cells(&t.rows[0]),
            pairs([
                ("catatan", ""),
                ("id", "a"),
                ("lain", ""),
                ("selesai", "ya"),
                ("tahun", "2026")
            ])
        );
        assert_eq!(
            cells(&t.rows[1]),
            pairs([
                ("catatan", ""),
                ("id", "b"),
                ("lain", "x"),
                ("selesai", "tidak"),
                ("tahun", "2025")
            ])
        );
        assert_eq!((t.rows[0].line, t.rows[1].line), (2, 3));
        assert_eq!(read_json(b"[]"), Err(ReadError::Empty));
        assert!(matches!(read_json(b"{}"), Err(ReadError::Json(_))));
        assert!(matches!(read_json(b"[1]"), Err(ReadError::Json(_))));
        assert!(matches!(read_json(b"[{\"a\":"), Err(ReadError::Json(_))));
    }

    #[test]
    fn exported_cells_unwrap() {
        assert_eq!(unwrap_cell("=\"3324015203850001\""), "3324015203850001");
        assert_eq!(unwrap_cell("'=1+2"), "=1+2");
        assert_eq!(unwrap_cell("'Ibu"), "'Ibu");
        assert_eq!(detect_delimiter(b"a,b;c;d\n"), b';');
        assert_eq!(detect_delimiter(b"\"a;b\",c\n"), b',');
    }
}
