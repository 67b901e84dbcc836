//! Validated IANA time zone names, resolved against the tz database bundled into the binary.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use jiff::tz::{TimeZone, TimeZoneDatabase};
use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// An IANA time zone name (`"America/New_York"`, `"UTC"`) together with its rules.
///
/// Zones always come from the database compiled into the binary, never the machine's
/// `/usr/share/zoneinfo`: a due time must not change because a server's tzdata package is older
/// or missing. (`jiff::tz::db()` would prefer the system copy when one exists, so it is not
/// used.) Fixed offsets such as `"+05:00"` are refused: they have no DST rules, and a member who
/// types one almost always means a place.
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName {
    name: String,
    tz: TimeZone,
}

impl TimeZoneName {
    /// Validates `name` (field `time_zone`). Lookup ignores ASCII case; the name kept is the
    /// database's own spelling, so `"america/new_york"` becomes `"America/New_York"`.
    pub fn parse(name: &str) -> Result<Self, ValidationError> {
        let invalid = |reason: &str| ValidationError::new("time_zone", reason);
        if name.is_empty() {
            return Err(invalid("must not be empty"));
        }
        let unknown = || invalid("must be an IANA time zone name, like America/New_York or UTC");
        let tz = TimeZoneDatabase::bundled()
            .get(name)
            .map_err(|_| unknown())?;
        if tz.is_unknown() {
            // `Etc/Unknown` is jiff's placeholder for "no idea", not a real zone.
            return Err(unknown());
        }
        let name = tz.iana_name().unwrap_or(name).to_owned();
        Ok(Self { name, tz })
    }

    /// The canonical name, as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The zone's rules.
    pub fn zone(&self) -> &TimeZone {
        &self.tz
    }
}

impl fmt::Debug for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The rules are a function of the name; printing their tables would drown the output.
        f.debug_tuple("TimeZoneName").field(&self.name).finish()
    }
}

impl PartialEq for TimeZoneName {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for TimeZoneName {}

impl Hash for TimeZoneName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl FromStr for TimeZoneName {
    type Err = ValidationError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        TimeZoneName::parse(name)
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = ValidationError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        TimeZoneName::parse(&name)
    }
}

impl From<TimeZoneName> for String {
    fn from(zone: TimeZoneName) -> String {
        zone.name
    }
}
