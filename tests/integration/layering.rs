//! The layering the compiler keeps, guarded at its source: `pilar-core` may not depend on
//! SQL, a terminal, a pseudo-terminal or the clock, and `pilar-store` not on a terminal.
//! The crates would still compile with such a dependency added by mistake; this test
//! names the rule it breaks instead.

/// A workspace crate's manifest.
fn manifest(krate: &str) -> String {
    let path = format!("{}/crates/{krate}/Cargo.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The normal dependencies of a manifest as (name, what follows it): `name = ...` lines in
/// `[dependencies]` (or a target's), and `[dependencies.name]` tables with their keys.
/// Dev- and build-dependencies are not the crate's own.
fn dependencies(toml: &str) -> Vec<(String, String)> {
    let mut deps: Vec<(String, String)> = Vec::new();
    // Whether lines belong to a dependency list, or to one dependency's table.
    let mut in_list = false;
    let mut in_table = false;
    for line in toml.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            let list = header == "dependencies" || header.ends_with(".dependencies");
            let table = header
                .rsplit_once(".dependencies.")
                .map(|(_, name)| name)
                .or_else(|| header.strip_prefix("dependencies."));
            in_list = list;
            in_table = table.is_some();
            if let Some(name) = table {
                deps.push((name.trim_matches('"').to_string(), String::new()));
            }
            continue;
        }
        if in_list {
            if let Some((name, value)) = line.split_once('=') {
                let name = name.trim().trim_matches('"').to_string();
                deps.push((name, value.trim().to_string()));
            }
        } else if in_table && let Some(last) = deps.last_mut() {
            last.1.push_str(line);
            last.1.push(' ');
        }
    }
    deps
}

/// The crate a dependency really is (`package = "..."` renames it).
fn real_name(name: &str, value: &str) -> String {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.split_once("package=\"") {
        Some((_, rest)) => rest.split('"').next().unwrap_or(name).to_string(),
        None => name.to_string(),
    }
}

/// A terminal crate: crossterm, or ratatui with its backends (ratatui-core is only types).
fn is_terminal(name: &str) -> bool {
    name.contains("crossterm")
        || name == "termion"
        || name == "termwiz"
        || (name.starts_with("ratatui") && name != "ratatui-core")
}

fn has(value: &str, setting: &str) -> bool {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains(setting)
}

#[test]
fn the_core_has_no_sql_terminal_pty_or_clock() {
    let deps = dependencies(&manifest("pilar-core"));
    let names: Vec<String> = deps.iter().map(|(n, v)| real_name(n, v)).collect();
    assert!(
        names.iter().any(|n| n == "chrono") && names.iter().any(|n| n == "tui-input"),
        "the manifest was not read right: {names:?}"
    );
    for ((name, value), real) in deps.iter().zip(&names) {
        assert!(
            !matches!(
                real.as_str(),
                "rusqlite" | "libsqlite3-sys" | "portable-pty"
            ),
            "pilar-core depends on {real}: SQL and pseudo-terminals belong outside the core"
        );
        assert!(
            !is_terminal(real),
            "pilar-core depends on {real}: the terminal belongs to the shell (use ratatui-core)"
        );
        match real.as_str() {
            "chrono" => assert!(
                has(value, "default-features=false") && !value.contains("clock"),
                "pilar-core's chrono ({name} = {value}) must be without the clock feature"
            ),
            "tui-input" => assert!(
                has(value, "default-features=false")
                    && !value.contains("crossterm")
                    && !value.contains("termion"),
                "pilar-core's tui-input ({name} = {value}) must be without its terminal features"
            ),
            _ => {}
        }
    }
}

#[test]
fn the_store_has_no_terminal() {
    let deps = dependencies(&manifest("pilar-store"));
    let names: Vec<String> = deps.iter().map(|(n, v)| real_name(n, v)).collect();
    assert!(
        names.iter().any(|n| n == "rusqlite"),
        "the manifest was not read right: {names:?}"
    );
    for real in &names {
        assert!(
            !is_terminal(real) && real != "portable-pty",
            "pilar-store depends on {real}: the terminal belongs to the shell"
        );
    }
}

#[test]
fn the_guard_reads_every_way_of_writing_a_dependency() {
    let toml = r#"
[package]
name = "x"

[dependencies]
chrono = { version = "0.4", features = ["clock"] }
sql = { package = "rusqlite", version = "0.43" }

[dependencies.tui-input]
version = "0.15"

[target.'cfg(unix)'.dependencies]
crossterm = "0.29"

[dev-dependencies]
ratatui = "0.30"
"#;
    let deps = dependencies(toml);
    let names: Vec<String> = deps.iter().map(|(n, v)| real_name(n, v)).collect();
    assert_eq!(names, ["chrono", "rusqlite", "tui-input", "crossterm"]);
    assert!(deps[0].1.contains("clock"));
    assert!(!has(&deps[2].1, "default-features=false"));
}
