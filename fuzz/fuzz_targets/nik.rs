//! NIK and No KK parsing: any bytes, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let _ = pilar::domain::nik::parse_nik(s, today);
        let _ = pilar::domain::nik::parse_no_kk(s);
    }
});
