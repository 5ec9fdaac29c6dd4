//! Parsing into an opaque `bf_document`, and reading its values by index.
//!
//! A value is addressed by its index on the document's tape (a `size_t`):
//! the root is `BF_ROOT` (0), and the iterators and `bf_object_get` hand out
//! the indices of children. Each step of an iterator is O(1).

use crate::error::{bf_error, bf_status, guard, guard_bool, invalid, non_null, text_arg};
use crate::serialize::{bf_buffer, buffer_from};
use brownfield::json::{self, Document, Node, ParseOptions, WriteOptions, Writer};
use brownfield::Error;
use std::os::raw::c_char;

/// bf_document is a parsed JSON document: an immutable tape of values that
/// the accessors below read by index.
///
/// It is created by bf_parse (or bf_builder_finish) and freed with
/// bf_document_free. Strings read from it (bf_get_string, object keys) are
/// borrowed from it and stay valid until it is freed.
///
/// A bf_document is never modified after it is created, so it may be read
/// from multiple threads simultaneously; freeing it must not race with any
/// other use.
pub struct bf_document {
    doc: Document,
}

impl bf_document {
    /// Hands `doc` to C as a new document (freed by bf_document_free).
    pub(crate) fn new(doc: Document) -> *mut bf_document {
        Box::into_raw(Box::new(bf_document { doc }))
    }
}

/// The index of a document's root value.
pub const BF_ROOT: usize = 0;

/// The index bf_object_get reports when the key is absent (SIZE_MAX).
// Spelled with a cast so cbindgen writes `~(size_t)0` (it cannot write
// `usize::MAX`).
#[allow(clippy::unnecessary_cast)]
pub const BF_NO_VALUE: usize = !(0 as usize);

/// The default nesting limit for arrays and objects in bf_parse.
pub const BF_DEFAULT_MAX_DEPTH: usize = 1024;

/// bf_parse_options configures bf_parse. Pass NULL to bf_parse for the
/// defaults, or start from bf_parse_options_default().
///
/// The struct is read during the call only; it may be freed or reused right
/// after.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bf_parse_options {
    /// Deepest allowed nesting of arrays and objects; deeper input fails
    /// with BF_ERROR_NESTING_TOO_DEEP (never a stack overflow). 0 means the
    /// default, BF_DEFAULT_MAX_DEPTH.
    pub max_depth: usize,
}

/// bf_parse_options_default returns the default parse options
/// (max_depth = BF_DEFAULT_MAX_DEPTH).
#[no_mangle]
pub extern "C" fn bf_parse_options_default() -> bf_parse_options {
    bf_parse_options {
        max_depth: BF_DEFAULT_MAX_DEPTH,
    }
}

/// bf_type is the type of a value.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum bf_type {
    /// null
    BF_TYPE_NULL = 0,
    /// true or false: read with bf_get_bool.
    BF_TYPE_BOOL = 1,
    /// An integer that fits in int64_t or uint64_t: read with bf_get_int64
    /// or bf_get_uint64.
    BF_TYPE_INT = 2,
    /// An integer beyond 64 bits: read its exact text with bf_number_text
    /// (or an approximation with bf_get_double).
    BF_TYPE_BIGINT = 3,
    /// A number with a fraction or exponent: read with bf_get_double. It
    /// may be +/-infinity when the text was out of double's range.
    BF_TYPE_FLOAT = 4,
    /// A string: read with bf_get_string.
    BF_TYPE_STRING = 5,
    /// An array: bf_array_len, bf_array_iter.
    BF_TYPE_ARRAY = 6,
    /// An object: bf_object_len, bf_object_iter, bf_object_get.
    BF_TYPE_OBJECT = 7,
}

impl From<json::ValueType> for bf_type {
    fn from(t: json::ValueType) -> bf_type {
        use bf_type::*;
        match t {
            json::ValueType::Null => BF_TYPE_NULL,
            json::ValueType::Bool => BF_TYPE_BOOL,
            json::ValueType::Int => BF_TYPE_INT,
            json::ValueType::BigInt => BF_TYPE_BIGINT,
            json::ValueType::Float => BF_TYPE_FLOAT,
            json::ValueType::String => BF_TYPE_STRING,
            json::ValueType::Array => BF_TYPE_ARRAY,
            json::ValueType::Object => BF_TYPE_OBJECT,
        }
    }
}

/// bf_iter is a cursor over the elements of an array or the members of an
/// object, set up by bf_array_iter or bf_object_iter and advanced by
/// bf_array_next or bf_object_next. Each step is O(1).
///
/// It is a plain value (no free function) that lives on the caller's
/// stack; its fields are private to the library. It must be used only with
/// the document it was set up for and not after that document is freed. It
/// is not safe to advance one iterator from multiple threads
/// simultaneously.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bf_iter {
    /// Private: the tape index of the next element (or key).
    pub next: usize,
    /// Private: how many elements (or members) are left.
    pub remaining: usize,
}

/// The document behind `doc`, or an error when it is NULL.
///
/// # Safety
/// `doc` is NULL or a live pointer from `bf_parse`.
pub(crate) unsafe fn document<'a>(doc: *const bf_document) -> Result<&'a Document, Error> {
    non_null(doc, "doc")?;
    Ok(&(*doc).doc)
}

/// The document and the node at `value`, or an error for NULL or an index
/// out of range.
///
/// # Safety
/// As [`document`].
unsafe fn node_at<'a>(
    doc: *const bf_document,
    value: usize,
) -> Result<(&'a Document, Node), Error> {
    let d = document(doc)?;
    match d.get(value) {
        Some(n) => Ok((d, *n)),
        None => Err(invalid(format!(
            "value index {value} is out of range (the document has {} values)",
            d.nodes().len()
        ))),
    }
}

/// The error for a value of the wrong type.
fn wrong_type(value: usize, node: &Node, wanted: &str) -> Error {
    invalid(format!(
        "value {value} is {:?}, not {wanted}",
        bf_type::from(node.value_type())
    ))
}

/// bf_parse parses one JSON document (strict RFC 8259) from the len bytes
/// at data.
///
/// data need not be NUL-terminated and may contain any bytes (invalid UTF-8
/// and NUL bytes give an error, never a crash); it may be NULL only when
/// len is 0. The bytes are copied: data may be freed after the call.
///
/// opts may be NULL (default options); it is only read during the call.
///
/// On success *out is set to a new document, which the caller owns and
/// must free with bf_document_free, and BF_OK is returned. On failure *out
/// is set to NULL, the error kind is returned and, when err is not NULL,
/// *err is filled in with kind, byte offset, line, column and message (see
/// bf_error). out must not be NULL.
///
/// Integers beyond 64 bits are kept exactly (BF_TYPE_BIGINT); duplicate
/// object keys are all kept, in order.
///
/// This function may be called from multiple threads simultaneously.
#[no_mangle]
pub unsafe extern "C" fn bf_parse(
    data: *const u8,
    len: usize,
    opts: *const bf_parse_options,
    out: *mut *mut bf_document,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        non_null(out, "out")?;
        out.write(std::ptr::null_mut());
        let input: &[u8] = if len == 0 {
            &[]
        } else {
            non_null(data, "data")?;
            std::slice::from_raw_parts(data, len)
        };
        let max_depth = match opts.as_ref() {
            Some(o) if o.max_depth != 0 => o.max_depth,
            _ => BF_DEFAULT_MAX_DEPTH,
        };
        let doc = json::parse(input, &ParseOptions { max_depth })?;
        out.write(bf_document::new(doc));
        Ok(())
    })
}

/// bf_document_free frees a document made by bf_parse or
/// bf_builder_finish. Every index, iterator and string pointer obtained
/// from it becomes invalid.
///
/// doc may be NULL (nothing happens). This must be called at most once for
/// any bf_document.
#[no_mangle]
pub unsafe extern "C" fn bf_document_free(doc: *mut bf_document) {
    if doc.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop(Box::from_raw(doc));
    }));
}

/// bf_type_of sets *out to the type of the value at index value.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL or value is
/// out of range.
#[no_mangle]
pub unsafe extern "C" fn bf_type_of(
    doc: *const bf_document,
    value: usize,
    out: *mut bf_type,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (_, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        out.write(node.value_type().into());
        Ok(())
    })
}

/// bf_get_bool sets *out to the value of a BF_TYPE_BOOL value.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, value is
/// out of range or not a bool.
#[no_mangle]
pub unsafe extern "C" fn bf_get_bool(
    doc: *const bf_document,
    value: usize,
    out: *mut bool,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (_, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        match node {
            Node::Bool(b) => out.write(b),
            other => return Err(wrong_type(value, &other, "a bool")),
        }
        Ok(())
    })
}

/// bf_get_int64 sets *out to a BF_TYPE_INT value that fits in int64_t.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, value is
/// out of range, not an integer, or an integer outside int64_t's range
/// (use bf_get_uint64 or bf_number_text for those). Floats are not
/// converted.
#[no_mangle]
pub unsafe extern "C" fn bf_get_int64(
    doc: *const bf_document,
    value: usize,
    out: *mut i64,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (_, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        match node {
            Node::Int(v) => out.write(v),
            Node::UInt(v) => return Err(invalid(format!("{v} does not fit in int64_t"))),
            Node::BigInt(_) => return Err(invalid("integer does not fit in int64_t")),
            other => return Err(wrong_type(value, &other, "an integer")),
        }
        Ok(())
    })
}

/// bf_get_uint64 sets *out to a non-negative BF_TYPE_INT value.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, value is
/// out of range, not an integer, negative, or beyond uint64_t (a
/// BF_TYPE_BIGINT). Floats are not converted.
#[no_mangle]
pub unsafe extern "C" fn bf_get_uint64(
    doc: *const bf_document,
    value: usize,
    out: *mut u64,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (_, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        match node {
            Node::Int(v) => match u64::try_from(v) {
                Ok(u) => out.write(u),
                Err(_) => return Err(invalid(format!("{v} does not fit in uint64_t"))),
            },
            Node::UInt(v) => out.write(v),
            Node::BigInt(_) => return Err(invalid("integer does not fit in uint64_t")),
            other => return Err(wrong_type(value, &other, "an integer")),
        }
        Ok(())
    })
}

/// bf_get_double sets *out to any number as a double: a BF_TYPE_FLOAT
/// exactly, a BF_TYPE_INT or BF_TYPE_BIGINT rounded to the nearest double.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, value is
/// out of range or not a number.
#[no_mangle]
pub unsafe extern "C" fn bf_get_double(
    doc: *const bf_document,
    value: usize,
    out: *mut f64,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (d, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        let v = match node {
            Node::Float(v) => v,
            Node::Int(v) => v as f64,
            Node::UInt(v) => v as f64,
            Node::BigInt(t) => d
                .text(t)
                .parse::<f64>()
                .map_err(|e| invalid(format!("big integer as double: {e}")))?,
            other => return Err(wrong_type(value, &other, "a number")),
        };
        out.write(v);
        Ok(())
    })
}

/// bf_get_string sets *ptr and *len to the UTF-8 bytes of a BF_TYPE_STRING
/// value, escapes already decoded.
///
/// The bytes are borrowed from doc and stay valid until bf_document_free.
/// They are NOT NUL-terminated and may contain NUL bytes (from "\u0000"):
/// always use *len. An empty string gives a non-NULL *ptr and *len 0.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc, ptr or len is NULL, value
/// is out of range or not a string.
#[no_mangle]
pub unsafe extern "C" fn bf_get_string(
    doc: *const bf_document,
    value: usize,
    ptr: *mut *const c_char,
    len: *mut usize,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (d, node) = node_at(doc, value)?;
        non_null(ptr, "ptr")?;
        non_null(len, "len")?;
        match node {
            Node::Str(t) => {
                let s = d.text(t);
                ptr.write(s.as_ptr().cast());
                len.write(s.len());
            }
            other => return Err(wrong_type(value, &other, "a string")),
        }
        Ok(())
    })
}

/// bf_number_text sets *out to the text of a number, as a new buffer the
/// caller frees with bf_buffer_free: the exact digits of a BF_TYPE_INT or
/// BF_TYPE_BIGINT (any size), and for a BF_TYPE_FLOAT the shortest text
/// that parses back to the same double ("0.1", "1e+16", "-0.0";
/// "Infinity" or "-Infinity" for a float that overflowed).
///
/// out must be writable; whatever it held is overwritten (not freed). On
/// failure *out is the empty buffer.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, value is
/// out of range or not a number.
#[no_mangle]
pub unsafe extern "C" fn bf_number_text(
    doc: *const bf_document,
    value: usize,
    out: *mut bf_buffer,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        non_null(out, "out")?;
        out.write(bf_buffer::empty());
        let (d, node) = node_at(doc, value)?;
        match node {
            Node::Int(_) | Node::UInt(_) | Node::Float(_) | Node::BigInt(_) => {
                let mut w = Writer::new(WriteOptions {
                    allow_nan: true,
                    ..WriteOptions::compact()
                });
                d.write_value(value, &mut w)?;
                out.write(buffer_from(w.into_bytes()));
                Ok(())
            }
            other => Err(wrong_type(value, &other, "a number")),
        }
    })
}

/// bf_array_len sets *out to the number of elements of a BF_TYPE_ARRAY
/// value (O(1)).
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, value is
/// out of range or not an array.
#[no_mangle]
pub unsafe extern "C" fn bf_array_len(
    doc: *const bf_document,
    value: usize,
    out: *mut usize,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (_, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        match node {
            Node::Array { len, .. } => out.write(len),
            other => return Err(wrong_type(value, &other, "an array")),
        }
        Ok(())
    })
}

/// bf_object_len sets *out to the number of members of a BF_TYPE_OBJECT
/// value, duplicate keys included (O(1)).
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, value is
/// out of range or not an object.
#[no_mangle]
pub unsafe extern "C" fn bf_object_len(
    doc: *const bf_document,
    value: usize,
    out: *mut usize,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (_, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        match node {
            Node::Object { len, .. } => out.write(len),
            other => return Err(wrong_type(value, &other, "an object")),
        }
        Ok(())
    })
}

/// bf_array_iter sets *it up to walk the elements of a BF_TYPE_ARRAY
/// value, in order, with bf_array_next:
///
///     bf_iter it;
///     size_t elem;
///     if (bf_array_iter(doc, arr, &it) == BF_OK)
///         while (bf_array_next(doc, &it, &elem)) { ... }
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or it is NULL, value is
/// out of range or not an array; *it is then an empty iterator.
#[no_mangle]
pub unsafe extern "C" fn bf_array_iter(
    doc: *const bf_document,
    value: usize,
    it: *mut bf_iter,
) -> bf_status {
    start_iter(doc, value, it, false)
}

/// bf_array_next advances an iterator made by bf_array_iter. It returns
/// true and sets *elem to the next element's index, or returns false when
/// the array is exhausted (and keeps returning false).
///
/// It also returns false when doc, it or elem is NULL, or when it does
/// not belong to doc.
#[no_mangle]
pub unsafe extern "C" fn bf_array_next(
    doc: *const bf_document,
    it: *mut bf_iter,
    elem: *mut usize,
) -> bool {
    guard_bool(|| {
        let (Ok(d), Some(cur)) = (document(doc), it.as_mut()) else {
            return false;
        };
        if elem.is_null() || cur.remaining == 0 || cur.next >= d.nodes().len() {
            return false;
        }
        let i = cur.next;
        cur.next = d.skip(i);
        cur.remaining -= 1;
        elem.write(i);
        true
    })
}

/// bf_object_iter sets *it up to walk the members of a BF_TYPE_OBJECT
/// value, in document order (duplicate keys included), with
/// bf_object_next:
///
///     bf_iter it;
///     const char *key; size_t key_len, val;
///     if (bf_object_iter(doc, obj, &it) == BF_OK)
///         while (bf_object_next(doc, &it, &key, &key_len, &val)) { ... }
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or it is NULL, value is
/// out of range or not an object; *it is then an empty iterator.
#[no_mangle]
pub unsafe extern "C" fn bf_object_iter(
    doc: *const bf_document,
    value: usize,
    it: *mut bf_iter,
) -> bf_status {
    start_iter(doc, value, it, true)
}

/// Shared body of bf_array_iter / bf_object_iter: `*it` walks the children
/// of `value` when it is an array (`object` false) or an object (`object`
/// true), else is left empty and the call fails.
///
/// # Safety
/// As bf_array_iter: `doc` is NULL or a live document, `it` NULL or writable.
unsafe fn start_iter(
    doc: *const bf_document,
    value: usize,
    it: *mut bf_iter,
    object: bool,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        non_null(it, "it")?;
        it.write(bf_iter {
            next: 0,
            remaining: 0,
        });
        let (_, node) = node_at(doc, value)?;
        match (node, object) {
            (Node::Array { len, .. }, false) | (Node::Object { len, .. }, true) => {
                it.write(bf_iter {
                    next: value + 1,
                    remaining: len,
                })
            }
            (other, _) => {
                let want = if object { "an object" } else { "an array" };
                return Err(wrong_type(value, &other, want));
            }
        }
        Ok(())
    })
}

/// bf_object_next advances an iterator made by bf_object_iter. It returns
/// true and sets the next member's key (*key, *key_len: UTF-8 borrowed
/// from doc until bf_document_free, not NUL-terminated) and value index
/// (*value), or returns false when the object is exhausted (and keeps
/// returning false).
///
/// key, key_len and value may each be NULL when not wanted. It also
/// returns false when doc or it is NULL, or when it does not belong to
/// doc.
#[no_mangle]
pub unsafe extern "C" fn bf_object_next(
    doc: *const bf_document,
    it: *mut bf_iter,
    key: *mut *const c_char,
    key_len: *mut usize,
    value: *mut usize,
) -> bool {
    guard_bool(|| {
        let (Ok(d), Some(cur)) = (document(doc), it.as_mut()) else {
            return false;
        };
        let k = cur.next;
        if cur.remaining == 0 || k.saturating_add(1) >= d.nodes().len() {
            return false;
        }
        let Some(name) = d.str_at(k) else {
            return false;
        };
        cur.next = d.skip(k + 1);
        cur.remaining -= 1;
        if !key.is_null() {
            key.write(name.as_ptr().cast());
        }
        if !key_len.is_null() {
            key_len.write(name.len());
        }
        if !value.is_null() {
            value.write(k + 1);
        }
        true
    })
}

/// bf_object_get looks up the key given as key_len bytes at key (need not
/// be NUL-terminated; may be NULL when key_len is 0) in a BF_TYPE_OBJECT
/// value. It sets *out to the value index of the LAST member with that key
/// (as Python's and Ruby's parsers keep the last duplicate), or to
/// BF_NO_VALUE when there is none; both are BF_OK. The search is linear in
/// the number of members; to read many keys, iterate once instead.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, key is
/// NULL with key_len > 0, value is out of range or not an object.
#[no_mangle]
pub unsafe extern "C" fn bf_object_get(
    doc: *const bf_document,
    value: usize,
    key: *const c_char,
    key_len: usize,
    out: *mut usize,
) -> bf_status {
    guard(std::ptr::null_mut(), || {
        let (d, node) = node_at(doc, value)?;
        non_null(out, "out")?;
        if !matches!(node, Node::Object { .. }) {
            return Err(wrong_type(value, &node, "an object"));
        }
        let key: &[u8] = if key_len == 0 {
            &[]
        } else {
            non_null(key, "key")?;
            std::slice::from_raw_parts(key.cast::<u8>(), key_len)
        };
        // Keys in a document are UTF-8: other bytes can match nothing.
        let found = std::str::from_utf8(key)
            .ok()
            .and_then(|k| d.object_get(value, k));
        out.write(found.unwrap_or(BF_NO_VALUE));
        Ok(())
    })
}

/// bf_pointer resolves a JSON Pointer (RFC 6901) given as the len bytes at
/// ptr (UTF-8, not NUL-terminated; ptr may be NULL when len is 0), starting
/// at the value with index from (BF_ROOT for the whole document). It sets
/// *out to the index of the value the pointer names, or to BF_NO_VALUE
/// when the pointer is well formed but names nothing (a missing key, an
/// array index out of range or "-", a step into a scalar); both are BF_OK.
///
/// "" names the starting value itself; "/a/0/b" walks member "a", element
/// 0, member "b"; in a step "~1" stands for '/' and "~0" for '~'. A member
/// step finds the LAST member with that key, as bf_object_get does. The
/// pointer is the decoded JSON string: take it from a URI fragment
/// ("#/a%20b") only after percent-decoding.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when doc or out is NULL, ptr is
/// NULL with len > 0, from is out of range, or the pointer is malformed
/// (not empty and not starting with '/', a '~' not followed by '0' or '1',
/// an array step that is not a decimal index without leading zeros), and
/// with BF_ERROR_INVALID_UTF8 when the bytes are not UTF-8; *out is then
/// BF_NO_VALUE. err may be NULL; otherwise it is filled in on failure (see
/// bf_error).
///
/// doc is only read: this may be called from multiple threads
/// simultaneously.
#[no_mangle]
pub unsafe extern "C" fn bf_pointer(
    doc: *const bf_document,
    from: usize,
    ptr: *const c_char,
    len: usize,
    out: *mut usize,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        non_null(out, "out")?;
        out.write(BF_NO_VALUE);
        let d = document(doc)?;
        let pointer = text_arg(ptr, len, "pointer")?;
        if let Some(v) = d.pointer(from, pointer)? {
            out.write(v);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_core() {
        assert_eq!(BF_DEFAULT_MAX_DEPTH, json::DEFAULT_MAX_DEPTH);
        let d = json::parse(b"[1]", &ParseOptions::default()).unwrap();
        assert_eq!(BF_ROOT, d.root());
        for (i, t) in [
            json::ValueType::Null,
            json::ValueType::Bool,
            json::ValueType::Int,
            json::ValueType::BigInt,
            json::ValueType::Float,
            json::ValueType::String,
            json::ValueType::Array,
            json::ValueType::Object,
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(bf_type::from(t) as u32, t as u32);
            assert_eq!(t as usize, i);
        }
    }
}
