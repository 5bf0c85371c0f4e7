//! One household written whole: the family, its status and exits, its history, its
//! graduation and referral.

use chrono::{Datelike, Duration, NaiveDate};

use crate::store::{
    ActivityRecord, BulkWriter, GraduationRecord, HouseholdRecord, MemberRecord, ReferralRecord,
    Result,
};
use pilar_core::domain::Sex;
use pilar_core::domain::activity::ActivityKind;
use pilar_core::domain::component::{Component, ComponentRules};
use pilar_core::domain::graduation::{ExitKind, HouseholdStatus, PasTag, Program, ReferralStatus};
use pilar_core::domain::nik::{compose_nik, compose_no_kk};
use pilar_core::model::Relation;

use super::family::{components, family};
use super::lists::{Lists, Village};
use super::rng::Rng;
use super::{DemoConfig, DemoSummary, FULL_HISTORY_MAX, Quotas, Serials, UMK_KENDAL_2025, stamp};

/// A business's monthly income for a family of `desil` (1-4): below the UMK, more so in
/// lower desil; in desil 3-4 one in ten earns above it (such a family is a candidate).
pub(super) fn income(rng: &mut Rng, desil: u8) -> i64 {
    if desil >= 3 && rng.chance(100) {
        return rng.range(28, 42) * 100_000;
    }
    let (lo, hi) = match desil {
        1 => (5, 15),
        2 => (7, 20),
        3 => (9, 24),
        _ => (10, 27),
    };
    rng.range(lo, hi) * 100_000
}

#[allow(clippy::too_many_arguments)]
pub(super) fn household(
    w: &mut BulkWriter<'_>,
    rng: &mut Rng,
    serials: &mut Serials,
    lists: &Lists,
    rules: &ComponentRules,
    cfg: &DemoConfig,
    worker_id: &str,
    v: &Village,
    group_id: &str,
    remaining: u64,
    start: NaiveDate,
    quotas: &mut Quotas,
    summary: &mut DemoSummary,
) -> Result<String> {
    let today = cfg.today;
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    // Families on PKH have a component; one drawn without is drawn again once, and the
    // rare one left is a candidate for graduasi alamiah (or has graduated so).
    let mut people = family(rng, lists, today);
    let mut assigned = components(rng, &mut people, rules, today);
    if assigned == 0 {
        people = family(rng, lists, today);
        assigned = components(rng, &mut people, rules, today);
    }
    let female_head = people[0].sex == Sex::Female;
    let husband = people
        .iter()
        .any(|p| p.relation == Relation::KepalaKeluarga && p.sex == Sex::Male && female_head);

    // Joined PKH (from 2008) when the pengurus was at least 18.
    let adult = people[0].birth.year() + 18;
    let joined_year = rng.range(i64::from(adult.max(2008)), i64::from(today.year()) - 1) as i32;
    let joined = NaiveDate::from_ymd_opt(joined_year, rng.range(1, 12) as u32, 1).unwrap_or(start);
    let hh_id = rng.id();
    let created = stamp(joined);
    let kec = v.kecamatan_code;
    // The family card is issued again at each birth: not before the youngest member's.
    let youngest = people.iter().map(|p| p.birth).max().unwrap_or(joined);
    let kk_issued = NaiveDate::from_ymd_opt(
        rng.range(2005, 2023) as i32,
        rng.range(1, 12) as u32,
        rng.range(1, 28) as u32,
    )
    .unwrap_or(joined)
    .max(youngest + Duration::days(rng.range(14, 60)))
    .min(today);
    let no_kk = compose_no_kk(33, 24, kec, kk_issued, serials.next(kec, kk_issued, 2));
    let niks: Vec<String> = people
        .iter()
        .map(|p| {
            let s = if p.sex == Sex::Female { 1 } else { 0 };
            compose_nik(33, 24, kec, p.birth, p.sex, serials.next(kec, p.birth, s))
                .as_str()
                .to_string()
        })
        .collect();

    // Business: about a quarter; more likely among the long-term families.
    let has_business = rng.chance(if joined_year < 2018 { 300 } else { 220 });
    let business_desc = if has_business {
        *rng.pick(&lists.businesses)
    } else {
        ""
    };
    let mut desil: u8 = match rng.below(10) {
        0..=2 => 1,
        3..=5 => 2,
        6..=7 => 3,
        _ => 4,
    };
    let mut programs = String::from("pkh");
    if rng.chance(820) {
        programs.push_str(",bpnt");
    }
    if rng.chance(900) {
        programs.push_str(",pbi_jk");
    }
    let mut pas = vec![PasTag::FakirMiskin.key()];
    if rng.chance(300) {
        pas = vec![PasTag::BerpendapatanRendah.key()];
    }
    if people
        .iter()
        .any(|p| p.component == Some(Component::Lansia))
        && rng.chance(300)
    {
        pas.push(PasTag::LansiaTelantar.key());
    }
    if people
        .iter()
        .any(|p| p.component == Some(Component::DisabilitasBerat))
    {
        pas.push(PasTag::Disabilitas.key());
    }
    if female_head && people[0].relation == Relation::KepalaKeluarga && rng.chance(400) {
        pas.push(PasTag::PerempuanRentan.key());
    }
    if rng.chance(50) {
        pas.push(PasTag::AnakRentan.key());
    }

    // Status, and exits this year, spread over the caseload.
    let take = |left: &mut u64, rng: &mut Rng| -> bool {
        if *left > 0 && rng.below(remaining) < *left * 2 {
            *left -= 1;
            true
        } else {
            false
        }
    };
    let days_this_year = (today - year_start).num_days().max(1);
    let this_year = |rng: &mut Rng| year_start + Duration::days(rng.range(0, days_this_year - 1));
    let mut exit: Option<(ExitKind, NaiveDate)> = None;
    let mut status = HouseholdStatus::Aktif;
    // Why an active family is flagged, written in its log: (kind, date, summary).
    let mut flag: Option<(ActivityKind, NaiveDate, String)> = None;
    let on_pkh = i64::from(today.year()) - i64::from(joined_year);
    if has_business && on_pkh >= 3 && take(&mut quotas.graduations, rng) {
        exit = Some((ExitKind::SejahteraMandiri, this_year(rng)));
        desil = rng.range(3, 4) as u8;
    } else if take(&mut quotas.mandiri, rng) {
        exit = Some((ExitKind::Mandiri, this_year(rng)));
    } else if assigned == 0 && quotas.alamiah > 0 {
        quotas.alamiah -= 1;
        exit = Some((ExitKind::Alamiah, this_year(rng)));
    } else if assigned == 0 {
        status = HouseholdStatus::CalonGraduasi;
        flag = Some((
            ActivityKind::AsesmenGraduasi,
            today - Duration::days(rng.range(5, 90)),
            "Asesmen graduasi: tidak ada komponen yang memenuhi syarat, diusulkan graduasi alamiah"
                .to_string(),
        ));
    } else if take(&mut quotas.desil_exits, rng) {
        desil = rng.range(5, 7) as u8;
        exit = Some((ExitKind::DesilNaik, this_year(rng)));
    } else if take(&mut quotas.commitment_exits, rng) {
        exit = Some((ExitKind::TidakMemenuhiKomitmen, this_year(rng)));
    } else if take(&mut quotas.exits, rng) {
        let k = *rng.pick(&[ExitKind::Pindah, ExitKind::Meninggal, ExitKind::TidakLayak]);
        exit = Some((k, this_year(rng)));
    } else if take(&mut quotas.reranked, rng) {
        // DTSEN's last re-ranking moved the family above desil 4: flagged, not yet exited.
        desil = rng.range(5, 6) as u8;
        flag = Some((
            ActivityKind::Pemutakhiran,
            today - Duration::days(rng.range(5, 60)),
            format!("Pemutakhiran DTSEN: desil naik ke {desil}, diusulkan keluar dari PKH"),
        ));
        if rng.chance(500) {
            status = HouseholdStatus::CalonGraduasi;
        }
    } else if (has_business || joined_year < 2019) && take(&mut quotas.candidates, rng) {
        status = HouseholdStatus::CalonGraduasi;
    }
    // Income: a sejahtera mandiri family's has mostly risen above the UMK; the others'
    // fit their desil, and the few above the UMK are candidates.
    let sm_above_umk = rng.chance(700);
    let business_income = has_business.then(|| match exit {
        Some((ExitKind::SejahteraMandiri, _)) if sm_above_umk => rng.range(28, 45) * 100_000,
        Some((ExitKind::SejahteraMandiri, _)) => rng.range(18, 27) * 100_000,
        _ => income(rng, desil.min(4)),
    });
    if exit.is_none()
        && status == HouseholdStatus::Aktif
        && business_income.is_some_and(|i| i >= UMK_KENDAL_2025)
    {
        status = HouseholdStatus::CalonGraduasi;
    }
    let mut status_date = None;
    if let Some((k, d)) = exit {
        status = k.resulting_status();
        status_date = Some(d);
    } else if status == HouseholdStatus::CalonGraduasi {
        status_date = Some(
            flag.as_ref()
                .map_or_else(|| today - Duration::days(rng.range(5, 90)), |f| f.1),
        );
    }

    // Activity history: home visits and other work over 18 months. Collected first so the
    // household row (a parent) is written before them.
    let history_end = status_date.filter(|_| exit.is_some()).unwrap_or(today);
    let n_acts = if cfg.households > FULL_HISTORY_MAX {
        rng.range(1, 2)
    } else {
        rng.range(2, 8)
    };
    let mut last_visit: Option<NaiveDate> = None;
    let mut next_follow_up: Option<NaiveDate> = None;
    let span = (history_end - start).num_days().max(1);
    let village = &v.name;
    let mut acts: Vec<(ActivityKind, NaiveDate, String, Option<NaiveDate>, bool)> = Vec::new();
    for _ in 0..n_acts {
        let date = start + Duration::days(rng.range(0, span));
        let kind = match rng.below(100) {
            0..=57 => ActivityKind::Kunjungan,
            58..=71 => ActivityKind::Verifikasi,
            72..=79 => ActivityKind::Pemutakhiran,
            80..=84 => ActivityKind::Penyaluran,
            85..=88 => ActivityKind::Kasus,
            89..=91 => ActivityKind::Rujukan,
            92..=95 => ActivityKind::Koordinasi,
            _ => ActivityKind::Catatan,
        };
        let summary_text = activity_summary(rng, kind, village);
        let mut follow_up = None;
        let mut done = false;
        if rng.chance(200) {
            let f = date + Duration::days(rng.range(7, 45));
            follow_up = Some(f);
            // An active facilitator closes follow-ups: those more than two months past are
            // done, recent ones often still open.
            done = if f < today - Duration::days(60) {
                true
            } else {
                f < today && rng.chance(500)
            };
            if !done && exit.is_none() {
                next_follow_up = Some(next_follow_up.map_or(f, |n: NaiveDate| n.min(f)));
            }
        }
        if kind.is_visit() {
            last_visit = Some(last_visit.map_or(date, |l: NaiveDate| l.max(date)));
        }
        acts.push((kind, date, summary_text, follow_up, done));
    }
    if let Some((kind, date, text)) = flag {
        if kind.is_visit() {
            last_visit = Some(last_visit.map_or(date, |l: NaiveDate| l.max(date)));
        }
        acts.push((kind, date, text, None, false));
    }
    if let Some((kind, date)) = exit {
        let (act_kind, summary_text) = match kind {
            ExitKind::SejahteraMandiri => (
                ActivityKind::AsesmenGraduasi,
                "Asesmen graduasi: usaha stabil, siap mandiri".to_string(),
            ),
            ExitKind::Mandiri => (
                ActivityKind::AsesmenGraduasi,
                "Keluarga mengundurkan diri dari PKH".to_string(),
            ),
            ExitKind::Alamiah => (
                ActivityKind::AsesmenGraduasi,
                "Asesmen graduasi: tidak ada komponen tersisa, graduasi alamiah".to_string(),
            ),
            ExitKind::DesilNaik => (
                ActivityKind::Pemutakhiran,
                format!("Pemutakhiran DTSEN: desil naik ke {desil}"),
            ),
            ExitKind::TidakMemenuhiKomitmen => (
                ActivityKind::Verifikasi,
                "Verifikasi komitmen: tidak hadir P2K2 dan posyandu tiga bulan berturut-turut"
                    .to_string(),
            ),
            _ => (
                ActivityKind::Pemutakhiran,
                "Pemutakhiran data sebelum keluar".to_string(),
            ),
        };
        let ad = date - Duration::days(rng.range(7, 30)).min(date - start);
        if act_kind.is_visit() {
            last_visit = Some(last_visit.map_or(ad, |l: NaiveDate| l.max(ad)));
        }
        acts.push((act_kind, ad, summary_text, None, false));
    }

    let mut component_count = 0;
    for p in &people {
        component_count += u32::from(p.component.is_some());
    }
    let rt = format!("{:03}", rng.range(1, 8));
    let rw = format!("{:03}", rng.range(1, 4));
    let phone = if rng.chance(750) {
        format!(
            "08{}{:08}",
            rng.pick(&["12", "13", "21", "52", "57", "77", "95"]),
            rng.below(100_000_000)
        )
    } else {
        String::new()
    };
    let pas_tags = pas.join(",");
    let search_text = pilar_core::filter::search_text(&people[0].name, village);
    w.household_in_group(
        &HouseholdRecord {
            id: &hh_id,
            worker_id,
            no_kk: no_kk.as_str(),
            pengurus_name: &people[0].name,
            pengurus_nik: &niks[0],
            address: "",
            rt: &rt,
            rw: &rw,
            village,
            kecamatan: &v.kecamatan,
            kabupaten: "Kendal",
            area_code: &v.area_code,
            phone: &phone,
            desil: Some(desil),
            year_joined: Some(joined_year),
            programs: &programs,
            has_business,
            business_desc,
            business_income,
            pas_tags: &pas_tags,
            status: status.key(),
            status_date,
            last_visit,
            next_follow_up,
            component_count,
            search_text: &search_text,
            created_at: &created,
            author_id: worker_id,
        },
        Some(group_id),
    )?;
    let mut member_ids: Vec<String> = Vec::with_capacity(people.len());
    for (p, nik) in people.iter().zip(&niks) {
        let id = rng.id();
        member_ids.push(id.clone());
        w.member(&MemberRecord {
            id: &id,
            household_id: &hh_id,
            nik,
            name: &p.name,
            sex: p.sex.key(),
            birth_date: Some(p.birth),
            relation: p.relation.key(),
            component: p.component.map(|c| c.key()),
            created_at: &created,
            author_id: worker_id,
            pregnancy: p.pregnancy,
        })?;
        summary.members += 1;
        // Commitment outcomes of the months before this one, drawn apart from the family's
        // own draws (the rest of the demo is the same with or without them).
        if let Some(c) = p.component
            && matches!(
                status,
                HouseholdStatus::Aktif | HouseholdStatus::CalonGraduasi
            )
        {
            // A large demo keeps the month before this one (the month being verified),
            // and a failing member's whole run of 3 to 5 months.
            let months = if cfg.households > FULL_HISTORY_MAX {
                1
            } else {
                18
            };
            super::verifications::member(w, &hh_id, &id, c, p.birth, today, months, worker_id)?;
        }
    }
    for (kind, date, summary_text, follow_up, done) in &acts {
        let id = rng.id();
        w.activity(&ActivityRecord {
            id: &id,
            household_id: Some(&hh_id),
            worker_id,
            kind: kind.key(),
            date: *date,
            summary: summary_text,
            follow_up: *follow_up,
            done: *done,
            group_name: "",
            place: "",
            p2k2_module: None,
            p2k2_session: None,
            created_at: &stamp(*date),
        })?;
        summary.activities += 1;
    }
    if let Some((kind, date)) = exit {
        let id = rng.id();
        // The reason agrees with the data: "di atas UMK" only with an income above it.
        let business = business_desc.to_lowercase();
        let earner = if husband {
            "suami bekerja tetap"
        } else {
            "anak sudah bekerja"
        };
        let reason = match kind {
            ExitKind::SejahteraMandiri
                if business_income.is_some_and(|i| i >= UMK_KENDAL_2025) =>
            {
                format!("Usaha {business} berjalan, penghasilan di atas UMK")
            }
            ExitKind::SejahteraMandiri => {
                format!("Usaha {business} berjalan stabil dan {earner}; keluarga menyatakan mampu")
            }
            ExitKind::Mandiri => format!("Mengundurkan diri, {earner}"),
            ExitKind::Alamiah => "Tidak ada komponen yang memenuhi syarat".to_string(),
            ExitKind::Pindah => "Pindah domisili ke luar kabupaten".to_string(),
            ExitKind::Meninggal => "Pengurus meninggal dunia".to_string(),
            ExitKind::DesilNaik => {
                format!("Pemeringkatan DTSEN: desil {desil}, di atas batas PKH (desil 4)")
            }
            ExitKind::TidakMemenuhiKomitmen => {
                "Tidak memenuhi komitmen P2K2 dan kesehatan tiga bulan berturut-turut; berita acara desa"
                    .to_string()
            }
            _ => "Tidak layak setelah pemutakhiran DTSEN".to_string(),
        };
        // What the graduation form requires (`graduation::missing_evidence`).
        let evidence = match kind {
            ExitKind::SejahteraMandiri => "asesmen,surat_pernyataan",
            ExitKind::Mandiri => "surat_pernyataan",
            _ => "",
        };
        w.graduation(&GraduationRecord {
            id: &id,
            household_id: &hh_id,
            worker_id,
            kind: kind.key(),
            date,
            reason: &reason,
            evidence,
            created_at: &stamp(date),
            author_id: worker_id,
        })?;
        if kind == ExitKind::SejahteraMandiri {
            let id = rng.id();
            // PENA until 2024; PPSE succeeded it in 2025.
            let empowerment = if date.year() < 2025 {
                Program::Pena
            } else {
                Program::Ppse
            };
            let program = *rng.pick(&[empowerment, Program::Kube, Program::Mekaar, Program::Kur]);
            let (agency, status) = match program {
                Program::Pena | Program::Ppse => ("Kemensos", ReferralStatus::Diterima),
                Program::Kube => ("Dinas Sosial Kab. Kendal", ReferralStatus::Berjalan),
                Program::Kur => ("BRI Unit Patean", ReferralStatus::Diusulkan),
                _ => ("PNM Mekaar", ReferralStatus::Diusulkan),
            };
            w.referral(&ReferralRecord {
                id: &id,
                household_id: &hh_id,
                program: program.key(),
                agency,
                date,
                status: status.key(),
                notes: "",
                created_at: &stamp(date),
                author_id: worker_id,
            })?;
        }
    }
    // Issue 11 item 2: the life events the family's state implies (active families).
    if matches!(
        status,
        HouseholdStatus::Aktif | HouseholdStatus::CalonGraduasi
    ) {
        let with_ids: Vec<(&super::family::Person, &str)> = people
            .iter()
            .zip(member_ids.iter().map(String::as_str))
            .collect();
        super::life::events(
            w,
            &mut rng.sub(&format!("{hh_id}:life")),
            &hh_id,
            worker_id,
            &with_ids,
            today,
        )?;
    }
    super::payments::payments(
        w,
        &mut rng.sub(&hh_id),
        &hh_id,
        worker_id,
        joined,
        history_end,
        cfg.households <= FULL_HISTORY_MAX,
    )?;
    summary.households += 1;
    Ok(hh_id)
}

pub(super) fn activity_summary(rng: &mut Rng, kind: ActivityKind, village: &str) -> String {
    let options: &[&str] = match kind {
        ActivityKind::Kunjungan => &[
            "Kunjungan rumah, cek kondisi keluarga",
            "Kunjungan rumah: anak rajin sekolah",
            "Kunjungan: ibu sudah periksa ke posyandu",
            "Kunjungan rumah, bahas rencana usaha",
            "Kunjungan: atap rumah bocor, usul RTLH",
            "Kunjungan: keluarga sehat, tidak ada kendala",
        ],
        ActivityKind::Verifikasi => &[
            "Verifikasi kehadiran sekolah di atas 85%",
            "Verifikasi posyandu balita",
            "Verifikasi pemeriksaan kehamilan",
        ],
        ActivityKind::Pemutakhiran => &[
            "Pemutakhiran data anggota keluarga",
            "Pemutakhiran: anak lulus SMA",
            "Pemutakhiran alamat dan nomor HP",
        ],
        ActivityKind::Penyaluran => &[
            "Pendampingan penyaluran tahap bansos",
            "Bantuan cair di kantor pos",
        ],
        ActivityKind::Kasus => &[
            "Pengaduan: KKS belum diterima",
            "Kasus: saldo bantuan tidak masuk",
            "Pengaduan data ganda di DTSEN",
        ],
        ActivityKind::Rujukan => &[
            "Rujukan ke puskesmas",
            "Rujukan beasiswa PIP",
            "Rujukan ke Dinas Sosial",
        ],
        ActivityKind::Koordinasi => &[
            "Koordinasi dengan perangkat desa",
            "Koordinasi dengan kader kesehatan",
            "Koordinasi dengan pendamping desa",
        ],
        _ => &[
            "Catatan: ibu mulai jualan online",
            "Catatan: anak butuh seragam sekolah",
            "Catatan: keluarga minta info KUR",
        ],
    };
    let s = rng.pick(options);
    if rng.chance(100) {
        format!("{s} ({village})")
    } else {
        s.to_string()
    }
}
