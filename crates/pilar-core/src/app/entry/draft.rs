//! Drafts of an open form through serde (issue 10 item 7): what the form is for, every
//! field's value by its key (any text, newlines and `|` included), and the stored member
//! ids of a household form, as JSON. Replaces the hand-written `id|name` line and
//! `key=value` lines; a draft written in that older form is still read, once.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::household::member_slot;
use super::{Entry, PlaceDefaults, Purpose};
use crate::domain::Lang;

/// An open form as a draft stores it (the form's kind is stored beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The households the form concerns: (id, pengurus name). For a household form, the
    /// household edited (an empty id for a new one).
    #[serde(default)]
    pub households: Vec<(String, String)>,
    /// A household edit: the household's `updated_at` when the form opened, so saving the
    /// draft still refuses a copy someone else changed meanwhile.
    #[serde(default)]
    pub opened_at: Option<String>,
    /// Every field's value by its key, in the form's order.
    pub values: Vec<(String, String)>,
    /// A household form: each member row's slot and its stored member id.
    #[serde(default)]
    pub member_ids: Vec<(usize, String)>,
}

impl Draft {
    /// The draft of an open form.
    pub fn of(entry: &Entry) -> Draft {
        let values = entry
            .form
            .fields
            .iter()
            .map(|f| (f.key.clone(), f.value()))
            .collect();
        let (households, opened_at, member_ids) = match &entry.purpose {
            Purpose::Activity { households } => (households.clone(), None, Vec::new()),
            Purpose::Graduation { household }
            | Purpose::Referral { household }
            | Purpose::Void { household } => (vec![household.clone()], None, Vec::new()),
            // A reason is quick to give again: not kept as a draft.
            Purpose::NotMet(_) => (Vec::new(), None, Vec::new()),
            // A short form opened on a household's members: not kept as a draft either.
            Purpose::LifeEvent(_) => (Vec::new(), None, Vec::new()),
            Purpose::Household {
                id,
                name,
                rows,
                opened_at,
            } => (
                vec![(id.clone().unwrap_or_default(), name.clone())],
                opened_at.clone(),
                rows.slots
                    .iter()
                    .filter_map(|(slot, id)| Some((*slot, id.clone()?)))
                    .collect(),
            ),
        };
        Draft {
            households,
            opened_at,
            values,
            member_ids,
        }
    }

    /// Reads a stored draft: JSON, or the older line form.
    pub fn read(payload: &str) -> Option<Draft> {
        serde_json::from_str(payload)
            .ok()
            .or_else(|| Draft::legacy(payload))
    }

    /// The line form drafts had before: `id|name` (tab-separated, or `id|name|opened_at`
    /// for a household form, `-` for none), then `key=value` and `id.N=member` lines.
    fn legacy(payload: &str) -> Option<Draft> {
        let (first, rest) = payload.split_once('\n').unwrap_or((payload, ""));
        let mut draft = Draft::default();
        for part in first.split('\t') {
            let mut p = part.splitn(3, '|');
            let (Some(id), Some(name)) = (p.next(), p.next()) else {
                continue;
            };
            let id = if id == "-" { "" } else { id };
            draft.households.push((id.to_string(), name.to_string()));
            draft.opened_at = p.next().filter(|o| *o != "-").map(str::to_string);
        }
        draft.households.first()?;
        for line in rest.lines() {
            let (k, v) = line.split_once('=')?;
            match k.strip_prefix("id.").and_then(|s| s.parse().ok()) {
                Some(slot) => draft.member_ids.push((slot, v.to_string())),
                None => draft.values.push((k.to_string(), v.to_string())),
            }
        }
        Some(draft)
    }

    /// The form again: as many member rows as the draft had (its slots mapped onto the new
    /// form's), every value, the member ids and what the form was for.
    pub fn open(&self, lang: Lang, kind: &str, today: NaiveDate) -> Option<Entry> {
        let first = self.households.first().cloned()?;
        let mut entry = match kind {
            "activity" => Entry::activity(lang, self.households.clone()),
            "graduation" => Entry::graduation(lang, first.clone()),
            "referral" => Entry::referral(lang, first.clone()),
            "void" => Entry::void(lang, first.clone()),
            "household" => Entry::household(lang, None, &PlaceDefaults::default(), today),
            _ => return None,
        };
        let mut map: Vec<(usize, usize)> = Vec::new();
        if kind == "household" {
            let slots: BTreeSet<usize> = self
                .values
                .iter()
                .filter_map(|(k, _)| member_slot(k))
                .collect();
            for _ in 1..slots.len() {
                entry.add_member(lang);
            }
            if let Purpose::Household {
                id,
                name,
                rows,
                opened_at,
            } = &mut entry.purpose
            {
                map = slots
                    .into_iter()
                    .zip(rows.slots.iter().map(|(s, _)| *s))
                    .collect();
                for (draft_slot, member) in &self.member_ids {
                    if let Some((_, ours)) = map.iter().find(|(a, _)| a == draft_slot)
                        && let Some(row) = rows.slots.iter_mut().find(|(s, _)| s == ours)
                    {
                        row.1 = Some(member.clone());
                    }
                }
                *id = Some(first.0).filter(|i| !i.is_empty());
                *name = first.1;
                *opened_at = self.opened_at.clone().filter(|_| id.is_some());
            }
        }
        for (key, value) in &self.values {
            let key = match member_slot(key).and_then(|s| map.iter().find(|(a, _)| *a == s)) {
                Some((a, b)) => key.replacen(&format!("m{a}."), &format!("m{b}."), 1),
                None => key.clone(),
            };
            if let Some(f) = entry.form.field_mut(&key) {
                f.set_value(value);
            }
        }
        entry.form.dirty = true;
        Some(entry)
    }

    /// As stored: JSON.
    pub fn to_json(&self) -> String {
        // A struct of strings and numbers always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, 12).unwrap()
    }

    /// Issue 10 item 7: a draft goes through serde and comes back whole, whatever the text
    /// holds (the line form turned newlines into spaces and `|` in names into spaces).
    #[test]
    fn types_a_draft_round_trips_through_serde() {
        let hh = vec![
            ("h1".to_string(), "Siti | Rahayu".to_string()),
            ("h2".to_string(), "Sri\tLestari".to_string()),
        ];
        let mut e = Entry::activity(Lang::Id, hh.clone());
        let text = "Anak sakit\nbaris dua\n= tanda sama dengan";
        e.form.field_mut("summary").unwrap().set_value(text);
        let (kind, payload) = e.to_draft();
        assert_eq!(kind, "activity");
        let json: serde_json::Value = serde_json::from_str(&payload).expect("JSON");
        assert_eq!(json["households"][0][1], "Siti | Rahayu");
        let back = Entry::from_draft(Lang::Id, &kind, &payload, today()).unwrap();
        assert_eq!(back.purpose, Purpose::Activity { households: hh });
        assert_eq!(back.form.value("summary"), text);
        assert_eq!(Draft::of(&back), Draft::of(&e));
    }

    #[test]
    fn types_a_household_draft_keeps_its_members_ids_and_version() {
        let mut e = Entry::household(Lang::Id, None, &PlaceDefaults::default(), today());
        e.add_member(Lang::Id);
        if let Purpose::Household {
            id,
            name,
            rows,
            opened_at,
        } = &mut e.purpose
        {
            *id = Some("h9".into());
            *name = "Siti".into();
            *opened_at = Some("2026-02-01T00:00:00.000Z".into());
            rows.slots[1].1 = Some("m-stored".into());
        }
        let second = match &e.purpose {
            Purpose::Household { rows, .. } => rows.slots[1].0,
            _ => unreachable!(),
        };
        e.form
            .field_mut(&format!("m{second}.name"))
            .unwrap()
            .set_value("Budi");
        let (kind, payload) = e.to_draft();
        let back = Entry::from_draft(Lang::Id, &kind, &payload, today()).unwrap();
        let Purpose::Household {
            id,
            name,
            rows,
            opened_at,
        } = &back.purpose
        else {
            panic!()
        };
        assert_eq!((id.as_deref(), name.as_str()), (Some("h9"), "Siti"));
        assert_eq!(opened_at.as_deref(), Some("2026-02-01T00:00:00.000Z"));
        assert_eq!(rows.slots.len(), 2);
        assert_eq!(rows.slots[1].1.as_deref(), Some("m-stored"));
        let slot = rows.slots[1].0;
        assert_eq!(back.form.value(&format!("m{slot}.name")), "Budi");
    }

    /// A draft saved by the previous version (the line form) still opens.
    #[test]
    fn types_a_draft_in_the_older_line_form_still_opens() {
        let old = "h1|Siti\th2|Sri\nsummary=Kunjungan rumah\nkind=kunjungan";
        let back = Entry::from_draft(Lang::Id, "activity", old, today()).unwrap();
        assert_eq!(back.form.value("summary"), "Kunjungan rumah");
        assert!(matches!(&back.purpose, Purpose::Activity { households } if households.len() == 2));
        let old = "h9|Siti|2026-02-01T00:00:00.000Z\nm1.name=Siti\nm4.name=Budi\nid.4=m-stored";
        let back = Entry::from_draft(Lang::Id, "household", old, today()).unwrap();
        let Purpose::Household { id, rows, .. } = &back.purpose else {
            panic!()
        };
        assert_eq!(id.as_deref(), Some("h9"));
        assert_eq!(rows.slots[1].1.as_deref(), Some("m-stored"));
        assert_eq!(
            back.form.value(&format!("m{}.name", rows.slots[1].0)),
            "Budi"
        );
    }
}
