//! The keymap table's own rules: one row per command, no key bound twice, names unique.

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
fn every_command_has_one_row_and_names_are_unique() {
    let mut commands = HashSet::new();
    let mut seen = HashSet::new();
    for b in BINDINGS {
        assert!(commands.insert(b.command), "{:?} has two rows", b.command);
        assert_eq!(binding(b.command).command, b.command);
        for n in b.names {
            assert!(!n.is_empty());
            assert!(seen.insert(*n), "command name {n} used twice");
            assert_eq!(command_by_name(n), Some(b.command));
        }
    }
    assert_eq!(command_by_name(":keluar"), Some(Command::Quit));
    assert_eq!(command_by_name("QUIT"), Some(Command::Quit));
    assert_eq!(command_by_name("q"), Some(Command::Quit));
    assert_eq!(command_by_name("nonsense"), None);
    // Keys that only make sense as keys have no `:` name.
    assert_eq!(command_by_name("run"), None);
    assert!(binding(Command::DeleteWord).names.is_empty());
}

#[test]
fn attributes_say_what_writes_and_what_a_supervisor_may_do() {
    let writes: Vec<Command> = BINDINGS
        .iter()
        .filter(|b| b.access.writes())
        .map(|b| b.command)
        .collect();
    for c in [
        Command::AddActivity,
        Command::Mark,
        Command::KeepOurs,
        Command::TakeTheirs,
        Command::MarkDone,
        Command::SaveView,
        Command::Reveal,
    ] {
        assert!(writes.contains(&c), "{c:?} writes");
    }
    assert!(!binding(Command::MoveDown).access.writes());
    let supervisor: Vec<Command> = BINDINGS
        .iter()
        .filter(|b| b.access == Access::WriteSupervisorToo)
        .map(|b| b.command)
        .collect();
    assert_eq!(
        supervisor,
        [
            Command::AddActivity,
            Command::Reveal,
            Command::Sync,
            Command::SignOff,
            Command::SaveView
        ]
    );
    assert_eq!(binding(Command::Search).param, Param::Optional);
    assert!(matches!(
        binding(Command::SaveView).param,
        Param::Required(_)
    ));
}

#[test]
fn text_editing_keys_are_the_same_in_every_text_context() {
    for ctx in TEXT_CONTEXTS.iter().copied() {
        for (key, cmd) in [
            (Key::Ctrl('u'), Command::ClearToStart),
            (Key::Ctrl('w'), Command::DeleteWord),
            (Key::Ctrl('a'), Command::LineStart),
            (Key::Home, Command::LineStart),
            (Key::Ctrl('e'), Command::LineEnd),
            (Key::End, Command::LineEnd),
            (Key::Backspace, Command::DeleteBack),
            (Key::Delete, Command::DeleteForward),
        ] {
            assert_eq!(command_for(ctx, key), Some(cmd), "{key:?} in {ctx:?}");
        }
    }
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
    assert_eq!(command_for(Ctx::Help, Key::Char('q')), Some(Command::Close));
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
