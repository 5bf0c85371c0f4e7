//! The Citus rules (sync-design §3), read from PostgreSQL's catalog of a migrated schema,
//! the service's statements, `citus.sql`, and row-level security as a backstop.

use std::collections::BTreeSet;

use pilar_server::db::{CITUS_SQL, KAB_TABLES, NIK_TABLE, REFERENCE_TABLES};
use pilar_server::sql;
use pilar_server::testing::Harness;

use crate::common::*;

fn strings(h: &Harness, q: &str) -> Vec<String> {
    let c = h.pg();
    h.block_on(c.query(q, &[]))
        .unwrap()
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect()
}

#[test]
fn the_schema_keeps_the_citus_rules() {
    let Some(h) = Harness::start() else { return };
    let tables: BTreeSet<String> = strings(
        &h,
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .into_iter()
    .collect();
    // Every table is distributed by regency, by NIK, a reference table, or the version table.
    let mut known: BTreeSet<String> = KAB_TABLES.iter().map(|t| t.to_string()).collect();
    known.extend(REFERENCE_TABLES.iter().map(|t| t.to_string()));
    known.insert(NIK_TABLE.into());
    known.insert("pilar_schema".into());
    assert_eq!(tables, known);

    // 1. Every primary key and unique constraint of a kab_code table starts with kab_code.
    let keys = strings(
        &h,
        "SELECT c.conrelid::regclass::text || ' ' || c.contype::text || ' ' ||
                (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                 FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
         FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
         WHERE s.nspname = current_schema() AND c.contype IN ('p', 'u')",
    );
    let table_of = |line: &str| {
        let t = line.split(' ').next().unwrap();
        t.rsplit('.').next().unwrap().to_string()
    };
    let mut checked = 0;
    for line in &keys {
        let t = table_of(line);
        let cols = line.rsplit(' ').next().unwrap();
        if KAB_TABLES.contains(&t.as_str()) {
            assert!(cols.starts_with("kab_code,"), "{line}");
            checked += 1;
        }
        if t == NIK_TABLE {
            assert_eq!(cols, "nik", "{line}");
        }
    }
    assert!(checked >= KAB_TABLES.len());
    // Unique indexes outside constraints too.
    let uniques = strings(
        &h,
        "SELECT i.indrelid::regclass::text || ' ' || pg_get_indexdef(i.indexrelid)
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace s ON s.oid = c.relnamespace
         WHERE s.nspname = current_schema() AND i.indisunique",
    );
    for u in uniques {
        let t = table_of(&u);
        if KAB_TABLES.contains(&t.as_str()) {
            assert!(u.contains("(kab_code,"), "{u}");
        }
    }

    // 2. Foreign keys: between distributed tables with kab_code on both sides; none from a
    //    reference table to a distributed one; none to or from nik_claims.
    let fks = strings(
        &h,
        "SELECT c.conrelid::regclass::text || ' ' || c.confrelid::regclass::text || ' ' ||
                (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                 FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ' ' ||
                (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                 FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
         FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
         WHERE s.nspname = current_schema() AND c.contype = 'f'",
    );
    assert!(fks.len() > 20);
    for fk in &fks {
        let parts: Vec<&str> = fk.split(' ').collect();
        let short = |s: &str| s.rsplit('.').next().unwrap().to_string();
        let (from, to) = (short(parts[0]), short(parts[1]));
        let kab = |t: &str| KAB_TABLES.contains(&t);
        if kab(&from) && kab(&to) {
            assert!(
                parts[2].starts_with("kab_code,") && parts[3].starts_with("kab_code,"),
                "{fk}"
            );
        }
        assert!(
            !(REFERENCE_TABLES.contains(&from.as_str()) && kab(&to)),
            "{fk}"
        );
        assert!(from != NIK_TABLE && to != NIK_TABLE, "{fk}");
    }

    // 3. pilar_app may not change kab_code anywhere (Citus refuses changing a row's
    //    distribution value), but may update other columns.
    for t in KAB_TABLES {
        let q = format!(
            "SELECT has_column_privilege('pilar_app', '{}.{t}', 'kab_code', 'UPDATE')::text",
            h.schema
        );
        assert_eq!(strings(&h, &q), vec!["false"], "{t}");
        let q = format!(
            "SELECT has_table_privilege('pilar_app', '{}.{t}', 'DELETE')::text",
            h.schema
        );
        assert_eq!(strings(&h, &q), vec!["false"], "{t}");
    }
    assert_eq!(
        strings(
            &h,
            &format!(
                "SELECT has_column_privilege('pilar_app', '{}.households', 'phone', 'UPDATE')::text",
                h.schema
            )
        ),
        vec!["true"]
    );
    assert_eq!(
        strings(
            &h,
            "SELECT rolbypassrls::text FROM pg_roles WHERE rolname = 'pilar_app'"
        ),
        vec!["false"]
    );

    // 4. No serial defaults, no identity columns; no volatile function in an UPDATE.
    let serials = strings(
        &h,
        "SELECT table_name || '.' || column_name FROM information_schema.columns
         WHERE table_schema = current_schema()
           AND (column_default LIKE 'nextval%' OR is_identity = 'YES')",
    );
    assert_eq!(serials, Vec::<String>::new());
    let all: Vec<&str> = sql::single_shard::ALL
        .iter()
        .chain(sql::nik::ALL)
        .chain(sql::reference::ALL)
        .chain(sql::multi_shard::ALL)
        .copied()
        .collect();
    for s in &all {
        let lower = s.to_lowercase();
        if lower.contains("update ") || lower.contains("do update") {
            for f in [
                "random(",
                "nextval(",
                "clock_timestamp(",
                "gen_random_uuid(",
                "timeofday(",
            ] {
                assert!(!lower.contains(f), "{f} in {s}");
            }
        }
    }

    // 5. Single-shard statements name one regency; multi-shard ones are the roll-up
    //    aggregates without FOR UPDATE or recursion; reference ones touch reference tables.
    let c = h.pg();
    let cat = h
        .block_on(pilar_server::catalog::Catalog::load(&c))
        .unwrap();
    let mut single: Vec<String> = sql::single_shard::ALL
        .iter()
        .map(|s| s.to_string())
        .collect();
    for t in &cat.tables {
        let ts = sql::table_statements(t);
        single.extend([ts.by_keys, ts.page, ts.parents, ts.plan, ts.upsert]);
    }
    let names_kab = regex_like(r"kab_code = \$");
    // An INSERT names kab_code first and gives it $1 (VALUES ($1, ... or SELECT $1, ...).
    let inserts_kab = |s: &str| {
        let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        flat.starts_with("INSERT INTO")
            && flat.contains("(kab_code,")
            && (flat.contains("VALUES ($1,") || flat.contains("SELECT $1,"))
    };
    for s in &single {
        assert!(
            names_kab(s) || inserts_kab(s),
            "single-shard without kab_code = $n: {s}"
        );
    }
    for s in sql::multi_shard::ALL {
        let lower = s.to_lowercase();
        assert!(
            !lower.contains("for update") && !lower.contains("recursive"),
            "{s}"
        );
        assert!(
            lower.contains("group by"),
            "a multi-shard statement is an aggregate: {s}"
        );
    }
    for s in sql::nik::ALL {
        assert!(s.contains("nik_claims") && s.contains("nik"), "{s}");
        let lower = s.to_lowercase();
        assert!(lower.contains("nik = ") || lower.contains("(nik,"), "{s}");
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map(str::to_string)
            .collect()
    };
    for s in sql::reference::ALL {
        for w in words(s) {
            assert!(
                !KAB_TABLES.contains(&w.as_str()) && w != NIK_TABLE,
                "a reference statement touches {w}: {s}"
            );
        }
    }
    for s in all.iter().filter(|s| s.contains("FOR UPDATE")) {
        assert!(
            sql::single_shard::ALL.contains(s) || sql::reference::ALL.contains(s),
            "{s}"
        );
    }
    // Every statement is valid SQL on this schema (prepared as pilar_app).
    h.block_on(async {
        c.batch_execute("SET ROLE pilar_app").await.unwrap();
        for s in all
            .iter()
            .map(|s| s.to_string())
            .chain(single.iter().cloned())
        {
            if let Err(e) = c.prepare(&s).await {
                panic!("{s}: {e}");
            }
        }
        c.batch_execute(&format!("SET ROLE {}", pilar_server::db::REPORT_ROLE))
            .await
            .unwrap();
        for s in sql::multi_shard::ALL {
            c.prepare(s).await.unwrap();
        }
    });

    // 6. National NIK uniqueness has its own table keyed by nik.
    assert!(tables.contains(NIK_TABLE));

    // citus.sql: exactly the distributed and reference tables, colocated with households;
    // a table a later migration creates is distributed there, when Citus is installed.
    let mut distributed = BTreeSet::new();
    let mut reference = BTreeSet::new();
    let later = pilar_server::db::MIGRATIONS.iter().flat_map(|(_, _, sql)| {
        sql.lines()
            .map(str::trim)
            .filter(|l| l.starts_with("PERFORM create_distributed_table"))
    });
    for line in CITUS_SQL
        .lines()
        .filter(|l| l.starts_with("SELECT"))
        .chain(later)
    {
        let name = line.split('\'').nth(1).unwrap().to_string();
        if line.contains("create_distributed_table") {
            if name == "households" {
                assert!(!line.contains("colocate_with"));
            } else if name == NIK_TABLE {
                assert!(line.contains("'nik', colocate_with => 'none'"), "{line}");
            } else {
                assert!(
                    line.contains("'kab_code', colocate_with => 'households'"),
                    "{line}"
                );
            }
            distributed.insert(name);
        } else if line.contains("create_reference_table") {
            reference.insert(name);
        }
    }
    let mut want: BTreeSet<String> = KAB_TABLES.iter().map(|t| t.to_string()).collect();
    want.insert(NIK_TABLE.into());
    assert_eq!(distributed, want);
    assert_eq!(
        reference,
        REFERENCE_TABLES.iter().map(|t| t.to_string()).collect()
    );
}

/// A tiny matcher: `pattern` is literal text followed by `\$` meaning "a $ and a digit".
fn regex_like(pattern: &'static str) -> impl Fn(&str) -> bool {
    let lit = pattern.trim_end_matches("\\$").to_string();
    move |s: &str| {
        s.match_indices(&lit).any(|(i, _)| {
            let rest = &s[i + lit.len()..];
            rest.starts_with('$') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        })
    }
}

#[test]
fn row_level_security_hides_other_regencies_from_the_service_role() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    assert_eq!(
        laptop.push(&push_req(0, vec![], rows.clone(), 0)).status,
        200
    );
    let n = rows["households"].len() as i64;
    let c = fx.h.pg();
    let count = |kab: Option<&str>| -> i64 {
        fx.h.block_on(async {
            c.batch_execute("BEGIN; SET LOCAL ROLE pilar_app")
                .await
                .unwrap();
            if let Some(k) = kab {
                c.execute("SELECT set_config('pilar.kab', $1, true)", &[&k])
                    .await
                    .unwrap();
            }
            let n: i64 = c
                .query_one("SELECT count(*) FROM households", &[])
                .await
                .unwrap()
                .get(0);
            c.batch_execute("ROLLBACK").await.unwrap();
            n
        })
    };
    assert_eq!(count(Some("3324")), n);
    assert_eq!(count(Some("3374")), 0);
    assert_eq!(count(None), 0);
    // Writing into another regency is refused by the policy too.
    let refused = fx.h.block_on(async {
        c.batch_execute("BEGIN; SET LOCAL ROLE pilar_app")
            .await
            .unwrap();
        c.execute("SELECT set_config('pilar.kab', '3374', true)", &[])
            .await
            .unwrap();
        let r = c
            .batch_execute("UPDATE households SET phone = 'x' WHERE kab_code = '3324'")
            .await;
        let changed = c
            .query_one("SELECT count(*) FROM households WHERE phone = 'x'", &[])
            .await
            .map(|r| r.get::<_, i64>(0))
            .unwrap_or(0);
        c.batch_execute("ROLLBACK").await.unwrap();
        (r.is_ok(), changed)
    });
    assert_eq!(refused.1, 0);
    // pilar_report reads the roll-up and nothing else.
    let denied = fx.h.block_on(async {
        c.batch_execute("BEGIN; SET LOCAL ROLE pilar_report")
            .await
            .unwrap();
        let ok = c
            .query("SELECT count(*) FROM team_rollup", &[])
            .await
            .is_ok();
        c.batch_execute("ROLLBACK").await.unwrap();
        c.batch_execute("BEGIN; SET LOCAL ROLE pilar_report")
            .await
            .unwrap();
        let households = c.query("SELECT count(*) FROM households", &[]).await;
        c.batch_execute("ROLLBACK").await.unwrap();
        (ok, households.is_err())
    });
    assert_eq!(denied, (true, true));
}

/// Migration 4 gives the server's `members` the laptop's pregnancy columns (store migration
/// `MIGRATION_PREGNANCY`), so a synced member keeps the facts `ibu_hamil` needs.
#[test]
fn the_members_table_has_the_pregnancy_columns() {
    let Some(h) = Harness::start() else { return };
    let c = h.pg();
    let cat = h
        .block_on(pilar_server::catalog::Catalog::load(&c))
        .unwrap();
    let members = cat.table("members").unwrap();
    let ty = |name: &str| members.column(name).map(|c| (c.ty, c.not_null));
    use pilar_server::catalog::Ty;
    assert_eq!(ty("pregnancy_order"), Some((Ty::Int2, false)));
    assert_eq!(ty("pregnancy_birth"), Some((Ty::Date, false)));
}
