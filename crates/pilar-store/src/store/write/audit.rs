//! Records of personal data seen or taken out: NIK reveals and exports (UU PDP).

use super::super::{Result, Store, new_id};
use super::log;

impl Store {
    /// Records that `author` exported `rows` records of `what` holding full NIKs (UU PDP:
    /// processing of personal data is recorded), and from which scope (`caseload:LOGIN` or
    /// `all`): one history entry, as a reveal with `i` makes for one household.
    pub fn log_export(&self, author: &str, what: &str, rows: usize, scope: &str) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        log(
            &tx,
            author,
            "export",
            &new_id(),
            what,
            None,
            Some(&format!("rows={rows} scope={scope}")),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that `author` looked at a household's unmasked NIK and No KK (UU PDP:
    /// processing of personal data is recorded): `i` in the detail pane.
    pub fn log_reveal(&self, author: &str, household_id: &str) -> Result<()> {
        self.log_revealed(author, household_id, "nik,no_kk")
    }

    /// Records that `author` opened a household's form, which shows every member's NIK
    /// and the No KK unmasked (`e`): one entry, `form`.
    pub fn log_form_reveal(&self, author: &str, household_id: &str) -> Result<()> {
        self.log_revealed(author, household_id, "form")
    }

    /// One `nik_revealed` entry saying what was shown.
    fn log_revealed(&self, author: &str, household_id: &str, what: &str) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        log(
            &tx,
            author,
            "households",
            household_id,
            "nik_revealed",
            None,
            Some(what),
        )?;
        tx.commit()?;
        Ok(())
    }
}
