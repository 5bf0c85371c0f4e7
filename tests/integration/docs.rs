//! The README stays true: it documents every key binding's command names and the two
//! set-up commands.

#[test]
fn readme_lists_every_command_and_the_setup_commands() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    for b in pilar::keymap::BINDINGS {
        for name in b.names {
            assert!(
                readme.contains(&format!("`:{name}`")),
                "README does not document :{name}"
            );
        }
    }
    assert!(readme.contains("cargo run --release -- demo"));
    assert!(readme.contains("cargo test"));
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's command"
    );
}
