//! The local time zone for showing history times (D7): the shell reads `TZ` and the
//! clock's offset and passes them in; this only names the zone and converts a stored UTC
//! time. Indonesia's three zones have their own names (WIB, WITA, WIT); any other zone is
//! shown as its UTC offset.

use chrono::{DateTime, FixedOffset};

/// A zone to show times in: its offset from UTC and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub offset_minutes: i32,
    pub label: String,
}

impl Default for Zone {
    fn default() -> Self {
        Zone {
            offset_minutes: 0,
            label: "UTC".into(),
        }
    }
}

impl Zone {
    /// The zone named by `tz` (the `TZ` variable; a leading `:` is ignored), else by
    /// `offset_minutes` (the clock's local offset). Indonesian zone names get their fixed
    /// offsets: Asia/Jakarta and Asia/Pontianak are WIB (+7), Asia/Makassar WITA (+8),
    /// Asia/Jayapura WIT (+9).
    pub fn new(tz: Option<&str>, offset_minutes: i32) -> Zone {
        let tz = tz.map(|t| t.trim().trim_start_matches(':'));
        let (label, offset) = match tz {
            Some("Asia/Jakarta" | "Asia/Pontianak") => ("WIB", 7 * 60),
            Some("Asia/Makassar") => ("WITA", 8 * 60),
            Some("Asia/Jayapura") => ("WIT", 9 * 60),
            _ => {
                return Zone {
                    offset_minutes,
                    label: offset_label(offset_minutes),
                };
            }
        };
        Zone {
            offset_minutes: offset,
            label: label.into(),
        }
    }

    /// A stored UTC time (`2026-11-30T07:17:00.000Z`) as local `2026-11-30 14:17 WIB`; a
    /// text that is not such a time is shown as it is.
    pub fn local(&self, at: &str) -> String {
        let Some(offset) = FixedOffset::east_opt(self.offset_minutes * 60) else {
            return at.to_string();
        };
        match DateTime::parse_from_rfc3339(at) {
            Ok(t) => format!(
                "{} {}",
                t.with_timezone(&offset).format("%Y-%m-%d %H:%M"),
                self.label
            ),
            Err(_) => at.to_string(),
        }
    }
}

/// `UTC`, `UTC+07:00`, `UTC-08:00`, `UTC+05:30`.
fn offset_label(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_indonesian_zones_by_name_and_others_by_offset() {
        let at = "2026-11-30T07:17:05.123Z";
        assert_eq!(
            Zone::new(Some("Asia/Jakarta"), 0).local(at),
            "2026-11-30 14:17 WIB"
        );
        assert_eq!(
            Zone::new(Some(":Asia/Pontianak"), 0).local(at),
            "2026-11-30 14:17 WIB"
        );
        assert_eq!(
            Zone::new(Some("Asia/Makassar"), 480).local(at),
            "2026-11-30 15:17 WITA"
        );
        assert_eq!(
            Zone::new(Some("Asia/Jayapura"), 540).local(at),
            "2026-11-30 16:17 WIT"
        );
        assert_eq!(
            Zone::new(Some("America/Los_Angeles"), -480).local(at),
            "2026-11-29 23:17 UTC-08:00"
        );
        assert_eq!(Zone::new(None, 330).local(at), "2026-11-30 12:47 UTC+05:30");
        assert_eq!(Zone::new(Some("UTC"), 0).local(at), "2026-11-30 07:17 UTC");
        assert_eq!(Zone::default().local("not a time"), "not a time");
    }
}
