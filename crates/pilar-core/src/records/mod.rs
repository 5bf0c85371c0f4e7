//! One declaration per record type (issue 10, item 1): each stored table of a caseload
//! (`workers`, `households`, `members`, `graduations`, `activities`, `activity_households`,
//! `referrals`, and `saved_views`, which `pilar merge` also copies) is written out once, in
//! [`tables`], as pure data: its name, key, the column holding its household, and every
//! column with its role (compared and merged, copied whole, derived, bookkeeping), its type,
//! its history label (an i18n [`T`] key), the spreadsheet column ([`Col`], with its export
//! header and import aliases) a file carries it as, and its form key where a form edits it.
//!
//! Derived from it, instead of hand lists: the merge specs (`pilar_store`'s `SPECS`), the
//! history's [`crate::i18n::field_label`] and [`crate::i18n::record_label`], the export's
//! columns in order (`Kind::columns`) and the flags among them, and the form keys the
//! household form compares with stored names. Tests on both sides keep the rest from
//! drifting: the laptop's tables (`PRAGMA table_info`) and its sync triggers list exactly
//! the declared columns (`tests/integration/records.rs`), and the server's SQL has every
//! synced column with a matching type (`pilar-server`'s `declared` tests).

mod file;
pub mod tables;

pub use file::{Col, normalize_header};
pub use tables::RECORDS;

use crate::i18n::T;

/// What a column is to a merge and a sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Part of the primary key.
    Key,
    /// A person's data: compared between two databases and merged field by field, written
    /// to the history under its label.
    Field,
    /// Copied with its record, never compared (a worker's name, a saved view's query: such
    /// records are added whole).
    Copied,
    /// Recomputed from other records (`last_visit`, `search_text`): synced as stored, not
    /// compared.
    Derived,
    /// `created_at`, `updated_at`, `author_id`.
    Bookkeeping,
    /// Not a column of the table: an export column the store joins in (a member's No KK, a
    /// group activity's participants).
    FileOnly,
}

/// A column's stored type (SQLite's, and the server's: ids are `uuid`, dates `date`,
/// times `timestamptz`, flags `boolean` there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A UUID (a record's id, or one pointing at another record).
    Id,
    Text,
    Int,
    /// 0 or 1.
    Flag,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    Time,
}

/// How a form names the field that edits a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// One field with this key (a member row's fields are prefixed `m{slot}.`).
    Field(&'static str),
    /// One check box per listed key, each `prefix` + the key (`prog.pkh`, `pas.sehat`).
    Checks(&'static str),
    /// The first member row's field for the member column named here: the household keeps
    /// a copy of its pengurus's (first member's) name and NIK.
    FirstMember(&'static str),
}

/// One declared column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub role: Role,
    pub ty: Ty,
    /// The history's label for it (every [`Role::Field`] has one).
    pub label: Option<T>,
    /// The spreadsheet column carrying it, in export order.
    pub file: Option<Col>,
    /// The household or member form's field for it.
    pub form: Option<FormKey>,
}

impl Column {
    const fn new(name: &'static str, role: Role, ty: Ty) -> Column {
        Column {
            name,
            role,
            ty,
            label: None,
            file: None,
            form: None,
        }
    }

    /// A primary-key column.
    pub const fn key(name: &'static str, ty: Ty) -> Column {
        Column::new(name, Role::Key, ty)
    }

    /// A compared and merged column, labelled in the history.
    pub const fn field(name: &'static str, ty: Ty, label: T) -> Column {
        Column::new(name, Role::Field, ty).label(label)
    }

    /// A column copied with its record, never compared.
    pub const fn copied(name: &'static str, ty: Ty) -> Column {
        Column::new(name, Role::Copied, ty)
    }

    /// A column recomputed from other records.
    pub const fn derived(name: &'static str, ty: Ty) -> Column {
        Column::new(name, Role::Derived, ty)
    }

    /// `created_at`, `updated_at` or `author_id`.
    pub const fn bookkeeping(name: &'static str, ty: Ty) -> Column {
        Column::new(name, Role::Bookkeeping, ty)
    }

    /// An export column that is not one of the table's.
    pub const fn file_only(name: &'static str, ty: Ty, col: Col) -> Column {
        Column::new(name, Role::FileOnly, ty).file(col)
    }

    pub const fn label(mut self, label: T) -> Column {
        self.label = Some(label);
        self
    }

    pub const fn file(mut self, col: Col) -> Column {
        self.file = Some(col);
        self
    }

    pub const fn form(mut self, key: &'static str) -> Column {
        self.form = Some(FormKey::Field(key));
        self
    }

    pub const fn form_checks(mut self, prefix: &'static str) -> Column {
        self.form = Some(FormKey::Checks(prefix));
        self
    }

    /// Edited as the first member's `member_column` (the pengurus's copy).
    pub const fn form_first_member(mut self, member_column: &'static str) -> Column {
        self.form = Some(FormKey::FirstMember(member_column));
        self
    }

    /// Whether the table has it (every role but [`Role::FileOnly`]).
    pub fn stored(&self) -> bool {
        self.role != Role::FileOnly
    }

    /// Whether the laptop's sync triggers watch it: every stored column but `updated_at`
    /// (a form saved unchanged is not a change).
    pub fn watched(&self) -> bool {
        self.stored() && self.name != "updated_at"
    }
}

/// A history field that is no column: what it records, and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryField {
    pub name: &'static str,
    pub label: T,
}

/// One declared record type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub table: &'static str,
    /// Primary-key columns (the first one names the record in the history).
    pub key: &'static [&'static str],
    /// The column holding the row's household (`id` for households themselves).
    pub household: Option<&'static str>,
    /// How the history names a record of it.
    pub label: Option<T>,
    /// Whether its rows travel in the sync's caseload stream.
    pub synced: bool,
    /// Every column, in the order merges compare them and exports write them.
    pub columns: &'static [Column],
    /// History fields besides its columns (a NIK reveal, a void's reason).
    pub history: &'static [HistoryField],
}

impl Record {
    /// The declared column `name` (stored or file-only).
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The table's columns.
    pub fn stored(&self) -> impl Iterator<Item = &'static Column> + use<> {
        self.columns.iter().filter(|c| c.stored())
    }

    /// The compared and merged columns, in order.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.columns
            .iter()
            .filter(|c| c.role == Role::Field)
            .map(|c| c.name)
    }

    /// The columns an export of this record writes, in order (an import reads them back).
    pub fn file_columns(&self) -> &'static [Col] {
        static FILES: std::sync::LazyLock<Vec<Vec<Col>>> = std::sync::LazyLock::new(|| {
            RECORDS
                .iter()
                .map(|r| r.columns.iter().filter_map(|c| c.file).collect())
                .collect()
        });
        RECORDS
            .iter()
            .position(|r| r.table == self.table)
            .map_or(&[], |i| FILES[i].as_slice())
    }

    /// The table's columns as a SELECT list, in declared order, each prefixed `alias.`
    /// (none for `""`): a row read with it has every stored column under its own name.
    pub fn select(&self, alias: &str) -> String {
        let dot = if alias.is_empty() { "" } else { "." };
        self.stored()
            .map(|c| format!("{alias}{dot}{}", c.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The columns the household form saves (every one declared with a form key, the
    /// pengurus's copies included), in declared order: the store's INSERT, UPDATE and
    /// history of a household or member write exactly these, and the payload's `cells`
    /// give exactly these (`model`'s tests).
    pub fn form_columns(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.columns
            .iter()
            .filter(|c| c.stored() && c.form.is_some())
            .map(|c| c.name)
    }

    /// The household or member form's key for `column` (a member row's without its
    /// `m{slot}.` prefix).
    pub fn form_key(&self, column: &str) -> Option<&'static str> {
        match self.column(column)?.form? {
            FormKey::Field(k) => Some(k),
            FormKey::Checks(_) | FormKey::FirstMember(_) => None,
        }
    }

    /// The column a form field edits (`m3.birth` is members' `birth_date`, `prog.pkh`
    /// households' `programs`).
    pub fn column_of_form_key(&self, key: &str) -> Option<&'static Column> {
        let key = member_field(key).unwrap_or(key);
        self.columns.iter().find(|c| match c.form {
            Some(FormKey::Field(k)) => k == key,
            Some(FormKey::Checks(prefix)) => key.starts_with(prefix),
            // The first member row's field edits the member's column first.
            Some(FormKey::FirstMember(_)) | None => false,
        })
    }
}

/// A member row's field key without its `m{slot}.` prefix (`m3.nik` is `nik`).
pub fn member_field(key: &str) -> Option<&str> {
    let (slot, field) = key.split_once('.')?;
    let n = slot.strip_prefix('m')?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(field)
}

/// The declaration of `table`.
pub fn record(table: &str) -> Option<&'static Record> {
    RECORDS.iter().find(|r| r.table == table)
}

/// The history label of a field named `field` in any record: the first declared column
/// or history field of that name that has one (the tests hold that a name has one label
/// wherever it appears).
pub fn field_label_key(field: &str) -> Option<T> {
    RECORDS.iter().find_map(|r| {
        r.columns
            .iter()
            .filter(|c| c.name == field)
            .find_map(|c| c.label)
            .or_else(|| r.history.iter().find(|h| h.name == field).map(|h| h.label))
    })
}

#[cfg(test)]
mod tests;
