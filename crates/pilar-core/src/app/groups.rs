//! P2K2 groups from the caseload (issue 11, item 4): `:kelompok NAME [@ PLACE]` makes the
//! marked households (else the selected one) families of the group NAME, creating it
//! when it is new; `:keluar-kelompok` takes them out of their group. A household is in at
//! most one group: joining one leaves the other. The group's sessions are recorded from
//! "Hari ini" (`4`, Enter on the group's line: its next session, every family present).

use super::commands::Arg;
use super::{App, Effect};
use crate::domain::groups::{GroupRefusal, NAME_MAX, NameError};
use crate::i18n::{T, fill, tr};

/// What the store did with `:kelompok`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    /// The group's name as stored.
    pub name: String,
    /// Its families now.
    pub families: u32,
    /// Households that were not in it before.
    pub added: u32,
}

/// `NAME @ PLACE` as typed: the name, and the place when one is given.
pub fn split_name_place(text: &str) -> (String, Option<String>) {
    match text.split_once('@') {
        Some((name, place)) => (name.trim().to_string(), Some(place.trim().to_string())),
        None => (text.trim().to_string(), None),
    }
}

/// `:kelompok NAME [@ PLACE]` (`:group`).
pub fn join(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let households: Vec<String> = app
        .caseload
        .activity_households()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    if households.is_empty() {
        app.info(T::MsgGroupNoHouseholds);
        return Vec::new();
    }
    let (name, place) = split_name_place(arg.text);
    vec![Effect::JoinGroup {
        author: app.user.id.clone(),
        name,
        place,
        households,
    }]
}

/// `:keluar-kelompok` (`:leave-group`).
pub fn leave(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let households: Vec<String> = app
        .caseload
        .activity_households()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    if households.is_empty() {
        app.info(T::MsgGroupNoHouseholds);
        return Vec::new();
    }
    vec![Effect::LeaveGroup {
        author: app.user.id.clone(),
        households,
    }]
}

pub(super) fn joined(app: &mut App, result: Result<Joined, GroupRefusal>) -> Vec<Effect> {
    let lang = app.lang();
    match result {
        Ok(j) => {
            app.caseload.marked.clear();
            app.say(fill(
                tr(lang, T::MsgGroupJoined),
                &[&j.name, &j.families, &j.added],
            ));
            app.refresh()
        }
        Err(r) => {
            let text = match r {
                GroupRefusal::Name(NameError::Empty) => tr(lang, T::MsgGroupNeedsName).to_string(),
                GroupRefusal::Name(NameError::TooLong) => {
                    fill(tr(lang, T::MsgGroupNameTooLong), &[&NAME_MAX])
                }
                GroupRefusal::NameTaken | GroupRefusal::NotFound => {
                    tr(lang, T::MsgGroupNotYours).to_string()
                }
            };
            app.say(text);
            Vec::new()
        }
    }
}

pub(super) fn left(app: &mut App, households: u32) -> Vec<Effect> {
    app.caseload.marked.clear();
    let text = fill(tr(app.lang(), T::MsgGroupLeft), &[&households]);
    app.say(text);
    app.refresh()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_follows_the_name_after_an_at_sign() {
        assert_eq!(split_name_place(" Mawar 1 "), ("Mawar 1".into(), None));
        assert_eq!(
            split_name_place("Mawar 1 @ Balai Desa"),
            ("Mawar 1".into(), Some("Balai Desa".into()))
        );
        assert_eq!(
            split_name_place("Mawar@"),
            ("Mawar".into(), Some(String::new()))
        );
    }
}
