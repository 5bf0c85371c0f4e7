//! The search box's filter language: any text parses into words, numbers, terms and named
//! errors, never a panic; normalizing is idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = pilar::filter::parse(text);
    let once = pilar::filter::normalize(text);
    assert_eq!(pilar::filter::normalize(&once), once);
});
