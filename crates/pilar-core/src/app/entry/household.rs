//! The household form, moved out of `entry` unchanged: a new or edited household with
//! its members (one row of fields per member, added and removed with Ctrl-n / Ctrl-d),
//! its address and the rest, its defaults and its validation into a `HouseholdInput`.

use super::*;
use crate::domain::fields::{
    Desil, FieldError, Phone, PregnancyOrder, RtRw, Rupiah, YearJoined, optional,
};
use crate::domain::pregnancy::Pregnancy;
use crate::records::FormKey;
use crate::records::tables::{HOUSEHOLDS, MEMBERS};

/// The members' rows of a household form: slot numbers (stable field keys) and the stored
/// member id of each (None for a new member), in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    pub slots: Vec<(usize, Option<String>)>,
    pub next: usize,
}

fn sex_options(lang: Lang) -> Vec<(String, String)> {
    vec![
        (String::new(), tr(lang, T::ChoiceFromNik).to_string()),
        ("P".into(), tr(lang, T::SexFemale).to_string()),
        ("L".into(), tr(lang, T::SexMale).to_string()),
    ]
}

fn relation_options(lang: Lang) -> Vec<(String, String)> {
    options(&Relation::ALL, Relation::key, |r| {
        i18n::relation_label(lang, r).to_string()
    })
}

fn component_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), tr(lang, T::ChoiceNone).to_string())];
    v.extend(options(&Component::ALL, Component::key, |c| {
        i18n::component_label(lang, c).to_string()
    }));
    v
}

/// The eight fields of one member row (the last two, the pregnancy's order and its
/// expected or actual birth date, serve `ibu_hamil`).
fn member_row(lang: Lang, slot: usize, ordinal: usize, m: Option<&Member>) -> Vec<Field> {
    let name_label = if ordinal == 1 {
        tr(lang, T::FieldPengurusName).to_string()
    } else {
        fill(tr(lang, T::FieldMemberName), &[&ordinal])
    };
    let default_relation = if ordinal == 1 { "istri" } else { "anak" };
    vec![
        Field::text(
            member_key(slot, "name"),
            name_label,
            m.map_or("", |m| &m.name),
        ),
        Field::text(
            member_key(slot, "nik"),
            tr(lang, T::FieldNik),
            m.map_or("", |m| &m.nik),
        ),
        Field::choice(
            member_key(slot, "sex"),
            tr(lang, T::FieldSex),
            sex_options(lang),
            m.map_or("", |m| m.sex.key()),
        ),
        Field::date(
            member_key(slot, "birth_date"),
            tr(lang, T::FieldBirth),
            &m.and_then(|m| m.birth_date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            true,
        ),
        Field::choice(
            member_key(slot, "relation"),
            tr(lang, T::FieldRelation),
            relation_options(lang),
            m.map_or(default_relation, |m| m.relation.key()),
        ),
        Field::choice(
            member_key(slot, "component"),
            tr(lang, T::FieldComponent),
            component_options(lang),
            m.and_then(|m| m.component).map_or("", |c| c.key()),
        ),
        Field::text(
            member_key(slot, "pregnancy_order"),
            tr(lang, T::FieldPregnancyOrder),
            &m.and_then(|m| m.pregnancy.order)
                .map(|o| o.to_string())
                .unwrap_or_default(),
        ),
        Field::date(
            member_key(slot, "pregnancy_birth"),
            tr(lang, T::FieldPregnancyBirth),
            &m.and_then(|m| m.pregnancy.birth)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            true,
        ),
    ]
}

/// The household form's key for a stored household column (its declaration, `records`).
fn household_key(column: &str) -> &'static str {
    HOUSEHOLDS
        .form_key(column)
        .unwrap_or_else(|| panic!("households.{column} is declared without a form key"))
}

/// A member row's key for a stored member column: `m{slot}.` and the declared form key.
fn member_key(slot: usize, column: &str) -> String {
    let key = MEMBERS
        .form_key(column)
        .unwrap_or_else(|| panic!("members.{column} is declared without a form key"));
    format!("m{slot}.{key}")
}

/// The check box for one key of a stored list column (`prog.pkh` for `programs`).
fn checks_key(column: &str, key: &str) -> String {
    match HOUSEHOLDS.column(column).and_then(|c| c.form) {
        Some(FormKey::Checks(prefix)) => format!("{prefix}{key}"),
        _ => panic!("households.{column} is declared without its check boxes"),
    }
}

/// Where a household form starts a new household: the selected one's village.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceDefaults {
    pub village: String,
    pub kecamatan: String,
    pub kabupaten: String,
    pub area_code: String,
}

impl Entry {
    /// The household form, new (`existing` None) or editing: No KK, the members (the first
    /// is the pengurus), the address, then the rest. The cursor starts on No KK.
    pub fn household(
        lang: Lang,
        existing: Option<&HouseholdDetail>,
        place: &PlaceDefaults,
        today: NaiveDate,
    ) -> Entry {
        let mut fields = vec![Field::text(
            household_key("no_kk"),
            tr(lang, T::FieldNoKk),
            existing.map_or("", |d| &d.fields.no_kk),
        )];
        let mut rows = Rows {
            slots: Vec::new(),
            next: 1,
        };
        let members: Vec<Option<&Member>> = match existing {
            Some(d) if !d.members.is_empty() => {
                // The pengurus first, then the others in their stored order.
                let mut v: Vec<&Member> = d.members.iter().collect();
                v.sort_by_key(|m| m.nik != d.pengurus_nik);
                v.into_iter().map(Some).collect()
            }
            _ => vec![None],
        };
        for (i, m) in members.into_iter().enumerate() {
            fields.extend(member_row(lang, rows.next, i + 1, m));
            rows.slots.push((rows.next, m.map(|m| m.id.clone())));
            rows.next += 1;
        }
        let get = |f: fn(&HouseholdFields) -> String, default: &str| {
            existing
                .map(|d| f(&d.fields))
                .unwrap_or_else(|| default.to_string())
        };
        fields.extend([
            Field::text(
                household_key("address"),
                tr(lang, T::FieldAddress),
                &get(|d| d.address.clone(), ""),
            ),
            Field::text(
                household_key("rt"),
                tr(lang, T::FieldRt),
                &get(|d| d.rt.clone(), ""),
            ),
            Field::text(
                household_key("rw"),
                tr(lang, T::FieldRw),
                &get(|d| d.rw.clone(), ""),
            ),
            Field::text(
                household_key("village"),
                tr(lang, T::FieldVillage),
                &get(|d| d.village.clone(), &place.village),
            ),
            Field::text(
                household_key("kecamatan"),
                tr(lang, T::FieldKecamatan),
                &get(|d| d.kecamatan.clone(), &place.kecamatan),
            ),
            Field::text(
                household_key("kabupaten"),
                tr(lang, T::FieldKabupaten),
                &get(|d| d.kabupaten.clone(), &place.kabupaten),
            ),
            Field::text(
                household_key("area_code"),
                tr(lang, T::FieldAreaCode),
                &get(|d| d.area_code.clone(), &place.area_code),
            ),
            Field::text(
                household_key("phone"),
                tr(lang, T::FieldPhone),
                &get(|d| d.phone.clone(), ""),
            ),
            Field::text(
                household_key("desil"),
                tr(lang, T::FieldDesil),
                &get(|d| d.desil.map(|x| x.to_string()).unwrap_or_default(), ""),
            ),
            Field::text(
                household_key("year_joined"),
                tr(lang, T::FieldJoined),
                &get(
                    |d| d.year_joined.map(|x| x.to_string()).unwrap_or_default(),
                    &today.format("%Y").to_string(),
                ),
            ),
        ]);
        for p in SocialProgram::ALL {
            let on = existing.map_or(p == SocialProgram::Pkh, |d| d.fields.programs.contains(&p));
            fields.push(Field::check(
                checks_key("programs", p.key()),
                fill(tr(lang, T::FieldProgram1), &[&p.label()]),
                on,
            ));
        }
        fields.extend([
            Field::check(
                household_key("has_business"),
                tr(lang, T::FieldBusiness),
                existing.is_some_and(|d| d.fields.has_business),
            ),
            Field::text(
                household_key("business_desc"),
                tr(lang, T::FieldBusinessDesc),
                &get(|d| d.business_desc.clone(), ""),
            ),
            Field::text(
                household_key("business_income"),
                tr(lang, T::FieldIncome),
                &get(
                    |d| d.business_income.map(|x| x.to_string()).unwrap_or_default(),
                    "",
                ),
            ),
        ]);
        for t in PasTag::ALL {
            fields.push(Field::check(
                checks_key("pas_tags", t.key()),
                fill(tr(lang, T::FieldPas), &[&i18n::pas_label(lang, t)]),
                existing.is_some_and(|d| d.fields.pas.contains(&t)),
            ));
        }
        let title = match existing {
            Some(d) => fill(tr(lang, T::FormHouseholdEdit), &[&d.pengurus_name]),
            None => tr(lang, T::FormHouseholdNew).to_string(),
        };
        let mut form = Form::new(title, fields);
        form.long = true;
        Entry {
            form,
            purpose: Purpose::Household {
                id: existing.map(|d| d.id.clone()),
                name: existing
                    .map(|d| d.pengurus_name.clone())
                    .unwrap_or_default(),
                rows,
                opened_at: existing.map(|d| d.updated_at.clone()),
            },
            duplicate_of: None,
            warned: false,
            refusal: None,
        }
    }

    /// Ctrl-n: a new member row after the member under the cursor (or at the end).
    pub fn add_member(&mut self, lang: Lang) {
        let Purpose::Household { rows, .. } = &mut self.purpose else {
            return;
        };
        let slot = rows.next;
        rows.next += 1;
        let focused = self.form.fields.get(self.form.focus).map(|f| f.key.clone());
        let current = focused
            .as_deref()
            .and_then(member_slot)
            .and_then(|s| rows.slots.iter().position(|(x, _)| *x == s));
        let at_row = current.map_or(rows.slots.len(), |i| i + 1);
        rows.slots.insert(at_row, (slot, None));
        // Fields go after the last field of the row before.
        let at_field = match at_row.checked_sub(1).map(|i| rows.slots[i].0) {
            Some(prev) => {
                let prefix = format!("m{prev}.");
                self.form
                    .fields
                    .iter()
                    .rposition(|f| f.key.starts_with(&prefix))
                    .map_or(1, |i| i + 1)
            }
            None => 1,
        };
        let ordinal = at_row + 1;
        self.form
            .insert_fields(at_field, member_row(lang, slot, ordinal, None));
        self.form.focus = at_field;
        self.renumber(lang);
    }

    /// Ctrl-d: removes the member row under the cursor (the last member stays).
    pub fn remove_member(&mut self, lang: Lang) {
        let Purpose::Household { rows, .. } = &mut self.purpose else {
            return;
        };
        let focused = self.form.fields.get(self.form.focus).map(|f| f.key.clone());
        let Some(slot) = focused.as_deref().and_then(member_slot) else {
            return;
        };
        if rows.slots.len() <= 1 {
            return;
        }
        rows.slots.retain(|(s, _)| *s != slot);
        self.form.remove_fields(&format!("m{slot}."));
        self.renumber(lang);
    }

    /// Member labels follow the order: "Pengurus", "2. Nama", "3. Nama"...
    fn renumber(&mut self, lang: Lang) {
        let Purpose::Household { rows, .. } = &self.purpose else {
            return;
        };
        for (i, (slot, _)) in rows.slots.iter().enumerate() {
            if let Some(f) = self.form.field_mut(&member_key(*slot, "name")) {
                f.label = if i == 0 {
                    tr(lang, T::FieldPengurusName).to_string()
                } else {
                    fill(tr(lang, T::FieldMemberName), &[&(i + 1)])
                };
            }
        }
    }

    pub(super) fn validate_household(
        &mut self,
        lang: Lang,
        today: NaiveDate,
        rules: &ComponentRules,
    ) -> Option<Record> {
        let Purpose::Household {
            id,
            rows,
            opened_at,
            ..
        } = &self.purpose
        else {
            return None;
        };
        let form = &mut self.form;
        let no_kk = match parse_no_kk(&form.value(household_key("no_kk"))) {
            Ok(n) => n.as_str().to_string(),
            Err(e) => {
                form.set_error(household_key("no_kk"), i18n::nik_error(lang, &e));
                String::new()
            }
        };
        let mut members = Vec::new();
        let mut warnings = Vec::new();
        let mut seen = Vec::new();
        for (slot, member_id) in &rows.slots {
            let k = |column: &str| member_key(*slot, column);
            let name = form.value(&k("name")).trim().to_string();
            if name.is_empty() {
                form.set_error(&k("name"), tr(lang, T::FormRequired));
            }
            let info = match parse_nik(&form.value(&k("nik")), today) {
                Ok(info) => {
                    if seen.contains(&info.nik) {
                        form.set_error(&k("nik"), tr(lang, T::FormDuplicateInForm));
                    }
                    seen.push(info.nik.clone());
                    Some(info)
                }
                Err(e) => {
                    form.set_error(&k("nik"), i18n::nik_error(lang, &e));
                    None
                }
            };
            // A two-digit year means the past (the same rule as an import's).
            let typed = form.value(&k("birth_date"));
            let birth = match parse_birth_date(&typed, today) {
                Ok(d) => Some(d),
                Err(DateError::Empty) => info.as_ref().map(|i| i.birth_date),
                Err(e) => {
                    form.set_error(&k("birth_date"), i18n::date_error(lang, &e));
                    None
                }
            };
            let sex = Sex::from_key(&form.value(&k("sex")))
                .or(info.as_ref().map(|i| i.sex))
                .unwrap_or(Sex::Female);
            if let Some(info) = &info {
                for w in check_against(info, sex, birth) {
                    warnings.push(match w {
                        NikWarning::SexMismatch { nik, .. } => (
                            k("sex"),
                            fill(
                                tr(lang, T::FormNikWarnSex),
                                &[&match nik {
                                    Sex::Female => tr(lang, T::SexFemale),
                                    Sex::Male => tr(lang, T::SexMale),
                                }],
                            ),
                        ),
                        NikWarning::BirthDateMismatch { nik, .. } => (
                            k("birth_date"),
                            fill(tr(lang, T::FormNikWarnBirth), &[&date_short(lang, nik)]),
                        ),
                    });
                }
            }
            // The pregnancy (for `ibu_hamil`): its order and its expected or actual birth.
            let order = optional(&form.value(&k("pregnancy_order")), PregnancyOrder::parse);
            let order = field(form, lang, &k("pregnancy_order"), order);
            let due = match form
                .field(&k("pregnancy_birth"))
                .and_then(|f| f.date_value(today))
            {
                Some(Ok(d)) => Some(d),
                Some(Err(e)) => {
                    form.set_error(&k("pregnancy_birth"), i18n::date_error(lang, &e));
                    None
                }
                None => None,
            };
            members.push(MemberInput {
                id: member_id.clone(),
                nik: info.map(|i| i.nik.as_str().to_string()).unwrap_or_default(),
                name,
                sex,
                birth_date: birth,
                relation: Relation::from_key(&form.value(&k("relation")))
                    .unwrap_or(Relation::Lainnya),
                component: Component::from_key(&form.value(&k("component"))),
                pregnancy: Pregnancy {
                    order: order.map(PregnancyOrder::get),
                    birth: due,
                },
            });
        }
        if members.is_empty() {
            form.error = Some(tr(lang, T::FormNeedMember).to_string());
        }
        // Component rules, each naming the rule that was broken.
        let people: Vec<_> = members.iter().map(Member::component_person).collect();
        // A member's own ineligibility shows at their component; the household's caps
        // (with the names of those who count) together for the whole form.
        let mut caps = Vec::new();
        for v in check_household(&people, today, rules) {
            let rule = i18n::component_violation(lang, &v, &members);
            match v {
                ComponentViolation::NotEligible { index, .. } => {
                    if let Some((slot, _)) = rows.slots.get(index) {
                        let text = fill(tr(lang, T::FormComponentRule), &[&rule]);
                        form.set_error(&member_key(*slot, "component"), text);
                    }
                }
                _ => caps.push(rule),
            }
        }
        if !caps.is_empty() {
            form.error = Some(fill(tr(lang, T::FormComponentRule), &[&caps.join("; ")]));
        }
        let village = form.value(household_key("village")).trim().to_string();
        if village.is_empty() {
            form.set_error(household_key("village"), tr(lang, T::FormRequired));
        }
        let area_code = form.value(household_key("area_code")).trim().to_string();
        let area_code = if area_code.is_empty() {
            String::new()
        } else {
            match parse_area_code(&area_code) {
                Ok((code, _)) => code,
                Err(e) => {
                    form.set_error(household_key("area_code"), i18n::area_code_error(lang, &e));
                    String::new()
                }
            }
        };
        // The field rules as domain types, the same ones the import uses.
        let desil = optional(&form.value(household_key("desil")), Desil::parse);
        let desil = field(form, lang, household_key("desil"), desil);
        let year = optional(&form.value(household_key("year_joined")), |s| {
            YearJoined::parse(s, today)
        });
        let year = field(form, lang, household_key("year_joined"), year);
        let income = optional(&form.value(household_key("business_income")), Rupiah::parse);
        let income = field(form, lang, household_key("business_income"), income);
        let phone = Phone::parse(&form.value(household_key("phone")));
        let phone = field(form, lang, household_key("phone"), phone);
        let rt_rw = match RtRw::parse(
            &form.value(household_key("rt")),
            &form.value(household_key("rw")),
        ) {
            Ok(v) => v,
            Err(e) => {
                let key = household_key(if e == FieldError::Rw { "rw" } else { "rt" });
                form.set_error(key, i18n::field_error(lang, &e));
                RtRw::default()
            }
        };
        if form.has_errors() {
            self.warned = false;
            return None;
        }
        // Warnings (old records disagree with their NIK) show once, then allow saving.
        if !warnings.is_empty() && !self.warned {
            for (key, text) in warnings {
                form.set_error(&key, text);
            }
            self.warned = true;
            return None;
        }
        Some(Record::Household(HouseholdInput {
            id: id.clone(),
            expected_updated_at: opened_at.clone(),
            members,
            fields: HouseholdFields {
                no_kk,
                address: form.value(household_key("address")).trim().to_string(),
                rt: rt_rw.rt_key(),
                rw: rt_rw.rw_key(),
                village,
                kecamatan: form.value(household_key("kecamatan")).trim().to_string(),
                kabupaten: form.value(household_key("kabupaten")).trim().to_string(),
                area_code,
                // The national form (digits, leading 0), so searching by number finds it.
                phone: phone.map(|p| p.to_string()).unwrap_or_default(),
                desil: desil.map(Desil::get),
                year_joined: year.map(YearJoined::get),
                programs: SocialProgram::ALL
                    .into_iter()
                    .filter(|p| form.checked(&checks_key("programs", p.key())))
                    .collect(),
                has_business: form.checked(household_key("has_business")),
                business_desc: form
                    .value(household_key("business_desc"))
                    .trim()
                    .to_string(),
                business_income: income.map(Rupiah::get),
                pas: PasTag::ALL
                    .into_iter()
                    .filter(|t| form.checked(&checks_key("pas_tags", t.key())))
                    .collect(),
            },
        }))
    }
}

/// A parsed optional field, or its refusal shown at `key`.
fn field<V>(form: &mut Form, lang: Lang, key: &str, r: Result<Option<V>, FieldError>) -> Option<V> {
    r.unwrap_or_else(|e| {
        form.set_error(key, i18n::field_error(lang, &e));
        None
    })
}

/// The slot number of a member field key (`m3.nik` -> 3).
pub(super) fn member_slot(key: &str) -> Option<usize> {
    key.strip_prefix('m')?.split_once('.')?.0.parse().ok()
}
