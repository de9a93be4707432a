//! What every list and every named thing shares: page sizes, the opaque
//! cursors lists hand out, and the check of a name typed by a person.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use mus_domain::page::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use mus_domain::{ErrorCode, FieldError};
use uuid::Uuid;

use crate::error::AppError;

/// The page size asked for, or the default; 400 outside 1–100.
pub(crate) fn page_size(limit: Option<u32>) -> Result<u32, AppError> {
    match limit.unwrap_or(DEFAULT_PAGE_SIZE) {
        limit @ 1..=MAX_PAGE_SIZE => Ok(limit),
        _ => Err(AppError::BadRequest {
            code: ErrorCode::InvalidParameter,
            detail: format!("limit is between 1 and {MAX_PAGE_SIZE}"),
        }),
    }
}

/// Cuts `rows` (fetched with one row more than `limit`) to the page, and
/// names where the next page starts when there is one.
pub(crate) fn finish_page<T>(
    rows: &mut Vec<T>,
    limit: u32,
    cursor_of: impl Fn(&T) -> String,
) -> Option<String> {
    let limit = limit as usize;
    if rows.len() <= limit {
        return None;
    }
    rows.truncate(limit);
    rows.last().map(cursor_of)
}

/// A cursor for a list ordered by a text key alone (unique, like e-mails).
pub(crate) fn text_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

pub(crate) fn decode_text_cursor(cursor: &str) -> Result<String, AppError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(invalid_cursor)
}

/// A cursor for a list ordered by a text key, then by id.
pub(crate) fn keyed_cursor(key: &str, id: Uuid) -> String {
    text_cursor(&format!("{id}\n{key}"))
}

pub(crate) fn decode_keyed_cursor(cursor: &str) -> Result<(String, Uuid), AppError> {
    let text = decode_text_cursor(cursor)?;
    let (id, key) = text.split_once('\n').ok_or_else(invalid_cursor)?;
    let id = Uuid::parse_str(id).map_err(|_| invalid_cursor())?;
    Ok((key.to_owned(), id))
}

/// A cursor for a list ordered by time, then by id. Microseconds: what
/// PostgreSQL keeps.
pub(crate) fn time_cursor(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}_{id}", at.timestamp_micros())
}

pub(crate) fn decode_time_cursor(cursor: &str) -> Result<(DateTime<Utc>, Uuid), AppError> {
    let (micros, id) = cursor.split_once('_').ok_or_else(invalid_cursor)?;
    let at = micros
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_micros)
        .ok_or_else(invalid_cursor)?;
    Ok((at, Uuid::parse_str(id).map_err(|_| invalid_cursor())?))
}

fn invalid_cursor() -> AppError {
    AppError::BadRequest {
        code: ErrorCode::InvalidParameter,
        detail: "the cursor is not one this server handed out".into(),
    }
}

/// A name as stored: trimmed, 1 to `max` characters. Otherwise an error on
/// `field` joins `errors`.
pub(crate) fn valid_name(
    field: &str,
    raw: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("a name has 1 to {max} characters"),
        ));
        return None;
    }
    Some(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back() {
        let id = Uuid::new_v4();
        assert_eq!(
            decode_text_cursor(&text_cursor("anne@x.dk")).unwrap(),
            "anne@x.dk"
        );
        assert_eq!(
            decode_keyed_cursor(&keyed_cursor("Klassisk\nMUS", id)).unwrap(),
            ("Klassisk\nMUS".to_owned(), id)
        );
        let at = DateTime::from_timestamp_micros(1_800_000_000_123_456).unwrap();
        assert_eq!(decode_time_cursor(&time_cursor(at, id)).unwrap(), (at, id));
    }

    #[test]
    fn foreign_cursors_are_refused() {
        for cursor in ["", "not base64!", "MTIz"] {
            assert!(decode_keyed_cursor(cursor).is_err(), "{cursor:?}");
        }
        assert!(decode_time_cursor("12_not-a-uuid").is_err());
        assert!(decode_time_cursor("x_00000000-0000-0000-0000-000000000000").is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        let mut errors = Vec::new();
        assert_eq!(
            valid_name("name", "  Borgerservice ", 20, &mut errors).as_deref(),
            Some("Borgerservice")
        );
        assert_eq!(valid_name("name", "   ", 20, &mut errors), None);
        assert_eq!(valid_name("name", &"x".repeat(21), 20, &mut errors), None);
        assert_eq!(errors.len(), 2);
    }
}
