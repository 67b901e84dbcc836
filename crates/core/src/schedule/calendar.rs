//! Local days as plain numbers (days since 1970-01-01 on the proleptic Gregorian calendar), so
//! the clock can walk day by day with integer arithmetic instead of a date library call per step.

use jiff::civil::Date;

/// Seconds in a local day of wall-clock time (real days may be shorter or longer across DST).
pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// The first and last day jiff can represent as a [`Date`].
pub(crate) const FIRST_DAY: i64 = day_number(-9999, 1, 1);
pub(crate) const LAST_DAY: i64 = day_number(9999, 12, 31);

/// The day number of a calendar date (Howard Hinnant's `days_from_civil`).
pub(crate) const fn day_number(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    // Months counted from March, so the leap day is the last day of the counted year.
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The day number of `date`.
pub(crate) fn day_of(date: Date) -> i64 {
    day_number(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    )
}

/// The date of a day number, or `None` outside jiff's range (Hinnant's `civil_from_days`).
pub(crate) fn date_of(day: i64) -> Option<Date> {
    if !(FIRST_DAY..=LAST_DAY).contains(&day) {
        return None;
    }
    let shifted = day + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day_of_month = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day_of_month).ok()?,
    )
    .ok()
}

/// The weekday of a day number, Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
pub(crate) fn weekday_index(day: i64) -> usize {
    // rem_euclid(7) is 0..=6, so the cast is exact.
    (day + 3).rem_euclid(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;

    #[test]
    fn day_numbers_agree_with_jiff_across_the_whole_calendar() {
        let mut date = Date::MIN;
        let mut day = FIRST_DAY;
        // Every 997th day (a prime step) covers all months, leap rules and eras quickly.
        while let Ok(next) = date.checked_add(997.days()) {
            assert_eq!(day_of(date), day, "{date}");
            assert_eq!(date_of(day), Some(date));
            assert_eq!(
                weekday_index(day),
                date.weekday().to_monday_zero_offset() as usize
            );
            date = next;
            day += 997;
        }
        assert_eq!(day_of(Date::MAX), LAST_DAY);
        assert_eq!(date_of(LAST_DAY + 1), None);
        assert_eq!(date_of(FIRST_DAY - 1), None);
        assert_eq!(day_number(1970, 1, 1), 0);
    }
}
