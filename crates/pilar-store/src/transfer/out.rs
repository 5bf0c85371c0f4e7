//! Exports: rows of text (in [`Kind::columns`] order) written as CSV, `.xlsx` or JSON.

use super::{Col, Kind};

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
pub fn to_csv(kind: Kind, rows: &[Vec<String>]) -> Vec<u8> {
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

/// JSON: an array of objects keyed by the export headers.
pub fn to_json(kind: Kind, rows: &[Vec<String>]) -> Vec<u8> {
    let cols = kind.columns();
    let list: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::Value::Object(
                cols.iter()
                    .zip(r)
                    .map(|(c, v)| (c.header().to_string(), serde_json::Value::String(v.clone())))
                    .collect(),
            )
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&list).unwrap_or_default();
    out.push(b'\n');
    out
}

/// `.xlsx` with one sheet named after the kind; every cell a text cell, so NIK and No KK
/// keep their 16 digits.
pub fn to_xlsx(kind: Kind, rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
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
                    .write_string(i as u32 + 1, j as u16, v)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// Writes `rows` in `format`.
pub fn render(kind: Kind, format: Format, rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
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
