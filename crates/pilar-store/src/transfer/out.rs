//! Exports: typed rows (in [`Kind::columns`] order) written as CSV, `.xlsx` or JSON. A
//! [`Cell`] knows whether it is text, a number or a flag, so JSON gets real numbers,
//! booleans and nulls while CSV and `.xlsx` get the text a spreadsheet shows.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{Col, Kind};

/// What an exported value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    Text,
    /// An integer (desil, year joined, income, session, pregnancy order).
    Number,
    /// `ya`/`tidak` in CSV and `.xlsx`; `true`/`false` in JSON.
    Flag,
}

/// One exported value: its text as CSV writes it, and its type. Reads as `&str`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub ty: CellType,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            ty: CellType::Text,
        }
    }

    /// The JSON value: empty is null, a number a number, a flag a boolean.
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        if self.text.is_empty() {
            return Value::Null;
        }
        match self.ty {
            CellType::Flag => Value::Bool(self.text == "ya"),
            CellType::Number => match self.text.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => Value::String(self.text.clone()),
            },
            CellType::Text => Value::String(self.text.clone()),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::text(s)
    }
}

impl std::ops::Deref for Cell {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for Cell {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Cell {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for Cell {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json().serialize(s)
    }
}

/// One row as a JSON object whose keys are the export headers, in column order.
struct JsonRow<'a>(&'a [Col], &'a [Cell]);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (c, v) in self.0.iter().zip(self.1) {
            m.serialize_entry(c.header(), v)?;
        }
        m.end()
    }
}

struct JsonRows<'a>(&'a [Col], &'a [Vec<Cell>]);

impl Serialize for JsonRows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for r in self.1 {
            seq.serialize_element(&JsonRow(self.0, r))?;
        }
        seq.end()
    }
}

/// Export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub fn from_key(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a leading tab or
/// carriage return) gets a `'` in front, so it shows as text; the importer removes it.
pub fn neutralize_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// One CSV cell: formula-like text neutralised; NIK, No KK and phone written `="…"` so a
/// spreadsheet keeps every digit (and the phone's leading 0) as text.
pub fn csv_cell(col: Col, value: &str) -> String {
    if col.is_number_text() && !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        format!("=\"{value}\"")
    } else {
        neutralize_formula(value).into_owned()
    }
}

/// CSV as Indonesian spreadsheets open it: UTF-8 with a byte-order mark, `;` separated,
/// CRLF line ends, quoted where needed.
pub fn to_csv(kind: Kind, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let cols = kind.columns();
        // Writing into a Vec cannot fail.
        let _ = w.write_record(cols.iter().map(|c| c.header()));
        for r in rows {
            let _ = w.write_record(cols.iter().zip(r).map(|(c, v)| csv_cell(*c, v)));
        }
        let _ = w.flush();
    }
    out
}

/// JSON: an array of objects keyed by the export headers, in column order, with numbers,
/// booleans and nulls ([`Cell::json`]).
pub fn to_json(kind: Kind, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&JsonRows(kind.columns(), rows)).unwrap_or_default();
    out.push(b'\n');
    out
}

/// `.xlsx` with one sheet named after the kind; every cell a text cell, so NIK and No KK
/// keep their 16 digits.
pub fn to_xlsx(kind: Kind, rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(kind.key()).map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let cols = kind.columns();
    for (j, c) in cols.iter().enumerate() {
        sheet
            .write_string_with_format(0, j as u16, c.header(), &bold)
            .map_err(|e| e.to_string())?;
    }
    for (i, r) in rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            if !v.is_empty() {
                sheet
                    .write_string(i as u32 + 1, j as u16, &v.text)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// Writes `rows` in `format`.
pub fn render(kind: Kind, format: Format, rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => Ok(to_csv(kind, rows)),
        Format::Json => Ok(to_json(kind, rows)),
        Format::Xlsx => to_xlsx(kind, rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept_as_text() {
        assert_eq!(
            csv_cell(Col::Summary, "=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(csv_cell(Col::Summary, "+62"), "'+62");
        assert_eq!(csv_cell(Col::Summary, "@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell(Col::Summary, "-1"), "'-1");
        assert_eq!(csv_cell(Col::Summary, "\tx"), "'\tx");
        assert_eq!(csv_cell(Col::Summary, "Siti"), "Siti");
        assert_eq!(
            csv_cell(Col::Nik, "3324015203850001"),
            "=\"3324015203850001\""
        );
        assert_eq!(csv_cell(Col::Nik, "=1+1"), "'=1+1");
    }
}
