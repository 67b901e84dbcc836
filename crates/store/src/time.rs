//! Instants in the database: INTEGER/BIGINT milliseconds since the Unix epoch, the one encoding
//! both dialects index and compare the same way.

use jiff::Timestamp;

/// Milliseconds since the epoch, for a column.
pub fn to_millis(t: Timestamp) -> i64 {
    t.as_millisecond()
}

/// The instant stored in a column. Values outside jiff's range (which only a hand-edited
/// database could hold) clamp to its ends instead of failing a whole query.
pub fn from_millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(if ms < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}
