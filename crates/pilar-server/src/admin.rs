//! `pilar server enroll`: one-time enrolment codes for workers the server knows, revoking
//! devices, listing them. Runs as the database's owner (not `pilar_app`).

use chrono::{DateTime, Duration, Utc};
use pilar_core::sync::{ENROLL_CODE_DAYS, normalize_code};
use sha2::{Digest, Sha256};
use tokio_postgres::Client;

use crate::catalog::parse_uuid;
use crate::sql::reference;

/// The letters of a code: no 0/O, 1/I/L, so a code read aloud or typed is unambiguous.
const ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

#[derive(Debug)]
pub enum AdminError {
    /// No worker with this login on the server (load the database first).
    UnknownLogin(String),
    /// No device with this id.
    UnknownDevice(String),
    Pg(tokio_postgres::Error),
    Random,
}

impl From<tokio_postgres::Error> for AdminError {
    fn from(e: tokio_postgres::Error) -> Self {
        AdminError::Pg(e)
    }
}

/// A new code: 16 characters in 4 groups (`ABCD-EFGH-JKMN-PQRS`), 31 symbols each, about
/// 79 bits; stored only as its SHA-256.
pub fn new_code() -> Result<String, AdminError> {
    let symbols = ALPHABET;
    let mut out = String::with_capacity(19);
    let mut n = 0;
    while n < 16 {
        let mut b = [0u8; 16];
        openssl::rand::rand_bytes(&mut b).map_err(|_| AdminError::Random)?;
        // Rejection sampling keeps every symbol equally likely.
        for x in b {
            let x = usize::from(x);
            if n < 16 && x < 31 * 8 {
                if n > 0 && n % 4 == 0 {
                    out.push('-');
                }
                out.push(char::from(symbols[x % 31]));
                n += 1;
            }
        }
    }
    Ok(out)
}

/// The stored form of a code.
pub fn code_hash(code: &str) -> Vec<u8> {
    Sha256::digest(normalize_code(code).as_bytes()).to_vec()
}

/// Issues a code for `login`, valid [`ENROLL_CODE_DAYS`] days. Returns it and its expiry.
pub async fn issue_code(
    client: &Client,
    login: &str,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), AdminError> {
    let worker: String = client
        .query_opt(reference::WORKER_LOGIN_ID, &[&login])
        .await?
        .ok_or_else(|| AdminError::UnknownLogin(login.to_string()))?
        .get("id");
    let code = new_code()?;
    let expires = now + Duration::days(ENROLL_CODE_DAYS);
    client
        .execute(
            reference::ENROLL_CODE_INSERT,
            &[&code_hash(&code), &worker, &now, &expires],
        )
        .await?;
    Ok((code, expires))
}

/// Revokes a device: its token stops working at once. False if it was revoked already.
pub async fn revoke(client: &Client, device: &str, now: DateTime<Utc>) -> Result<bool, AdminError> {
    if parse_uuid(device).is_none()
        || client
            .query_opt(reference::DEVICE_EXISTS, &[&device])
            .await?
            .is_none()
    {
        return Err(AdminError::UnknownDevice(device.to_string()));
    }
    Ok(client
        .execute(reference::DEVICE_REVOKE, &[&device, &now])
        .await?
        > 0)
}

/// An enrolled device.
#[derive(Debug, Clone)]
pub struct DeviceInfo {
    pub id: String,
    pub login: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The devices (of one login, or all), oldest first.
pub async fn devices(client: &Client, login: Option<&str>) -> Result<Vec<DeviceInfo>, AdminError> {
    Ok(client
        .query(reference::DEVICE_LIST, &[&login])
        .await?
        .iter()
        .map(|r| DeviceInfo {
            id: r.get("id"),
            login: r.get("login"),
            name: r.get("name"),
            created_at: r.get("created_at"),
            revoked_at: r.get("revoked_at"),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_four_groups_of_unambiguous_symbols() {
        let a = new_code().unwrap();
        assert_eq!(a.len(), 19);
        assert_eq!(a.matches('-').count(), 3);
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert!(!a.contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(a, new_code().unwrap());
        assert_eq!(
            code_hash(&a),
            code_hash(&a.to_lowercase().replace('-', " "))
        );
    }
}
