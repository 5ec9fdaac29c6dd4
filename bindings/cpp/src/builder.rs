//! The Rust side of `brownfield::json::Builder`: the core's
//! [`DocumentBuilder`] behind the bridge.
//!
//! Each call returns `false` and fills the [`ErrorInfo`] instead of
//! returning a `Result`, like the rest of the bridge. The core checks every
//! call before changing anything, so after a misuse error the builder is
//! unchanged and may go on.

use crate::bridge::{ffi::ErrorInfo, report, utf8, Doc};
use brownfield::json::DocumentBuilder;
use brownfield::{Error, ErrorKind, Result};

/// A document under construction, owned by C++ through
/// `rust::Box<DocBuilder>`. Empty once [`DocBuilder::finish`] ran.
#[derive(Default)]
pub struct DocBuilder {
    inner: Option<DocumentBuilder>,
}

/// See the bridge declaration.
pub fn new_builder() -> Box<DocBuilder> {
    Box::new(DocBuilder {
        inner: Some(DocumentBuilder::new()),
    })
}

/// The error for any use after `finish`.
fn finished() -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        "document builder: already finished",
    )
}

impl DocBuilder {
    /// Runs one builder call, reporting its error (or a caught panic).
    fn with(
        &mut self,
        error: &mut ErrorInfo,
        f: impl FnOnce(&mut DocumentBuilder) -> Result<()>,
    ) -> bool {
        report(error, "document builder", || {
            f(self.inner.as_mut().ok_or_else(finished)?)
        })
        .is_some()
    }

    /// See the bridge declaration.
    pub fn null(&mut self, error: &mut ErrorInfo) -> bool {
        self.with(error, DocumentBuilder::null)
    }

    /// See the bridge declaration.
    pub fn boolean(&mut self, value: bool, error: &mut ErrorInfo) -> bool {
        self.with(error, |b| b.bool(value))
    }

    /// See the bridge declaration.
    pub fn int64(&mut self, value: i64, error: &mut ErrorInfo) -> bool {
        self.with(error, |b| b.i64(value))
    }

    /// See the bridge declaration.
    pub fn uint64(&mut self, value: u64, error: &mut ErrorInfo) -> bool {
        self.with(error, |b| b.u64(value))
    }

    /// See the bridge declaration.
    pub fn float64(&mut self, value: f64, error: &mut ErrorInfo) -> bool {
        self.with(error, |b| b.f64(value))
    }

    /// See the bridge declaration.
    pub fn int_text(&mut self, text: &[u8], error: &mut ErrorInfo) -> bool {
        self.with(error, |b| b.int_text(utf8(text, "integer text")?))
    }

    /// See the bridge declaration.
    pub fn string(&mut self, text: &[u8], error: &mut ErrorInfo) -> bool {
        self.with(error, |b| b.string(utf8(text, "string")?))
    }

    /// See the bridge declaration.
    pub fn key(&mut self, text: &[u8], error: &mut ErrorInfo) -> bool {
        self.with(error, |b| b.key(utf8(text, "key")?))
    }

    /// See the bridge declaration.
    pub fn begin_array(&mut self, error: &mut ErrorInfo) -> bool {
        self.with(error, DocumentBuilder::begin_array)
    }

    /// See the bridge declaration.
    pub fn end_array(&mut self, error: &mut ErrorInfo) -> bool {
        self.with(error, DocumentBuilder::end_array)
    }

    /// See the bridge declaration.
    pub fn begin_object(&mut self, error: &mut ErrorInfo) -> bool {
        self.with(error, DocumentBuilder::begin_object)
    }

    /// See the bridge declaration.
    pub fn end_object(&mut self, error: &mut ErrorInfo) -> bool {
        self.with(error, DocumentBuilder::end_object)
    }

    /// See the bridge declaration.
    pub fn finish(&mut self, error: &mut ErrorInfo) -> Box<Doc> {
        let doc = report(error, "document builder", || {
            self.inner.take().ok_or_else(finished)?.finish()
        });
        Box::new(Doc {
            doc: doc.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brownfield::json::WriteOptions;

    fn no_error() -> ErrorInfo {
        crate::bridge::tests::no_error()
    }

    #[test]
    fn builds_and_finishes_once() {
        let mut e = no_error();
        let mut b = new_builder();
        assert!(b.begin_array(&mut e));
        assert!(b.int64(-1, &mut e));
        assert!(b.uint64(u64::MAX, &mut e));
        assert!(b.int_text(b"123456789012345678901234567890", &mut e));
        assert!(b.string(b"x", &mut e));
        assert!(!b.key(b"k", &mut e));
        assert_eq!(e.kind.repr, ErrorKind::InvalidArgument as u32);
        assert!(!b.string(b"\xff", &mut e));
        assert_eq!(e.kind.repr, ErrorKind::InvalidUtf8 as u32);
        assert!(b.end_array(&mut e));
        let d = b.finish(&mut e);
        assert_eq!(
            d.doc.to_json(&WriteOptions::compact()).unwrap(),
            r#"[-1,18446744073709551615,123456789012345678901234567890,"x"]"#
        );
        let again = b.finish(&mut e);
        assert_eq!(again.len(), 0);
        assert!(e.message.contains("already finished"));
        assert!(!b.null(&mut e));
    }
}
