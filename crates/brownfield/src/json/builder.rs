//! Building a [`Document`] from code, without JSON text.
//!
//! [`DocumentBuilder`] takes the same push calls as the [`super::Writer`]
//! (values, `begin_*`/`end_*`, `key`) and checks that they form exactly one
//! well-nested value, so the C and C++ builder APIs are thin wrappers.

use super::document::{Document, Node};
use crate::error::{Error, ErrorKind, Result};

/// An open container while building.
#[derive(Debug)]
struct Open {
    node: usize,
    count: usize,
    is_object: bool,
    /// Objects only: a key was given and its value is awaited.
    have_key: bool,
}

/// Builds a [`Document`] one value at a time; see the module docs.
#[derive(Debug, Default)]
pub struct DocumentBuilder {
    doc: Document,
    open: Vec<Open>,
}

impl DocumentBuilder {
    /// An empty builder.
    pub fn new() -> DocumentBuilder {
        DocumentBuilder::default()
    }

    /// Refuses text that would take the document's string store past
    /// 4 GiB, the most its 32-bit offsets can address.
    fn check_room(&self, s: &str) -> Result<()> {
        if self.doc.arena_len() + s.len() > u32::MAX as usize {
            return Err(Self::misuse(
                "strings larger than 4 GiB in total are not supported",
            ));
        }
        Ok(())
    }

    fn misuse(msg: &str) -> Error {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("document builder: {msg}"),
        )
    }

    /// Checks that a value may come next and records it in its parent.
    fn before_value(&mut self) -> Result<()> {
        match self.open.last_mut() {
            None if !self.doc.nodes().is_empty() => {
                Err(Self::misuse("the document already has its one root value"))
            }
            None => Ok(()),
            Some(o) if o.is_object && !o.have_key => Err(Self::misuse(
                "an object member needs a key before its value",
            )),
            Some(o) => {
                o.have_key = false;
                o.count += 1;
                Ok(())
            }
        }
    }

    fn scalar(&mut self, n: Node) -> Result<()> {
        self.before_value()?;
        self.doc.push(n);
        Ok(())
    }

    /// Adds `null`.
    pub fn null(&mut self) -> Result<()> {
        self.scalar(Node::Null)
    }

    /// Adds `true` or `false`.
    pub fn bool(&mut self, v: bool) -> Result<()> {
        self.scalar(Node::Bool(v))
    }

    /// Adds an integer.
    pub fn i64(&mut self, v: i64) -> Result<()> {
        self.scalar(Node::Int(v))
    }

    /// Adds an unsigned integer.
    pub fn u64(&mut self, v: u64) -> Result<()> {
        self.scalar(match i64::try_from(v) {
            Ok(v) => Node::Int(v),
            Err(_) => Node::UInt(v),
        })
    }

    /// Adds a float (NaN and infinities are kept; the writer decides
    /// whether they can be written).
    pub fn f64(&mut self, v: f64) -> Result<()> {
        self.scalar(Node::Float(v))
    }

    /// Adds an integer of any size given as decimal text (`-?[0-9]+`).
    pub fn int_text(&mut self, text: &str) -> Result<()> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        if !canonical {
            return Err(Self::misuse(&format!(
                "{text:?} is not an integer (expected -?[1-9][0-9]* or 0)"
            )));
        }
        if let Ok(v) = text.parse::<i64>() {
            return self.i64(v);
        }
        if let Ok(v) = text.parse::<u64>() {
            return self.u64(v);
        }
        self.check_room(text)?;
        self.before_value()?;
        let t = self.doc.push_text(text);
        self.doc.push(Node::BigInt(t));
        Ok(())
    }

    /// Adds a string.
    pub fn string(&mut self, s: &str) -> Result<()> {
        self.check_room(s)?;
        self.before_value()?;
        let t = self.doc.push_text(s);
        self.doc.push(Node::Str(t));
        Ok(())
    }

    fn begin(&mut self, is_object: bool) -> Result<()> {
        self.before_value()?;
        let node = self.doc.push(if is_object {
            Node::Object { len: 0, end: 0 }
        } else {
            Node::Array { len: 0, end: 0 }
        });
        self.open.push(Open {
            node,
            count: 0,
            is_object,
            have_key: false,
        });
        Ok(())
    }

    fn end(&mut self, is_object: bool) -> Result<()> {
        match self.open.last() {
            Some(o) if o.is_object == is_object && !o.have_key => {
                let o = self.open.pop().expect("checked");
                self.doc.close(o.node, o.count);
                Ok(())
            }
            Some(o) if o.have_key => Err(Self::misuse("a key is still waiting for its value")),
            _ => Err(Self::misuse(if is_object {
                "end_object without a matching begin_object"
            } else {
                "end_array without a matching begin_array"
            })),
        }
    }

    /// Starts an array; add its elements, then call [`Self::end_array`].
    pub fn begin_array(&mut self) -> Result<()> {
        self.begin(false)
    }

    /// Ends the innermost open array.
    pub fn end_array(&mut self) -> Result<()> {
        self.end(false)
    }

    /// Starts an object; add `key` + value pairs, then call
    /// [`Self::end_object`].
    pub fn begin_object(&mut self) -> Result<()> {
        self.begin(true)
    }

    /// Ends the innermost open object.
    pub fn end_object(&mut self) -> Result<()> {
        self.end(true)
    }

    /// Adds the key of the next object member.
    pub fn key(&mut self, k: &str) -> Result<()> {
        self.check_room(k)?;
        match self.open.last_mut() {
            Some(o) if o.is_object && !o.have_key => o.have_key = true,
            Some(o) if o.is_object => {
                return Err(Self::misuse(
                    "two keys in a row: the first key has no value",
                ))
            }
            _ => return Err(Self::misuse("key outside an object")),
        }
        let t = self.doc.push_text(k);
        self.doc.push(Node::Str(t));
        Ok(())
    }

    /// Finishes: the document, once exactly one complete value was added.
    pub fn finish(self) -> Result<Document> {
        if !self.open.is_empty() {
            return Err(Self::misuse(&format!(
                "{} array(s)/object(s) still open",
                self.open.len()
            )));
        }
        if self.doc.nodes().is_empty() {
            return Err(Self::misuse("no value was added"));
        }
        Ok(self.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::WriteOptions;

    #[test]
    fn builds_what_the_parser_would() {
        let mut b = DocumentBuilder::new();
        b.begin_object().unwrap();
        b.key("a").unwrap();
        b.begin_array().unwrap();
        b.i64(1).unwrap();
        b.f64(2.5).unwrap();
        b.string("x\"y").unwrap();
        b.null().unwrap();
        b.bool(true).unwrap();
        b.int_text("123456789012345678901234567890").unwrap();
        b.u64(u64::MAX).unwrap();
        b.end_array().unwrap();
        b.key("b").unwrap();
        b.begin_object().unwrap();
        b.end_object().unwrap();
        b.end_object().unwrap();
        let doc = b.finish().unwrap();
        let text = r#"{"a":[1,2.5,"x\"y",null,true,123456789012345678901234567890,18446744073709551615],"b":{}}"#;
        assert_eq!(doc.to_json(&WriteOptions::compact()).unwrap(), text);
        assert_eq!(
            doc,
            crate::json::parse(text.as_bytes(), &Default::default()).unwrap()
        );
    }

    #[test]
    fn misuse_is_an_error() {
        let kind = |r: Result<()>| r.unwrap_err().kind();
        let mut b = DocumentBuilder::new();
        b.begin_object().unwrap();
        assert_eq!(kind(b.i64(1)), ErrorKind::InvalidArgument);
        assert_eq!(kind(b.end_array()), ErrorKind::InvalidArgument);
        b.key("k").unwrap();
        assert_eq!(kind(b.key("k2")), ErrorKind::InvalidArgument);
        assert_eq!(kind(b.end_object()), ErrorKind::InvalidArgument);
        b.null().unwrap();
        b.end_object().unwrap();
        assert_eq!(kind(b.null()), ErrorKind::InvalidArgument);
        assert_eq!(
            kind(DocumentBuilder::new().key("x")),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(DocumentBuilder::new().int_text("01")),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            kind(DocumentBuilder::new().int_text("1.5")),
            ErrorKind::InvalidArgument
        );
        assert!(DocumentBuilder::new().finish().is_err());
        let mut open = DocumentBuilder::new();
        open.begin_array().unwrap();
        assert!(open.finish().is_err());
    }
}
