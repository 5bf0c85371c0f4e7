//! Query rows are read by column name, never by position: `r.get(24)` reads whatever the
//! 25th column of the SELECT happens to be, and drifts silently when the list changes. This
//! test scans the sources of `pilar-store` and `pilar-server` (the only crates that read
//! rows) and names every positional read it finds: `.get(N)`, `.get::<_, T>(N)`,
//! `.try_get(N)`, `.get_ref(N)`, `.get_unwrap(N)`, `.get_raw(N)` with a literal number.
//! A computed column gets a name in the SQL (`count(*) AS n`) and is read by it.
//!
//! The store's `key(row, "column", parse)` helper is checked the same way. Reads by a loop
//! index over the statement's own column names (a generic copy of every column) are not
//! literals and stay allowed: they follow the SELECT by construction. [`EXCEPTIONS`] lists
//! the reads that truly have no name, each with its reason.

use std::path::{Path, PathBuf};

/// The methods that read a column of a row (rusqlite and tokio-postgres).
const READS: [&str; 6] = [
    "get",
    "try_get",
    "get_ref",
    "get_unwrap",
    "get_raw",
    "get_ref_unwrap",
];

/// Positional reads that have no name to read by: (file, the read, why).
const EXCEPTIONS: &[(&str, &str, &str)] = &[(
    "crates/pilar-store/src/store/readiness.rs",
    "ctx.get(0)",
    "the argument of the SQL function pilar_readiness(id): arguments have no names",
)];

/// Where in `line` a positional read starts, if it has one: a read method, an optional
/// turbofish (its angle brackets balanced), `(`, a literal integer, `)`; or the store's
/// `key(row, N, ...)`.
fn positional_read(line: &str) -> Option<usize> {
    if let Some(at) = positional_key(line) {
        return Some(at);
    }
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(dot) = line[from..].find('.').map(|i| i + from) {
        from = dot + 1;
        let rest = &line[dot + 1..];
        let Some(method) = READS
            .iter()
            .filter(|m| rest.starts_with(**m))
            .max_by_key(|m| m.len())
        else {
            continue;
        };
        let mut i = dot + 1 + method.len();
        // Not a longer identifier (`.getter(`).
        if bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            continue;
        }
        if line[i..].starts_with("::<") {
            let mut depth = 0;
            let mut end = None;
            for (k, c) in line[i + 2..].char_indices() {
                match c {
                    '<' => depth += 1,
                    '>' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 2 + k + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(end) = end else { continue };
            i = end;
        }
        if bytes.get(i) != Some(&b'(') {
            continue;
        }
        let inner = line[i + 1..].trim_start();
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && inner[digits..].trim_start().starts_with(')') {
            return Some(dot);
        }
    }
    None
}

/// `key(<name>, <digits>,`: the store's key reader given a column number.
fn positional_key(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = line[from..].find("key(").map(|i| i + from) {
        from = at + 4;
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let args = &line[at + 4..];
        let Some((first, rest)) = args.split_once(',') else {
            continue;
        };
        let first_is_name = !first.is_empty()
            && first
                .trim()
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_');
        let rest = rest.trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if first_is_name && digits > 0 && rest[digits..].trim_start().starts_with(',') {
            return Some(at);
        }
    }
    None
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_scanner_finds_positional_reads_and_only_those() {
    for bad in [
        "id: r.get(0)?,",
        "let n: i64 = row.get( 12 );",
        "programs: key_list(&r.get::<_, String>(14)?, SocialProgram::from_key),",
        "old: r.get::<_, Option<String>>(4)?.map(|v| clean(&v)),",
        "let v = row.try_get(3)?;",
        "as_text(r.get_ref(2)?)",
        "|r| r.get_unwrap(1)",
        "status: key(r, 19, HouseholdStatus::from_key)?,",
    ] {
        assert!(positional_read(bad).is_some(), "missed: {bad}");
    }
    for good in [
        "id: r.get(\"id\")?,",
        "old: r.get::<_, Option<String>>(\"old_value\")?,",
        "kecamatan_code: f[0].get(4..6)?.parse().ok()?,",
        "(0..names.len()).map(|i| r.get::<_, Value>(i))",
        "let x = map.get(&key);",
        "self.getter(3)",
        "r.get(COL)",
        "status: key(r, \"status\", HouseholdStatus::from_key)?,",
        "let k = monkey(r, 3, x);",
    ] {
        assert_eq!(positional_read(good), None, "flagged: {good}");
    }
}

#[test]
fn store_and_server_read_rows_by_column_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for krate in ["pilar-store", "pilar-server"] {
        rust_files(&root.join("crates").join(krate).join("src"), &mut files);
    }
    assert!(
        files.iter().any(|f| f.ends_with("store/read.rs")),
        "the sources were not found under {}",
        root.display()
    );
    let mut found = Vec::new();
    let mut excepted = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file");
        let path = file.strip_prefix(root).unwrap_or(file).to_string_lossy();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") || positional_read(line).is_none() {
                continue;
            }
            let exception = EXCEPTIONS
                .iter()
                .find(|(f, read, _)| path == *f && line.contains(read));
            match exception {
                Some(e) => excepted.push(*e),
                None => found.push(format!("{path}:{}: {}", n + 1, line.trim())),
            }
        }
    }
    assert!(
        found.is_empty(),
        "read these columns by name (alias computed ones with `AS name`):\n{}",
        found.join("\n")
    );
    // An exception whose read is gone is dropped from the list, so the list stays true.
    for e in EXCEPTIONS {
        assert!(
            excepted.contains(e),
            "{}: `{}` is no longer there; remove it from EXCEPTIONS",
            e.0,
            e.1
        );
    }
}
