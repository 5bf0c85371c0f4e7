//! CSV import: any bytes are read and checked as a households file (and as each other
//! kind), never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    if let Ok(table) = pilar::transfer::read_csv(data) {
        let _ = table.kind();
        let _ = pilar::transfer::rows::households(&table, Some(&table), today);
        let _ = pilar::transfer::rows::activities(&table);
        let _ = pilar::transfer::rows::graduations(&table);
        let _ = pilar::transfer::rows::referrals(&table);
        let _ = pilar::transfer::rows::payments(&table, today);
        let _ = pilar::transfer::rows::verifications(&table);
    }
    // The same bytes as a JSON file.
    if let Ok(table) = pilar::transfer::read_json(data) {
        let _ = table.kind();
        let _ = pilar::transfer::rows::payments(&table, today);
        let _ = pilar::transfer::rows::verifications(&table);
    }
});
