//! Weekly working hours: for each weekday, sorted non-overlapping local intervals, and their API
//! form `{"mon": [["09:00", "17:00"]], ...}`. Turning them into instants is `working`'s job.

use jiff::civil::Weekday;
use serde::{Deserialize, Serialize};

use super::local_time::Interval;
use crate::ValidationError;

/// The API's key for each weekday, Monday first (the index order of [`WeeklyHours::new`]).
const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The intervals of a day without fixed hours: all of it.
const WHOLE_DAY: [Interval; 1] = [Interval::WHOLE_DAY];

/// Working hours per weekday, each day's intervals sorted by start and non-overlapping.
///
/// A week with no intervals at all means "no fixed hours": every instant is working. Touching
/// intervals (`09:00-12:00` + `12:00-13:00`) are kept as written, so what a member saves is what
/// they read back; the clock treats them as one stretch anyway.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "WeeklyHoursForm", into = "WeeklyHoursForm")]
pub struct WeeklyHours {
    days: [Vec<Interval>; 7],
}

impl WeeklyHours {
    /// Hours from the intervals of each weekday, index 0 = Monday. Sorts each day and refuses
    /// overlapping intervals, naming the later one in the caller's order
    /// (`working_hours.tue[1]`).
    pub fn new(days: [Vec<Interval>; 7]) -> Result<Self, ValidationError> {
        let mut sorted_days: [Vec<Interval>; 7] = Default::default();
        for (index, intervals) in days.into_iter().enumerate() {
            let mut numbered: Vec<(usize, Interval)> = intervals.into_iter().enumerate().collect();
            numbered.sort_by_key(|&(_, interval)| interval);
            for pair in numbered.windows(2) {
                let (_, earlier) = pair[0];
                let (position, later) = pair[1];
                if earlier.overlaps(&later) {
                    return Err(ValidationError::new(
                        format!("working_hours.{}[{position}]", DAY_KEYS[index]),
                        format!("{later} overlaps {earlier} on the same day"),
                    ));
                }
            }
            sorted_days[index] = numbered.into_iter().map(|(_, interval)| interval).collect();
        }
        Ok(Self { days: sorted_days })
    }

    /// Monday to Friday, 09:00-17:00.
    pub fn standard() -> Self {
        let nine_to_five = vec![Interval::constant(9 * 60, 17 * 60)];
        Self {
            days: [
                nine_to_five.clone(),
                nine_to_five.clone(),
                nine_to_five.clone(),
                nine_to_five.clone(),
                nine_to_five,
                Vec::new(),
                Vec::new(),
            ],
        }
    }

    /// No intervals at all: "no fixed hours", every instant is working.
    pub fn none() -> Self {
        Self {
            days: Default::default(),
        }
    }

    /// The intervals of `weekday`, sorted by start.
    pub fn day(&self, weekday: Weekday) -> &[Interval] {
        self.by_index(weekday_index(weekday))
    }

    /// The working minutes of a whole week as written (`None` for "no fixed hours", which has
    /// no weekly total), time off and holidays aside.
    pub fn weekly_minutes(&self) -> Option<u32> {
        if self.is_empty() {
            return None;
        }
        let minutes = self
            .days
            .iter()
            .flatten()
            .map(|i| u32::from(i.end().minutes()) - u32::from(i.start().minutes()))
            .sum();
        Some(minutes)
    }

    /// Whether no weekday has any interval ("no fixed hours").
    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }

    /// The intervals of the weekday at `index` (0 = Monday).
    pub(crate) fn by_index(&self, index: usize) -> &[Interval] {
        self.days.get(index).map_or(&[], Vec::as_slice)
    }

    /// What the clock works from on each weekday (0 = Monday): the day's intervals, or the
    /// whole day when the week has no fixed hours.
    pub(crate) fn effective(&self) -> [&[Interval]; 7] {
        if self.is_empty() {
            [&WHOLE_DAY; 7]
        } else {
            std::array::from_fn(|index| self.by_index(index))
        }
    }
}

/// Monday = 0 ... Sunday = 6.
fn weekday_index(weekday: Weekday) -> usize {
    // `to_monday_zero_offset` is 0..=6, so the cast is exact.
    weekday.to_monday_zero_offset().unsigned_abs() as usize
}

/// The API form of [`WeeklyHours`]: seven optional keys, each a list of `["HH:MM", "HH:MM"]`
/// pairs. Text rather than [`Interval`] so that errors can name `working_hours.tue[1]`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeeklyHoursForm {
    #[serde(default)]
    mon: Vec<(String, String)>,
    #[serde(default)]
    tue: Vec<(String, String)>,
    #[serde(default)]
    wed: Vec<(String, String)>,
    #[serde(default)]
    thu: Vec<(String, String)>,
    #[serde(default)]
    fri: Vec<(String, String)>,
    #[serde(default)]
    sat: Vec<(String, String)>,
    #[serde(default)]
    sun: Vec<(String, String)>,
}

impl TryFrom<WeeklyHoursForm> for WeeklyHours {
    type Error = ValidationError;

    fn try_from(form: WeeklyHoursForm) -> Result<Self, Self::Error> {
        let WeeklyHoursForm {
            mon,
            tue,
            wed,
            thu,
            fri,
            sat,
            sun,
        } = form;
        let mut days: [Vec<Interval>; 7] = Default::default();
        for (index, pairs) in [mon, tue, wed, thu, fri, sat, sun].into_iter().enumerate() {
            for (position, (start, end)) in pairs.iter().enumerate() {
                let interval = Interval::parse(start, end).map_err(|error| {
                    error.within(&format!("working_hours.{}[{position}]", DAY_KEYS[index]))
                })?;
                days[index].push(interval);
            }
        }
        WeeklyHours::new(days)
    }
}

impl From<WeeklyHours> for WeeklyHoursForm {
    fn from(hours: WeeklyHours) -> Self {
        let [mon, tue, wed, thu, fri, sat, sun] = hours.days.map(|intervals| {
            intervals
                .iter()
                .map(|interval| (interval.start().to_string(), interval.end().to_string()))
                .collect()
        });
        Self {
            mon,
            tue,
            wed,
            thu,
            fri,
            sat,
            sun,
        }
    }
}
