//! Dates and times as people in Denmark read them.
//!
//! The API speaks UTC; everyone using MUS meets in Danish time, so times are
//! shown in Europe/Copenhagen whatever the browser's own zone is, and typed
//! times are read as Danish wall-clock time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use mus_domain::meeting::{copenhagen_local, copenhagen_offset};

use crate::lang::Lang;

const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_DA: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Now, from the browser's clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Today's date in Denmark.
pub fn today() -> NaiveDate {
    copenhagen_local(now()).date()
}

/// `15. februar 2027` / `15 February 2027`.
pub fn date(lang: Lang, day: NaiveDate) -> String {
    let month = day.month0() as usize;
    match lang {
        Lang::Da => format!("{}. {} {}", day.day(), MONTHS_DA[month], day.year()),
        Lang::En => format!("{} {} {}", day.day(), MONTHS_EN[month], day.year()),
    }
}

/// `mandag 15. februar 2027` / `Monday 15 February 2027`.
pub fn date_with_weekday(lang: Lang, day: NaiveDate) -> String {
    let weekday = day.weekday().num_days_from_monday() as usize;
    let name = match lang {
        Lang::Da => WEEKDAYS_DA[weekday],
        Lang::En => WEEKDAYS_EN[weekday],
    };
    format!("{name} {}", date(lang, day))
}

/// `10.30` / `10:30`: Danish writes clock times with a dot.
pub fn clock(lang: Lang, time: NaiveTime) -> String {
    let separator = match lang {
        Lang::Da => '.',
        Lang::En => ':',
    };
    format!("{:02}{separator}{:02}", time.hour(), time.minute())
}

/// A moment in Danish time: `15. februar 2027 kl. 10.30`.
pub fn moment(lang: Lang, at: DateTime<Utc>) -> String {
    let local = copenhagen_local(at);
    match lang {
        Lang::Da => format!(
            "{} kl. {}",
            date(lang, local.date()),
            clock(lang, local.time())
        ),
        Lang::En => format!(
            "{} at {}",
            date(lang, local.date()),
            clock(lang, local.time())
        ),
    }
}

/// A meeting: `mandag 15. februar 2027, kl. 10.00–11.00`.
pub fn meeting_span(lang: Lang, starts_at: DateTime<Utc>, minutes: u32) -> String {
    let start = copenhagen_local(starts_at);
    let end = copenhagen_local(starts_at + Duration::minutes(i64::from(minutes)));
    let day = date_with_weekday(lang, start.date());
    let (from, until) = (clock(lang, start.time()), clock(lang, end.time()));
    match lang {
        Lang::Da => format!("{day}, kl. {from}–{until}"),
        Lang::En => format!("{day}, {from}–{until}"),
    }
}

/// The Danish wall-clock date and time of `at`, as `<input type=date>` and
/// `<input type=time>` want them (`2027-02-15`, `10:30`).
pub fn input_values(at: DateTime<Utc>) -> (String, String) {
    let local = copenhagen_local(at);
    let time = local.time();
    (
        local.date().to_string(),
        format!("{:02}:{:02}", time.hour(), time.minute()),
    )
}

/// Reads a date and a time typed as Danish wall-clock time.
///
/// In the hour the clocks go back, the time exists twice; the earlier (summer
/// time) is taken. In the hour they skip, it does not exist, and `None` says so.
pub fn from_danish_input(date: &str, time: &str) -> Option<DateTime<Utc>> {
    let day = date.trim().parse::<NaiveDate>().ok()?;
    let (hour, minute) = time.trim().split_once(':')?;
    let time = NaiveTime::from_hms_opt(hour.parse().ok()?, minute.parse().ok()?, 0)?;
    from_danish_wall_clock(day.and_time(time))
}

fn from_danish_wall_clock(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    [2, 1].into_iter().find_map(|hours| {
        let offset = Duration::hours(hours);
        let utc = (local - offset).and_utc();
        (copenhagen_offset(utc) == offset).then_some(utc)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_read_as_in_each_language() {
        assert_eq!(date(Lang::Da, day("2027-02-05")), "5. februar 2027");
        assert_eq!(date(Lang::En, day("2027-02-05")), "5 February 2027");
        assert_eq!(
            date_with_weekday(Lang::Da, day("2027-02-15")),
            "mandag 15. februar 2027"
        );
    }

    #[test]
    fn moments_are_shown_in_danish_time() {
        // 09:30 UTC in winter is 10.30 in Copenhagen; in summer 11.30.
        assert_eq!(
            moment(Lang::Da, utc("2027-02-15T09:30:00Z")),
            "15. februar 2027 kl. 10.30"
        );
        assert_eq!(
            moment(Lang::En, utc("2027-06-15T09:30:00Z")),
            "15 June 2027 at 11:30"
        );
        assert_eq!(
            meeting_span(Lang::Da, utc("2027-02-15T09:00:00Z"), 90),
            "mandag 15. februar 2027, kl. 10.00–11.30"
        );
    }

    #[test]
    fn typed_times_are_danish_wall_clock_time() {
        assert_eq!(
            from_danish_input("2027-02-15", "10:30"),
            Some(utc("2027-02-15T09:30:00Z"))
        );
        assert_eq!(
            from_danish_input("2027-06-15", "10:30"),
            Some(utc("2027-06-15T08:30:00Z"))
        );
        // 28 March 2027, 02:30 does not exist in Denmark.
        assert_eq!(from_danish_input("2027-03-28", "02:30"), None);
        // 31 October 2027, 02:30 happens twice; the first is summer time.
        assert_eq!(
            from_danish_input("2027-10-31", "02:30"),
            Some(utc("2027-10-31T00:30:00Z"))
        );
        assert_eq!(from_danish_input("15-02-2027", "10:30"), None);
        assert_eq!(from_danish_input("2027-02-15", ""), None);
    }

    #[test]
    fn input_values_round_trip() {
        let at = utc("2027-06-15T08:30:00Z");
        let (date, time) = input_values(at);
        assert_eq!((date.as_str(), time.as_str()), ("2027-06-15", "10:30"));
        assert_eq!(from_danish_input(&date, &time), Some(at));
    }
}
