//! Building a `bf_document` from code, without JSON text: a thin wrapper
//! over the core's [`DocumentBuilder`].
//!
//! The push calls mirror the serializer's: values, `begin_*` / `end_*` and
//! `key`, in document order. The core checks that they form exactly one
//! well-nested value; misuse is `BF_ERROR_INVALID_ARGUMENT`.

use crate::document::bf_document;
use crate::error::{bf_error, bf_status, guard, non_null, text_arg};
use brownfield::json::DocumentBuilder;
use brownfield::Error;
use std::os::raw::c_char;

/// bf_builder creates a bf_document one value at a time, without JSON
/// text:
///
///     bf_builder *b = NULL;
///     bf_document *doc = NULL;
///     bf_builder_new(&b);
///     bf_builder_begin_object(b, NULL);
///     bf_builder_key(b, "ids", 3, NULL);
///     bf_builder_begin_array(b, NULL);
///     bf_builder_int64(b, 1, NULL);
///     bf_builder_int64(b, 2, NULL);
///     bf_builder_end_array(b, NULL);
///     bf_builder_end_object(b, NULL);
///     if (bf_builder_finish(b, &doc, &err) == BF_OK) { ... }   // {"ids":[1,2]}
///     bf_builder_free(b);
///     bf_document_free(doc);
///
/// Every push call checks that the calls so far can still form one
/// well-nested JSON value: a value where an object expects a key, a key
/// outside an object, an end_* that does not match the innermost open
/// container, or a second root value fails with BF_ERROR_INVALID_ARGUMENT
/// and changes nothing (the builder stays usable). Strings and keys must be
/// valid UTF-8 (else BF_ERROR_INVALID_UTF8, nothing added).
///
/// Nesting is not limited: documents of any depth can be built, and
/// bf_serialize writes them without recursion.
///
/// Created by bf_builder_new, freed with bf_builder_free. A builder is not
/// safe to use from multiple threads simultaneously (it may be moved
/// between threads). The documents it produces are independent of it.
pub struct bf_builder {
    inner: DocumentBuilder,
}

/// The builder behind `b`, or an error when it is NULL.
///
/// # Safety
/// `b` is NULL or a live pointer from `bf_builder_new`, used by this thread
/// only.
unsafe fn builder<'a>(b: *mut bf_builder) -> Result<&'a mut DocumentBuilder, Error> {
    non_null(b, "builder")?;
    Ok(&mut (*b).inner)
}

/// bf_builder_new sets *out to a new, empty builder, which the caller owns
/// and must free with bf_builder_free.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when out is NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_new(out: *mut *mut bf_builder) -> bf_status {
    guard(std::ptr::null_mut(), || {
        non_null(out, "out")?;
        out.write(Box::into_raw(Box::new(bf_builder {
            inner: DocumentBuilder::new(),
        })));
        Ok(())
    })
}

/// bf_builder_free frees a builder made by bf_builder_new, with whatever
/// it holds (documents already made by bf_builder_finish are not
/// affected).
///
/// b may be NULL (nothing happens). This must be called at most once for
/// any bf_builder.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_free(b: *mut bf_builder) {
    if b.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop(Box::from_raw(b));
    }));
}

/// bf_builder_finish moves what b built into a new document: on success
/// *out is set to a document the caller owns and frees with
/// bf_document_free (it works with every accessor, bf_pointer and
/// bf_serialize), and BF_OK is returned.
///
/// In every case (success or failure) b is emptied and can build the next
/// document; it must still be freed with bf_builder_free.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT (and *out set to NULL) when b or
/// out is NULL, when no value was added, or when an array or object is
/// still open. err may be NULL; otherwise it is filled in on failure (see
/// bf_error).
#[no_mangle]
pub unsafe extern "C" fn bf_builder_finish(
    b: *mut bf_builder,
    out: *mut *mut bf_document,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        non_null(out, "out")?;
        out.write(std::ptr::null_mut());
        let inner = std::mem::take(builder(b)?);
        let doc = inner.finish()?;
        out.write(bf_document::new(doc));
        Ok(())
    })
}

/// bf_builder_null adds a null value.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or a value
/// cannot come next (see bf_builder). err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_null(b: *mut bf_builder, err: *mut bf_error) -> bf_status {
    guard(err, || builder(b)?.null())
}

/// bf_builder_begin_array starts an array: add its elements, then call
/// bf_builder_end_array.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or a value
/// cannot come next (see bf_builder). err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_begin_array(
    b: *mut bf_builder,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || builder(b)?.begin_array())
}

/// bf_builder_end_array ends the innermost open container, which must
/// be an array.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or the innermost
/// open container is not an array. err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_end_array(b: *mut bf_builder, err: *mut bf_error) -> bf_status {
    guard(err, || builder(b)?.end_array())
}

/// bf_builder_begin_object starts an object: add bf_builder_key + value
/// pairs, then call bf_builder_end_object.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or a value
/// cannot come next (see bf_builder). err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_begin_object(
    b: *mut bf_builder,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || builder(b)?.begin_object())
}

/// bf_builder_end_object ends the innermost open container, which must
/// be an object whose last key already has its value.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL, the innermost
/// open container is not an object, or its last key has no value yet.
/// err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_end_object(
    b: *mut bf_builder,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || builder(b)?.end_object())
}

/// bf_builder_bool adds true or false.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or a value cannot
/// come next (see bf_builder). err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_bool(
    b: *mut bf_builder,
    value: bool,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || builder(b)?.bool(value))
}

/// bf_builder_int64 adds an integer (BF_TYPE_INT).
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or a value cannot
/// come next (see bf_builder). err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_int64(
    b: *mut bf_builder,
    value: i64,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || builder(b)?.i64(value))
}

/// bf_builder_uint64 adds a non-negative integer (BF_TYPE_INT; values
/// above INT64_MAX are read back with bf_get_uint64).
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or a value cannot
/// come next (see bf_builder). err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_uint64(
    b: *mut bf_builder,
    value: u64,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || builder(b)?.u64(value))
}

/// bf_builder_double adds a float (BF_TYPE_FLOAT). NaN and infinities are
/// accepted here; bf_serialize writes them only with allow_nan.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL or a value cannot
/// come next (see bf_builder). err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_double(
    b: *mut bf_builder,
    value: f64,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || builder(b)?.f64(value))
}

/// bf_builder_int_text adds an integer of any size given as the len
/// decimal digits at text (optionally preceded by '-'; no leading zeros,
/// no '+', no fraction; not NUL-terminated). It becomes a BF_TYPE_INT when
/// it fits in 64 bits and a BF_TYPE_BIGINT (kept exactly) otherwise.
///
/// Fails with BF_ERROR_INVALID_ARGUMENT when b is NULL, text is NULL with
/// len > 0, the text is not such an integer (the empty text included), or
/// a value cannot come next (see bf_builder), and with
/// BF_ERROR_INVALID_UTF8 when the bytes are not even UTF-8; nothing is
/// added then. err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_int_text(
    b: *mut bf_builder,
    text: *const c_char,
    len: usize,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        let b = builder(b)?;
        b.int_text(text_arg(text, len, "text")?)
    })
}

/// bf_builder_string adds a string: the len bytes at s, which must be
/// UTF-8 (not NUL-terminated; NUL bytes are allowed and kept; s may be
/// NULL when len is 0). The bytes are copied.
///
/// Fails with BF_ERROR_INVALID_UTF8 when the bytes are not UTF-8, and with
/// BF_ERROR_INVALID_ARGUMENT when b is NULL, s is NULL with len > 0, or a
/// value cannot come next (see bf_builder); nothing is added then. err may
/// be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_string(
    b: *mut bf_builder,
    s: *const c_char,
    len: usize,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        let b = builder(b)?;
        b.string(text_arg(s, len, "string")?)
    })
}

/// bf_builder_key adds the key of the next member of the innermost open
/// object: the len bytes at key, which must be UTF-8 (not NUL-terminated;
/// key may be NULL when len is 0). The bytes are copied. The member's
/// value comes next (a scalar push or a begin_*). Duplicate keys are
/// allowed and all kept, as bf_parse keeps them.
///
/// Fails with BF_ERROR_INVALID_UTF8 when the bytes are not UTF-8, and with
/// BF_ERROR_INVALID_ARGUMENT when b is NULL, key is NULL with len > 0, the
/// innermost open container is not an object, or the previous key still
/// has no value; nothing is added then. err may be NULL.
#[no_mangle]
pub unsafe extern "C" fn bf_builder_key(
    b: *mut bf_builder,
    key: *const c_char,
    len: usize,
    err: *mut bf_error,
) -> bf_status {
    guard(err, || {
        let b = builder(b)?;
        b.key(text_arg(key, len, "key")?)
    })
}
