//! What people type into date fields: any text, any day, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: (&str, i32)| {
    let (text, shift) = data;
    let base = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    if let Some(today) = base.checked_add_signed(chrono::Duration::days(i64::from(shift % 40_000)))
    {
        let _ = pilar::domain::dates::parse_date_input(text, today);
    }
});
