//! A keyboard form: text, date, choice and checkbox fields. Tab/Shift-Tab (or ↓/↑) move
//! between fields, Enter asks to save (in a long form it moves to the next field and asks
//! to save only from the last), Ctrl-s asks to save from anywhere, Esc cancels (asking
//! first once something was typed),
//! Left/Right or a typed first letter pick a choice, Space ticks a box. Date fields show
//! what they understood beside them. Pure state: validation and saving belong to the
//! caller, which puts errors back next to their fields (and checks them again after an
//! edit, so an error goes once it is fixed).

use chrono::NaiveDate;
use tui_input::{Input, InputRequest};

use crate::domain::dates::{DateError, parse_date_input};
use crate::keymap::{self, Command, Ctx, Key};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A date typed in any form `parse_date_input` knows; `optional` allows it empty.
    Date {
        optional: bool,
    },
    /// (stored key, label shown) pairs.
    Choice(Vec<(String, String)>),
    Check,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub input: Input,
    pub choice: usize,
    pub checked: bool,
    pub error: Option<String>,
    /// Letters typed on a choice field since it got the focus (to jump by prefix).
    prefix: String,
}

impl Field {
    fn new(key: impl Into<String>, label: String, kind: FieldKind) -> Field {
        Field {
            key: key.into(),
            label,
            kind,
            input: Input::default(),
            choice: 0,
            checked: false,
            error: None,
            prefix: String::new(),
        }
    }
    pub fn text(key: impl Into<String>, label: impl Into<String>, value: &str) -> Field {
        let mut f = Field::new(key, label.into(), FieldKind::Text);
        f.input = Input::new(value.to_string());
        f
    }
    pub fn date(
        key: impl Into<String>,
        label: impl Into<String>,
        value: &str,
        optional: bool,
    ) -> Field {
        let mut f = Field::new(key, label.into(), FieldKind::Date { optional });
        f.input = Input::new(value.to_string());
        f
    }
    pub fn choice(
        key: impl Into<String>,
        label: impl Into<String>,
        options: Vec<(String, String)>,
        selected: &str,
    ) -> Field {
        let mut f = Field::new(key, label.into(), FieldKind::Choice(options));
        f.select(selected);
        f
    }
    pub fn check(key: impl Into<String>, label: impl Into<String>, checked: bool) -> Field {
        let mut f = Field::new(key, label.into(), FieldKind::Check);
        f.checked = checked;
        f
    }

    /// Selects the option with this key (if there is one).
    pub fn select(&mut self, key: &str) {
        if let FieldKind::Choice(options) = &self.kind
            && let Some(i) = options.iter().position(|(k, _)| k == key)
        {
            self.choice = i;
        }
    }

    /// The value as text: typed text, the chosen key, or "1"/"0" for a checkbox.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text | FieldKind::Date { .. } => self.input.value().to_string(),
            FieldKind::Choice(options) => options
                .get(self.choice)
                .map(|(k, _)| k.clone())
                .unwrap_or_default(),
            FieldKind::Check => if self.checked { "1" } else { "0" }.to_string(),
        }
    }

    /// Restores a value saved by [`Field::value`] (drafts).
    pub fn set_value(&mut self, value: &str) {
        match &self.kind {
            FieldKind::Text | FieldKind::Date { .. } => self.input = Input::new(value.into()),
            FieldKind::Choice(_) => self.select(value),
            FieldKind::Check => self.checked = value == "1",
        }
    }

    /// What a date field understood: `None` when it is empty and optional.
    pub fn date_value(&self, today: NaiveDate) -> Option<Result<NaiveDate, DateError>> {
        match self.kind {
            FieldKind::Date { optional } => {
                if optional && self.input.value().trim().is_empty() {
                    None
                } else {
                    Some(parse_date_input(self.input.value(), today))
                }
            }
            _ => None,
        }
    }

    /// The label of the chosen option.
    pub fn choice_label(&self) -> &str {
        match &self.kind {
            FieldKind::Choice(options) => options
                .get(self.choice)
                .map(|(_, l)| l.as_str())
                .unwrap_or(""),
            _ => "",
        }
    }

    fn cycle(&mut self, delta: isize) {
        if let FieldKind::Choice(options) = &self.kind
            && !options.is_empty()
        {
            let n = options.len() as isize;
            self.choice = (self.choice as isize + delta).rem_euclid(n) as usize;
        }
    }

    /// Jumps to the first option whose label starts with the letters typed so far
    /// (brackets before a label do not count: "tid" picks "(tidak ada)").
    fn type_prefix(&mut self, c: char) {
        let FieldKind::Choice(options) = &self.kind else {
            return;
        };
        self.prefix.extend(c.to_lowercase());
        let find = |p: &str| {
            options.iter().position(|(k, l)| {
                let l = l.trim_start_matches(|c: char| !c.is_alphanumeric());
                l.to_lowercase().starts_with(p) || (!k.is_empty() && k.starts_with(p))
            })
        };
        match find(&self.prefix) {
            Some(i) => self.choice = i,
            None => {
                // Start a new prefix with this letter.
                self.prefix = c.to_lowercase().collect();
                if let Some(i) = find(&self.prefix) {
                    self.choice = i;
                }
            }
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    None,
    /// Enter: the caller validates and saves (or puts errors on fields).
    Submit,
    /// Esc on an untouched form, or Esc twice: close without saving.
    Cancel,
    /// Ctrl-n / Ctrl-d in a form with rows (household members).
    AddRow,
    RemoveRow,
    /// Ctrl-o: open the duplicate the form reported.
    OpenDuplicate,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Something was typed since the form opened.
    pub dirty: bool,
    /// Esc was pressed on a dirty form: the next Esc discards.
    pub confirm_cancel: bool,
    /// A message for the whole form (for example why it could not be saved).
    pub error: Option<String>,
    /// A long form (the household's): Enter goes to the next field, so a stray Enter
    /// never saves it half filled; it saves from the last field, Ctrl-s from anywhere.
    pub long: bool,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            dirty: false,
            confirm_cancel: false,
            error: None,
            long: false,
        }
    }

    /// The keys' context: the long form's Enter moves on, a short form's saves.
    pub fn ctx(&self) -> Ctx {
        if self.long {
            Ctx::HouseholdForm
        } else {
            Ctx::Form
        }
    }

    /// Puts the focus on the field with this key.
    pub fn focus_on(&mut self, key: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> String {
        self.field(key).map(Field::value).unwrap_or_default()
    }

    pub fn checked(&self, key: &str) -> bool {
        self.field(key).is_some_and(|f| f.checked)
    }

    /// Clears every error before a new validation.
    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Sets an error on a field; the focus moves to the first field with an error.
    pub fn set_error(&mut self, key: &str, message: impl Into<String>) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            if self.fields[..i].iter().all(|f| f.error.is_none()) {
                self.focus = i;
            }
            self.fields[i].error = Some(message.into());
        }
    }

    pub fn has_errors(&self) -> bool {
        self.error.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn handle(&mut self, key: Key) -> FormEvent {
        let confirming = std::mem::replace(&mut self.confirm_cancel, false);
        let focused_kind = self.fields.get(self.focus).map(|f| f.kind.clone());
        // Letters are text in text and date fields, and a prefix on choice fields.
        if let Key::Char(c) = key
            && !(c == ' ' && matches!(focused_kind, Some(FieldKind::Check)))
        {
            if let Some(f) = self.fields.get_mut(self.focus) {
                match f.kind {
                    FieldKind::Text | FieldKind::Date { .. } => {
                        f.input.handle(InputRequest::InsertChar(c));
                        self.dirty = true;
                    }
                    FieldKind::Choice(_) => {
                        f.type_prefix(c);
                        self.dirty = true;
                    }
                    FieldKind::Check => {}
                }
            }
            return FormEvent::None;
        }
        let command = keymap::command_for(self.ctx(), key);
        match command {
            Some(Command::NextField) => self.move_focus(1),
            Some(Command::PrevField) => self.move_focus(-1),
            Some(Command::Save | Command::SaveNow) => return FormEvent::Submit,
            Some(Command::NextOrSave) => {
                if self.focus + 1 >= self.fields.len() {
                    return FormEvent::Submit;
                }
                self.move_focus(1);
            }
            Some(Command::AddMember) => return FormEvent::AddRow,
            Some(Command::RemoveMember) => return FormEvent::RemoveRow,
            Some(Command::OpenDuplicate) => return FormEvent::OpenDuplicate,
            Some(Command::Cancel) => {
                if !self.dirty || confirming {
                    return FormEvent::Cancel;
                }
                self.confirm_cancel = true;
            }
            Some(Command::ChoicePrev | Command::ChoiceNext) => {
                let delta = if command == Some(Command::ChoicePrev) {
                    -1
                } else {
                    1
                };
                if let Some(f) = self.fields.get_mut(self.focus) {
                    match f.kind {
                        FieldKind::Choice(_) => {
                            f.cycle(delta);
                            self.dirty = true;
                        }
                        FieldKind::Text | FieldKind::Date { .. } => {
                            f.input.handle(if delta < 0 {
                                InputRequest::GoToPrevChar
                            } else {
                                InputRequest::GoToNextChar
                            });
                        }
                        FieldKind::Check => {}
                    }
                }
            }
            Some(Command::Toggle) => {
                if let Some(f) = self.fields.get_mut(self.focus)
                    && f.kind == FieldKind::Check
                {
                    f.checked = !f.checked;
                    self.dirty = true;
                }
            }
            // Editing keys: the same rows of the keymap table as in the search box and
            // the command line.
            other => {
                if let Some(f) = self.fields.get_mut(self.focus)
                    && matches!(f.kind, FieldKind::Text | FieldKind::Date { .. })
                    && let Some(req) = other.and_then(super::input::request)
                {
                    f.input.handle(req);
                    self.dirty = true;
                }
            }
        }
        FormEvent::None
    }

    /// Pasted text (already one line): typed into a text or date field at the cursor, or
    /// the first letters of a choice. It never moves the focus, ticks a box or submits.
    pub fn paste(&mut self, text: &str) {
        self.confirm_cancel = false;
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        match f.kind {
            FieldKind::Text | FieldKind::Date { .. } => {
                super::input::insert(&mut f.input, text);
                self.dirty = true;
            }
            FieldKind::Choice(_) => {
                f.prefix.clear();
                for c in text.trim().chars() {
                    f.type_prefix(c);
                }
                self.dirty = true;
            }
            FieldKind::Check => {}
        }
    }

    /// Inserts fields at `at` (for a new row).
    pub fn insert_fields(&mut self, at: usize, fields: Vec<Field>) {
        let at = at.min(self.fields.len());
        self.fields.splice(at..at, fields);
        self.dirty = true;
    }

    /// Removes every field whose key starts with `prefix` (a row).
    pub fn remove_fields(&mut self, prefix: &str) {
        let focused_key = self.fields.get(self.focus).map(|f| f.key.clone());
        self.fields.retain(|f| !f.key.starts_with(prefix));
        self.focus = focused_key
            .and_then(|k| self.fields.iter().position(|f| f.key == k))
            .unwrap_or(self.focus.min(self.fields.len().saturating_sub(1)));
        self.dirty = true;
    }

    fn move_focus(&mut self, delta: isize) {
        if self.fields.is_empty() {
            return;
        }
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.prefix.clear();
            // Typing replaces nothing: the cursor goes to the end of the field.
            f.input.handle(InputRequest::GoToEnd);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::parse_keys;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn form() -> Form {
        Form::new(
            "t",
            vec![
                Field::choice(
                    "kind",
                    "Jenis",
                    vec![
                        ("kunjungan".into(), "Kunjungan rumah".into()),
                        ("kasus".into(), "Kasus".into()),
                        ("koordinasi".into(), "Koordinasi".into()),
                    ],
                    "kunjungan",
                ),
                Field::date("date", "Tanggal", "t", false),
                Field::text("summary", "Ringkasan", ""),
                Field::check("done", "Selesai", false),
            ],
        )
    }

    fn press(f: &mut Form, script: &str) -> FormEvent {
        let mut last = FormEvent::None;
        for k in parse_keys(script).unwrap() {
            last = f.handle(k);
        }
        last
    }

    #[test]
    fn tab_moves_and_text_goes_to_the_focused_field() {
        let mut f = form();
        f.focus_on("summary");
        press(&mut f, "Siti sehat");
        assert_eq!(f.value("summary"), "Siti sehat");
        press(&mut f, "<tab> ");
        assert!(f.checked("done"));
        press(&mut f, "<tab>");
        assert_eq!(f.focus, 0, "Tab wraps");
        press(&mut f, "<backtab><backtab>");
        assert_eq!(f.fields[f.focus].key, "summary");
    }

    #[test]
    fn choices_cycle_and_accept_a_typed_prefix() {
        let mut f = form();
        press(&mut f, "<right>");
        assert_eq!(f.value("kind"), "kasus");
        press(&mut f, "<left><left>");
        assert_eq!(f.value("kind"), "koordinasi");
        press(&mut f, "ka");
        assert_eq!(f.value("kind"), "kasus");
        press(&mut f, "<tab><backtab>kun");
        assert_eq!(f.value("kind"), "kunjungan");
        press(&mut f, "z");
        assert_eq!(f.value("kind"), "kunjungan", "no match keeps the choice");
    }

    /// The field test's D23: typing "tid" in a choice field picks "(tidak ada)", not
    /// "Disabilitas berat"; "(none)" in English by "non".
    #[test]
    fn a_typed_prefix_can_choose_none() {
        for (none, typed) in [("(tidak ada)", "tid"), ("(none)", "non")] {
            let mut f = Form::new(
                "t",
                vec![Field::choice(
                    "component",
                    "Komponen",
                    vec![
                        (String::new(), none.into()),
                        ("sd".into(), "SD".into()),
                        ("disabilitas_berat".into(), "Disabilitas berat".into()),
                    ],
                    "disabilitas_berat",
                )],
            );
            press(&mut f, typed);
            assert_eq!(f.fields[0].choice_label(), none, "{typed}");
            assert_eq!(f.value("component"), "");
            press(&mut f, "<tab><backtab>d");
            assert_eq!(f.value("component"), "disabilitas_berat");
        }
    }

    #[test]
    fn enter_submits_and_esc_asks_before_discarding() {
        let mut f = form();
        assert_eq!(
            press(&mut f, "<esc>"),
            FormEvent::Cancel,
            "untouched: closes"
        );
        let mut f = form();
        f.focus_on("summary");
        assert_eq!(press(&mut f, "x<esc>"), FormEvent::None);
        assert!(f.confirm_cancel);
        assert_eq!(press(&mut f, "y"), FormEvent::None, "another key goes back");
        assert!(!f.confirm_cancel);
        assert_eq!(f.value("summary"), "xy");
        assert_eq!(press(&mut f, "<esc><esc>"), FormEvent::Cancel);
        assert_eq!(press(&mut form(), "<enter>"), FormEvent::Submit);
    }

    #[test]
    fn dates_are_understood_as_typed() {
        let mut f = form();
        f.focus_on("date");
        let d = f.field("date").unwrap().date_value(today());
        assert_eq!(d, Some(Ok(today())));
        press(&mut f, "<bs>-3");
        let d = f.field("date").unwrap().date_value(today());
        assert_eq!(d, Some(Ok(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())));
        press(&mut f, "<c-u>31/2");
        assert!(matches!(
            f.field("date").unwrap().date_value(today()),
            Some(Err(DateError::NoSuchDate { .. }))
        ));
    }

    #[test]
    fn wide_and_accented_text_keeps_the_cursor_in_the_right_column() {
        let mut f = form();
        f.focus_on("summary");
        press(&mut f, "Ñur 漢字");
        let input = &f.field("summary").unwrap().input;
        assert_eq!(input.value(), "Ñur 漢字");
        assert_eq!(input.cursor(), 6, "code points");
        assert_eq!(
            input.visual_cursor(),
            8,
            "display columns: wide characters take two"
        );
    }

    #[test]
    fn errors_move_the_focus_and_drafts_round_trip() {
        let mut f = form();
        f.set_error("summary", "wajib diisi");
        assert_eq!(f.fields[f.focus].key, "summary");
        assert!(f.has_errors());
        f.clear_errors();
        assert!(!f.has_errors());
        press(&mut f, "Rumah bocor<tab> <tab><right>");
        // What a draft keeps of each field (`Field::value`) restores it (`set_value`).
        let mut g = form();
        for (field, value) in g.fields.iter_mut().zip(f.fields.iter().map(Field::value)) {
            field.set_value(&value);
        }
        assert_eq!(g.value("summary"), "Rumah bocor");
        assert!(g.checked("done"));
        assert_eq!(g.value("kind"), "kasus");
    }
}
