//! The demo's random numbers and ids.

use chrono::NaiveDate;

/// SplitMix64: tiny, fast and stable across versions, so a seed always gives the same data.
/// It also hands out the demo's ids (see [`Rng::id`]).
pub(super) struct Rng {
    state: u64,
    /// Timestamp part of the last id handed out, in Unix milliseconds.
    last_ms: u64,
}

impl Rng {
    /// Ids start counting at midnight of `start`.
    pub(super) fn new(seed: u64, start: NaiveDate) -> Rng {
        let last_ms = start
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
            .unwrap_or(0)
            .max(0) as u64;
        Rng {
            state: seed,
            last_ms,
        }
    }

    /// A deterministic UUIDv7. The timestamp part counts up from the start of the history
    /// one millisecond per record, so ids ascend in insert order (cheap appends to every
    /// primary key) while staying valid, unique version-7 UUIDs.
    pub(super) fn id(&mut self) -> String {
        self.last_ms += 1;
        let random = self.bytes10();
        uuid::Builder::from_unix_timestamp_millis(self.last_ms, &random)
            .into_uuid()
            .to_string()
    }

    /// A generator of its own for one record's extras (seeded from its id), so drawing
    /// them leaves this generator's sequence as it was.
    pub(super) fn sub(&self, key: &str) -> Rng {
        let seed = key.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
        });
        Rng {
            state: seed ^ self.state,
            last_ms: self.last_ms,
        }
    }

    pub(super) fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `per_mille`/1000.
    pub(super) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub(super) fn bytes10(&mut self) -> [u8; 10] {
        let a = self.next().to_le_bytes();
        let b = self.next().to_le_bytes();
        [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]]
    }
}
