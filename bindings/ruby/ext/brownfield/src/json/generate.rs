//! Generate: one recursive walk over Ruby values drives the core's
//! [`Writer`] with [`WriteOptions::ruby`], which owns separators, escaping,
//! `Float#to_s` layout and the nesting limit. The walk calls `begin_*`
//! before descending, so its recursion is bounded by the writer's limit
//! (which also catches circular structures), and it asks Ruby whether the
//! machine stack is nearly exhausted before each container, so even with no
//! limit a deep value in a Thread or Fiber (small stacks) gives a
//! `NestingError`, never a stack overflow.
//!
//! Dispatch follows `JSON.generate` (json 2.6): exact `Hash`, `Array`,
//! `String`, `Integer`, `Float`, `true`, `false` and `nil` take the fast
//! paths; any other object is asked how its class serializes (see
//! `Brownfield::JSON.generate_strategy` in Ruby), once per class per call.

use std::panic::{catch_unwind, AssertUnwindSafe};

use brownfield::json::{WriteOptions, Writer};
use brownfield::ErrorKind;
use magnus::r_hash::ForEach;
use magnus::rb_sys::AsRawValue;
use magnus::{
    prelude::*, Error, Fixnum, Float, RArray, RBignum, RHash, RString, Ruby, Symbol, Value,
};
use rb_sys::VALUE;

use crate::error::{self, Operation, JSON_MODULE};

/// How a class outside the fast paths serializes; the numeric codes are
/// returned by `Brownfield::JSON.generate_strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strategy {
    /// A `Hash` subclass using the stock `to_json`: written as an object.
    Hash = 0,
    /// An `Array` subclass using the stock `to_json`: written as an array.
    Array = 1,
    /// A `String` subclass using the stock `to_json`: written as a string.
    String = 2,
    /// The generic `Object#to_json` (or none): `to_s`, written as a string.
    ToS = 3,
    /// A class with its own `to_json`: its output is embedded.
    ToJson = 4,
}

impl Strategy {
    fn from_code(code: i64) -> Strategy {
        match code {
            0 => Strategy::Hash,
            1 => Strategy::Array,
            2 => Strategy::String,
            3 => Strategy::ToS,
            _ => Strategy::ToJson,
        }
    }
}

/// The layout and checks of one `generate` call: a `JSON::State`'s
/// settings, resolved by the Ruby side (`lib/brownfield/json.rb`).
pub struct Layout {
    /// `max_nesting` (0 = no limit other than the machine stack).
    pub max_nesting: usize,
    /// `allow_nan`: write NaN/Infinity/-Infinity instead of raising.
    pub allow_nan: bool,
    /// `ascii_only`: escape every non-ASCII character as `\uXXXX` (DEL
    /// stays as is, as in json 2.6).
    pub ascii_only: bool,
    /// `escape_slash`: write `/` as `\/`.
    pub escape_slash: bool,
    /// `depth`: the nesting depth the value is written at (indentation
    /// and the `max_nesting` check count from here).
    pub depth: usize,
    /// `indent`, repeated once per level before every item (`None` when
    /// empty).
    pub indent: Option<String>,
    /// `space_before + ":" + space`.
    pub key_separator: String,
    /// `object_nl` when set (json 2.6 tells a set empty string from an
    /// unset one: only a set one adds indentation before `}`).
    pub object_nl: Option<String>,
    /// `array_nl` when set (see `object_nl`).
    pub array_nl: Option<String>,
}

/// `Brownfield::JSON::Native.generate(obj, max_nesting, allow_nan,
/// ascii_only, escape_slash, depth, indent, key_separator, object_nl,
/// array_nl, state)`: the JSON text for `obj`, byte-identical to
/// `JSON.generate(obj, state)` with the `JSON::State` these settings
/// describe (see [`Layout`]). `state` (a `JSON::State`, an options Hash,
/// or `nil` for the defaults) is what custom `to_json` methods are handed,
/// at the depth they are called at.
#[allow(clippy::too_many_arguments)] // mirrors the Ruby-facing arity
pub fn generate(
    ruby: &Ruby,
    obj: Value,
    max_nesting: usize,
    allow_nan: bool,
    ascii_only: bool,
    escape_slash: bool,
    depth: usize,
    indent: Option<String>,
    key_separator: String,
    object_nl: Option<String>,
    array_nl: Option<String>,
    state: Value,
) -> Result<RString, Error> {
    let layout = Layout {
        max_nesting,
        allow_nan,
        ascii_only,
        escape_slash,
        depth,
        indent: indent.filter(|i| !i.is_empty()),
        key_separator,
        object_nl,
        array_nl,
    };
    generate_with(ruby, obj, layout, state)
}

/// [`generate`] with its options gathered.
pub fn generate_with(
    ruby: &Ruby,
    obj: Value,
    layout: Layout,
    state: Value,
) -> Result<RString, Error> {
    let max_depth = if layout.max_nesting == 0 {
        usize::MAX
    } else {
        layout.max_nesting
    };
    let mut g = Generator {
        ruby,
        w: Writer::new(WriteOptions {
            max_depth,
            allow_nan: layout.allow_nan,
            ensure_ascii: layout.ascii_only,
            escape_slash: layout.escape_slash,
            start_depth: layout.depth,
            indent: layout.indent,
            explicit_layout: true,
            object_nl: layout.object_nl,
            array_nl: layout.array_nl,
            key_separator: layout.key_separator.into(),
            ..WriteOptions::ruby()
        }),
        strategies: Vec::new(),
        state,
    };
    // Ruby exceptions inside the walk come back as `Err` (magnus protects
    // every call into Ruby), so only a Rust panic can unwind here.
    match catch_unwind(AssertUnwindSafe(|| g.value(obj))) {
        Ok(Ok(())) => Ok(ruby.str_new(&g.w.into_string())),
        // Ruby's own stack guard fired inside a call we made (hash
        // iteration, `to_s`): report it like any other nesting error.
        Ok(Err(e)) if e.is_kind_of(ruby.exception_sys_stack_error()) => Err(error::raise(
            ruby,
            "NestingError",
            "nesting too deep for this thread's stack",
            ErrorKind::NestingTooDeep,
            None,
        )),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(error::internal(
            ruby,
            Operation::Generate,
            "generator panicked",
        )),
    }
}

/// Walk state for one `generate` call.
struct Generator<'r> {
    ruby: &'r Ruby,
    w: Writer,
    /// Per-class dispatch decided so far in this call (class VALUE,
    /// strategy); a handful of entries at most, so a linear scan.
    strategies: Vec<(VALUE, Strategy)>,
    /// The caller's `JSON::State` or options Hash (or `nil`), handed to
    /// custom `to_json` methods.
    state: Value,
}

impl Generator<'_> {
    /// Converts a core error from the writer into the Ruby exception; a
    /// nesting error says what `JSON.generate` says.
    fn core_err(&self, e: brownfield::Error) -> Error {
        if e.kind() == ErrorKind::NestingTooDeep {
            return error::raise(
                self.ruby,
                "NestingError",
                &format!("nesting of {} is too deep", self.w.depth()),
                ErrorKind::NestingTooDeep,
                None,
            );
        }
        error::to_ruby(self.ruby, &e, Operation::Generate)
    }

    /// Converts the writer's error for the Float `f` into the Ruby
    /// exception: NaN and Infinity without `allow_nan` raise the
    /// `GeneratorError` with the json gem's own message for that value
    /// (`Brownfield::JSON.non_finite_message`), as issue 3 asks.
    fn float_err(&self, e: brownfield::Error, f: f64) -> Error {
        if e.kind() != ErrorKind::Unserializable || f.is_finite() {
            return self.core_err(e);
        }
        let json = self.ruby.get_inner(&JSON_MODULE);
        match json.funcall::<_, _, String>("non_finite_message", (f,)) {
            Ok(message) => error::raise(
                self.ruby,
                "GeneratorError",
                &message,
                ErrorKind::Unserializable,
                None,
            ),
            Err(lookup) => lookup,
        }
    }

    /// Fails with a `NestingError` when the machine stack is nearly used up
    /// (checked before descending into a container).
    fn check_stack(&self) -> Result<(), Error> {
        // SAFETY: called with the GVL held, from a Ruby thread.
        if unsafe { rb_sys::ruby_stack_check() } != 0 {
            return Err(error::raise(
                self.ruby,
                "NestingError",
                &format!(
                    "nesting of {} is too deep for this thread's stack",
                    self.w.depth() + 1
                ),
                ErrorKind::NestingTooDeep,
                None,
            ));
        }
        Ok(())
    }

    /// Writes any Ruby value.
    fn value(&mut self, v: Value) -> Result<(), Error> {
        let ruby = self.ruby;
        if let Some(i) = Fixnum::from_value(v) {
            self.w.i64(i.to_i64());
            return Ok(());
        }
        if v.is_nil() {
            self.w.null();
            return Ok(());
        }
        let raw = v.as_raw();
        if raw == ruby.qtrue().as_raw() {
            self.w.bool(true);
            return Ok(());
        }
        if raw == ruby.qfalse().as_raw() {
            self.w.bool(false);
            return Ok(());
        }
        if let Some(f) = Float::from_value(v) {
            // `Float` has no subclasses and no singleton classes.
            let f = f.to_f64();
            return self.w.f64(f).map_err(|e| self.float_err(e, f));
        }
        let class = v.class().as_raw();
        if let Some(s) = RString::from_value(v) {
            if class == ruby.class_string().as_raw() {
                return self.string(s);
            }
        } else if let Some(h) = RHash::from_value(v) {
            if class == ruby.class_hash().as_raw() {
                return self.hash(h);
            }
        } else if let Some(a) = RArray::from_value(v) {
            if class == ruby.class_array().as_raw() {
                return self.array(a);
            }
        } else if RBignum::from_value(v).is_some() {
            // Exact decimal text, as `JSON.generate` writes `to_s`.
            let text: RString = v.funcall("to_s", ())?;
            return with_utf8(ruby, text, |t| self.w.int_text(t))?.map_err(|e| self.core_err(e));
        }
        self.other(v, class)
    }

    /// Writes a String value (any encoding, converted to UTF-8).
    fn string(&mut self, s: RString) -> Result<(), Error> {
        with_utf8(self.ruby, s, |t| self.w.string(t))
    }

    /// Writes a Hash as an object; keys become strings like `JSON.generate`
    /// does (String as is, Symbol by name, anything else by `to_s`).
    fn hash(&mut self, h: RHash) -> Result<(), Error> {
        self.check_stack()?;
        self.w.begin_object().map_err(|e| self.core_err(e))?;
        h.foreach(|k: Value, v: Value| {
            self.key(k)?;
            self.value(v)?;
            Ok(ForEach::Continue)
        })?;
        self.w.end_object();
        Ok(())
    }

    /// Writes one object key.
    fn key(&mut self, k: Value) -> Result<(), Error> {
        let ruby = self.ruby;
        let s = if let Some(s) = RString::from_value(k) {
            s
        } else if let Some(sym) = Symbol::from_value(k) {
            // SAFETY: `rb_sym2str` returns the symbol's frozen name String
            // and does not raise for a Symbol.
            let name = unsafe { rb_sys::rb_sym2str(sym.as_raw()) };
            RString::from_value(unsafe { <Value as magnus::rb_sys::FromRawValue>::from_raw(name) })
                .ok_or_else(|| Error::new(ruby.exception_type_error(), "Symbol without a name"))?
        } else {
            to_s(ruby, k)?
        };
        with_utf8(ruby, s, |t| self.w.key(t))
    }

    /// Writes an Array.
    fn array(&mut self, a: RArray) -> Result<(), Error> {
        self.check_stack()?;
        self.w.begin_array().map_err(|e| self.core_err(e))?;
        // Index loop, re-reading the length: element callbacks (`to_s`,
        // `to_json`) may change the array, as with `JSON.generate`.
        let mut i = 0;
        while i < a.len() {
            let item: Value = a.entry(i as isize)?;
            self.value(item)?;
            i += 1;
        }
        self.w.end_array();
        Ok(())
    }

    /// Writes a value outside the fast paths, as its class's `to_json`
    /// would.
    fn other(&mut self, v: Value, class: VALUE) -> Result<(), Error> {
        let strategy = match self.strategies.iter().find(|(c, _)| *c == class) {
            Some(&(_, s)) => s,
            None => {
                let json = self.ruby.get_inner(&JSON_MODULE);
                let code: i64 = json.funcall("generate_strategy", (v.class(),))?;
                let s = Strategy::from_code(code);
                self.strategies.push((class, s));
                s
            }
        };
        match strategy {
            Strategy::Hash if RHash::from_value(v).is_some() => {
                self.hash(RHash::from_value(v).expect("checked"))
            }
            Strategy::Array if RArray::from_value(v).is_some() => {
                self.array(RArray::from_value(v).expect("checked"))
            }
            Strategy::String if RString::from_value(v).is_some() => {
                self.string(RString::from_value(v).expect("checked"))
            }
            Strategy::ToS => {
                let s = to_s(self.ruby, v)?;
                self.string(s)
            }
            _ => self.custom_to_json(v),
        }
    }

    /// Embeds the text of the object's own `to_json(state)` verbatim, as
    /// `JSON.generate` does (its caller vouches for it being JSON).
    fn custom_to_json(&mut self, v: Value) -> Result<(), Error> {
        let ruby = self.ruby;
        let json = ruby.get_inner(&JSON_MODULE);
        let text: Value = json.funcall("custom_to_json", (v, self.w.depth(), self.state))?;
        let text = RString::from_value(text).ok_or_else(|| {
            Error::new(
                ruby.exception_type_error(),
                "wrong argument type (to_json must return a String)",
            )
        })?;
        with_utf8(ruby, text, |t| self.w.raw_value(t))
    }
}

/// `obj.to_s`, which must return a String (TypeError otherwise, as
/// `JSON.generate` raises).
fn to_s(ruby: &Ruby, obj: Value) -> Result<RString, Error> {
    let s: Value = obj.funcall("to_s", ())?;
    RString::from_value(s).ok_or_else(|| {
        Error::new(
            ruby.exception_type_error(),
            "wrong argument type (to_s must return a String)",
        )
    })
}

/// Calls `f` with the UTF-8 text of `s`. UTF-8, US-ASCII and binary strings
/// are read as UTF-8 bytes (as `JSON.generate` does); other encodings are
/// converted first. Invalid UTF-8 raises `Brownfield::JSON::GeneratorError`
/// with json 2.6's message (see [`invalid_utf8_message`]).
fn with_utf8<R>(ruby: &Ruby, s: RString, f: impl FnOnce(&str) -> R) -> Result<R, Error> {
    let enc = s.enc_get();
    let s = if enc == ruby.utf8_encindex()
        || enc == ruby.usascii_encindex()
        || enc == ruby.ascii8bit_encindex()
    {
        s
    } else {
        s.conv_enc(ruby.utf8_encoding())?
    };
    // SAFETY: `s` is live on this frame and no Ruby code runs while the
    // slice is in use (`f` only drives the Rust writer).
    let bytes = unsafe { s.as_slice() };
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(f(t)),
        Err(e) => Err(error::raise(
            ruby,
            "GeneratorError",
            invalid_utf8_message(bytes, e.valid_up_to()),
            ErrorKind::Unserializable,
            None,
        )),
    }
}

/// The json gem's (2.6) message for `bytes`, valid UTF-8 up to `at` and
/// not at `at`. Its generator takes a character's length from its first
/// byte (up to 6 bytes, as in the original UTF-8): a character that would
/// run past the end of the string is "partial", any other invalid one
/// "illegal/malformed".
fn invalid_utf8_message(bytes: &[u8], at: usize) -> &'static str {
    let len = match bytes[at] {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        0xF8..=0xFB => 5,
        0xFC..=0xFF => 6,
        _ => 1,
    };
    if at + len > bytes.len() {
        "partial character in source, but hit end"
    } else {
        "source sequence is illegal/malformed utf-8"
    }
}
