//! The shipped data states only official area codes: the demo's villages, the import
//! template and the documents agree with Kemendagri's list of Kabupaten Kendal
//! (Kepmendagri 300.2.2-2430/2025). The list is read from `../shared/reference/` beside the
//! repository when it is there, else from the copy committed in `assets/reference/` (so a
//! clean clone checks the same), and the copy must equal the shared file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const REFERENCE: &str = "wilayah-kendal.csv";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared_reference() -> PathBuf {
    root().join("../shared/reference").join(REFERENCE)
}

fn committed_reference() -> PathBuf {
    root().join("assets/reference").join(REFERENCE)
}

/// Official codes: kecamatan (6 digits) and villages (10 digits), each with its name.
pub struct Reference {
    pub kecamatan: BTreeMap<String, String>,
    pub villages: BTreeMap<String, String>,
}

impl Reference {
    pub fn load() -> Reference {
        let shared = shared_reference();
        let path = if shared.exists() {
            shared
        } else {
            committed_reference()
        };
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut r = Reference {
            kecamatan: BTreeMap::new(),
            villages: BTreeMap::new(),
        };
        for line in text.lines().skip(1) {
            let Some((code, name)) = line.trim().split_once(';') else {
                continue;
            };
            let digits: String = code.chars().filter(|c| *c != '.').collect();
            match digits.len() {
                6 => r.kecamatan.insert(digits, name.to_string()),
                10 => r.villages.insert(digits, name.to_string()),
                _ => None,
            };
        }
        assert!(r.villages.len() > 250, "{} villages", r.villages.len());
        r
    }

    /// The codes of the villages called `name` (two kecamatan can have one each).
    fn codes_of(&self, name: &str) -> BTreeSet<&str> {
        self.villages
            .iter()
            .filter(|(_, n)| n.as_str() == name)
            .map(|(c, _)| c.as_str())
            .collect()
    }
}

/// Rows of a `;`-separated file with a header, as header -> value maps.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(';')
        .map(|h| h.trim().to_string())
        .collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(';').map(|v| v.trim().to_string()))
                .collect()
        })
        .collect()
}

/// What is wrong with a village named `village` in `kecamatan` with `code`, if anything.
fn check_village(r: &Reference, kecamatan: &str, code: &str, village: &str) -> Option<String> {
    let Some(official) = r.villages.get(code) else {
        return Some(format!("{village}: {code} is no village of Kendal"));
    };
    if official != village {
        return Some(format!(
            "{village}: {code} is {official}'s code; {village} is {:?}",
            r.codes_of(village)
        ));
    }
    match r.kecamatan.get(&code[..6]) {
        Some(k) if k == kecamatan => None,
        k => Some(format!(
            "{village}: kecamatan {kecamatan}, but {code} is in {k:?}"
        )),
    }
}

#[test]
fn the_committed_reference_is_the_shared_file() {
    let copy = std::fs::read(committed_reference()).expect("assets/reference/wilayah-kendal.csv");
    let shared = shared_reference();
    if shared.exists() {
        assert!(
            std::fs::read(&shared).unwrap() == copy,
            "assets/reference/{REFERENCE} differs from {}: copy it again",
            shared.display()
        );
    }
}

#[test]
fn demo_villages_carry_their_official_codes_and_names() {
    let r = Reference::load();
    let path = root().join("assets/demo/villages.csv");
    let rows = rows(&path);
    assert!(rows.len() >= 40, "{} villages", rows.len());
    let mut wrong = Vec::new();
    for row in &rows {
        let (kec_code, kec, code, village) = (
            &row["kode_kecamatan"],
            &row["kecamatan"],
            &row["kode_wilayah"],
            &row["desa"],
        );
        if r.kecamatan.get(kec_code) != Some(kec) {
            wrong.push(format!(
                "{village}: kecamatan {kec_code} {kec}, officially {:?}",
                r.kecamatan.get(kec_code)
            ));
        }
        if !code.starts_with(kec_code.as_str()) {
            wrong.push(format!("{village}: {code} is not in kecamatan {kec_code}"));
        }
        wrong.extend(check_village(&r, kec, code, village));
    }
    assert!(
        wrong.is_empty(),
        "{} of {} villages are wrong:\n{}",
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );
    // The demo's facilitator works in these two, first.
    assert_eq!(rows[0]["desa"], "Curugsewu");
    assert_eq!(rows[0]["kode_wilayah"], "3324042007");
    assert_eq!(rows[1]["desa"], "Pagersari");
    assert_eq!(rows[1]["kode_wilayah"], "3324042005");
    let codes: BTreeSet<&String> = rows.iter().map(|r| &r["kode_wilayah"]).collect();
    assert_eq!(codes.len(), rows.len(), "a village listed twice");
}

#[test]
fn the_import_template_carries_official_codes() {
    let r = Reference::load();
    let rows = rows(&root().join("assets/import/keluarga.csv"));
    assert!(!rows.is_empty());
    for row in &rows {
        let problem = check_village(
            &r,
            &row["Kecamatan"],
            &row["Kode Wilayah"],
            &row["Desa/Kelurahan"],
        );
        assert_eq!(problem, None);
    }
}

/// Kendal village codes written in a text, plain (`3324042007`) or dotted (`33.24.04.2007`).
fn kendal_codes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let mut j = i;
            let mut digits = String::new();
            while j < b.len()
                && (b[j].is_ascii_digit()
                    || (b[j] == b'.' && j + 1 < b.len() && b[j + 1].is_ascii_digit()))
            {
                if b[j].is_ascii_digit() {
                    digits.push(b[j] as char);
                }
                j += 1;
            }
            // The shape of a village code: the village part starts with 1, 2 or 3 (a NIK's
            // first ten digits, `3324046505`, do not).
            if digits.len() == 10
                && digits.starts_with("3324")
                && (b'1'..=b'3').contains(&digits.as_bytes()[6])
            {
                out.push(digits);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `name` is written in `text` as a word of its own.
fn names(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Every Kendal village code in a passage is an official code, and when the passage names
/// villages, the code is one of theirs ("Curugsewu (3324042001)" is caught: 2001 is real,
/// but it is Pakisan's).
fn check_passage(r: &Reference, place: &str, passage: &str, wrong: &mut Vec<String>) {
    let codes = kendal_codes(passage);
    if codes.is_empty() {
        return;
    }
    let named: BTreeSet<&str> = r
        .villages
        .iter()
        .filter(|(_, n)| names(passage, n))
        .flat_map(|(_, n)| r.codes_of(n))
        .collect();
    for code in codes {
        let ok = if named.is_empty() {
            r.villages.contains_key(&code)
        } else {
            named.contains(code.as_str())
        };
        if !ok {
            wrong.push(format!(
                "{place}: {code} ({:?}) in \"{}\"",
                r.villages.get(&code),
                passage.trim()
            ));
        }
    }
}

/// The documents, the assets and the sources (not their tests, which keep invalid codes on
/// purpose) never
/// pair a village with another village's code or state a code Kendal does not have.
#[test]
fn documents_and_sources_state_only_official_codes() {
    let r = Reference::load();
    let mut wrong = Vec::new();
    for doc in ["README.md", "ARCHITECTURE.md"] {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        // Sentences: a paragraph's lines joined, split after a full stop.
        for para in text.split("\n\n") {
            let para = para.replace('\n', " ");
            for sentence in para.split(". ") {
                check_passage(&r, doc, sentence, &mut wrong);
            }
        }
    }
    let mut files = Vec::new();
    for dir in ["src", "crates", "assets"] {
        collect(&root().join(dir), &mut files);
    }
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let place = f.strip_prefix(root()).unwrap_or(&f).display().to_string();
        if place.ends_with(REFERENCE) {
            continue;
        }
        // A source's unit tests (after `#[cfg(test)]`) keep invalid codes on purpose.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in text.lines() {
            check_passage(&r, &place, line, &mut wrong);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "target") {
                collect(&p, out);
            }
        } else if p
            .extension()
            .is_some_and(|x| x == "rs" || x == "csv" || x == "md" || x == "txt")
        {
            out.push(p);
        }
    }
}
