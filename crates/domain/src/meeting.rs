//! The meeting: when and where, in Danish time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

pub const MAX_LOCATION_CHARS: usize = 300;

/// When and where the conversation takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// RFC 3339; stored and returned in UTC.
    pub starts_at: DateTime<Utc>,
    /// 15 to 480 minutes.
    #[cfg_attr(feature = "openapi", schema(example = 60, minimum = 15, maximum = 480))]
    pub minutes: u32,
    /// A room, an address or a video link.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Mødelokale 2, Rådhuset", min_length = 1, max_length = 300)
    )]
    pub location: String,
}

impl Meeting {
    /// The first Danish day the meeting can be recorded as held: its own
    /// day. A summary is the record of a meeting that took place, and its
    /// signatures must not be dated before it.
    pub fn held_from(&self) -> NaiveDate {
        copenhagen_local(self.starts_at).date()
    }

    /// Whether the meeting can be recorded as held on `today` (a Danish
    /// date); any time on the meeting's own day will do.
    pub fn may_be_held_on(&self, today: NaiveDate) -> bool {
        today >= self.held_from()
    }

    /// The meeting must fall inside the round's window, counted in Danish
    /// days: a meeting at 00:30 Danish time on the first day is inside.
    pub fn validate(&self, from: NaiveDate, until: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let day = copenhagen_local(self.starts_at).date();
        if day < from || day > until {
            errors.push(FieldError::new(
                "starts_at",
                format!("the round's meetings are held from {from} to {until}"),
            ));
        }
        if !(15..=480).contains(&self.minutes) {
            errors.push(FieldError::new("minutes", "15 to 480 minutes"));
        }
        let location = self.location.trim().chars().count();
        if location == 0 || self.location.chars().count() > MAX_LOCATION_CHARS {
            errors.push(FieldError::new(
                "location",
                format!("1 to {MAX_LOCATION_CHARS} characters"),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Danish time: CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October (EU rule).
pub fn copenhagen_offset(at: DateTime<Utc>) -> Duration {
    let year = at.year();
    let switch = |month| {
        let last = last_sunday(year, month);
        Utc.from_utc_datetime(&last.and_hms_opt(1, 0, 0).unwrap_or_default())
    };
    if at >= switch(3) && at < switch(10) {
        Duration::hours(2)
    } else {
        Duration::hours(1)
    }
}

/// The Danish wall-clock time of `at`.
pub fn copenhagen_local(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.naive_utc() + copenhagen_offset(at)
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut day =
        NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap_or_default() - Duration::days(1);
    while day.weekday() != Weekday::Sun {
        day -= Duration::days(1);
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn danish_time_follows_the_eu_summer_time_rule() {
        assert_eq!(
            copenhagen_offset(utc("2027-01-15T12:00:00Z")),
            Duration::hours(1)
        );
        assert_eq!(
            copenhagen_offset(utc("2027-06-15T12:00:00Z")),
            Duration::hours(2)
        );
        // 2027: summer time from 28 March 01:00 UTC to 31 October 01:00 UTC.
        assert_eq!(
            copenhagen_offset(utc("2027-03-28T00:59:59Z")),
            Duration::hours(1)
        );
        assert_eq!(
            copenhagen_offset(utc("2027-03-28T01:00:00Z")),
            Duration::hours(2)
        );
        assert_eq!(
            copenhagen_offset(utc("2027-10-31T00:59:59Z")),
            Duration::hours(2)
        );
        assert_eq!(
            copenhagen_offset(utc("2027-10-31T01:00:00Z")),
            Duration::hours(1)
        );
    }

    #[test]
    fn a_meeting_is_held_from_its_own_danish_day() {
        let meeting = Meeting {
            // 23:30 UTC on 11 January is 00:30 on 12 January in Denmark.
            starts_at: utc("2027-01-11T23:30:00Z"),
            minutes: 60,
            location: "Lokale 2".into(),
        };
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(meeting.held_from(), day("2027-01-12"));
        assert!(!meeting.may_be_held_on(day("2027-01-11")));
        assert!(meeting.may_be_held_on(day("2027-01-12")));
        assert!(meeting.may_be_held_on(day("2027-03-01")));
    }

    #[test]
    fn the_window_is_counted_in_danish_days() {
        let from = "2027-02-01".parse().unwrap();
        let until = "2027-02-28".parse().unwrap();
        let meeting = |at| Meeting {
            starts_at: utc(at),
            minutes: 60,
            location: "Lokale 2".into(),
        };
        // 23:30 UTC on 31 January is 00:30 on 1 February in Denmark.
        assert!(
            meeting("2027-01-31T23:30:00Z")
                .validate(from, until)
                .is_ok()
        );
        assert!(
            meeting("2027-01-31T22:30:00Z")
                .validate(from, until)
                .is_err()
        );
        let bad = Meeting {
            minutes: 5,
            location: " ".into(),
            ..meeting("2027-02-10T09:00:00Z")
        };
        let fields: Vec<String> = bad
            .validate(from, until)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["minutes", "location"]);
    }
}
