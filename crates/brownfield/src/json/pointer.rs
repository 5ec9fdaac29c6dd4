//! JSON Pointer (RFC 6901) lookup on a parsed [`Document`].
//!
//! `""` is the whole value; `/a/0/b` walks object member `a`, array element
//! 0, member `b`. In a reference token `~1` means `/` and `~0` means `~`.
//! Array indices are decimal without leading zeros; `-` (one past the end)
//! never resolves for reading.

use super::document::{Document, Node};
use crate::error::{Error, ErrorKind, Result};

impl Document {
    /// Resolves `pointer` starting at tape index `from` (use
    /// [`Document::root`] for the whole document).
    ///
    /// Returns `Ok(None)` when the pointer is well formed but names nothing
    /// (missing key, index out of range, indexing into a scalar), and an
    /// `InvalidArgument` error when the pointer itself is malformed (does
    /// not start with `/`, bad `~` escape, bad array index). For objects
    /// with duplicate keys the last member wins, as in Python and Ruby.
    pub fn pointer(&self, from: usize, pointer: &str) -> Result<Option<usize>> {
        if self.get(from).is_none() {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("value index {from} is out of range"),
            ));
        }
        if pointer.is_empty() {
            return Ok(Some(from));
        }
        let Some(rest) = pointer.strip_prefix('/') else {
            return Err(bad_pointer(pointer, "must be empty or start with '/'"));
        };
        let mut at = from;
        for raw in rest.split('/') {
            let token = unescape(raw)
                .ok_or_else(|| bad_pointer(pointer, "'~' must be followed by '0' or '1'"))?;
            let next = match self.node(at) {
                Node::Object { .. } => self.object_get(at, &token),
                Node::Array { len, .. } => {
                    let index = parse_index(&token).ok_or_else(|| {
                        bad_pointer(
                            pointer,
                            "array index must be a decimal number without leading zeros",
                        )
                    })?;
                    match index {
                        Some(n) if n < *len => self.array_items(at).nth(n),
                        _ => None,
                    }
                }
                _ => None,
            };
            match next {
                Some(n) => at = n,
                None => return Ok(None),
            }
        }
        Ok(Some(at))
    }
}

fn bad_pointer(pointer: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("invalid JSON Pointer {pointer:?}: {why}"),
    )
}

/// Decodes `~1` → `/` and `~0` → `~`; `None` for any other `~` use.
fn unescape(token: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !token.contains('~') {
        return Some(token.into());
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out.into())
}

/// `Some(Some(n))` for a valid index, `Some(None)` for `-` (past the end),
/// `None` when the token is not an array index at all.
fn parse_index(token: &str) -> Option<Option<usize>> {
    if token == "-" {
        return Some(None);
    }
    let ok = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    if !ok {
        return None;
    }
    // Too large to index anything: well formed, resolves to nothing.
    Some(token.parse::<usize>().ok())
}

#[cfg(test)]
mod tests {
    use crate::json::{parse, Node, ParseOptions};
    use crate::ErrorKind;

    /// The example document of RFC 6901 section 5.
    const RFC: &str = r#"{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}"#;

    #[test]
    fn rfc6901_examples() {
        let doc = parse(RFC.as_bytes(), &ParseOptions::default()).unwrap();
        let get = |p: &str| doc.pointer(0, p).unwrap().map(|i| *doc.node(i));
        assert_eq!(doc.pointer(0, "").unwrap(), Some(0));
        assert_eq!(
            doc.str_at(doc.pointer(0, "/foo/0").unwrap().unwrap()),
            Some("bar")
        );
        for (p, v) in [
            ("/", 0),
            ("/a~1b", 1),
            ("/c%d", 2),
            ("/e^f", 3),
            ("/g|h", 4),
            ("/i\\j", 5),
            ("/k\"l", 6),
            ("/ ", 7),
            ("/m~0n", 8),
        ] {
            assert_eq!(get(p), Some(Node::Int(v)), "{p}");
        }
        assert!(matches!(get("/foo"), Some(Node::Array { len: 2, .. })));
    }

    #[test]
    fn missing_and_malformed() {
        let doc = parse(
            br#"{"a":[1,{"b":null}],"a2":{"x":1},"a2":{"y":2}}"#,
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(doc.pointer(0, "/a/2").unwrap(), None);
        assert_eq!(doc.pointer(0, "/a/-").unwrap(), None);
        assert_eq!(doc.pointer(0, "/a/0/x").unwrap(), None);
        assert_eq!(doc.pointer(0, "/nope").unwrap(), None);
        assert_eq!(doc.pointer(0, "/a/99999999999999999999999").unwrap(), None);
        assert_eq!(
            *doc.node(doc.pointer(0, "/a/1/b").unwrap().unwrap()),
            Node::Null
        );
        assert_eq!(
            *doc.node(doc.pointer(0, "/a2/y").unwrap().unwrap()),
            Node::Int(2)
        );
        for bad in ["a", "/a/01", "/a/x", "/~2", "/~"] {
            let e = doc.pointer(0, bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad}");
        }
        assert!(doc.pointer(999, "").is_err());
        // Relative to an inner value.
        let a = doc.pointer(0, "/a").unwrap().unwrap();
        assert_eq!(
            *doc.node(doc.pointer(a, "/0").unwrap().unwrap()),
            Node::Int(1)
        );
    }
}
