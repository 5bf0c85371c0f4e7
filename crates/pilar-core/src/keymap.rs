//! The one table of key bindings. The status bar, the help overlay, the `:` command line
//! and key dispatch all read [`BINDINGS`], so what the screen says a key does is what it
//! does. Keys are pilar's own [`Key`] type: the core never sees terminal events.

use crate::i18n::T;

/// A key press, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Tab,
    BackTab,
    Enter,
    Esc,
    Backspace,
    Delete,
    F(u8),
}

/// Where the keyboard focus is; bindings apply in some contexts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// The merge conflicts list (issue 5).
    Conflicts,
    List,
    Detail,
    Log,
    Help,
    CommandLine,
    /// The `/` search box.
    Search,
    /// The saved-views list.
    Views,
    /// A data-entry form.
    Form,
    /// The agenda screen.
    Agenda,
    /// The supervisor's team screen.
    Team,
    /// A yes/no question (a draft from last time).
    Confirm,
}

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// Merging laptops (issue 5): show the open merge conflicts; keep ours / take theirs.
    Conflicts,
    KeepOurs,
    TakeTheirs,
    MoveDown,
    MoveUp,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    PrevPane,
    Open,
    Back,
    ToggleLogScope,
    ToggleExited,
    Help,
    CommandLine,
    Quit,
    ForceQuit,
    /// Command line only: run what was typed. In the search box: keep the filter.
    Run,
    /// Open the search box (with an argument after `:`, search for it).
    Search,
    /// Sort the list by the next column.
    SortNext,
    /// Reverse the sort.
    SortReverse,
    /// Show the saved views.
    Views,
    /// In the saved-views list: pick the view with that number.
    PickNumber,
    /// `:simpan-tampilan NAME`: save the current filter and sort.
    SaveView,
    /// `:tampilan NAME`: recall a saved view.
    View,
    /// Form: next / previous field.
    NextField,
    PrevField,
    /// Form: save (Enter).
    Save,
    /// Form: cancel (Esc; asks first when something was typed).
    Cancel,
    /// Form: previous / next choice of a choice field.
    ChoicePrev,
    ChoiceNext,
    /// Form: tick or untick a checkbox.
    Toggle,
    /// Household form: add a member / remove the member under the cursor.
    AddMember,
    RemoveMember,
    /// Form: open the household that already holds a duplicate NIK or No KK.
    OpenDuplicate,
    /// Household forms: new household / edit the selected one.
    NewHousehold,
    EditHousehold,
    /// Move the latest referral of the household one step along its pipeline.
    AdvanceReferral,
    /// Mark the latest referral of the household rejected (`ditolak`).
    RejectReferral,
    /// Show the selected household's NIK and No KK unmasked (logged).
    Reveal,
    /// Log an activity for the selected (or marked) households.
    AddActivity,
    /// Mark or unmark the selected household for a group activity.
    Mark,
    /// Record a graduation or exit.
    Graduate,
    /// Undo the household's graduation or exit.
    UndoGraduation,
    /// Refer the household to an empowerment program.
    Refer,
    /// Show the household's history of changes.
    History,
    /// Switch to the four-pane dashboard / the agenda.
    Dashboard,
    Agenda,
    /// The team screen: one row per facilitator (supervisors).
    Team,
    /// Agenda: mark the follow-up done.
    MarkDone,
}

pub struct Binding {
    pub command: Command,
    pub keys: &'static [Key],
    /// Short label for the status bar.
    pub label: T,
    /// Longer description for the help overlay.
    pub help: T,
    /// Command names usable after `:`, Indonesian then English.
    pub names: [&'static str; 2],
    pub contexts: &'static [Ctx],
    /// Shown in the status bar when it applies.
    pub status: bool,
}

const PANES: &[Ctx] = &[Ctx::List, Ctx::Detail, Ctx::Log];
/// The caseload list and the team table sort with the same keys.
const SORTABLE: &[Ctx] = &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Team];
const SCROLLABLE: &[Ctx] = &[
    Ctx::Conflicts,
    Ctx::List,
    Ctx::Detail,
    Ctx::Log,
    Ctx::Help,
    Ctx::Views,
    Ctx::Agenda,
    Ctx::Team,
];
/// Moving while the search box is open moves the list (letters type into the box).
const MOVABLE: &[Ctx] = &[
    Ctx::Conflicts,
    Ctx::List,
    Ctx::Detail,
    Ctx::Log,
    Ctx::Help,
    Ctx::Views,
    Ctx::Search,
    Ctx::Agenda,
    Ctx::Team,
];
/// Contexts where typed characters are text, not commands.
pub const TEXT_CONTEXTS: &[Ctx] = &[Ctx::CommandLine, Ctx::Search, Ctx::Form];
/// Every context: Ctrl-c quits from anywhere.
pub const ALL_CONTEXTS: &[Ctx] = &[
    Ctx::Conflicts,
    Ctx::List,
    Ctx::Detail,
    Ctx::Log,
    Ctx::Help,
    Ctx::CommandLine,
    Ctx::Search,
    Ctx::Views,
    Ctx::Form,
    Ctx::Agenda,
    Ctx::Team,
    Ctx::Confirm,
];

pub const BINDINGS: &[Binding] = &[
    Binding {
        command: Command::MoveDown,
        keys: &[Key::Down, Key::Char('j')],
        label: T::KeyMove,
        help: T::HelpMoveDown,
        names: ["turun", "down"],
        contexts: MOVABLE,
        status: true,
    },
    Binding {
        command: Command::MoveUp,
        keys: &[Key::Up, Key::Char('k')],
        label: T::KeyMove,
        help: T::HelpMoveUp,
        names: ["naik", "up"],
        contexts: MOVABLE,
        status: true,
    },
    Binding {
        command: Command::Top,
        keys: &[Key::Char('g'), Key::Home],
        label: T::KeyTop,
        help: T::HelpTop,
        names: ["awal", "top"],
        contexts: SCROLLABLE,
        status: false,
    },
    Binding {
        command: Command::Bottom,
        keys: &[Key::Char('G'), Key::End],
        label: T::KeyBottom,
        help: T::HelpBottom,
        names: ["akhir", "bottom"],
        contexts: SCROLLABLE,
        status: false,
    },
    Binding {
        command: Command::PageDown,
        keys: &[Key::PageDown],
        label: T::KeyPage,
        help: T::HelpPageDown,
        names: ["halaman-berikut", "page-down"],
        contexts: MOVABLE,
        status: false,
    },
    Binding {
        command: Command::PageUp,
        keys: &[Key::PageUp],
        label: T::KeyPage,
        help: T::HelpPageUp,
        names: ["halaman-sebelum", "page-up"],
        contexts: MOVABLE,
        status: false,
    },
    Binding {
        command: Command::NextPane,
        keys: &[Key::Tab],
        label: T::KeyPane,
        help: T::HelpNextPane,
        names: ["panel-berikut", "next-pane"],
        contexts: PANES,
        status: true,
    },
    Binding {
        command: Command::PrevPane,
        keys: &[Key::BackTab],
        label: T::KeyPane,
        help: T::HelpPrevPane,
        names: ["panel-sebelum", "prev-pane"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::Open,
        keys: &[Key::Enter],
        label: T::KeyOpen,
        help: T::HelpOpen,
        names: ["buka", "open"],
        contexts: &[
            Ctx::List,
            Ctx::Log,
            Ctx::Views,
            Ctx::Agenda,
            Ctx::Team,
            Ctx::Confirm,
        ],
        status: true,
    },
    Binding {
        command: Command::Back,
        keys: &[Key::Esc],
        label: T::KeyBack,
        help: T::HelpBack,
        names: ["kembali", "back"],
        contexts: &[
            Ctx::Conflicts,
            Ctx::List,
            Ctx::Detail,
            Ctx::Log,
            Ctx::Help,
            Ctx::CommandLine,
            Ctx::Search,
            Ctx::Views,
            Ctx::Agenda,
            Ctx::Team,
            Ctx::Confirm,
        ],
        status: true,
    },
    Binding {
        command: Command::Run,
        keys: &[Key::Enter],
        label: T::KeyRun,
        help: T::HelpRun,
        names: ["jalankan", "run"],
        contexts: &[Ctx::CommandLine, Ctx::Search],
        status: true,
    },
    Binding {
        command: Command::AddActivity,
        keys: &[Key::Char('a')],
        label: T::KeyAdd,
        help: T::HelpAddActivity,
        names: ["catat", "record"],
        contexts: PANES,
        status: true,
    },
    Binding {
        command: Command::NewHousehold,
        keys: &[Key::Char('n')],
        label: T::KeyNew,
        help: T::HelpNewHousehold,
        names: ["tambah-keluarga", "new-household"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::EditHousehold,
        keys: &[Key::Char('e')],
        label: T::KeyEdit,
        help: T::HelpEditHousehold,
        names: ["ubah-keluarga", "edit-household"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::AdvanceReferral,
        keys: &[Key::Char('R')],
        label: T::KeyRefer,
        help: T::HelpAdvanceReferral,
        names: ["maju-rujukan", "advance-referral"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::RejectReferral,
        keys: &[],
        label: T::KeyRefer,
        help: T::HelpRejectReferral,
        names: ["tolak-rujukan", "reject-referral"],
        contexts: &[],
        status: false,
    },
    Binding {
        command: Command::Reveal,
        keys: &[Key::Char('i')],
        label: T::KeyReveal,
        help: T::HelpReveal,
        names: ["lihat-nik", "reveal-nik"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::Mark,
        keys: &[Key::Char(' ')],
        label: T::KeyMark,
        help: T::HelpMark,
        names: ["tandai", "mark"],
        contexts: &[Ctx::List],
        status: false,
    },
    Binding {
        command: Command::Graduate,
        keys: &[Key::Char('L')],
        label: T::KeyGraduate,
        help: T::HelpGraduate,
        names: ["graduasi", "graduate"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::UndoGraduation,
        keys: &[Key::Char('U')],
        label: T::KeyGraduate,
        help: T::HelpUndoGraduation,
        names: ["batal-graduasi", "undo-graduation"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::Refer,
        keys: &[Key::Char('r')],
        label: T::KeyRefer,
        help: T::HelpRefer,
        names: ["rujuk", "refer"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::History,
        keys: &[Key::Char('h')],
        label: T::KeyHistory,
        help: T::HelpHistory,
        names: ["riwayat", "history"],
        contexts: PANES,
        status: false,
    },
    // Merging laptops (issue 5).
    Binding {
        command: Command::Conflicts,
        keys: &[],
        label: T::KeyConflicts,
        help: T::HelpConflicts,
        names: ["konflik", "conflicts"],
        contexts: &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Agenda, Ctx::Team],
        status: false,
    },
    Binding {
        command: Command::KeepOurs,
        keys: &[Key::Char('o')],
        label: T::KeyKeepOurs,
        help: T::HelpKeepOurs,
        names: ["pakai-sini", "keep-ours"],
        contexts: &[Ctx::Conflicts],
        status: true,
    },
    Binding {
        command: Command::TakeTheirs,
        keys: &[Key::Char('t')],
        label: T::KeyTakeTheirs,
        help: T::HelpTakeTheirs,
        names: ["ambil-lain", "take-theirs"],
        contexts: &[Ctx::Conflicts],
        status: true,
    },
    Binding {
        command: Command::Dashboard,
        keys: &[Key::Char('1')],
        label: T::KeyScreens,
        help: T::HelpDashboard,
        names: ["dasbor", "dashboard"],
        contexts: &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Agenda, Ctx::Team],
        status: false,
    },
    Binding {
        command: Command::Agenda,
        keys: &[Key::Char('2')],
        label: T::KeyScreens,
        help: T::HelpAgenda,
        names: ["agenda", "agenda"],
        contexts: &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Agenda, Ctx::Team],
        status: false,
    },
    Binding {
        command: Command::Team,
        keys: &[Key::Char('3')],
        label: T::KeyScreens,
        help: T::HelpTeam,
        names: ["tim", "team"],
        contexts: &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Agenda, Ctx::Team],
        status: false,
    },
    Binding {
        command: Command::MarkDone,
        keys: &[Key::Char('d')],
        label: T::KeyDone,
        help: T::HelpMarkDone,
        names: ["selesai", "done"],
        contexts: &[Ctx::Agenda],
        status: true,
    },
    Binding {
        command: Command::Search,
        keys: &[Key::Char('/')],
        label: T::KeySearch,
        help: T::HelpSearch,
        names: ["cari", "search"],
        contexts: &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Agenda, Ctx::Team],
        status: true,
    },
    Binding {
        command: Command::SortNext,
        keys: &[Key::Char('s')],
        label: T::KeySort,
        help: T::HelpSortNext,
        names: ["urut", "sort"],
        contexts: SORTABLE,
        status: false,
    },
    Binding {
        command: Command::SortReverse,
        keys: &[Key::Char('S')],
        label: T::KeySort,
        help: T::HelpSortReverse,
        names: ["balik-urutan", "reverse"],
        contexts: SORTABLE,
        status: false,
    },
    Binding {
        command: Command::Views,
        keys: &[Key::Char('v')],
        label: T::KeyViews,
        help: T::HelpViews,
        names: ["daftar-tampilan", "views"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::PickNumber,
        keys: &[
            Key::Char('1'),
            Key::Char('2'),
            Key::Char('3'),
            Key::Char('4'),
            Key::Char('5'),
            Key::Char('6'),
            Key::Char('7'),
            Key::Char('8'),
            Key::Char('9'),
        ],
        label: T::KeyPick,
        help: T::HelpPickNumber,
        names: ["pilih", "pick"],
        contexts: &[Ctx::Views],
        status: true,
    },
    Binding {
        command: Command::SaveView,
        keys: &[],
        label: T::KeyViews,
        help: T::HelpSaveView,
        names: ["simpan-tampilan", "save-view"],
        contexts: &[],
        status: false,
    },
    Binding {
        command: Command::View,
        keys: &[],
        label: T::KeyViews,
        help: T::HelpView,
        names: ["tampilan", "view"],
        contexts: &[],
        status: false,
    },
    Binding {
        command: Command::ToggleLogScope,
        keys: &[Key::Char('l')],
        label: T::KeyLogScope,
        help: T::HelpLogScope,
        names: ["log", "log-scope"],
        contexts: PANES,
        status: true,
    },
    Binding {
        command: Command::ToggleExited,
        keys: &[Key::Char('x')],
        label: T::KeyExited,
        help: T::HelpExited,
        names: ["semua-status", "all-statuses"],
        contexts: PANES,
        status: false,
    },
    Binding {
        command: Command::CommandLine,
        keys: &[Key::Char(':')],
        label: T::KeyCommand,
        help: T::HelpCommand,
        names: ["perintah", "command"],
        contexts: &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Agenda, Ctx::Team],
        status: false,
    },
    Binding {
        command: Command::Help,
        keys: &[Key::Char('?'), Key::F(1)],
        label: T::KeyHelp,
        help: T::HelpHelp,
        names: ["bantuan", "help"],
        contexts: &[
            Ctx::List,
            Ctx::Detail,
            Ctx::Log,
            Ctx::Help,
            Ctx::Agenda,
            Ctx::Team,
        ],
        status: true,
    },
    Binding {
        command: Command::Quit,
        keys: &[Key::Char('q')],
        label: T::KeyQuit,
        help: T::HelpQuit,
        names: ["keluar", "quit"],
        contexts: &[Ctx::List, Ctx::Detail, Ctx::Log, Ctx::Agenda, Ctx::Team],
        status: true,
    },
    Binding {
        command: Command::NextField,
        keys: &[Key::Tab, Key::Down],
        label: T::KeyField,
        help: T::HelpNextField,
        names: ["isian-berikut", "next-field"],
        contexts: &[Ctx::Form],
        status: true,
    },
    Binding {
        command: Command::PrevField,
        keys: &[Key::BackTab, Key::Up],
        label: T::KeyField,
        help: T::HelpPrevField,
        names: ["isian-sebelum", "prev-field"],
        contexts: &[Ctx::Form],
        status: false,
    },
    Binding {
        command: Command::ChoicePrev,
        keys: &[Key::Left],
        label: T::KeyChoice,
        help: T::HelpChoicePrev,
        names: ["pilihan-sebelum", "prev-choice"],
        contexts: &[Ctx::Form],
        status: false,
    },
    Binding {
        command: Command::ChoiceNext,
        keys: &[Key::Right],
        label: T::KeyChoice,
        help: T::HelpChoiceNext,
        names: ["pilihan-berikut", "next-choice"],
        contexts: &[Ctx::Form],
        status: false,
    },
    Binding {
        command: Command::Toggle,
        keys: &[Key::Char(' ')],
        label: T::KeyToggle,
        help: T::HelpToggle,
        names: ["centang", "toggle"],
        contexts: &[Ctx::Form],
        status: false,
    },
    Binding {
        command: Command::AddMember,
        keys: &[Key::Ctrl('n')],
        label: T::KeyMember,
        help: T::HelpAddMember,
        names: ["tambah-anggota", "add-member"],
        contexts: &[Ctx::Form],
        status: false,
    },
    Binding {
        command: Command::RemoveMember,
        keys: &[Key::Ctrl('d')],
        label: T::KeyMember,
        help: T::HelpRemoveMember,
        names: ["hapus-anggota", "remove-member"],
        contexts: &[Ctx::Form],
        status: false,
    },
    Binding {
        command: Command::OpenDuplicate,
        keys: &[Key::Ctrl('o')],
        label: T::KeyOpen,
        help: T::HelpOpenDuplicate,
        names: ["buka-duplikat", "open-duplicate"],
        contexts: &[Ctx::Form],
        status: false,
    },
    Binding {
        command: Command::Save,
        keys: &[Key::Enter],
        label: T::KeySave,
        help: T::HelpSave,
        names: ["simpan", "save"],
        contexts: &[Ctx::Form],
        status: true,
    },
    Binding {
        command: Command::Cancel,
        keys: &[Key::Esc],
        label: T::KeyCancel,
        help: T::HelpCancel,
        names: ["batal", "cancel"],
        contexts: &[Ctx::Form],
        status: true,
    },
    Binding {
        command: Command::Back,
        keys: &[Key::Char('q')],
        label: T::KeyClose,
        help: T::HelpClose2,
        names: ["tutup", "close"],
        contexts: &[Ctx::Conflicts, Ctx::Help, Ctx::Views],
        status: true,
    },
    Binding {
        command: Command::ForceQuit,
        keys: &[Key::Ctrl('c')],
        label: T::KeyQuit,
        help: T::HelpForceQuit,
        names: ["paksa-keluar", "force-quit"],
        contexts: ALL_CONTEXTS,
        status: false,
    },
];

/// The command `key` triggers in `ctx`, if any.
pub fn command_for(ctx: Ctx, key: Key) -> Option<Command> {
    BINDINGS
        .iter()
        .find(|b| b.contexts.contains(&ctx) && b.keys.contains(&key))
        .map(|b| b.command)
}

/// The command named `name` after `:` (either language; `q` is accepted for quit).
pub fn command_by_name(name: &str) -> Option<Command> {
    let name = name.trim().trim_start_matches(':').to_lowercase();
    if name.is_empty() {
        return None;
    }
    if name == "q" {
        return Some(Command::Quit);
    }
    BINDINGS
        .iter()
        .find(|b| b.names.iter().any(|n| *n == name))
        .map(|b| b.command)
}

/// Bindings for the status bar in `ctx`, in table order.
pub fn status_bindings(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.status && b.contexts.contains(&ctx))
}

/// How a key is written on screen.
pub fn key_label(key: Key, ascii: bool) -> String {
    match key {
        Key::Char(' ') => "Space".into(),
        Key::Char(c) => c.to_string(),
        Key::Ctrl(c) => format!("Ctrl-{c}"),
        Key::Up => if ascii { "Up" } else { "↑" }.into(),
        Key::Down => if ascii { "Down" } else { "↓" }.into(),
        Key::Left => if ascii { "Left" } else { "←" }.into(),
        Key::Right => if ascii { "Right" } else { "→" }.into(),
        Key::Home => "Home".into(),
        Key::End => "End".into(),
        Key::PageUp => "PgUp".into(),
        Key::PageDown => "PgDn".into(),
        Key::Tab => "Tab".into(),
        Key::BackTab => "Shift-Tab".into(),
        Key::Enter => "Enter".into(),
        Key::Esc => "Esc".into(),
        Key::Backspace => "Backspace".into(),
        Key::Delete => "Del".into(),
        Key::F(n) => format!("F{n}"),
    }
}

/// The keys of a binding joined for display, for example `↓/j`.
pub fn keys_label(b: &Binding, ascii: bool) -> String {
    if b.command == Command::PickNumber {
        return "1-9".into();
    }
    b.keys
        .iter()
        .map(|k| key_label(*k, ascii))
        .collect::<Vec<_>>()
        .join("/")
}

/// Parses a key script such as `jj<enter>:quit<enter>` (used by tests and the benchmark).
/// Named keys go in angle brackets: `<up> <down> <left> <right> <home> <end> <pgup> <pgdn>
/// <tab> <backtab> <enter> <esc> <bs> <del> <space> <f1>..<f12> <c-x>`; `<<` is a literal `<`.
pub fn parse_keys(script: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            keys.push(Key::Char(c));
            continue;
        }
        if chars.peek() == Some(&'<') {
            chars.next();
            keys.push(Key::Char('<'));
            continue;
        }
        let mut name = String::new();
        loop {
            match chars.next() {
                Some('>') => break,
                Some(ch) => name.push(ch),
                None => return Err(format!("unclosed <{name}")),
            }
        }
        let lower = name.to_lowercase();
        let key = match lower.as_str() {
            "up" => Key::Up,
            "down" => Key::Down,
            "left" => Key::Left,
            "right" => Key::Right,
            "home" => Key::Home,
            "end" => Key::End,
            "pgup" => Key::PageUp,
            "pgdn" => Key::PageDown,
            "tab" => Key::Tab,
            "backtab" => Key::BackTab,
            "enter" => Key::Enter,
            "esc" => Key::Esc,
            "bs" => Key::Backspace,
            "del" => Key::Delete,
            "space" => Key::Char(' '),
            _ => {
                if let Some(rest) = lower.strip_prefix("c-")
                    && let Some(ch) = rest.chars().next()
                    && rest.chars().count() == 1
                {
                    Key::Ctrl(ch)
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse().ok()) {
                    Key::F(n)
                } else {
                    return Err(format!("unknown key <{name}>"));
                }
            }
        };
        keys.push(key);
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for &ctx in ALL_CONTEXTS {
            let mut seen = HashSet::new();
            for b in BINDINGS.iter().filter(|b| b.contexts.contains(&ctx)) {
                for k in b.keys {
                    assert!(seen.insert(*k), "{k:?} bound twice in {ctx:?}");
                }
            }
        }
    }

    #[test]
    fn every_command_has_two_unique_names() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            let names: HashSet<&str> = b.names.into_iter().collect();
            for n in names {
                assert!(!n.is_empty());
                assert!(seen.insert(n), "command name {n} used twice");
                assert_eq!(command_by_name(n), Some(b.command));
            }
        }
        assert_eq!(command_by_name(":keluar"), Some(Command::Quit));
        assert_eq!(command_by_name("QUIT"), Some(Command::Quit));
        assert_eq!(command_by_name("nonsense"), None);
    }

    #[test]
    fn ctrl_c_quits_from_every_context() {
        for ctx in ALL_CONTEXTS.iter().copied() {
            assert_eq!(
                command_for(ctx, Key::Ctrl('c')),
                Some(Command::ForceQuit),
                "{ctx:?}"
            );
        }
    }

    #[test]
    fn dispatch_depends_on_context() {
        assert_eq!(
            command_for(Ctx::List, Key::Char('j')),
            Some(Command::MoveDown)
        );
        assert_eq!(command_for(Ctx::List, Key::Enter), Some(Command::Open));
        assert_eq!(
            command_for(Ctx::CommandLine, Key::Enter),
            Some(Command::Run)
        );
        assert_eq!(command_for(Ctx::CommandLine, Key::Char('j')), None);
        assert_eq!(
            command_for(Ctx::List, Key::Ctrl('c')),
            Some(Command::ForceQuit)
        );
    }

    #[test]
    fn parses_key_scripts() {
        assert_eq!(
            parse_keys("j<down><c-c><<x<F1><space>").unwrap(),
            vec![
                Key::Char('j'),
                Key::Down,
                Key::Ctrl('c'),
                Key::Char('<'),
                Key::Char('x'),
                Key::F(1),
                Key::Char(' ')
            ]
        );
        assert!(parse_keys("<nope>").is_err());
        assert!(parse_keys("<enter").is_err());
    }
}
