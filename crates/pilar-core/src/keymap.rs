//! The one table of key bindings and commands. Each row of [`BINDINGS`] says which keys
//! run a command where, what the status bar and the help overlay call it, its `:` names in
//! both languages, the function that runs it and its attributes (does it write, may a
//! supervisor run it, does it take an argument). Key dispatch, the `:` command line, the
//! status bar, the help overlay and the read-only and supervisor refusals
//! (`app::commands::run`) all read this table, so what the screen says a key does is what
//! it does. Keys are pilar's own [`Key`] type: the core never sees terminal events.

use crate::app::commands::{self, Arg};
use crate::app::{
    App, Effect, agenda, caseload, conflicts, forms, groups, household, input, life, line, log,
    payment, review, sync, team, today, verify,
};
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
    /// The merge conflicts list.
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
    /// A short data-entry form (activity or note, graduation, referral): Enter saves.
    Form,
    /// The household form: long, so Enter goes to the next field (saving only from the
    /// last) and a stray Enter never saves it half filled; Ctrl-s saves.
    HouseholdForm,
    /// The agenda screen.
    Agenda,
    /// The supervisor's team screen.
    Team,
    /// "Hari ini": today's work.
    Today,
    /// The verification screen (a month's commitments, member by member).
    Verify,
    /// A supervisor's review of a facilitator's changes since their last sign-off.
    Review,
    /// A yes/no question (a draft from last time).
    Confirm,
    /// The terminal is below the smallest size: nothing is drawn but the notice, and no
    /// key works but quitting (so nothing is typed into a form no one can see).
    TooSmall,
}

/// Everything a key can ask for; each has exactly one row in [`BINDINGS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// Merging laptops: show the open merge conflicts; keep ours / take theirs.
    Conflicts,
    KeepOurs,
    TakeTheirs,
    /// The sync with the central server (`:sinkron`).
    Sync,
    MoveDown,
    MoveUp,
    Top,
    Bottom,
    PageDown,
    PageUp,
    /// Ctrl-d / Ctrl-u: half a page in a list.
    HalfPageDown,
    HalfPageUp,
    /// Ctrl-l: clear and draw the whole screen again.
    Redraw,
    /// Ctrl-z: suspend to the shell (Unix), `fg` comes back.
    Suspend,
    /// The `:` line: the previous / next line run this session; complete a name (Tab).
    HistoryPrev,
    HistoryNext,
    Complete,
    NextPane,
    PrevPane,
    Open,
    Back,
    /// `q` in a window: close it (the same as Esc there).
    Close,
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
    /// `:kelompok NAME [@ PLACE]`: the marked households join a P2K2 group.
    JoinGroup,
    /// `:keluar-kelompok`: the marked households leave their P2K2 group.
    LeaveGroup,
    /// Form: next / previous field.
    NextField,
    PrevField,
    /// A short form: save (Enter).
    Save,
    /// The household form: Enter goes to the next field; on the last field it saves.
    NextOrSave,
    /// Any form: save from whatever field has the cursor (Ctrl-s).
    SaveNow,
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
    /// Void the selected household, entered by mistake or twice (asks why, then again).
    VoidHousehold,
    /// Move the latest referral of the household one step along its pipeline.
    AdvanceReferral,
    /// Record a tahap's payment for the selected or marked households.
    Pay,
    /// Record a tahap's payment for every household the filtered list shows.
    PayShown,
    /// Mark the latest referral of the household rejected (`ditolak`).
    RejectReferral,
    /// Take the latest referral of the household one step back.
    ReferralBack,
    /// Void the activity selected in the log, with a reason.
    VoidActivity,
    /// Reopen the follow-up selected in the log.
    ReopenFollowUp,
    /// Correct the latest referral's program, agency, notes or date.
    EditReferral,
    /// Correct the activity selected in the log.
    EditActivity,
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
    /// Record a life event of the household (pregnancy, birth, school, ...).
    RecordEvent,
    /// "Hari ini": dismiss the proposed life event of the line.
    DismissProposal,
    /// Show the household's history of changes.
    History,
    /// Switch to the four-pane dashboard / the agenda.
    Dashboard,
    Agenda,
    /// The team screen: one row per facilitator (supervisors).
    Team,
    /// "Hari ini": today's work in order of urgency.
    Today,
    /// Agenda: mark the follow-up done.
    MarkDone,
    /// The verification screen; on it: met, not met (asks the reason), not applicable,
    /// the month before / after, mark a member, mark every line.
    Verify,
    Met,
    NotMet,
    NotApplicable,
    PrevMonth,
    NextMonth,
    MarkMember,
    MarkAll,
    /// The team screen: review the selected facilitator's changes since their sign-off.
    Review,
    /// The review screen: sign off everything up to now (`P P`).
    SignOff,
    /// Editing text in the search box, the command line and form fields.
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWord,
    /// Ctrl-u: delete from the start of the line to the cursor.
    ClearToStart,
}

/// Whether a command changes the database, and who may run it. The refusals read this in
/// one place (`app::commands::run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads or moves only: anyone, also on a read-only database.
    Read,
    /// Writes (or starts a write, like marking households for a group activity): refused
    /// while read-only, and to supervisors (a caseload is its facilitator's to change).
    Write,
    /// Writes that a supervisor may make too: a supervision note, the logged reveal of a
    /// NIK, their own saved views. Refused while read-only.
    WriteSupervisorToo,
}

impl Access {
    pub fn writes(self) -> bool {
        self != Access::Read
    }

    pub fn supervisor_may(self) -> bool {
        self != Access::Write
    }
}

/// Whether a command takes text after its `:` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// No argument (any text after the name is ignored).
    None,
    /// An optional argument (`:cari TEXT`; without it the search box opens).
    Optional,
    /// A required argument; without it the text says how to give one.
    Required(T),
}

/// The function a row runs. `Arg` says which command, the key and any `:` argument.
pub type Run = fn(&mut App, Arg<'_>) -> Vec<Effect>;

pub struct Binding {
    pub command: Command,
    pub keys: &'static [Key],
    pub contexts: &'static [Ctx],
    /// Shown in the status bar when it applies.
    pub status: bool,
    /// Short label for the status bar.
    pub label: T,
    /// Longer description for the help overlay.
    pub help: T,
    /// Command names usable after `:`, Indonesian then English; none for keys that only
    /// make sense as keys (text editing, the form's own keys).
    pub names: &'static [&'static str],
    pub access: Access,
    pub param: Param,
    pub run: Run,
}

const PANES: &[Ctx] = &[Ctx::List, Ctx::Detail, Ctx::Log];
/// The four-pane dashboard and the other screens, without an overlay.
const SCREENS: &[Ctx] = &[
    Ctx::List,
    Ctx::Detail,
    Ctx::Log,
    Ctx::Agenda,
    Ctx::Team,
    Ctx::Today,
    Ctx::Verify,
    Ctx::Review,
];
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
    Ctx::Today,
    Ctx::Verify,
    Ctx::Review,
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
    Ctx::Today,
    Ctx::Verify,
    Ctx::Review,
];
const OPENABLE: &[Ctx] = &[
    Ctx::Review,
    Ctx::List,
    Ctx::Log,
    Ctx::Views,
    Ctx::Agenda,
    Ctx::Team,
    Ctx::Today,
    Ctx::Confirm,
];
const BACKABLE: &[Ctx] = &[
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
    Ctx::Today,
    Ctx::Verify,
    Ctx::Review,
    Ctx::Confirm,
];
const HELPABLE: &[Ctx] = &[
    Ctx::List,
    Ctx::Detail,
    Ctx::Log,
    Ctx::Help,
    Ctx::Agenda,
    Ctx::Team,
    Ctx::Today,
    Ctx::Verify,
    Ctx::Review,
];
/// Where `q` quits: the screens, and the "too small" notice (whatever is under it).
const QUITTABLE: &[Ctx] = &[
    Ctx::List,
    Ctx::Detail,
    Ctx::Log,
    Ctx::Agenda,
    Ctx::Team,
    Ctx::Today,
    Ctx::Verify,
    Ctx::Review,
    Ctx::TooSmall,
];
/// Windows that `q` closes.
const CLOSABLE: &[Ctx] = &[Ctx::Conflicts, Ctx::Help, Ctx::Views];
const LINES: &[Ctx] = &[Ctx::CommandLine, Ctx::Search];
const COMMAND_LINE: &[Ctx] = &[Ctx::CommandLine];
const LIST: &[Ctx] = &[Ctx::List];
/// Every form, short or long.
const FORMS: &[Ctx] = &[Ctx::Form, Ctx::HouseholdForm];
/// The short forms, where Enter saves.
const SHORT_FORM: &[Ctx] = &[Ctx::Form];
/// The household form, the one long form.
const LONG_FORM: &[Ctx] = &[Ctx::HouseholdForm];
const CONFLICTS: &[Ctx] = &[Ctx::Conflicts];
const AGENDA: &[Ctx] = &[Ctx::Agenda];
const VERIFY: &[Ctx] = &[Ctx::Verify];
const TEAM: &[Ctx] = &[Ctx::Team];
const REVIEW: &[Ctx] = &[Ctx::Review];
const TODAY: &[Ctx] = &[Ctx::Today];
const VIEWS: &[Ctx] = &[Ctx::Views];
/// `:` only: the command has no key.
const ANYWHERE: &[Ctx] = &[];
/// Contexts where typed characters are text, not commands.
pub const TEXT_CONTEXTS: &[Ctx] = &[Ctx::CommandLine, Ctx::Search, Ctx::Form, Ctx::HouseholdForm];
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
    Ctx::HouseholdForm,
    Ctx::Agenda,
    Ctx::Team,
    Ctx::Today,
    Ctx::Verify,
    Ctx::Review,
    Ctx::Confirm,
    Ctx::TooSmall,
];
const EVERYWHERE: &[Ctx] = ALL_CONTEXTS;

/// One row per line: `Command [keys] contexts status-bar label help [names] access param =>
/// function;`. Keys are written as [`Key`] variants (`Char('j')`, `Ctrl('c')`, `Down`).
macro_rules! bindings {
    ($($cmd:ident [$($key:expr),*] $ctx:ident $status:literal $label:ident $help:ident
       [$($name:literal)*] $access:ident $param:ident $(($missing:ident))? => $run:path;)*) => {
        pub const BINDINGS: &[Binding] = {
            use Key::*;
            &[$(Binding {
                command: Command::$cmd,
                keys: &[$($key),*],
                contexts: $ctx,
                status: $status,
                label: T::$label,
                help: T::$help,
                names: &[$($name),*],
                access: Access::$access,
                param: Param::$param $((T::$missing))?,
                run: $run,
            }),*]
        };
    };
}

bindings! {
//  command         keys                   contexts    bar   label          help                 names                                     access             param                     function
    MoveDown        [Down, Char('j')]      MOVABLE     true  KeyMove        HelpMoveDown         ["turun" "down"]                          Read               None                   => commands::move_down;
    MoveUp          [Up, Char('k')]        MOVABLE     true  KeyMove        HelpMoveUp           ["naik" "up"]                             Read               None                   => commands::move_up;
    Top             [Char('g'), Home]      SCROLLABLE  false KeyTop         HelpTop              ["awal" "top"]                            Read               None                   => commands::top;
    Bottom          [Char('G'), End]       SCROLLABLE  false KeyBottom      HelpBottom           ["akhir" "bottom"]                        Read               None                   => commands::bottom;
    PageDown        [PageDown]             MOVABLE     false KeyPage        HelpPageDown         ["halaman-berikut" "page-down"]           Read               None                   => commands::page_down;
    PageUp          [PageUp]               MOVABLE     false KeyPage        HelpPageUp           ["halaman-sebelum" "page-up"]             Read               None                   => commands::page_up;
    HalfPageDown    [Ctrl('d')]            SCROLLABLE  false KeyHalfPage    HelpHalfPageDown     ["turun-setengah" "half-page-down"]       Read               None                   => commands::half_page_down;
    HalfPageUp      [Ctrl('u')]            SCROLLABLE  false KeyHalfPage    HelpHalfPageUp       ["naik-setengah" "half-page-up"]          Read               None                   => commands::half_page_up;
    Redraw          [Ctrl('l')]            EVERYWHERE  false KeyRedraw      HelpRedraw           ["gambar-ulang" "redraw"]                 Read               None                   => commands::redraw;
    Suspend         [Ctrl('z')]            EVERYWHERE  false KeySuspend     HelpSuspend          ["tunda" "suspend"]                       Read               None                   => commands::suspend;
    HistoryPrev     [Up]                   COMMAND_LINE false KeyLineHistory HelpHistoryPrev     []                                        Read               None                   => line::history_prev;
    HistoryNext     [Down]                 COMMAND_LINE false KeyLineHistory HelpHistoryNext     []                                        Read               None                   => line::history_next;
    Complete        [Tab]                  COMMAND_LINE false KeyComplete    HelpComplete        []                                        Read               None                   => line::complete;
    NextPane        [Tab]                  PANES       true  KeyPane        HelpNextPane         ["panel-berikut" "next-pane"]             Read               None                   => commands::next_pane;
    PrevPane        [BackTab]              PANES       false KeyPane        HelpPrevPane         ["panel-sebelum" "prev-pane"]             Read               None                   => commands::prev_pane;
    Open            [Enter]                OPENABLE    true  KeyOpen        HelpOpen             ["buka" "open"]                           Read               None                   => commands::open;
    Back            [Esc]                  BACKABLE    true  KeyBack        HelpBack             ["kembali" "back"]                        Read               None                   => commands::back;
    Run             [Enter]                LINES       true  KeyRun         HelpRun              []                                        Read               None                   => commands::run_line;
    AddActivity     [Char('a')]            PANES       true  KeyAdd         HelpAddActivity      ["catat" "record"]                        WriteSupervisorToo None                   => forms::add_activity;
    NewHousehold    [Char('n')]            PANES       true  KeyNew         HelpNewHousehold     ["tambah-keluarga" "new-household"]       Write              None                   => forms::new_household;
    EditHousehold   [Char('e')]            PANES       false KeyEdit        HelpEditHousehold    ["ubah-keluarga" "edit-household"]        Write              None                   => forms::edit_household;
    VoidHousehold   [Char('D')]            PANES       false KeyVoid        HelpVoid             ["batalkan-keluarga" "void-household"]    Write              None                   => forms::void_household;
    AdvanceReferral [Char('R')]            PANES       false KeyRefer       HelpAdvanceReferral  ["maju-rujukan" "advance-referral"]       Write              None                   => forms::advance_referral;
    Pay             [Char('b')]            PANES       true  KeyPay         HelpPay              ["bayar" "pay"]                           Write              Optional               => payment::pay;
    PayShown        [Char('B')]            PANES       false KeyPay         HelpPayShown         ["bayar-semua" "pay-shown"]               Write              Optional               => payment::pay_shown;
    RejectReferral  []                     ANYWHERE    false KeyRefer       HelpRejectReferral   ["tolak-rujukan" "reject-referral"]       Write              None                   => forms::advance_referral;
    ReferralBack    []                     ANYWHERE    false KeyRefer       HelpReferralBack     ["mundur-rujukan" "referral-back"]        Write              None                   => forms::advance_referral;
    VoidActivity    []                     ANYWHERE    false KeyVoid        HelpVoidActivity     ["batalkan-kegiatan" "void-activity"]     Write              Required(MsgVoidActivityNeedsReason) => log::void_activity;
    ReopenFollowUp  []                     ANYWHERE    false KeyDone        HelpReopenFollowUp   ["buka-lagi" "reopen"]                    Write              None                   => log::reopen_follow_up;
    EditReferral    []                     ANYWHERE    false KeyRefer       HelpEditReferral     ["ubah-rujukan" "edit-referral"]          Write              Required(MsgEditReferralHow) => forms::edit_referral;
    EditActivity    []                     ANYWHERE    false KeyEdit        HelpEditActivity     ["ubah-kegiatan" "edit-activity"]         Write              Required(MsgEditActivityHow) => log::edit_activity;
    Reveal          [Char('i')]            PANES       false KeyReveal      HelpReveal           ["lihat-nik" "reveal-nik"]                WriteSupervisorToo None                   => household::reveal;
    Mark            [Char(' ')]            LIST        true  KeyMark        HelpMark             ["tandai" "mark"]                         Write              None                   => caseload::mark;
    Graduate        [Char('L')]            PANES       false KeyGraduate    HelpGraduate         ["graduasi" "graduate"]                   Write              None                   => forms::graduate;
    UndoGraduation  [Char('U')]            PANES       false KeyGraduate    HelpUndoGraduation   ["batal-graduasi" "undo-graduation"]      Write              None                   => forms::undo_graduation;
    Refer           [Char('r')]            PANES       false KeyRefer       HelpRefer            ["rujuk" "refer"]                         Write              None                   => forms::refer;
    RecordEvent     [Char('p')]            PANES       false KeyEvent       HelpEvent            ["peristiwa" "event"]                     Write              None                   => life::record_event;
    DismissProposal [Char('x')]            TODAY       true  KeyDismiss     HelpDismiss          ["abaikan" "dismiss"]                     Write              None                   => life::dismiss;
    History         [Char('h')]            PANES       false KeyHistory     HelpHistory          ["riwayat" "history"]                     Read               None                   => household::toggle_history;
    Conflicts       []                     SCREENS     false KeyConflicts   HelpConflicts        ["konflik" "conflicts"]                   Read               None                   => conflicts::show;
    Sync            []                     SCREENS     false KeySync        HelpSync             ["sinkron" "sync"]                        WriteSupervisorToo None                   => sync::run;
    KeepOurs        [Char('o')]            CONFLICTS   true  KeyKeepOurs    HelpKeepOurs         ["pakai-sini" "keep-ours"]                Write              None                   => conflicts::resolve;
    TakeTheirs      [Char('t')]            CONFLICTS   true  KeyTakeTheirs  HelpTakeTheirs       ["ambil-lain" "take-theirs"]              Write              None                   => conflicts::resolve;
    Dashboard       [Char('1')]            SCREENS     false KeyScreens     HelpDashboard        ["dasbor" "dashboard"]                    Read               None                   => commands::dashboard;
    Agenda          [Char('2')]            SCREENS     true  KeyAgenda      HelpAgenda           ["agenda"]                                Read               None                   => agenda::show;
    Team            [Char('3')]            SCREENS     false KeyScreens     HelpTeam             ["tim" "team"]                            Read               None                   => team::show;
    Today           [Char('4')]            SCREENS     true  KeyToday       HelpToday            ["hari-ini" "today"]                      Read               None                   => today::show;
    MarkDone        [Char('d')]            AGENDA      true  KeyDone        HelpMarkDone         ["selesai" "done"]                        Write              Optional               => agenda::mark_done;
    Verify          [Char('5')]            SCREENS     false KeyVerify      HelpVerify           ["verifikasi" "verify"]                   Read               None                   => verify::show;
    Met             [Char('m')]            VERIFY      true  KeyMet         HelpMet              ["memenuhi" "met"]                        Write              None                   => verify::met;
    NotMet          [Char('x')]            VERIFY      true  KeyNotMet      HelpNotMet           ["tidak-memenuhi" "not-met"]              Write              None                   => verify::not_met;
    NotApplicable   [Char('-')]            VERIFY      true  KeyNotApplicable HelpNotApplicable  ["tidak-berlaku" "not-applicable"]        Write              None                   => verify::not_applicable;
    MarkMember      [Char(' ')]            VERIFY      true  KeyMark        HelpMarkMember       []                                        Write              None                   => verify::mark;
    MarkAll         [Char('*')]            VERIFY      true  KeyMarkAll     HelpMarkAll          ["tandai-semua" "mark-all"]               Write              None                   => verify::mark_all;
    PrevMonth       [Char('[')]            VERIFY      true  KeyMonth       HelpPrevMonth        ["bulan-sebelum" "prev-month"]            Read               None                   => verify::prev_month;
    NextMonth       [Char(']')]            VERIFY      false KeyMonth       HelpNextMonth        ["bulan-berikut" "next-month"]            Read               None                   => verify::next_month;
    Review          [Char('r')]            TEAM        true  KeyReview      HelpReview           ["tinjau" "review"]                       Read               None                   => review::show;
    SignOff         [Char('P')]            REVIEW      true  KeySignOff     HelpSignOff          ["paraf" "sign-off"]                      WriteSupervisorToo Optional               => review::sign_off;
    Search          [Char('/')]            SCREENS     true  KeySearch      HelpSearch           ["cari" "search"]                         Read               Optional               => caseload::search;
    SortNext        [Char('s')]            SORTABLE    false KeySort        HelpSortNext         ["urut" "sort"]                           Read               None                   => commands::sort;
    SortReverse     [Char('S')]            SORTABLE    false KeySort        HelpSortReverse      ["balik-urutan" "reverse"]                Read               None                   => commands::sort;
    Views           [Char('v')]            PANES       false KeyViews       HelpViews            ["daftar-tampilan" "views"]               Read               None                   => caseload::views;
    PickNumber      [Char('1'), Char('2'), Char('3'), Char('4'), Char('5'), Char('6'), Char('7'), Char('8'), Char('9')]
                                           VIEWS       true  KeyPick        HelpPickNumber       []                                        Read               None                   => caseload::pick_view;
    SaveView        []                     ANYWHERE    false KeyViews       HelpSaveView         ["simpan-tampilan" "save-view"]           WriteSupervisorToo Required(MsgViewNeedsName) => caseload::save_view;
    View            []                     ANYWHERE    false KeyViews       HelpView             ["tampilan" "view"]                       Read               Required(MsgViewNameNeeded) => caseload::open_view;
    JoinGroup       []                     PANES       false KeyGroup       HelpJoinGroup        ["kelompok" "group"]                      Write              Required(MsgGroupNeedsName) => groups::join;
    LeaveGroup      []                     PANES       false KeyGroup       HelpLeaveGroup       ["keluar-kelompok" "leave-group"]         Write              None                   => groups::leave;
    ToggleLogScope  [Char('l')]            PANES       true  KeyLogScope    HelpLogScope         ["log" "log-scope"]                       Read               None                   => log::toggle_scope;
    ToggleExited    [Char('x')]            PANES       false KeyExited      HelpExited           ["semua-status" "all-statuses"]           Read               None                   => caseload::toggle_exited;
    CommandLine     [Char(':')]            SCREENS     false KeyCommand     HelpCommand          []                                        Read               None                   => commands::command_line;
    Help            [Char('?'), F(1)]      HELPABLE    true  KeyHelp        HelpHelp             ["bantuan" "help"]                        Read               None                   => commands::help;
    Quit            [Char('q')]            QUITTABLE   true  KeyQuit        HelpQuit             ["keluar" "quit" "q"]                     Read               None                   => commands::quit;
    NextField       [Tab, Down]            FORMS       true  KeyField       HelpNextField        []                                        Read               None                   => forms::form_key;
    PrevField       [BackTab, Up]          FORMS       false KeyField       HelpPrevField        []                                        Read               None                   => forms::form_key;
    ChoicePrev      [Left]                 FORMS       false KeyChoice      HelpChoicePrev       []                                        Read               None                   => forms::form_key;
    ChoiceNext      [Right]                FORMS       false KeyChoice      HelpChoiceNext       []                                        Read               None                   => forms::form_key;
    Toggle          [Char(' ')]            FORMS       false KeyToggle      HelpToggle           []                                        Read               None                   => forms::form_key;
    AddMember       [Ctrl('n')]            LONG_FORM   false KeyMember      HelpAddMember        []                                        Read               None                   => forms::form_key;
    RemoveMember    [Ctrl('d')]            LONG_FORM   false KeyMember      HelpRemoveMember     []                                        Read               None                   => forms::form_key;
    OpenDuplicate   [Ctrl('o')]            LONG_FORM   true  KeyOpen        HelpOpenDuplicate    []                                        Read               None                   => forms::form_key;
    Save            [Enter]                SHORT_FORM  true  KeySave        HelpSave             []                                        Read               None                   => forms::form_key;
    NextOrSave      [Enter]                LONG_FORM   true  KeyField       HelpNextOrSave       []                                        Read               None                   => forms::form_key;
    SaveNow         [Ctrl('s')]            FORMS       true  KeySave        HelpSaveNow          []                                        Read               None                   => forms::form_key;
    Cancel          [Esc]                  FORMS       true  KeyCancel      HelpCancel           []                                        Read               None                   => forms::form_key;
    CursorLeft      [Left]                 LINES       false KeyCursor      HelpCursorLeft       []                                        Read               None                   => input::edit;
    CursorRight     [Right]                LINES       false KeyCursor      HelpCursorRight      []                                        Read               None                   => input::edit;
    LineStart       [Home, Ctrl('a')]      TEXT_CONTEXTS false KeyCursor    HelpLineStart        []                                        Read               None                   => input::edit;
    LineEnd         [End, Ctrl('e')]       TEXT_CONTEXTS false KeyCursor    HelpLineEnd          []                                        Read               None                   => input::edit;
    DeleteBack      [Backspace]            TEXT_CONTEXTS false KeyDelete    HelpDeleteBack       []                                        Read               None                   => input::edit;
    DeleteForward   [Delete]               TEXT_CONTEXTS false KeyDelete    HelpDeleteForward    []                                        Read               None                   => input::edit;
    DeleteWord      [Ctrl('w')]            TEXT_CONTEXTS false KeyDelete    HelpDeleteWord       []                                        Read               None                   => input::edit;
    ClearToStart    [Ctrl('u')]            TEXT_CONTEXTS false KeyDelete    HelpClearToStart     []                                        Read               None                   => input::edit;
    Close           [Char('q')]            CLOSABLE    true  KeyClose       HelpClose2           ["tutup" "close"]                         Read               None                   => commands::back;
    ForceQuit       [Ctrl('c')]            EVERYWHERE  false KeyQuit        HelpForceQuit        ["paksa-keluar" "force-quit"]             Read               None                   => commands::force_quit;
}

/// Which status-bar hints stay when the bar is too narrow for all, the most needed first
/// (help and quit always; then the day's work: record, new household, agenda, mark,
/// search). Hints not named here come after, in table order; the bar shows the ones kept
/// in table order.
pub const STATUS_FIRST: &[Command] = &[
    Command::Help,
    Command::Quit,
    Command::Close,
    Command::Cancel,
    Command::Save,
    Command::SaveNow,
    Command::NextOrSave,
    Command::OpenDuplicate,
    Command::Run,
    Command::KeepOurs,
    Command::TakeTheirs,
    Command::MarkDone,
    Command::DismissProposal,
    Command::Met,
    Command::NotMet,
    Command::NotApplicable,
    Command::MarkMember,
    Command::MarkAll,
    Command::PrevMonth,
    Command::SignOff,
    Command::Review,
    Command::AddActivity,
    Command::NewHousehold,
    Command::Agenda,
    Command::Mark,
    Command::Search,
    Command::Open,
    Command::Back,
    Command::ToggleLogScope,
    Command::NextField,
    Command::PickNumber,
    Command::NextPane,
];

/// Where `command` stands in [`STATUS_FIRST`] (lower is kept first).
pub fn status_rank(command: Command) -> usize {
    STATUS_FIRST
        .iter()
        .position(|c| *c == command)
        .unwrap_or(STATUS_FIRST.len())
}

/// The row `key` runs in `ctx`, if any.
pub fn binding_for(ctx: Ctx, key: Key) -> Option<&'static Binding> {
    BINDINGS
        .iter()
        .find(|b| b.contexts.contains(&ctx) && b.keys.contains(&key))
}

/// The command `key` triggers in `ctx`, if any.
pub fn command_for(ctx: Ctx, key: Key) -> Option<Command> {
    binding_for(ctx, key).map(|b| b.command)
}

/// The row named `name` after `:` (either language, any case, a leading `:` ignored).
pub fn by_name(name: &str) -> Option<&'static Binding> {
    let name = name.trim().trim_start_matches(':').to_lowercase();
    if name.is_empty() {
        return None;
    }
    BINDINGS.iter().find(|b| b.names.contains(&name.as_str()))
}

/// The command named `name` after `:`.
pub fn command_by_name(name: &str) -> Option<Command> {
    by_name(name).map(|b| b.command)
}

/// The row of `command` (every command has exactly one).
pub fn binding(command: Command) -> &'static Binding {
    BINDINGS
        .iter()
        .find(|b| b.command == command)
        .expect("every command has a row in BINDINGS")
}

/// Whether `b` applies in `ctx`: its contexts, or anywhere for a `:`-only command.
pub fn applies(b: &Binding, ctx: Ctx) -> bool {
    b.contexts.is_empty() || b.contexts.contains(&ctx)
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
mod tests;
