//! The caseload list: a search and filter query turned into one SQL WHERE clause, an
//! ORDER BY for the chosen sort, and the windowed queries over them (count, rows
//! `offset..offset+limit`, position of one household). Free words match name and village
//! as word prefixes in any order: through the `household_search` FTS5 index for everyone's
//! households (a supervisor's million), by `LIKE` on `search_text` within one facilitator's
//! caseload (a few hundred rows, where the index would only add work).
//!
//! A common word across a million households (`siti`) is the hard case: its matches are
//! mostly families whose *first* name starts with it, all in one stretch of the name
//! order, so walking the list in order passes over most of the index before the first
//! page fills. In name order such a search is answered as a union ([`Words::Split`]): for
//! each word of two letters or more, the stretch of names starting with it (a range of the
//! name index), plus the few families where every such word matches a *later* word (the
//! index's `rest` column).

use chrono::Duration;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::read::{ACTIVE, key};
use super::{Result, Store};
use pilar_core::domain::graduation::HouseholdStatus;
use pilar_core::domain::household::PKH_MAX_DESIL;
use pilar_core::filter::{Cmp, FollowUp, Term};
use pilar_core::model::{HouseholdRow, ListQuery, Scope, SortColumn};

/// A WHERE clause with its positional (`?`) parameters.
pub(super) struct Where {
    pub(super) sql: String,
    pub(super) params: Vec<Value>,
}

impl Where {
    fn and(&mut self, sql: &str, params: impl IntoIterator<Item = Value>) {
        self.sql.push_str(" AND (");
        self.sql.push_str(sql);
        self.sql.push(')');
        self.params.extend(params);
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// `a < b` for strings of digits: the smallest string above every string starting `prefix`.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

fn cmp_flip(c: Cmp) -> Cmp {
    match c {
        Cmp::Lt => Cmp::Gt,
        Cmp::Le => Cmp::Ge,
        Cmp::Eq => Cmp::Eq,
        Cmp::Ge => Cmp::Le,
        Cmp::Gt => Cmp::Lt,
    }
}

/// Quotes one normalized word as an FTS5 prefix query term.
fn fts_word(w: &str) -> String {
    format!("\"{}\"*", w.replace('"', ""))
}

/// How free words are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Words {
    /// `LIKE` on `search_text`: cheap row by row, and the name index covers it, so walking
    /// the list in order finds the first page of a word that is common everywhere at once.
    Like,
    /// The FTS5 index: for rare words across a large scope.
    Fts,
    /// Common words, but rarely anywhere but at the start of the name (in name order):
    /// `LIKE`, over the union of each word's range of the name index and the FTS matches
    /// of every word after the first name.
    Split,
}

/// The FTS5 row of a household: the first word of its `search_text` (the first name)
/// and the rest, computed from `?2` = `search_text` (`?1` = the household's rowid).
/// Every writer of the index uses it.
pub const SEARCH_INDEX_INSERT: &str = "INSERT INTO household_search (rowid, first, rest)
     VALUES (?1, substr(?2, 1, instr(?2 || ' ', ' ') - 1), substr(?2, instr(?2 || ' ', ' ') + 1))";

/// Above this many FTS matches a word is "common" and matched with LIKE while walking the
/// name index; at or below it the FTS result is small enough to fetch and sort.
const FTS_SPARSE: i64 = 2000;

/// In the supervisor's scope a filtered list counts at most this many matches (and says
/// "500+"): counting every match of a common word among a million households would cost
/// a full scan per keystroke.
pub const COUNT_CAP: u64 = 500;

/// What an unfiltered list's count was taken for: the statement, its parameters and the file
/// as it was then (another connection's commits move `data_version`, this connection's own
/// writes `total_changes`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct CountKey {
    sql: String,
    params: String,
    data_version: i64,
    changes: u64,
}

/// The last unfiltered count of this connection. Erasing the search back to the whole list
/// (or a page of the list read again) counted a supervisor's every household each time:
/// the four slowest search keystrokes at a million households (about 40 ms each,
/// 2026-11-30). Remembered until the file changes.
#[derive(Default)]
pub(super) struct CountMemo(std::cell::RefCell<Option<(CountKey, u64)>>);

pub(super) fn list_where(q: &ListQuery, words: Words) -> Where {
    let mut w = Where {
        sql: "deleted = 0".into(),
        params: Vec::new(),
    };
    if let Scope::Worker(id) = &q.scope {
        w.and("worker_id = ?", [text(id)]);
    }
    let status_term = q.filter.terms.iter().find_map(|t| match t {
        Term::Status(list) => Some(list),
        _ => None,
    });
    match status_term {
        Some(list) => {
            let marks = vec!["?"; list.len()].join(", ");
            w.and(
                &format!("+status IN ({marks})"),
                list.iter().map(|s| text(s.key())),
            );
        }
        None if !q.include_exited => w.and(ACTIVE, []),
        None => {}
    }
    let today = q.today;
    for t in &q.filter.terms {
        match t {
            Term::Status(_) => {}
            // A range on the lower(village) index; the filter's value is already lower case.
            Term::Village(v) => w.and(
                "lower(village) >= ? AND lower(village) < ?",
                [text(v), text(&prefix_end(v))],
            ),
            Term::Component(c) => w.and(
                "EXISTS (SELECT 1 FROM members m WHERE m.household_id = households.id
                         AND m.deleted = 0 AND m.component = ?)",
                [text(c.key())],
            ),
            Term::Business(b) => w.and("has_business = ?", [Value::Integer(i64::from(*b))]),
            // Scores of the active households, kept by `readiness_scores` for the caseload.
            Term::Ready(c, n) => w.and(
                &format!("{READINESS} {} ?", c.sql()),
                [Value::Integer(i64::from(*n))],
            ),
            Term::Desil(c, n) => w.and(
                &format!("desil {} ?", c.sql()),
                [Value::Integer(i64::from(*n))],
            ),
            Term::DaysSinceVisit(c, days) => {
                // days_since(last_visit) <c> d  <=>  last_visit <flip c> today - d;
                // a household never visited has been waiting longer than any number.
                // Any number of days is accepted: past the calendar's start means "ever".
                let day = today
                    .checked_sub_signed(Duration::days(i64::from(*days)))
                    .unwrap_or(chrono::NaiveDate::MIN);
                let never = matches!(c, Cmp::Gt | Cmp::Ge);
                let sql = format!(
                    "last_visit {} ?{}",
                    cmp_flip(*c).sql(),
                    if never { " OR last_visit IS NULL" } else { "" }
                );
                w.and(&sql, [text(&day.to_string())]);
            }
            Term::NeverVisited => w.and("last_visit IS NULL", []),
            Term::FollowUp(f) => {
                let d = text(&today.to_string());
                match f {
                    FollowUp::Overdue => w.and("next_follow_up < ?", [d]),
                    FollowUp::DueToday => w.and("next_follow_up = ?", [d]),
                    FollowUp::Upcoming => w.and("next_follow_up > ?", [d]),
                    FollowUp::Open => w.and("next_follow_up IS NOT NULL", []),
                    FollowUp::None => w.and("next_follow_up IS NULL", []),
                }
            }
            // `domain::household::above_desil_limit` as SQL.
            Term::DesilAboveLimit(above) => {
                let flagged = format!("coalesce(desil, 0) > ? AND {ACTIVE}");
                let sql = if *above {
                    flagged
                } else {
                    format!("NOT ({flagged})")
                };
                w.and(&sql, [Value::Integer(i64::from(PKH_MAX_DESIL))]);
            }
            Term::PayProblem(problem) => {
                let sql = format!(
                    "{}EXISTS (SELECT 1 FROM payments p WHERE p.household_id = households.id
                               AND p.status = 'tidak_diterima' AND p.year >= ?)",
                    if *problem { "" } else { "NOT " }
                );
                w.and(&sql, [Value::Integer(i64::from(pay_since(today)))]);
            }
            Term::Failing(true) => w.and(&super::verify::failing_sql(q.failing_months), []),
            Term::Failing(false) => w.and(
                &format!("NOT {}", super::verify::failing_sql(q.failing_months)),
                [],
            ),
            Term::Candidate(true) => w.and("status = 'calon_graduasi'", []),
            Term::Candidate(false) => w.and("status <> 'calon_graduasi'", []),
            Term::Joined(c, y) => w.and(
                &format!("year_joined {} ?", c.sql()),
                [Value::Integer(i64::from(*y))],
            ),
            Term::Pas(tag) => w.and(
                "(',' || pas_tags || ',') LIKE ?",
                [text(&format!("%,{},%", tag.key()))],
            ),
            // The family's stored group: its name or a word of it starts with the text
            // (`kelompok:kena` finds Kenanga Uji), except that a text ending in a number is
            // that whole word (`kelompok:"curugsewu 1"` is not Curugsewu 10).
            Term::Group(name) => {
                let p = like_prefix(name);
                let (start, inner) = if name.ends_with(|c: char| c.is_ascii_digit()) {
                    (
                        p.trim_end_matches('%').to_string(),
                        format!("% {}", p.trim_end_matches('%')),
                    )
                } else {
                    (p.clone(), format!("% {p}"))
                };
                w.and(
                    "group_id IN (SELECT id FROM p2k2_groups WHERE deleted = 0
                       AND (lower(name) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'
                            OR lower(name) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'))",
                    [
                        text(&start),
                        text(&inner),
                        text(&format!("{start} %")),
                        text(&format!("{inner} %")),
                    ],
                );
            }
            Term::P2k2(c, n) => w.and(
                &P2K2_COMPLETION.replace("{cmp}", c.sql()),
                [Value::Integer(i64::from(*n))],
            ),
            Term::Worker(name) => {
                let p = like_prefix(name);
                w.and(
                    "worker_id IN (SELECT id FROM workers WHERE name LIKE ? ESCAPE '\\'
                       OR name LIKE ? ESCAPE '\\' OR login LIKE ? ESCAPE '\\')",
                    [text(&p), text(&format!("% {p}")), text(&p)],
                );
            }
        }
    }
    for n in &q.filter.numbers {
        let (a, b) = (text(n), text(&prefix_end(n)));
        w.and(
            "(pengurus_nik >= ? AND pengurus_nik < ?) OR (no_kk >= ? AND no_kk < ?)
             OR (phone >= ? AND phone < ?)
             OR id IN (SELECT household_id FROM members WHERE nik >= ? AND nik < ?
                       AND deleted = 0)",
            [
                a.clone(),
                b.clone(),
                a.clone(),
                b.clone(),
                a.clone(),
                b.clone(),
                a,
                b,
            ],
        );
    }
    if !q.filter.words.is_empty() {
        match words {
            Words::Like | Words::Split => {
                for word in &q.filter.words {
                    w.and(
                        "(' ' || search_text) LIKE ? ESCAPE '\\'",
                        [text(&format!("% {}", like_prefix(word)))],
                    );
                }
            }
            Words::Fts => {
                // The rare (longer) words through the index, one-letter words on top.
                let (long, short): (Vec<&String>, Vec<&String>) =
                    q.filter.words.iter().partition(|w| w.chars().count() > 1);
                let m: Vec<String> = long.iter().map(|w| fts_word(w)).collect();
                w.and(
                    "rowid IN (SELECT rowid FROM household_search WHERE household_search MATCH ?)",
                    [text(&m.join(" "))],
                );
                for word in short {
                    w.and(
                        "(' ' || search_text) LIKE ? ESCAPE '\\'",
                        [text(&format!("% {}", like_prefix(word)))],
                    );
                }
            }
        }
    }
    w
}

/// The first year whose tahap not received count as a payment problem (`bayar:masalah`,
/// the list's `%`, the gauge): last year's and this year's.
pub(crate) fn pay_since(today: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    today.year() - 1
}

/// `s%` with LIKE's wildcards in `s` escaped.
fn like_prefix(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The sessions a household's P2K2 group held: its facilitator's P2K2 activities under
/// the group's name (`domain::groups::completion`'s `held`).
pub(super) const P2K2_HELD: &str = "SELECT count(*) FROM p2k2_groups g JOIN activities a
    ON a.worker_id = g.worker_id AND a.group_name = g.name AND a.kind = 'p2k2' AND a.deleted = 0
    WHERE g.id = households.group_id";
/// Of those, the sessions the household attended.
pub(super) const P2K2_ATTENDED: &str = "SELECT count(*) FROM p2k2_groups g JOIN activities a
    ON a.worker_id = g.worker_id AND a.group_name = g.name AND a.kind = 'p2k2' AND a.deleted = 0
    JOIN activity_households ah ON ah.activity_id = a.id AND ah.household_id = households.id
    AND ah.attended = 1
    WHERE g.id = households.group_id";

/// `p2k2:`: the households whose completion (`P2K2_ATTENDED` of `P2K2_HELD`, in percent,
/// rounded down) compares with `?` by `{cmp}`: one key lookup in `household_p2k2`, which
/// the schema's triggers keep (`schema/derived.rs`). A household without a group or whose
/// group held no session has no row there and matches no comparison. Grouping every P2K2
/// session of the scope instead took 6.9 s at a million households (2026-11-30).
const P2K2_COMPLETION: &str =
    "(SELECT pct FROM household_p2k2 d WHERE d.household_id = households.id) {cmp} ?";

/// A household's readiness score (`Store::readiness_scores`), NULL without one.
const READINESS: &str = "pilar_readiness(households.id)";

/// ORDER BY for a sort; every order ends in (name, id) so it is total and stable.
fn order_by(q: &ListQuery) -> String {
    let dir = if q.sort.descending { "DESC" } else { "ASC" };
    // Ties in other columns fall back to name order, always A to Z.
    let name = "search_text ASC, id ASC";
    match q.sort.column {
        SortColumn::Name => format!("search_text {dir}, id {dir}"),
        SortColumn::Village => format!("village COLLATE NOCASE {dir}, {name}"),
        SortColumn::Status => format!(
            "CASE status WHEN 'aktif' THEN 0 WHEN 'calon_graduasi' THEN 1
                         WHEN 'graduasi' THEN 2 ELSE 3 END {dir}, {name}"
        ),
        SortColumn::Components => format!("component_count {dir}, {name}"),
        // Fewest days since the last visit first; never visited counts as the most days.
        SortColumn::Days => {
            let (visit, nulls) = if q.sort.descending {
                ("ASC", "FIRST")
            } else {
                ("DESC", "LAST")
            };
            format!("last_visit {visit} NULLS {nulls}, {name}")
        }
        SortColumn::Desil => format!("desil {dir} NULLS LAST, {name}"),
        // Households without a score (exited ones) come last either way.
        SortColumn::Readiness => format!("{READINESS} {dir} NULLS LAST, {name}"),
    }
}

impl Store {
    /// Picks how to match the free words of `q`.
    pub(super) fn words_mode(&self, q: &ListQuery) -> Result<Words> {
        if q.filter.words.is_empty() || matches!(q.scope, Scope::Worker(_)) {
            return Ok(Words::Like);
        }
        // One-letter words (the first keystroke of a word) match a large part of any
        // population: they say nothing about rarity and are costly to intersect, so only
        // the longer words are probed. With none, the search is common by definition.
        let long: Vec<String> = q
            .filter
            .words
            .iter()
            .filter(|w| w.chars().count() > 1)
            .map(|w| fts_word(w))
            .collect();
        if long.is_empty() {
            return Ok(Words::Like);
        }
        let m = long.join(" ");
        // Only in name order are the ranges of first names already in the list's order.
        let by_name = q.sort.column == SortColumn::Name;
        // The count and the window of one keystroke ask the same question: probe once.
        if let Some((last, mode)) = self.words_probe.borrow().as_ref()
            && *last == (m.clone(), by_name)
        {
            return Ok(*mode);
        }
        let mode = if self.fts_count(&m)? <= FTS_SPARSE {
            Words::Fts
        } else if by_name
            && self.split_search.get()
            && self.fts_count(&format!("{{rest}}: ({m})"))? <= FTS_SPARSE
        {
            Words::Split
        } else {
            Words::Like
        };
        *self.words_probe.borrow_mut() = Some(((m, by_name), mode));
        Ok(mode)
    }

    /// Whether the list of `q` is searched as a union of name ranges ([`Words::Split`]): a
    /// common word, rarely after the first name, in name order across a large scope.
    pub fn splits_search(&self, q: &ListQuery) -> Result<bool> {
        Ok(self.words_mode(q)? == Words::Split)
    }

    /// Turns [`Words::Split`] off (or on again): the benchmark times the search both ways.
    pub fn set_split_search(&self, on: bool) {
        self.split_search.set(on);
        *self.words_probe.borrow_mut() = None;
    }

    /// How many households the FTS query `m` matches, counting no further than just past
    /// [`FTS_SPARSE`].
    fn fts_count(&self, m: &str) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT count(*) AS n FROM (SELECT 1 FROM household_search
                                   WHERE household_search MATCH ?1 LIMIT ?2)",
            rusqlite::params![m, FTS_SPARSE + 1],
            |r| r.get("n"),
        )?)
    }

    /// For [`Words::Split`]: the households of `w` (the query's WHERE clause, words by
    /// `LIKE`) as a union of parts, each `SELECT {cols} FROM households WHERE ...` plus
    /// `tail` (its own ORDER BY and LIMIT): one part a range of the name index for each
    /// longer word (the names starting with it), one the FTS matches of every longer word
    /// after the first name. Every household the query holds is in one of them: either
    /// one of its longer words starts the first name, or all of them match later words.
    /// (One-letter words only filter, through `w`: a range for them would be a large part
    /// of the index.)
    fn split_union(
        &self,
        q: &ListQuery,
        w: &Where,
        cols: &str,
        tail: &str,
        tail_params: &[Value],
    ) -> (String, Vec<Value>) {
        let mut parts = Vec::new();
        let mut params = Vec::new();
        let mut long: Vec<&String> = q
            .filter
            .words
            .iter()
            .filter(|w| w.chars().count() > 1)
            .collect();
        long.sort();
        long.dedup();
        for word in &long {
            parts.push(format!(
                "SELECT * FROM (SELECT {cols} FROM households WHERE {}
                   AND search_text >= ? AND search_text < ? {tail})",
                w.sql
            ));
            params.extend(w.params.iter().cloned());
            params.push(text(word));
            params.push(text(&prefix_end(word)));
            params.extend(tail_params.iter().cloned());
        }
        let m: Vec<String> = long.iter().map(|w| fts_word(w)).collect();
        parts.push(format!(
            "SELECT * FROM (SELECT {cols} FROM households WHERE {}
               AND rowid IN (SELECT rowid FROM household_search WHERE household_search MATCH ?)
               {tail})",
            w.sql
        ));
        params.extend(w.params.iter().cloned());
        params.push(text(&format!("{{rest}}: ({})", m.join(" "))));
        params.extend(tail_params.iter().cloned());
        (parts.join(" UNION "), params)
    }

    /// The count the list shows: exact, except for a filtered list in the supervisor's scope,
    /// where counting stops at [`COUNT_CAP`] (`true` = there are more).
    pub fn count_for_list(&self, q: &ListQuery) -> Result<(u64, bool)> {
        self.readiness_function(q)?;
        if matches!(q.scope, Scope::Worker(_)) || q.filter.is_empty() {
            return Ok((self.count_households(q)?, false));
        }
        let words = self.words_mode(q)?;
        let mut w = list_where(q, words);
        let cap = Value::Integer(COUNT_CAP as i64 + 1);
        if words == Words::Split {
            let (union, params) = self.split_union(q, &w, "id", "LIMIT ?", &[cap]);
            let n: i64 = self.conn().query_row(
                &format!("SELECT count(*) AS n FROM ({union})"),
                params_from_iter(params),
                |r| r.get("n"),
            )?;
            let n = n as u64;
            return Ok((n.min(COUNT_CAP), n > COUNT_CAP));
        }
        let sql = format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM households WHERE {} LIMIT ?)",
            w.sql
        );
        w.params.push(cap);
        let n: i64 = self
            .conn()
            .query_row(&sql, params_from_iter(w.params), |r| r.get("n"))?;
        let n = n as u64;
        Ok((n.min(COUNT_CAP), n > COUNT_CAP))
    }

    /// How many households the caseload list holds (exact). An unfiltered list's count is
    /// remembered until the file changes ([`CountMemo`]).
    pub fn count_households(&self, q: &ListQuery) -> Result<u64> {
        self.readiness_function(q)?;
        let w = list_where(q, self.words_mode(q)?);
        // The count needs no ordering, so let SQLite use the status index here.
        let sql = format!("SELECT count(*) AS n FROM households WHERE {}", w.sql)
            .replace("+status", "status");
        let key = if q.filter.is_empty() {
            Some(CountKey {
                sql: sql.clone(),
                params: format!("{:?}", w.params),
                data_version: self.data_version()?,
                changes: self.conn().total_changes(),
            })
        } else {
            None
        };
        if let Some(key) = &key
            && let Some((k, n)) = self.count_memo.0.borrow().as_ref()
            && k == key
        {
            return Ok(*n);
        }
        let n: i64 = self
            .conn()
            .query_row(&sql, params_from_iter(w.params), |r| r.get("n"))?;
        if let Some(key) = key {
            *self.count_memo.0.borrow_mut() = Some((key, n as u64));
        }
        Ok(n as u64)
    }

    /// Rows `offset..offset+limit` of the caseload list in the query's order.
    pub fn household_window(
        &self,
        q: &ListQuery,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<HouseholdRow>> {
        self.readiness_function(q)?;
        let words = self.words_mode(q)?;
        let mut w = list_where(q, words);
        let cols = format!(
            "id, pengurus_name, village, status, component_count, last_visit,
             has_business, next_follow_up, desil, {} AS readiness,
             EXISTS (SELECT 1 FROM payments p WHERE p.household_id = households.id
                     AND p.status = 'tidak_diterima' AND p.year >= {}) AS pay_problem,
             {} AS failing,
             search_text",
            if q.uses_readiness() {
                READINESS
            } else {
                "NULL"
            },
            pay_since(q.today),
            super::verify::failing_sql(q.failing_months),
        );
        let (sql, params) = if words == Words::Split {
            // Each part in the list's order, as far as the window reaches; then merged.
            let tail = format!("ORDER BY {} LIMIT ?", order_by(q));
            let reach = [Value::Integer((offset + limit) as i64)];
            let (union, mut params) = self.split_union(q, &w, &cols, &tail, &reach);
            params.push(Value::Integer(limit as i64));
            params.push(Value::Integer(offset as i64));
            let sql = format!(
                "SELECT * FROM ({union}) ORDER BY {} LIMIT ? OFFSET ?",
                order_by(q)
            );
            (sql, params)
        } else {
            let sql = format!(
                "SELECT {cols} FROM households WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
                w.sql,
                order_by(q)
            );
            w.params.push(Value::Integer(limit as i64));
            w.params.push(Value::Integer(offset as i64));
            (sql, w.params)
        };
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            Ok(HouseholdRow {
                id: r.get("id")?,
                name: r.get("pengurus_name")?,
                village: r.get("village")?,
                status: key(r, "status", HouseholdStatus::from_key)?,
                components: r.get("component_count")?,
                last_visit: r.get("last_visit")?,
                has_business: r.get("has_business")?,
                next_follow_up: r.get("next_follow_up")?,
                desil: r.get("desil")?,
                readiness: r.get("readiness")?,
                pay_problem: r.get("pay_problem")?,
                failing: r.get("failing")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Where household `id` sits in the caseload list (0-based), or `None` if the list does
    /// not hold it.
    pub fn household_position(&self, q: &ListQuery, id: &str) -> Result<Option<u64>> {
        self.readiness_function(q)?;
        let mut w = list_where(q, self.words_mode(q)?);
        if q.sort.column == SortColumn::Name && !q.sort.descending {
            // Fast path on the name index: count the rows before it.
            let mut with_id = w.params.clone();
            with_id.push(text(id));
            let name: Option<String> = self
                .conn()
                .query_row(
                    &format!(
                        "SELECT search_text FROM households WHERE {} AND id = ?",
                        w.sql
                    ),
                    params_from_iter(with_id),
                    |r| r.get("search_text"),
                )
                .optional()?;
            let Some(name) = name else {
                return Ok(None);
            };
            w.params.push(text(&name));
            w.params.push(text(&name));
            w.params.push(text(id));
            let n: i64 = self.conn().query_row(
                &format!(
                    "SELECT count(*) AS n FROM households WHERE {}
                       AND (search_text < ? OR (search_text = ? AND id < ?))",
                    w.sql
                ),
                params_from_iter(w.params),
                |r| r.get("n"),
            )?;
            return Ok(Some(n as u64));
        }
        w.params.push(text(id));
        let n: Option<i64> = self
            .conn()
            .query_row(
                &format!(
                    "SELECT n FROM (SELECT id, row_number() OVER (ORDER BY {}) - 1 AS n
                                    FROM households WHERE {})
                     WHERE id = ?",
                    order_by(q),
                    w.sql
                ),
                params_from_iter(w.params),
                |r| r.get("n"),
            )
            .optional()?;
        Ok(n.map(|n| n as u64))
    }
}

impl Store {
    /// Every household the caseload list of `q` holds, (id, recipient's name), in the
    /// list's order: what `B B` records a tahap for.
    pub fn list_households(&self, q: &ListQuery) -> Result<Vec<(String, String)>> {
        self.readiness_function(q)?;
        let w = list_where(q, self.words_mode(q)?);
        let sql = format!(
            "SELECT id, pengurus_name FROM households WHERE {} ORDER BY {}",
            w.sql,
            order_by(q)
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(w.params), |r| {
            Ok((r.get("id")?, r.get("pengurus_name")?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
