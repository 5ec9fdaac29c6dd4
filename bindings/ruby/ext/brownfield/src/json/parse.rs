//! Parse: the core parses the bytes into a [`Document`] tape (without the
//! GVL for large inputs), then one iterative walk over the tape builds the
//! Ruby objects directly — no intermediate tree, no recursion, so any depth
//! the caller allows is safe.

use std::cell::Cell;
use std::ffi::{c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use brownfield::json::{Document, NextBatch, Node, ParseOptions};
use brownfield::Position;
use magnus::rb_sys::{protect, AsRawValue, FromRawValue};
use magnus::{prelude::*, Error, RArray, RHash, RString, Ruby, Value};
use rb_sys::VALUE;

use crate::error::{self, Operation};

/// Inputs at least this large are parsed with the GVL released, so other
/// Ruby threads keep running; below it the hand-off costs more than it
/// gains.
pub const GVL_RELEASE_THRESHOLD: usize = 64 * 1024;

/// How the parsed values are built (the `JSON.parse` options we honour).
#[derive(Debug, Clone, Copy)]
struct Build {
    /// Object keys become Symbols (`symbolize_names: true`).
    symbolize_names: bool,
    /// Every String, Array and Hash is frozen (`freeze: true`).
    freeze: bool,
}

/// `Brownfield::JSON::Native.parse(source, max_nesting, symbolize_names,
/// freeze, object_class, array_class)`: parses the bytes of `source`
/// (already UTF-8 or binary; the Ruby side converts other encodings) and
/// returns the Ruby value. `max_nesting == 0` means no limit; the classes
/// are `nil` for Hash and Array.
pub fn parse(
    ruby: &Ruby,
    source: RString,
    max_nesting: usize,
    symbolize_names: bool,
    freeze: bool,
    object_class: Option<Value>,
    array_class: Option<Value>,
) -> Result<Value, Error> {
    let classes = Classes {
        object: object_class,
        array: array_class,
    };
    let opts = parse_options(max_nesting);
    let build = Build {
        symbolize_names,
        freeze,
    };
    let parsed = if source.len() >= GVL_RELEASE_THRESHOLD {
        // A frozen snapshot: shares the buffer (copy-on-write), so the
        // bytes stay valid and unchanged even if another thread mutates
        // `source` while the GVL is released.
        let snapshot = RString::new_frozen(source);
        // SAFETY: `snapshot` is frozen and stays referenced on this stack
        // frame until after the parse (`black_box` below), so its buffer
        // neither changes nor is freed while the core reads it.
        let parsed = parse_without_gvl(unsafe { snapshot.as_slice() }, &opts);
        std::hint::black_box(snapshot);
        parsed?
    } else {
        // SAFETY: the GVL is held and no Ruby code runs during the parse.
        let input = unsafe { source.as_slice() };
        catch_unwind(|| brownfield::json::parse(input, &opts))
    };
    match parsed {
        Ok(Ok(doc)) => catch_unwind(AssertUnwindSafe(|| {
            if classes.object.is_some() || classes.array.is_some() {
                build_value_with_classes(ruby, &doc, build, classes)
            } else {
                build_value(ruby, &doc, build)
            }
        }))
        .unwrap_or_else(|_| {
            Err(error::internal(
                ruby,
                Operation::Parse,
                "building Ruby values",
            ))
        }),
        Ok(Err(e)) => Err(error::to_ruby(ruby, &e, Operation::Parse)),
        Err(_) => Err(error::internal(ruby, Operation::Parse, "parser panicked")),
    }
}

/// What the core returned, or the payload of a caught panic.
type Parsed = std::thread::Result<brownfield::Result<Document>>;

/// Runs `work` with the GVL released and returns its result, or the
/// payload of a panic it raised. The work is bounded by the input size, so
/// no unblocking function is needed; a pending interrupt raised on
/// re-acquiring the GVL is caught by `protect` and re-raised as a Ruby
/// exception once no Rust frame is in the way. `work` must not call the
/// Ruby API.
pub fn without_gvl<F: FnOnce() -> T, T>(work: F) -> Result<std::thread::Result<T>, Error> {
    struct Job<F, T> {
        work: Option<F>,
        out: Option<std::thread::Result<T>>,
    }
    unsafe extern "C" fn run<F: FnOnce() -> T, T>(data: *mut c_void) -> *mut c_void {
        // SAFETY: `data` is the `Job` below, exclusively ours during the call.
        let job = unsafe { &mut *(data as *mut Job<F, T>) };
        if let Some(work) = job.work.take() {
            job.out = Some(catch_unwind(AssertUnwindSafe(work)));
        }
        ptr::null_mut()
    }
    let mut job = Job {
        work: Some(work),
        out: None,
    };
    let data = &mut job as *mut Job<F, T> as *mut c_void;
    protect(|| {
        // SAFETY: `run` only touches `job`, which outlives the call, and
        // calls no Ruby API.
        unsafe {
            rb_sys::rb_thread_call_without_gvl(Some(run::<F, T>), data, None, ptr::null_mut())
        };
        rb_sys::Qnil as VALUE
    })?;
    Ok(job
        .out
        .unwrap_or_else(|| Err(Box::new("the work did not run"))))
}

/// Runs the core parser with the GVL released.
fn parse_without_gvl(input: &[u8], opts: &ParseOptions) -> Result<Parsed, Error> {
    without_gvl(|| brownfield::json::parse(input, opts))
}

/// `Brownfield::JSON::Native.parse_lines(source, max_nesting,
/// symbolize_names, freeze)`: every non-blank line of `source` parsed as
/// one JSON document (on a frozen snapshot of the string) by rayon's
/// workers, batch by batch, while this thread builds the Ruby values in
/// line order; the GVL is let go between batches (and while waiting for
/// one still being parsed), so other Ruby threads run and an interrupt
/// stops the call there. The first bad line raises `ParserError` with the
/// byte offset in the whole input, the line number and the column in that
/// line.
pub fn parse_lines(
    ruby: &Ruby,
    source: RString,
    max_nesting: usize,
    symbolize_names: bool,
    freeze: bool,
) -> Result<RArray, Error> {
    let opts = parse_options(max_nesting);
    let build = Build {
        symbolize_names,
        freeze,
    };
    let snapshot = RString::new_frozen(source);
    // SAFETY: `snapshot` is frozen and stays referenced on this stack frame
    // until the lines are parsed (`black_box` below), so its buffer neither
    // changes nor is freed while the core reads it.
    let input = unsafe { snapshot.as_slice() };
    // A local: visible to Ruby's conservative stack scan while the values
    // are built.
    let out = ruby.ary_new();
    // An exception raised while the GVL was let go (an interrupt).
    let raised: Cell<Option<Error>> = Cell::new(None);
    let consume = |line: &brownfield::json::Line| {
        if let Some(e) = raised.take() {
            return Err(e);
        }
        match &line.result {
            Ok(doc) => {
                let v = catch_unwind(AssertUnwindSafe(|| build_value(ruby, doc, build)))
                    .unwrap_or_else(|_| {
                        Err(error::internal(
                            ruby,
                            Operation::Parse,
                            "building Ruby values",
                        ))
                    })?;
                out.push(v)
            }
            Err(e) => {
                let position = Position {
                    offset: line.offset + e.offset(),
                    line: line.number as usize,
                    column: e.column(),
                };
                let e = brownfield::Error::new(e.kind(), e.message()).with_position(position);
                Err(error::to_ruby(ruby, &e, Operation::Parse))
            }
        }
    };
    // Other Ruby threads run between batches, and while the next batch is
    // still being parsed.
    let pause = |next: NextBatch<'_>| {
        if let Err(e) = without_gvl(|| next.wait()) {
            raised.set(Some(e));
        }
    };
    let run = catch_unwind(AssertUnwindSafe(|| {
        brownfield::json::for_each_line(input, &opts, consume, pause)
    }));
    std::hint::black_box(snapshot);
    match run {
        Ok(Ok(())) => match raised.take() {
            Some(e) => Err(e),
            None => Ok(out),
        },
        Ok(Err(e)) => Err(e),
        Err(_) => Err(error::internal(ruby, Operation::Parse, "parser panicked")),
    }
}

/// Core parse options for a `max_nesting` (0 = no limit).
fn parse_options(max_nesting: usize) -> ParseOptions {
    ParseOptions {
        max_depth: if max_nesting == 0 {
            usize::MAX
        } else {
            max_nesting
        },
    }
}

/// An open container while building: the Ruby Array/Hash and how many of
/// its direct children are still to come.
struct Open {
    container: VALUE,
    remaining: usize,
    is_object: bool,
}

/// Builds the Ruby value for the whole document. Iterative: `stack` holds
/// the open containers; every container is inserted into its parent as soon
/// as it is created, so all of them stay reachable from `root` (a local,
/// hence visible to Ruby's conservative stack scan) while the GC may run.
fn build_value(ruby: &Ruby, doc: &Document, build: Build) -> Result<Value, Error> {
    let nodes = doc.nodes();
    if nodes.is_empty() {
        return Ok(ruby.qnil().as_value());
    }
    let mut stack: Vec<Open> = Vec::new();
    let root = node_value(ruby, doc, 0, build, &mut stack);
    // The walk visits the tape in order (children right after their
    // container), so the next node is always `next`.
    let mut next = 1;
    while let Some(top) = stack.last_mut() {
        if top.remaining == 0 {
            let done = top.container;
            stack.pop();
            if build.freeze {
                // SAFETY: `done` is a live Array/Hash we created.
                unsafe { rb_sys::rb_obj_freeze(done) };
            }
            continue;
        }
        top.remaining -= 1;
        let (container, is_object) = (top.container, top.is_object);
        if is_object {
            let key = key_value(ruby, doc, next, build);
            let value = node_value(ruby, doc, next + 1, build, &mut stack);
            next += 2;
            // SAFETY: `container` is a Hash we created and have not frozen
            // yet; `key` and `value` are live locals.
            unsafe { rb_sys::rb_hash_aset(container, key, value) };
        } else {
            let value = node_value(ruby, doc, next, build, &mut stack);
            next += 1;
            // SAFETY: `container` is an Array we created and have not
            // frozen yet; `value` is a live local.
            unsafe { rb_sys::rb_ary_push(container, value) };
        }
    }
    // SAFETY: `root` is the live value built above.
    Ok(unsafe { Value::from_raw(root) })
}

/// The Ruby object for an object key (a String node): an interned frozen
/// String, as `Hash#[]=` would store anyway, or a Symbol.
fn key_value(ruby: &Ruby, doc: &Document, i: usize, build: Build) -> VALUE {
    let key = doc.str_at(i).unwrap_or_default();
    if build.symbolize_names {
        return ruby.to_symbol(key).as_raw();
    }
    // SAFETY: pointer and length come from a live `&str`; the encoding is
    // Ruby's UTF-8 encoding. Does not raise.
    unsafe {
        rb_sys::rb_enc_interned_str(
            key.as_ptr() as *const _,
            key.len() as _,
            rb_sys::rb_utf8_encoding(),
        )
    }
}

/// The Ruby object for tape node `i`. A non-empty container is pushed on
/// `stack` so its children are filled in next.
fn node_value(ruby: &Ruby, doc: &Document, i: usize, build: Build, stack: &mut Vec<Open>) -> VALUE {
    match *doc.node(i) {
        Node::Array { len, .. } => {
            let a = ruby.ary_new_capa(len).as_raw();
            open(a, len, false, build, stack)
        }
        Node::Object { len, .. } => {
            let h = ruby.hash_new().as_raw();
            open(h, len, true, build, stack)
        }
        _ => scalar_value(ruby, doc, i, build),
    }
}

/// The Ruby object for scalar tape node `i` (`nil` for a container, which
/// callers handle themselves).
fn scalar_value(ruby: &Ruby, doc: &Document, i: usize, build: Build) -> VALUE {
    match *doc.node(i) {
        Node::Bool(true) => ruby.qtrue().as_raw(),
        Node::Bool(false) => ruby.qfalse().as_raw(),
        Node::Int(v) => ruby.integer_from_i64(v).as_raw(),
        Node::UInt(v) => ruby.integer_from_u64(v).as_raw(),
        Node::Float(v) => ruby.float_from_f64(v).as_raw(),
        Node::BigInt(t) => {
            // The core guarantees `-?[0-9]+`, so no NUL byte.
            let text = CString::new(doc.text(t)).unwrap_or_default();
            // SAFETY: NUL-terminated decimal text; with base 10 and no
            // bad-check this does not raise.
            unsafe { rb_sys::rb_cstr2inum(text.as_ptr(), 10) }
        }
        Node::Str(t) => {
            let s = ruby.str_new(doc.text(t)).as_raw();
            if build.freeze {
                // SAFETY: `s` is a live String we just created.
                unsafe { rb_sys::rb_obj_freeze(s) };
            }
            s
        }
        Node::Null | Node::Array { .. } | Node::Object { .. } => ruby.qnil().as_raw(),
    }
}

/// Registers a new container; empty ones are complete (and frozen if asked)
/// right away.
fn open(
    container: VALUE,
    len: usize,
    is_object: bool,
    build: Build,
    stack: &mut Vec<Open>,
) -> VALUE {
    if len > 0 {
        stack.push(Open {
            container,
            remaining: len,
            is_object,
        });
    } else if build.freeze {
        // SAFETY: `container` is a live Array/Hash we just created.
        unsafe { rb_sys::rb_obj_freeze(container) };
    }
    container
}

/// The `object_class` / `array_class` options of `JSON.parse`: containers
/// are made with `klass.new` and filled with `[]=` / `<<`.
#[derive(Debug, Clone, Copy)]
pub struct Classes {
    /// Class of JSON objects (`nil`: Hash).
    pub object: Option<Value>,
    /// Class of JSON arrays (`nil`: Array).
    pub array: Option<Value>,
}

/// An open container in [`build_value_with_classes`].
struct Frame {
    container: Value,
    remaining: usize,
    is_object: bool,
    /// The key this container goes under in its parent object.
    key: Option<Value>,
}

/// Builds the document with custom container classes, calling Ruby the way
/// json 2.6's parser does: `klass.new` when a container starts, and
/// `[]=`/`<<` on the parent only once a child value is complete. Iterative;
/// open containers and their keys are kept alive in `pins` until they are
/// inserted into their parent.
fn build_value_with_classes(
    ruby: &Ruby,
    doc: &Document,
    build: Build,
    classes: Classes,
) -> Result<Value, Error> {
    if doc.nodes().is_empty() {
        return Ok(ruby.qnil().as_value());
    }
    let pins = ruby.ary_new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut next = 0;
    let mut key: Option<Value> = None;
    loop {
        // Visit node `next`: a scalar is complete, a container is opened.
        let mut value = match *doc.node(next) {
            Node::Array { len, .. } | Node::Object { len, .. } => {
                let is_object = matches!(doc.node(next), Node::Object { .. });
                let container = match (is_object, classes.object, classes.array) {
                    (true, Some(c), _) | (false, _, Some(c)) => c.funcall("new", ())?,
                    (true, None, _) => ruby.hash_new().as_value(),
                    (false, _, None) => ruby.ary_new_capa(len).as_value(),
                };
                pins.push(container)?;
                pins.push(key)?;
                stack.push(Frame {
                    container,
                    remaining: len,
                    is_object,
                    key: key.take(),
                });
                None
            }
            _ => {
                // SAFETY: a live object we just created.
                Some(unsafe { Value::from_raw(scalar_value(ruby, doc, next, build)) })
            }
        };
        next += 1;
        // Attach complete values to their parents and close finished
        // containers, until a container needs its next child.
        loop {
            if let Some(v) = value.take() {
                let Some(top) = stack.last_mut() else {
                    return Ok(v);
                };
                top.remaining -= 1;
                match (top.is_object, key.take()) {
                    (true, Some(k)) => insert_member(top.container, k, v, classes)?,
                    _ => push_item(top.container, v, classes)?,
                }
            }
            let top = stack.last().expect("a container is open here");
            if top.remaining > 0 {
                if top.is_object {
                    // SAFETY: a live key object we just created.
                    key = Some(unsafe { Value::from_raw(key_value(ruby, doc, next, build)) });
                    next += 1;
                }
                break;
            }
            let done = stack.pop().expect("checked above");
            if build.freeze {
                done.container.freeze();
            }
            value = Some(done.container);
            key = done.key;
            pins.pop::<Value>()?;
            pins.pop::<Value>()?;
        }
    }
}

/// `object[key] = value`: `rb_hash_aset` for a Hash, `[]=` for a custom
/// object class.
fn insert_member(object: Value, key: Value, value: Value, classes: Classes) -> Result<(), Error> {
    match classes.object {
        Some(_) => {
            let _: Value = object.funcall("[]=", (key, value))?;
            Ok(())
        }
        _ => RHash::from_value(object)
            .expect("a Hash built by the parser")
            .aset(key, value),
    }
}

/// `array << value`: `rb_ary_push` for an Array, `<<` for a custom array
/// class.
fn push_item(array: Value, value: Value, classes: Classes) -> Result<(), Error> {
    match classes.array {
        Some(_) => {
            let _: Value = array.funcall("<<", (value,))?;
            Ok(())
        }
        None => RArray::from_value(array)
            .expect("an Array built by the parser")
            .push(value),
    }
}
