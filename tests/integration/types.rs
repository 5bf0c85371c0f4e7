//! Field rules as domain types (issue 10 item 2): the household form and the import read
//! the same table of good and bad values with the same verdicts and the same stored value,
//! because both call `pilar::domain::fields`. RT/RW are written one way (issue 12 item 7).

use crate::common::today;

use chrono::NaiveDate;
use pilar::app::entry::{Entry, PlaceDefaults, Record};
use pilar::domain::component::ComponentRules;
use pilar::domain::nik::{compose_nik, compose_no_kk};
use pilar::domain::{Lang, Sex};
use pilar::model::HouseholdInput;
use pilar::transfer::read_csv;
use pilar::transfer::rows::households;

fn nik() -> String {
    let birth = NaiveDate::from_ymd_opt(1985, 3, 12).unwrap();
    compose_nik(33, 24, 4, birth, Sex::Female, 1).to_string()
}

fn kk() -> String {
    compose_no_kk(33, 24, 4, NaiveDate::from_ymd_opt(2020, 8, 10).unwrap(), 1).to_string()
}

/// The form's verdict: the saved household, or the refusal shown at `key`.
fn form(key: &str, value: &str) -> Result<HouseholdInput, String> {
    let mut e = Entry::household(Lang::En, None, &PlaceDefaults::default(), today());
    let set = |e: &mut Entry, k: &str, v: &str| e.form.field_mut(k).unwrap().set_value(v);
    set(&mut e, "no_kk", &kk());
    set(&mut e, "m1.name", "Siti");
    set(&mut e, "m1.nik", &nik());
    set(&mut e, "village", "Curugsewu");
    set(&mut e, key, value);
    match e.validate(Lang::En, today(), 12, &ComponentRules::default()) {
        Some(Record::Household(h)) => Ok(h),
        _ => Err(e
            .form
            .field(key)
            .and_then(|f| f.error.clone())
            .unwrap_or_else(|| format!("refused elsewhere: {:?}", e.form.error))),
    }
}

/// The import's verdict on one households row with `column` holding `value`.
fn import(column: &str, value: &str) -> Result<HouseholdInput, String> {
    let csv = format!(
        "no_kk;nama;nik;desa;{column}\n{};Siti;{};Curugsewu;\"{value}\"\n",
        kk(),
        nik()
    );
    let table = read_csv(csv.as_bytes()).unwrap();
    let (records, problems) = households(&table, None, today());
    match problems.first() {
        Some(p) => Err(pilar::transfer::messages::import_reason(
            Lang::En,
            &p.reason,
        )),
        None => {
            // The form's household for the same row, with the file's fields written on it.
            let mut h = form("address", "").unwrap();
            let f = &records[0].fields;
            for (to, from) in [
                (&mut h.fields.rt, &f.rt),
                (&mut h.fields.rw, &f.rw),
                (&mut h.fields.phone, &f.phone),
            ] {
                *to = from.clone().unwrap_or_default();
            }
            h.fields.desil = f.desil.flatten();
            h.fields.year_joined = f.year_joined.flatten();
            h.fields.business_income = f.business_income.flatten();
            Ok(h)
        }
    }
}

#[test]
fn types_form_and_import_agree_on_every_field_rule() {
    // (form key, import column, value, the stored value when valid)
    #[rustfmt::skip]
    let table: &[(&str, &str, &str, Option<&str>)] = &[
        ("desil", "desil", "1", Some("1")),
        ("desil", "desil", " 10 ", Some("10")),
        ("desil", "desil", "4.0", Some("4")),
        ("desil", "desil", "0", None),
        ("desil", "desil", "11", None),
        ("desil", "desil", "empat", None),
        ("desil", "desil", "4,5", None),
        ("year_joined", "tahun_masuk", "2007", Some("2007")),
        ("year_joined", "tahun_masuk", "2026", Some("2026")),
        ("year_joined", "tahun_masuk", "2006", None),
        ("year_joined", "tahun_masuk", "2027", None),
        ("year_joined", "tahun_masuk", "dua", None),
        ("business_income", "penghasilan", "Rp1.500.000", Some("1500000")),
        ("business_income", "penghasilan", "1 500 000", Some("1500000")),
        ("business_income", "penghasilan", "1.500.000,00", Some("1500000")),
        ("business_income", "penghasilan", "1.500,50", None),
        ("business_income", "penghasilan", "-500", None),
        ("business_income", "penghasilan", "1,5E+06", None),
        ("business_income", "penghasilan", "sejuta", None),
        ("phone", "telepon", "+62 812-3456-7890", Some("081234567890")),
        ("phone", "telepon", "0812 3456 7890", Some("081234567890")),
        ("phone", "telepon", "6.28123E+11", None),
        ("phone", "telepon", "81234567890", None),
        ("phone", "telepon", "0812x", None),
        ("rt", "rt", "3", Some("003")),
        ("rt", "rt", "003", Some("003")),
        ("rt", "rt", "RT 3", Some("003")),
        ("rt", "rt", "3/4", Some("003")),
        ("rt", "rt", "RT 3 RW 4", Some("003")),
        ("rt", "rt", "12a", None),
        ("rt", "rt", "1234", None),
        ("rw", "rw", "RW 04", Some("004")),
        ("rw", "rw", "4", Some("004")),
        ("rw", "rw", "empat", None),
    ];
    let stored = |h: &HouseholdInput, key: &str| -> String {
        match key {
            "desil" => h.fields.desil.map(|d| d.to_string()).unwrap_or_default(),
            "year_joined" => h
                .fields
                .year_joined
                .map(|d| d.to_string())
                .unwrap_or_default(),
            "business_income" => h
                .fields
                .business_income
                .map(|d| d.to_string())
                .unwrap_or_default(),
            "phone" => h.fields.phone.clone(),
            "rt" => h.fields.rt.clone(),
            "rw" => h.fields.rw.clone(),
            _ => unreachable!(),
        }
    };
    for &(key, column, value, want) in table {
        let f = form(key, value);
        let i = import(column, value);
        match want {
            Some(want) => {
                let f = f.unwrap_or_else(|e| panic!("form refused {key}={value:?}: {e}"));
                let i = i.unwrap_or_else(|e| panic!("import refused {column}={value:?}: {e}"));
                assert_eq!(stored(&f, key), want, "form {key}={value:?}");
                assert_eq!(stored(&i, key), want, "import {column}={value:?}");
            }
            None => {
                let f = f
                    .err()
                    .unwrap_or_else(|| panic!("form took {key}={value:?}"));
                let i = i
                    .err()
                    .unwrap_or_else(|| panic!("import took {column}={value:?}"));
                // The same rule, worded by the same text.
                assert_eq!(f, i, "{key}={value:?}");
            }
        }
    }
}

/// Issue 12 item 7: `3/4` typed in the RT field fills RT and RW, stored one way.
#[test]
fn types_rt_rw_typed_together_are_stored_one_way() {
    for value in ["3/4", "003/004", "RT 3 RW 4", "RT 003/RW 004"] {
        let f = form("rt", value).unwrap();
        assert_eq!(
            (f.fields.rt.as_str(), f.fields.rw.as_str()),
            ("003", "004"),
            "form {value}"
        );
        let i = import("rt", value).unwrap();
        assert_eq!(
            (i.fields.rt.as_str(), i.fields.rw.as_str()),
            ("003", "004"),
            "import {value}"
        );
    }
}

/// The form's member row carries the pregnancy; a third pregnancy gets no `ibu_hamil`
/// (refused at the member's component, naming the rule); the first and second save.
#[test]
fn types_pregnancy_in_the_form_third_refused_second_saved() {
    let with = |order: &str, due: &str| {
        let mut e = Entry::household(Lang::Id, None, &PlaceDefaults::default(), today());
        for (k, v) in [
            ("no_kk", kk().as_str()),
            ("m1.name", "Siti"),
            ("m1.nik", nik().as_str()),
            ("village", "Curugsewu"),
            ("m1.component", "ibu_hamil"),
            ("m1.pregnancy_order", order),
            ("m1.pregnancy_birth", due),
        ] {
            e.form.field_mut(k).unwrap().set_value(v);
        }
        let saved = e.validate(Lang::Id, today(), 12, &ComponentRules::default());
        (saved, e)
    };
    let (saved, e) = with("3", "2027-05-01");
    assert!(saved.is_none());
    let err = e.form.field("m1.component").unwrap().error.clone().unwrap();
    assert!(err.contains("kehamilan pertama dan kedua"), "{err}");
    assert!(err.contains("ke-3"), "{err}");
    let (saved, _) = with("ke-2", "1/5/2027");
    let Some(Record::Household(h)) = saved else {
        panic!("the second pregnancy saves")
    };
    let p = h.members[0].pregnancy;
    assert_eq!(p.order, Some(2));
    assert_eq!(p.birth, NaiveDate::from_ymd_opt(2027, 5, 1));
    // A bad order is named in the user's language.
    let (saved, e) = with("kedua", "");
    assert!(saved.is_none());
    let err = e.form.field("m1.pregnancy_order").unwrap().error.clone();
    assert_eq!(err.as_deref(), Some("harus angka"));
}

/// Issue 10 item 7: `pilar export --format json` from typed rows: a number is a JSON
/// number, a flag a boolean, empty a null, RT/RW written one way, keys in column order.
#[test]
fn types_json_export_has_numbers_booleans_and_nulls_in_column_order() {
    use pilar::model::Scope;
    use pilar::store::Store;
    use pilar::transfer::Kind;
    use pilar::transfer::out::{Format, render};
    let demo = crate::common::demo_db(30, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let rows = store.export_rows(Kind::Households, &Scope::All).unwrap();
    let bytes = render(Kind::Households, Format::Json, &rows).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), rows.len());
    for h in list {
        assert!(h["desil"].is_u64(), "{}", h["desil"]);
        assert!(h["tahun_masuk"].is_u64(), "{}", h["tahun_masuk"]);
        assert!(h["punya_usaha"].is_boolean(), "{}", h["punya_usaha"]);
        assert!(h["no_kk"].is_string(), "a NIK or No KK stays text");
        if h["punya_usaha"] == false {
            assert!(h["penghasilan_usaha"].is_null(), "{h}");
        }
        let rt = h["rt"].as_str().unwrap();
        assert!(
            rt.len() == 3 && rt.bytes().all(|b| b.is_ascii_digit()),
            "{rt}"
        );
    }
    assert!(list.iter().any(|h| h["penghasilan_usaha"].is_u64()));
    assert!(list.iter().any(|h| h["punya_usaha"] == true));
    // The first object's keys in the order of the export's columns.
    let text = String::from_utf8(bytes).unwrap();
    let first = &text[..text.find('}').unwrap()];
    let at: Vec<usize> = Kind::Households
        .columns()
        .iter()
        .map(|c| first.find(&format!("\"{}\":", c.header())).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{first}");
    // Activities: the done flag and the session number.
    let rows = store.export_rows(Kind::Activities, &Scope::All).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&render(Kind::Activities, Format::Json, &rows).unwrap()).unwrap();
    for a in json.as_array().unwrap() {
        assert!(a["selesai"].is_boolean(), "{a}");
        assert!(a["sesi_p2k2"].is_null() || a["sesi_p2k2"].is_u64(), "{a}");
    }
}
