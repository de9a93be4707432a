//! Query strings, encoded as a browser encodes a form
//! (`application/x-www-form-urlencoded`).

/// The pairs of a query string, in the order given.
#[derive(Debug, Default)]
pub(crate) struct Query {
    encoded: String,
}

impl Query {
    pub(crate) fn new() -> Query {
        Query::default()
    }

    /// Adds `key=value`.
    pub(crate) fn with(mut self, key: &str, value: impl AsRef<str>) -> Query {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        encode(key, &mut self.encoded);
        self.encoded.push('=');
        encode(value.as_ref(), &mut self.encoded);
        self
    }

    /// Adds `key=value` when there is a value.
    pub(crate) fn with_some(self, key: &str, value: Option<impl AsRef<str>>) -> Query {
        match value {
            Some(value) => self.with(key, value),
            None => self,
        }
    }

    /// `path` with this query after it, or `path` alone when it is empty.
    pub(crate) fn after(self, path: &str) -> String {
        if self.encoded.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", self.encoded)
        }
    }
}

/// Letters, digits and `*-._` as they are, a space as `+`, every other byte
/// of the UTF-8 as `%XX`.
fn encode(text: &str, into: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                into.push(char::from(byte));
            }
            b' ' => into.push('+'),
            _ => {
                into.push('%');
                into.push(char::from(HEX[usize::from(byte >> 4)]));
                into.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn an_empty_query_leaves_the_path_alone() {
        assert_eq!(
            Query::new().with_some("cursor", None::<&str>).after("me"),
            "me"
        );
    }

    #[test]
    fn pairs_are_joined_in_order() {
        let path = Query::new()
            .with("status", "open")
            .with_some("limit", Some("20"))
            .after("agreements");
        assert_eq!(path, "agreements?status=open&limit=20");
    }

    #[test]
    fn encodes_as_a_form_does() {
        let path = Query::new()
            .with("cursor", "a b+c/d=e&f")
            .with("name", "Søren *-._~")
            .after("x");
        assert_eq!(path, "x?cursor=a+b%2Bc%2Fd%3De%26f&name=S%C3%B8ren+*-._%7E");
    }
}
