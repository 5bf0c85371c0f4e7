use super::*;

fn terms(input: &str) -> Vec<Term> {
    let q = parse(input);
    assert!(q.errors.is_empty(), "{input}: {:?}", q.errors);
    q.terms
}

fn one(input: &str) -> Term {
    let t = terms(input);
    assert_eq!(t.len(), 1, "{input}: {t:?}");
    t.into_iter().next().unwrap()
}

fn err(input: &str) -> TermErrorKind {
    let q = parse(input);
    assert!(q.terms.is_empty(), "{input}: {:?}", q.terms);
    assert_eq!(q.errors.len(), 1, "{input}: {:?}", q.errors);
    assert_eq!(q.errors[0].term, input.trim());
    q.errors[0].kind.clone()
}

fn bad_value(input: &str, expected: Expected) {
    assert_eq!(err(input), TermErrorKind::BadValue { expected }, "{input}");
}

// --- normalize -------------------------------------------------------

#[test]
fn normalize_example_from_spec() {
    assert_eq!(normalize("Sàntí  Ñur'aini"), "santi nur aini");
}

#[test]
fn normalize_diacritics_and_case() {
    assert_eq!(normalize("ÉLODIE Çağla"), "elodie cagla");
    assert_eq!(normalize("Muḥammad"), "muhammad");
    assert_eq!(normalize("İbrahim"), "ibrahim");
    // Precomposed and decomposed forms agree.
    assert_eq!(normalize("Jos\u{e9}"), normalize("Jose\u{301}"));
}

#[test]
fn normalize_punctuation_runs_and_trim() {
    assert_eq!(normalize("  --Siti,,  Aminah!! "), "siti aminah");
    assert_eq!(normalize("RT.03/RW.05"), "rt 03 rw 05");
    assert_eq!(normalize("anak_usia-dini"), "anak usia dini");
    assert_eq!(normalize("a\t\nb"), "a b");
}

#[test]
fn normalize_empty_and_only_punctuation() {
    assert_eq!(normalize(""), "");
    assert_eq!(normalize("   "), "");
    assert_eq!(normalize("'-_.!"), "");
}

#[test]
fn normalize_keeps_digits() {
    assert_eq!(normalize("No. 3324"), "no 3324");
}

// --- Cmp -------------------------------------------------------------

#[test]
fn cmp_sql() {
    assert_eq!(Cmp::Lt.sql(), "<");
    assert_eq!(Cmp::Le.sql(), "<=");
    assert_eq!(Cmp::Eq.sql(), "=");
    assert_eq!(Cmp::Ge.sql(), ">=");
    assert_eq!(Cmp::Gt.sql(), ">");
}

// --- empty input, words and numbers -----------------------------------

#[test]
fn empty_input() {
    for s in ["", "   ", "\t\n"] {
        let q = parse(s);
        assert_eq!(q, Query::default(), "{s:?}");
        assert!(q.is_empty());
    }
}

#[test]
fn punctuation_only_is_empty() {
    let q = parse("-- ,, !");
    assert!(q.is_empty(), "{q:?}");
    assert!(q.errors.is_empty());
}

#[test]
fn words_normalized_in_order() {
    let q = parse("  Sàntí   Nur'aini  siti ");
    assert_eq!(q.words, ["santi", "nur", "aini", "siti"]);
    assert!(q.numbers.is_empty() && q.terms.is_empty() && q.errors.is_empty());
    assert!(!q.is_empty());
}

#[test]
fn digit_tokens_of_four_or_more_are_numbers() {
    let q = parse("3324 3324011201900001 123 12 aminah");
    assert_eq!(q.numbers, ["3324", "3324011201900001"]);
    assert_eq!(q.words, ["123", "12", "aminah"]);
    assert!(!q.is_empty());
}

#[test]
fn mixed_letters_and_digits_are_words() {
    let q = parse("rt03 12ab");
    assert_eq!(q.words, ["rt03", "12ab"]);
    assert!(q.numbers.is_empty());
}

#[test]
fn phone_prefix_kept_as_typed() {
    let q = parse("+6281234 6281234 081234");
    assert_eq!(q.numbers, ["6281234", "6281234", "081234"]);
    assert!(q.words.is_empty());
}

#[test]
fn phone_with_separators_is_one_number() {
    let q = parse("0812-3456-7890 3324.0112");
    assert_eq!(q.numbers, ["081234567890", "33240112"]);
    assert!(q.words.is_empty());
}

#[test]
fn short_phone_like_is_word() {
    let q = parse("+12 1-2");
    assert!(q.numbers.is_empty());
    assert_eq!(q.words, ["12", "1", "2"]);
}

#[test]
fn digits_inside_punctuated_token_split() {
    let q = parse("siti,3324");
    assert_eq!(q.words, ["siti"]);
    assert_eq!(q.numbers, ["3324"]);
}

#[test]
fn numbers_only_query_is_not_empty() {
    let q = parse("3324");
    assert!(!q.is_empty());
}

#[test]
fn errors_only_query_is_empty() {
    let q = parse("warna:merah desa:");
    assert_eq!(q.errors.len(), 2);
    assert!(q.is_empty());
}

// --- keys ------------------------------------------------------------

#[test]
fn keys_table() {
    assert_eq!(
        KEYS,
        &[
            ("desa", "village"),
            ("status", "status"),
            ("komponen", "component"),
            ("usaha", "business"),
            ("desil", "decile"),
            ("kunjungan", "visit"),
            ("tindaklanjut", "followup"),
            ("calon", "candidate"),
            ("masuk", "joined"),
            ("pas", "pas"),
            ("pendamping", "facilitator"),
            ("desilnaik", "decilerisen"),
            ("siap", "ready"),
            ("bayar", "pay"),
            ("gagal", "failing"),
            ("kelompok", "group"),
            ("p2k2", "p2k2"),
        ]
    );
}

/// Issue 11 item 3: a tahap not received, in both languages; a bad value is named.
#[test]
fn payment_problem_terms() {
    assert_eq!(one("bayar:masalah"), Term::PayProblem(true));
    assert_eq!(one("pay:problem"), Term::PayProblem(true));
    assert_eq!(one("bayar:ya"), Term::PayProblem(true));
    assert_eq!(one("bayar:lancar"), Term::PayProblem(false));
    assert_eq!(one("pay:no"), Term::PayProblem(false));
    assert_eq!(one("Pembayaran:Masalah"), Term::PayProblem(true));
    bad_value("bayar:kemarin", Expected::PayProblem);
}

/// Issue 11 item 4: the family's P2K2 group by its name's beginning, and its completion
/// (at least a percentage, or compared; a `%` sign is allowed), in both languages.
#[test]
fn group_and_completion_terms() {
    assert_eq!(one("kelompok:mawar"), Term::Group("mawar".into()));
    assert_eq!(one("group:\"Mawar 1\""), Term::Group("mawar 1".into()));
    assert_eq!(one("p2k2:<50"), Term::P2k2(Cmp::Lt, 50));
    assert_eq!(one("p2k2:<50%"), Term::P2k2(Cmp::Lt, 50));
    assert_eq!(one("P2K2:80"), Term::P2k2(Cmp::Ge, 80));
    assert_eq!(err("kelompok:"), TermErrorKind::Empty);
    assert_eq!(
        err("p2k2:150"),
        TermErrorKind::BadValue {
            expected: Expected::Number
        }
    );
    assert_eq!(
        err("p2k2:banyak"),
        TermErrorKind::BadValue {
            expected: Expected::Comparison
        }
    );
}

/// Issue 11 item 5: readiness at least a score, or compared, in both languages.
#[test]
fn readiness_terms() {
    assert_eq!(one("siap:70"), Term::Ready(Cmp::Ge, 70));
    assert_eq!(one("ready:70"), Term::Ready(Cmp::Ge, 70));
    assert_eq!(one("siap:<40"), Term::Ready(Cmp::Lt, 40));
    assert_eq!(one("siap:=100"), Term::Ready(Cmp::Eq, 100));
    assert_eq!(one("Kesiapan:>=0"), Term::Ready(Cmp::Ge, 0));
    assert_eq!(
        err("siap:101"),
        TermErrorKind::BadValue {
            expected: Expected::Number
        }
    );
    assert_eq!(
        err("ready:high"),
        TermErrorKind::BadValue {
            expected: Expected::Comparison
        }
    );
}

/// Issue 14: active families above desil 4, in both languages and with the key's
/// spelled-out forms.
#[test]
fn desil_above_the_limit() {
    assert_eq!(one("desilnaik:ya"), Term::DesilAboveLimit(true));
    assert_eq!(one("decilerisen:yes"), Term::DesilAboveLimit(true));
    assert_eq!(one("desil_naik:tidak"), Term::DesilAboveLimit(false));
    assert_eq!(one("decile-risen:no"), Term::DesilAboveLimit(false));
    assert_eq!(
        err("desilnaik:5"),
        TermErrorKind::BadValue {
            expected: Expected::YesNo
        }
    );
}

/// Issue 11 item 1: households with a member failing their commitments, and a P2K2
/// group, in both languages.
#[test]
fn failing_and_group_terms() {
    assert_eq!(one("gagal:ya"), Term::Failing(true));
    assert_eq!(one("failing:yes"), Term::Failing(true));
    assert_eq!(one("gagal:tidak"), Term::Failing(false));
    assert_eq!(
        err("gagal:3"),
        TermErrorKind::BadValue {
            expected: Expected::YesNo
        }
    );
    assert_eq!(one("kelompok:\"Mawar 2\""), Term::Group("mawar 2".into()));
    assert_eq!(one("group:Melati"), Term::Group("melati".into()));
}

/// A valid value for each key in KEYS; both names must parse it.
fn sample_value(id: &str) -> &'static str {
    match id {
        "desa" | "pendamping" | "kelompok" => "siti",
        "status" => "aktif",
        "komponen" => "sd",
        "usaha" | "calon" | "desilnaik" | "gagal" => "ya",
        "desil" => "2",
        "kunjungan" => ">30",
        "tindaklanjut" => "terlambat",
        "masuk" => "2019",
        "pas" => "fakir",
        "siap" | "p2k2" => "70",
        "bayar" => "masalah",
        _ => panic!("no sample for {id}"),
    }
}

#[test]
fn every_key_in_both_languages_and_any_case() {
    for (id, en) in KEYS {
        let v = sample_value(id);
        let expect = one(&format!("{id}:{v}"));
        assert_eq!(one(&format!("{en}:{v}")), expect, "{en}");
        assert_eq!(
            one(&format!("{}:{v}", id.to_uppercase())),
            expect,
            "{id} upper"
        );
        assert_eq!(
            one(&format!("{}:{v}", en.to_uppercase())),
            expect,
            "{en} upper"
        );
    }
}

#[test]
fn key_aliases() {
    assert_eq!(one("kelurahan:pagersari"), one("desa:pagersari"));
    assert_eq!(one("tl:terlambat"), one("tindaklanjut:terlambat"));
    assert_eq!(one("Tindak_Lanjut:terlambat"), one("tl:terlambat"));
    assert_eq!(one("follow-up:overdue"), one("followup:overdue"));
}

#[test]
fn unknown_key() {
    assert_eq!(err("warna:merah"), TermErrorKind::UnknownKey);
    assert_eq!(err(":merah"), TermErrorKind::UnknownKey);
    assert_eq!(err("10:30"), TermErrorKind::UnknownKey);
    // Unknown key wins over an empty value.
    assert_eq!(err("warna:"), TermErrorKind::UnknownKey);
}

#[test]
fn empty_value_for_every_key() {
    for (id, en) in KEYS {
        for k in [id, en] {
            assert_eq!(err(&format!("{k}:")), TermErrorKind::Empty, "{k}");
            assert_eq!(err(&format!("{k}:\"\"")), TermErrorKind::Empty, "{k}");
        }
    }
}

#[test]
fn text_value_of_only_punctuation_is_empty() {
    assert_eq!(err("desa:--"), TermErrorKind::Empty);
    assert_eq!(err("pendamping:'.'"), TermErrorKind::Empty);
}

// --- text values ---------------------------------------------------

#[test]
fn village_normalized() {
    assert_eq!(one("desa:Curugsewu"), Term::Village("curugsewu".into()));
    assert_eq!(one("village:Pagèrsari"), Term::Village("pagersari".into()));
    assert_eq!(
        one("desa:sumber-rahayu"),
        Term::Village("sumber rahayu".into())
    );
}

#[test]
fn worker_normalized() {
    assert_eq!(one("pendamping:Siti"), Term::Worker("siti".into()));
    assert_eq!(
        one("facilitator:siti.aminah"),
        Term::Worker("siti aminah".into())
    );
}

#[test]
fn quoted_value_keeps_spaces() {
    let q = parse("desa:\"Sumber  Rahayu\" siti");
    assert_eq!(q.terms, [Term::Village("sumber rahayu".into())]);
    assert_eq!(q.words, ["siti"]);
    assert!(q.errors.is_empty());
}

#[test]
fn quoted_value_for_worker_and_keyword() {
    assert_eq!(
        one("pendamping:\"siti aminah\""),
        Term::Worker("siti aminah".into())
    );
    assert_eq!(
        one("komponen:\"anak usia dini\""),
        Term::Component(Component::AnakUsiaDini)
    );
    assert_eq!(one("tl:\"hari ini\""), Term::FollowUp(FollowUp::DueToday));
}

#[test]
fn unclosed_quote_runs_to_end() {
    let q = parse("siti desa:\"sumber rahayu");
    assert_eq!(q.words, ["siti"]);
    assert_eq!(q.terms, [Term::Village("sumber rahayu".into())]);
}

#[test]
fn quoted_bad_value_error_keeps_term_as_typed() {
    let q = parse("x status:\"tidak ada\" y");
    assert_eq!(
        q.errors,
        [TermError {
            term: "status:\"tidak ada\"".into(),
            kind: TermErrorKind::BadValue {
                expected: Expected::Status
            },
        }]
    );
    assert_eq!(q.words, ["x", "y"]);
}

#[test]
fn quotes_before_colon_do_not_group() {
    // Only quotes after a colon group words; elsewhere they are punctuation.
    let q = parse("\"siti aminah\" desa:x");
    assert_eq!(q.words, ["siti", "aminah"]);
    assert_eq!(q.terms, [Term::Village("x".into())]);
}

// --- status ----------------------------------------------------------

#[test]
fn status_values() {
    use HouseholdStatus::*;
    for (v, s) in [
        ("aktif", Aktif),
        ("active", Aktif),
        ("calon", CalonGraduasi),
        ("candidate", CalonGraduasi),
        ("calon_graduasi", CalonGraduasi),
        ("graduasi", Graduasi),
        ("graduated", Graduasi),
        ("keluar", Keluar),
        ("exited", Keluar),
        ("AKTIF", Aktif),
    ] {
        assert_eq!(one(&format!("status:{v}")), Term::Status(vec![s]), "{v}");
    }
}

#[test]
fn status_all() {
    let all = Term::Status(HouseholdStatus::ALL.to_vec());
    assert_eq!(one("status:semua"), all);
    assert_eq!(one("status:all"), all);
    if let Term::Status(v) = all {
        assert_eq!(v.len(), 4);
    }
}

#[test]
fn status_bad() {
    bad_value("status:hidup", Expected::Status);
    bad_value("status:1", Expected::Status);
}

// --- component -------------------------------------------------------

#[test]
fn component_keys() {
    for c in Component::ALL {
        assert_eq!(
            one(&format!("komponen:{}", c.key())),
            Term::Component(c),
            "{c:?}"
        );
    }
    assert_eq!(one("component:SD"), Term::Component(Component::Sd));
    assert_eq!(
        one("komponen:ibu-hamil"),
        Term::Component(Component::IbuHamil)
    );
}

#[test]
fn component_aliases() {
    use Component::*;
    for (v, c) in [
        ("aud", AnakUsiaDini),
        ("balita", AnakUsiaDini),
        ("early", AnakUsiaDini),
        ("bumil", IbuHamil),
        ("hamil", IbuHamil),
        ("pregnant", IbuHamil),
        ("disabilitas", DisabilitasBerat),
        ("disability", DisabilitasBerat),
        ("elderly", Lansia),
        ("primary", Sd),
        ("junior", Smp),
        ("senior", Sma),
    ] {
        assert_eq!(one(&format!("komponen:{v}")), Term::Component(c), "{v}");
    }
}

#[test]
fn component_bad() {
    bad_value("komponen:kuliah", Expected::Component);
    bad_value("component:s", Expected::Component);
}

// --- yes / no --------------------------------------------------------

#[test]
fn business_and_candidate_yes_no() {
    for v in ["ya", "yes", "y", "1", "YA", "Yes"] {
        assert_eq!(one(&format!("usaha:{v}")), Term::Business(true), "{v}");
        assert_eq!(one(&format!("calon:{v}")), Term::Candidate(true), "{v}");
    }
    for v in ["tidak", "no", "n", "0", "Tidak"] {
        assert_eq!(one(&format!("business:{v}")), Term::Business(false), "{v}");
        assert_eq!(
            one(&format!("candidate:{v}")),
            Term::Candidate(false),
            "{v}"
        );
    }
}

#[test]
fn yes_no_bad() {
    for v in ["mungkin", "2", "yess", "t"] {
        bad_value(&format!("usaha:{v}"), Expected::YesNo);
        bad_value(&format!("calon:{v}"), Expected::YesNo);
    }
}

// --- desil -----------------------------------------------------------

#[test]
fn desil_comparisons() {
    assert_eq!(one("desil:<=2"), Term::Desil(Cmp::Le, 2));
    assert_eq!(one("desil:<3"), Term::Desil(Cmp::Lt, 3));
    assert_eq!(one("desil:>=2"), Term::Desil(Cmp::Ge, 2));
    assert_eq!(one("desil:>1"), Term::Desil(Cmp::Gt, 1));
    assert_eq!(one("desil:=2"), Term::Desil(Cmp::Eq, 2));
    assert_eq!(one("desil:2"), Term::Desil(Cmp::Eq, 2));
    assert_eq!(one("decile:10"), Term::Desil(Cmp::Eq, 10));
    assert_eq!(one("desil:1"), Term::Desil(Cmp::Eq, 1));
    assert_eq!(one("desil:\"<= 4\""), Term::Desil(Cmp::Le, 4));
}

#[test]
fn desil_out_of_range() {
    for v in ["0", "11", "<=11", "99999999999999999999999"] {
        let input = format!("desil:{v}");
        let kind = err(&input);
        assert!(
            matches!(
                kind,
                TermErrorKind::BadValue {
                    expected: Expected::Number | Expected::Comparison
                }
            ),
            "{input}: {kind:?}"
        );
    }
    bad_value("desil:0", Expected::Number);
    bad_value("desil:11", Expected::Number);
    bad_value("desil:300", Expected::Number);
}

#[test]
fn desil_bad_syntax() {
    for v in ["dua", "<", "<<2", "=>2", "2.5", "-1", "<=2x", "½"] {
        bad_value(&format!("desil:{v}"), Expected::Comparison);
    }
}

// --- kunjungan -------------------------------------------------------

#[test]
fn visit_days() {
    assert_eq!(one("kunjungan:>30"), Term::DaysSinceVisit(Cmp::Gt, 30));
    assert_eq!(one("visit:<=7"), Term::DaysSinceVisit(Cmp::Le, 7));
    assert_eq!(one("kunjungan:0"), Term::DaysSinceVisit(Cmp::Eq, 0));
    assert_eq!(one("visit:>=365"), Term::DaysSinceVisit(Cmp::Ge, 365));
    assert_eq!(one("visit:<14"), Term::DaysSinceVisit(Cmp::Lt, 14));
}

#[test]
fn visit_never() {
    for v in ["belum", "never", "BELUM", "Never", "\"belum pernah\""] {
        assert_eq!(one(&format!("kunjungan:{v}")), Term::NeverVisited, "{v}");
    }
    assert_eq!(one("visit:never"), Term::NeverVisited);
}

#[test]
fn visit_bad() {
    bad_value("kunjungan:lama", Expected::Comparison);
    bad_value("visit:>", Expected::Comparison);
    bad_value("visit:>30d", Expected::Comparison);
    bad_value("kunjungan:99999999999", Expected::Number);
}

// --- tindak lanjut ---------------------------------------------------

#[test]
fn follow_up_values() {
    use FollowUp as F;
    for (v, f) in [
        ("terlambat", F::Overdue),
        ("overdue", F::Overdue),
        ("hariini", F::DueToday),
        ("hari_ini", F::DueToday),
        ("today", F::DueToday),
        ("akandatang", F::Upcoming),
        ("akan_datang", F::Upcoming),
        ("upcoming", F::Upcoming),
        ("ada", F::Open),
        ("open", F::Open),
        ("any", F::Open),
        ("tidak", F::None),
        ("none", F::None),
    ] {
        assert_eq!(one(&format!("tindaklanjut:{v}")), Term::FollowUp(f), "{v}");
        assert_eq!(one(&format!("tl:{v}")), Term::FollowUp(f), "{v}");
        assert_eq!(one(&format!("followup:{v}")), Term::FollowUp(f), "{v}");
    }
}

#[test]
fn follow_up_bad() {
    bad_value("tl:besok", Expected::FollowUp);
    bad_value("followup:ya", Expected::FollowUp);
}

// --- masuk -----------------------------------------------------------

#[test]
fn joined_years() {
    assert_eq!(one("masuk:<2020"), Term::Joined(Cmp::Lt, 2020));
    assert_eq!(one("joined:>=2018"), Term::Joined(Cmp::Ge, 2018));
    assert_eq!(one("masuk:2019"), Term::Joined(Cmp::Eq, 2019));
    assert_eq!(one("masuk:2000"), Term::Joined(Cmp::Eq, 2000));
    assert_eq!(one("masuk:<=2100"), Term::Joined(Cmp::Le, 2100));
    assert_eq!(one("masuk:>2007"), Term::Joined(Cmp::Gt, 2007));
}

#[test]
fn joined_bad() {
    for v in [
        "1999",
        "2101",
        "19",
        "lama",
        "<20x0",
        "99999999999999999999",
    ] {
        bad_value(&format!("masuk:{v}"), Expected::Year);
    }
}

// --- pas -------------------------------------------------------------

#[test]
fn pas_exact_keys() {
    for t in PasTag::ALL {
        assert_eq!(one(&format!("pas:{}", t.key())), Term::Pas(t), "{t:?}");
    }
}

#[test]
fn pas_prefixes() {
    assert_eq!(one("pas:lansia"), Term::Pas(PasTag::LansiaTelantar));
    assert_eq!(one("pas:disabilitas"), Term::Pas(PasTag::Disabilitas));
    assert_eq!(one("pas:fakir"), Term::Pas(PasTag::FakirMiskin));
    assert_eq!(one("PAS:Fakir"), Term::Pas(PasTag::FakirMiskin));
    assert_eq!(one("pas:korban_napza"), Term::Pas(PasTag::KorbanNapzaHiv));
    assert_eq!(
        one("pas:\"korban bencana\""),
        Term::Pas(PasTag::KorbanBencana)
    );
    assert_eq!(one("pas:anak"), Term::Pas(PasTag::AnakRentan));
}

#[test]
fn pas_ambiguous_or_unknown() {
    // korban_* has three tags; "a" starts anak and afirmasi, "b"
    // berpendapatan and bermasalah; "miskin" is not at the start.
    for v in ["korban", "a", "b", "ber", "miskin", "xyz", "rentan"] {
        bad_value(&format!("pas:{v}"), Expected::Pas);
    }
}

// --- mixed -----------------------------------------------------------

#[test]
fn mixed_example_from_spec() {
    let q = parse(
        "siti desa:curugsewu status:aktif komponen:sd usaha:ya desil:<=2 \
         kunjungan:>30 tindaklanjut:terlambat calon:ya masuk:<2020 pas:lansia \
         pendamping:siti warna:merah",
    );
    assert_eq!(q.words, ["siti"]);
    assert!(q.numbers.is_empty());
    assert_eq!(
        q.terms,
        [
            Term::Village("curugsewu".into()),
            Term::Status(vec![HouseholdStatus::Aktif]),
            Term::Component(Component::Sd),
            Term::Business(true),
            Term::Desil(Cmp::Le, 2),
            Term::DaysSinceVisit(Cmp::Gt, 30),
            Term::FollowUp(FollowUp::Overdue),
            Term::Candidate(true),
            Term::Joined(Cmp::Lt, 2020),
            Term::Pas(PasTag::LansiaTelantar),
            Term::Worker("siti".into()),
        ]
    );
    assert_eq!(
        q.errors,
        [TermError {
            term: "warna:merah".into(),
            kind: TermErrorKind::UnknownKey,
        }]
    );
    assert!(!q.is_empty());
}

#[test]
fn mixed_english() {
    let q = parse(
        "Aminah 3324011201900001 village:Pagersari status:candidate component:elderly \
         business:no decile:>=3 visit:never followup:open candidate:no joined:2019 \
         pas:fakir facilitator:budi",
    );
    assert_eq!(q.words, ["aminah"]);
    assert_eq!(q.numbers, ["3324011201900001"]);
    assert_eq!(
        q.terms,
        [
            Term::Village("pagersari".into()),
            Term::Status(vec![HouseholdStatus::CalonGraduasi]),
            Term::Component(Component::Lansia),
            Term::Business(false),
            Term::Desil(Cmp::Ge, 3),
            Term::NeverVisited,
            Term::FollowUp(FollowUp::Open),
            Term::Candidate(false),
            Term::Joined(Cmp::Eq, 2019),
            Term::Pas(PasTag::FakirMiskin),
            Term::Worker("budi".into()),
        ]
    );
    assert!(q.errors.is_empty());
}

#[test]
fn errors_keep_order_and_rest_applies() {
    let q = parse("desil:abc siti desa: usaha:ya warna:merah masuk:1990");
    assert_eq!(q.words, ["siti"]);
    assert_eq!(q.terms, [Term::Business(true)]);
    let got: Vec<(&str, &TermErrorKind)> = q
        .errors
        .iter()
        .map(|e| (e.term.as_str(), &e.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("desil:abc", &bad(Expected::Comparison)),
            ("desa:", &TermErrorKind::Empty),
            ("warna:merah", &TermErrorKind::UnknownKey),
            ("masuk:1990", &bad(Expected::Year)),
        ]
    );
}

#[test]
fn error_term_is_exactly_as_typed() {
    let q = parse("  Warna:Merah  ");
    assert_eq!(q.errors[0].term, "Warna:Merah");
    let q = parse("DESIL:Dua");
    assert_eq!(q.errors[0].term, "DESIL:Dua");
}

#[test]
fn repeated_terms_all_kept() {
    assert_eq!(
        terms("desil:>=2 desil:<=4"),
        [Term::Desil(Cmp::Ge, 2), Term::Desil(Cmp::Le, 4)]
    );
}

#[test]
fn value_with_second_colon_is_part_of_value() {
    assert_eq!(one("desa:a:b"), Term::Village("a b".into()));
}

#[test]
fn tabs_and_newlines_separate_tokens() {
    let q = parse("siti\tdesa:x\nusaha:ya");
    assert_eq!(q.words, ["siti"]);
    assert_eq!(q.terms, [Term::Village("x".into()), Term::Business(true)]);
}
