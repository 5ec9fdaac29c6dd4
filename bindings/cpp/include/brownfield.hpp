// brownfield.hpp — the C++17 API of brownfield (namespace brownfield::json).
//
// A thin layer over the cxx bridge in bindings/cpp/src/bridge.rs: parsing,
// the document tape, JSON Pointer lookup, the document builder and
// serializing all happen in the Rust core; this header only turns them into
// C++ types and exceptions. (Log queries: <brownfield/logs.hpp>.)
//
//   #include <brownfield.hpp>
//   brownfield::json::Document doc = brownfield::json::parse(R"({"a":[1,2]})");
//   for (brownfield::json::Value v : doc.root()["a"]) sum += v.as_int64();
//   std::optional<brownfield::json::Value> one = doc.at_pointer("/a/0");
//   std::string text = brownfield::json::serialize(doc);
//
// Threads: a Document is immutable after parse() or Builder::finish(); any
// number of threads may read it (and its Values) at once. Lifetimes: a Value and every
// std::string_view it returns borrow from the Document's storage and are valid
// until that Document is destroyed (moving the Document keeps them valid).
// Errors: every failure throws brownfield::Error; nothing here aborts the
// process, whatever the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "brownfield-cpp/src/bridge.rs.h"
#include "rust/cxx.h"

namespace brownfield {

/// What went wrong, as a stable machine-readable kind. The same numbers as
/// the Rust core's ErrorKind and the C binding's bf_error_kind.
using ErrorKind = ffi::ErrorKind;

/// The stable snake_case name of `kind` (e.g. "unexpected_eof"), as used by
/// the shared test vectors and every other binding; empty for a value that is
/// not a kind.
inline std::string_view kind_name(ErrorKind kind) noexcept {
  const rust::Str name = ffi::error_kind_name(kind);
  return {name.data(), name.size()};
}

/// The one exception type brownfield throws.
///
/// Decode errors (kinds up to EmptyInput) carry the position in the input:
/// byte offset (0-based), line and column (1-based, column counted in
/// characters). what() is the message followed by
/// "at line L column C (byte B)" when there is a position. A BadRecord error
/// (a log line that cannot be read) carries the line's number and the byte
/// offset where it starts, column 0, and what() ends "(line L, byte B)".
class Error : public std::runtime_error {
 public:
  /// An error without a position (API misuse, serializer errors).
  Error(ErrorKind kind, std::string message)
      : std::runtime_error(message), kind_(kind), message_(std::move(message)) {}

  /// Builds the exception from the bridge's error fields.
  explicit Error(const ffi::ErrorInfo& info)
      : std::runtime_error(std::string(info.display)),
        kind_(info.kind),
        message_(std::string(info.message)),
        has_position_(info.has_position),
        offset_(info.offset),
        line_(info.line),
        column_(info.column) {}

  /// The machine-readable kind.
  ErrorKind kind() const noexcept { return kind_; }
  /// The kind's snake_case name, e.g. "invalid_number".
  std::string_view name() const noexcept { return kind_name(kind_); }
  /// The message without the position.
  const std::string& message() const noexcept { return message_; }
  /// True when offset(), line() and column() refer to the input.
  bool has_position() const noexcept { return has_position_; }
  /// Byte offset of the error in the input (0 without a position).
  std::size_t offset() const noexcept { return offset_; }
  /// 1-based line of the error (0 without a position).
  std::size_t line() const noexcept { return line_; }
  /// 1-based column, in characters (0 without a position).
  std::size_t column() const noexcept { return column_; }

 private:
  ErrorKind kind_;
  std::string message_;
  bool has_position_ = false;
  std::size_t offset_ = 0;
  std::size_t line_ = 0;
  std::size_t column_ = 0;
};

namespace json {

/// The type of a JSON value. Int covers everything that fits in int64_t or
/// uint64_t; BigInt is an integer beyond 64 bits (read it with number_text()).
using ValueType = ffi::ValueType;

/// A short lowercase name of `type` for messages ("null", "array", ...).
inline std::string_view type_name(ValueType type) noexcept {
  switch (type) {
    case ValueType::Null: return "null";
    case ValueType::Bool: return "bool";
    case ValueType::Int: return "int";
    case ValueType::BigInt: return "big int";
    case ValueType::Float: return "float";
    case ValueType::String: return "string";
    case ValueType::Array: return "array";
    case ValueType::Object: return "object";
  }
  return "unknown";
}

/// Options for parse().
struct ParseOptions {
  /// Deepest allowed nesting of arrays and objects (default 1024); deeper
  /// input throws an Error of kind NestingTooDeep, never overflows the stack.
  std::size_t max_depth = ffi::default_max_depth();
};

/// Options for serialize() and dump(). The defaults give compact standard
/// JSON: no spaces, UTF-8 kept as is, NaN and infinities rejected.
struct WriteOptions {
  /// Negative: everything on one line. 0 or more: pretty-print, one item per
  /// line indented by this many spaces per level, with ": " after keys.
  int indent = -1;
  /// Escape every non-ASCII character as \uXXXX (surrogate pairs beyond the
  /// BMP), so the output is pure ASCII.
  bool ensure_ascii = false;
  /// Write NaN / Infinity / -Infinity (not JSON, but what Python writes)
  /// instead of throwing an Error of kind Unserializable.
  bool allow_nan = false;
  /// Deepest nesting the writer accepts (throws NestingTooDeep beyond).
  std::size_t max_depth = ffi::default_max_depth();
  /// Write the members of every object sorted by key (by code point, which
  /// is UTF-8 byte order; members with the same key keep their order).
  bool sort_keys = false;
};

class Document;
class Value;

namespace detail {

/// Throws the InvalidArgument error for a value of the wrong type.
[[noreturn]] inline void type_mismatch(std::string_view wanted, ValueType found) {
  std::string msg = "expected ";
  msg.append(wanted).append(", found ").append(type_name(found));
  throw Error(ErrorKind::InvalidArgument, std::move(msg));
}

/// Serializes the subtree at `index` of `doc`; throws on failure.
inline std::string serialize(const ffi::Doc& doc, std::size_t index, const WriteOptions& opts) {
  const ffi::WriteOpts bridge_opts{opts.indent, opts.ensure_ascii, opts.allow_nan, opts.max_depth,
                                   opts.sort_keys};
  std::string out;
  ffi::ErrorInfo error{};
  if (!doc.serialize(index, bridge_opts, out, error)) throw Error(error);
  return out;
}

/// A string_view over a Rust string slice.
inline std::string_view view(rust::Str s) noexcept { return {s.data(), s.size()}; }

/// The bytes of `text` as a Rust slice (no copy, no UTF-8 check here).
inline rust::Slice<const std::uint8_t> bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// Resolves `pointer` from tape index `from`; throws on a malformed pointer.
inline std::optional<std::size_t> pointer(const ffi::Doc& doc, std::size_t from,
                                          std::string_view pointer) {
  std::size_t found = SIZE_MAX;
  ffi::ErrorInfo error{};
  if (!doc.pointer(from, bytes(pointer), found, error)) throw Error(error);
  if (found == SIZE_MAX) return std::nullopt;
  return found;
}

}  // namespace detail

/// Forward iterator over the elements of an array (see Value::elements()).
class ArrayIterator;
/// Forward iterator over the members of an object (see Value::members()).
class ObjectIterator;

/// A range of array elements, for range-for.
class ArrayRange {
 public:
  /// Iterator to the first element.
  ArrayIterator begin() const noexcept;
  /// Iterator past the last element.
  ArrayIterator end() const noexcept;
  /// Number of elements.
  std::size_t size() const noexcept { return size_; }

 private:
  friend class Value;
  ArrayRange(const ffi::Doc* doc, std::size_t first, std::size_t size) noexcept
      : doc_(doc), first_(first), size_(size) {}
  const ffi::Doc* doc_;
  std::size_t first_;
  std::size_t size_;
};

/// A range of object members (in document order, duplicates kept), for range-for.
class ObjectRange {
 public:
  /// Iterator to the first member.
  ObjectIterator begin() const noexcept;
  /// Iterator past the last member.
  ObjectIterator end() const noexcept;
  /// Number of members.
  std::size_t size() const noexcept { return size_; }

 private:
  friend class Value;
  ObjectRange(const ffi::Doc* doc, std::size_t first, std::size_t size) noexcept
      : doc_(doc), first_(first), size_(size) {}
  const ffi::Doc* doc_;
  std::size_t first_;
  std::size_t size_;
};

/// A read-only view of one value in a Document: cheap to copy (a pointer, an
/// index and a snapshot of the node's scalar fields), valid while the
/// Document lives. Accessors of the wrong type
/// throw an Error of kind InvalidArgument; nothing here can crash.
class Value {
 public:
  /// This value's type.
  ValueType type() const noexcept { return info().value_type; }
  /// True for `null`.
  bool is_null() const noexcept { return type() == ValueType::Null; }
  /// True for `true` / `false`.
  bool is_bool() const noexcept { return type() == ValueType::Bool; }
  /// True for an integer that fits in int64_t or uint64_t.
  bool is_int() const noexcept { return type() == ValueType::Int; }
  /// True for an integer beyond 64 bits.
  bool is_big_int() const noexcept { return type() == ValueType::BigInt; }
  /// True for a number with a fraction or exponent.
  bool is_float() const noexcept { return type() == ValueType::Float; }
  /// True for any number (Int, BigInt or Float).
  bool is_number() const noexcept { return is_int() || is_big_int() || is_float(); }
  /// True for a string.
  bool is_string() const noexcept { return type() == ValueType::String; }
  /// True for an array.
  bool is_array() const noexcept { return type() == ValueType::Array; }
  /// True for an object.
  bool is_object() const noexcept { return type() == ValueType::Object; }

  /// The boolean; throws InvalidArgument unless is_bool().
  bool as_bool() const {
    const ffi::NodeInfo& n = expect(ValueType::Bool, "bool");
    return n.bool_value;
  }

  /// The integer; throws InvalidArgument unless is_int() and it fits in int64_t.
  std::int64_t as_int64() const {
    const ffi::NodeInfo& n = expect(ValueType::Int, "int");
    if (n.is_unsigned) {
      throw Error(ErrorKind::InvalidArgument,
                  std::to_string(n.uint_value) + " does not fit in int64_t (use as_uint64())");
    }
    return n.int_value;
  }

  /// The integer; throws InvalidArgument unless is_int() and it is not negative.
  std::uint64_t as_uint64() const {
    const ffi::NodeInfo& n = expect(ValueType::Int, "int");
    if (!n.is_unsigned && n.int_value < 0) {
      throw Error(ErrorKind::InvalidArgument,
                  std::to_string(n.int_value) + " does not fit in uint64_t (use as_int64())");
    }
    return n.uint_value;
  }

  /// The number as a double: a Float as parsed (±inf if it overflowed, as
  /// Python and Ruby read it), an Int converted (rounded past 2^53). Throws
  /// InvalidArgument for any other type, including BigInt (see number_text()).
  double as_double() const {
    const ffi::NodeInfo& n = info();
    if (n.value_type == ValueType::Float) return n.float_value;
    if (n.value_type == ValueType::Int) {
      return n.is_unsigned ? static_cast<double>(n.uint_value) : static_cast<double>(n.int_value);
    }
    detail::type_mismatch("float or int", n.value_type);
  }

  /// The string, unescaped UTF-8 (may contain NUL bytes); throws
  /// InvalidArgument unless is_string(). Valid while the Document lives.
  std::string_view as_string() const {
    expect(ValueType::String, "string");
    return detail::view(doc_->text(index_));
  }

  /// The number as JSON text: the exact digits for a BigInt (and any Int),
  /// the shortest round-trip form for a Float ("NaN"/"Infinity" style for a
  /// non-finite one). Throws InvalidArgument for non-numbers.
  std::string number_text() const {
    const ValueType t = type();
    if (t == ValueType::BigInt) return std::string(detail::view(doc_->text(index_)));
    if (t != ValueType::Int && t != ValueType::Float) detail::type_mismatch("number", t);
    WriteOptions opts;
    opts.allow_nan = true;
    return detail::serialize(*doc_, index_, opts);
  }

  /// Number of elements of an array or members of an object; throws
  /// InvalidArgument for other types.
  std::size_t size() const {
    const ffi::NodeInfo& n = info();
    if (n.value_type != ValueType::Array && n.value_type != ValueType::Object) {
      detail::type_mismatch("array or object", n.value_type);
    }
    return n.len;
  }

  /// Element `i` of an array (O(i): walks the siblings before it; use
  /// elements() to visit all). Throws InvalidArgument if this is not an
  /// array or `i` is out of range.
  Value operator[](std::size_t i) const {
    const ffi::NodeInfo& n = expect(ValueType::Array, "array");
    const std::size_t at = doc_->array_get(index_, i);
    if (at == SIZE_MAX) {
      throw Error(ErrorKind::InvalidArgument, "array index " + std::to_string(i) +
                                                  " out of range (size " + std::to_string(n.len) + ")");
    }
    return Value(doc_, at);
  }

  /// The value of member `key` of an object (the last one when the key is
  /// duplicated, as Python and Ruby keep). Throws InvalidArgument if this is
  /// not an object or has no such member.
  Value operator[](std::string_view key) const {
    if (std::optional<Value> v = find(key)) return *v;
    throw Error(ErrorKind::InvalidArgument, "no member named \"" + std::string(key) + "\"");
  }

  /// The value of member `key` (the last one if duplicated), or nullopt if
  /// there is none. Throws InvalidArgument if this is not an object.
  std::optional<Value> find(std::string_view key) const {
    expect(ValueType::Object, "object");
    const std::size_t at = doc_->object_get(index_, detail::bytes(key));
    if (at == SIZE_MAX) return std::nullopt;
    return Value(doc_, at);
  }

  /// True if this object has a member named `key`; throws InvalidArgument if
  /// this is not an object.
  bool contains(std::string_view key) const { return find(key).has_value(); }

  /// The value the JSON Pointer (RFC 6901) `pointer` names, relative to
  /// this value: "" is this value, "/a/0" member "a" then its element 0;
  /// in a token "~1" stands for "/" and "~0" for "~". Returns nullopt when
  /// the pointer is well formed but names nothing (missing member, index out
  /// of range or "-", a step into a scalar); for duplicate keys the last
  /// member wins. Throws InvalidArgument for a malformed pointer (not empty
  /// and not starting with '/', a bad "~" escape, an array index with a
  /// leading zero or a non-digit) and InvalidUtf8 if it is not UTF-8. The
  /// pointer is the decoded JSON string (undo any URI-fragment
  /// percent-encoding first).
  std::optional<Value> at_pointer(std::string_view pointer) const {
    if (std::optional<std::size_t> at = detail::pointer(*doc_, index_, pointer)) {
      return Value(doc_, *at);
    }
    return std::nullopt;
  }

  /// The elements of an array, for range-for; throws InvalidArgument if this
  /// is not an array.
  ArrayRange elements() const {
    const ffi::NodeInfo& n = expect(ValueType::Array, "array");
    return ArrayRange(doc_, index_ + 1, n.len);
  }

  /// The members of an object as (key, value), in document order with
  /// duplicate keys kept; throws InvalidArgument if this is not an object.
  ObjectRange members() const {
    const ffi::NodeInfo& n = expect(ValueType::Object, "object");
    return ObjectRange(doc_, index_ + 1, n.len);
  }

  /// `for (Value v : array)`: the same as elements().begin().
  ArrayIterator begin() const;
  /// `for (Value v : array)`: the same as elements().end().
  ArrayIterator end() const;

  /// This value serialized with default options, or pretty-printed with
  /// `indent` spaces per level when indent >= 0.
  std::string dump(int indent = -1) const {
    WriteOptions opts;
    opts.indent = indent;
    return detail::serialize(*doc_, index_, opts);
  }

  /// Position of this value on the document's tape (0 is the root).
  std::size_t index() const noexcept { return index_; }

 private:
  friend class Document;
  friend class ArrayIterator;
  friend class ObjectIterator;
  friend class ArrayRange;
  friend class ObjectRange;
  friend std::string serialize(const Value& value, const WriteOptions& opts);

  Value(const ffi::Doc* doc, std::size_t index) noexcept
      : doc_(doc), index_(index), info_(doc->node(index)) {}
  Value(const ffi::Doc* doc, std::size_t index, const ffi::NodeInfo& info) noexcept
      : doc_(doc), index_(index), info_(info) {}

  const ffi::NodeInfo& info() const noexcept { return info_; }

  const ffi::NodeInfo& expect(ValueType wanted, std::string_view name) const {
    if (info_.value_type != wanted) detail::type_mismatch(name, info_.value_type);
    return info_;
  }

  const ffi::Doc* doc_;
  std::size_t index_;
  ffi::NodeInfo info_;  // the node, read once: the document never changes
};

/// One object member as iteration yields it: `for (auto [key, value] : v.members())`.
struct Member {
  /// The member's key (valid while the Document lives).
  std::string_view key;
  /// The member's value.
  Value value;
};

class ArrayIterator {
 public:
  /// Iterator traits.
  using iterator_category = std::forward_iterator_tag;
  /// Iterator traits.
  using value_type = Value;
  /// Iterator traits.
  using difference_type = std::ptrdiff_t;
  /// Iterator traits.
  using pointer = const Value*;
  /// Iterator traits.
  using reference = const Value&;

  /// The current element.
  const Value& operator*() const noexcept { return current_; }
  /// The current element.
  const Value* operator->() const noexcept { return &current_; }
  /// Advances to the next element.
  ArrayIterator& operator++() noexcept {
    if (--remaining_ != 0) current_ = Value(current_.doc_, current_.info_.next);
    return *this;
  }
  /// Advances to the next element (postfix).
  ArrayIterator operator++(int) noexcept {
    ArrayIterator old = *this;
    ++*this;
    return old;
  }
  /// Equal when both point at the same position of the same range.
  bool operator==(const ArrayIterator& o) const noexcept { return remaining_ == o.remaining_; }
  /// See operator==.
  bool operator!=(const ArrayIterator& o) const noexcept { return remaining_ != o.remaining_; }

 private:
  friend class ArrayRange;
  ArrayIterator(Value first, std::size_t remaining) noexcept
      : current_(first), remaining_(remaining) {}
  Value current_;
  std::size_t remaining_;
};

class ObjectIterator {
 public:
  /// Iterator traits.
  using iterator_category = std::forward_iterator_tag;
  /// Iterator traits.
  using value_type = Member;
  /// Iterator traits.
  using difference_type = std::ptrdiff_t;
  /// Iterator traits.
  using pointer = const Member*;
  /// Iterator traits.
  using reference = const Member&;

  /// The current member.
  const Member& operator*() const noexcept { return current_; }
  /// The current member.
  const Member* operator->() const noexcept { return &current_; }
  /// Advances to the next member.
  ObjectIterator& operator++() noexcept {
    if (--remaining_ != 0) current_ = at(current_.value.doc_, current_.value.info_.next);
    return *this;
  }
  /// Advances to the next member (postfix).
  ObjectIterator operator++(int) noexcept {
    ObjectIterator old = *this;
    ++*this;
    return old;
  }
  /// Equal when both point at the same position of the same range.
  bool operator==(const ObjectIterator& o) const noexcept { return remaining_ == o.remaining_; }
  /// See operator==.
  bool operator!=(const ObjectIterator& o) const noexcept { return remaining_ != o.remaining_; }

 private:
  friend class ObjectRange;
  ObjectIterator(Member first, std::size_t remaining) noexcept
      : current_(first), remaining_(remaining) {}
  /// The member whose key node is at tape index `key`: on the tape a member
  /// is its key (a string node) followed by the value's subtree.
  static Member at(const ffi::Doc* doc, std::size_t key) noexcept {
    return Member{detail::view(doc->text(key)), Value(doc, key + 1)};
  }
  Member current_;
  std::size_t remaining_;
};

inline ArrayIterator ArrayRange::begin() const noexcept {
  return size_ == 0 ? end() : ArrayIterator(Value(doc_, first_), size_);
}
inline ArrayIterator ArrayRange::end() const noexcept {
  return ArrayIterator(Value(doc_, 0, ffi::NodeInfo{}), 0);
}
inline ObjectIterator ObjectRange::begin() const noexcept {
  return size_ == 0 ? end() : ObjectIterator(ObjectIterator::at(doc_, first_), size_);
}
inline ObjectIterator ObjectRange::end() const noexcept {
  return ObjectIterator(Member{{}, Value(doc_, 0, ffi::NodeInfo{})}, 0);
}
inline ArrayIterator Value::begin() const { return elements().begin(); }
inline ArrayIterator Value::end() const { return elements().end(); }

/// A JSON document. Owns its tape (RAII: freed by the destructor); movable,
/// not copyable. Obtain one from parse() or Builder::finish().
class Document {
 public:
  /// Takes over `other`'s document; Values taken from `other` stay valid and
  /// now borrow from this one. `other` is left empty (root() throws).
  Document(Document&& other) noexcept : doc_(std::move(other.doc_)) { other.doc_.reset(); }
  /// Releases this document and takes over `other`'s (see the move constructor).
  Document& operator=(Document&& other) noexcept {
    if (this != &other) {
      doc_ = std::move(other.doc_);
      other.doc_.reset();
    }
    return *this;
  }
  /// Not copyable: a Document owns its tape (move it, or share Values).
  Document(const Document&) = delete;
  /// Not copyable (see the deleted copy constructor).
  Document& operator=(const Document&) = delete;
  /// Frees the tape; every Value and string_view from it becomes invalid.
  ~Document() = default;

  /// The root value. Throws InvalidArgument on a moved-from Document.
  Value root() const { return Value(&get(), 0); }

  /// The whole document serialized with default options, or pretty-printed
  /// with `indent` spaces per level when indent >= 0.
  std::string dump(int indent = -1) const { return root().dump(indent); }

  /// Number of values on the tape (every value, key and container counts once).
  std::size_t node_count() const { return get().len(); }

  /// The value the JSON Pointer (RFC 6901) `pointer` names in this
  /// document, or nullopt; see Value::at_pointer(). Throws InvalidArgument
  /// for a malformed pointer or a moved-from Document.
  std::optional<Value> at_pointer(std::string_view pointer) const {
    return root().at_pointer(pointer);
  }

 private:
  friend class Builder;
  friend Document parse(std::string_view text, const ParseOptions& opts);
  friend std::string serialize(const Document& doc, const WriteOptions& opts);

  explicit Document(rust::Box<ffi::Doc> doc) noexcept : doc_(std::move(doc)) {}

  const ffi::Doc& get() const {
    if (!doc_) throw Error(ErrorKind::InvalidArgument, "use of a moved-from brownfield::json::Document");
    return **doc_;
  }

  std::optional<rust::Box<ffi::Doc>> doc_;
};

/// Parses one JSON document (strict RFC 8259; the text may hold any bytes,
/// including NUL and invalid UTF-8, which give an error). Throws
/// brownfield::Error with the kind and the byte offset, line and column where
/// the input is wrong.
inline Document parse(std::string_view text, const ParseOptions& opts = {}) {
  ffi::ErrorInfo error{};
  rust::Box<ffi::Doc> doc = ffi::parse(detail::bytes(text), opts.max_depth, error);
  if (doc->len() == 0) throw Error(error);
  return Document(std::move(doc));
}

/// Serializes a whole document. Throws brownfield::Error (Unserializable for
/// a non-finite float unless opts.allow_nan, NestingTooDeep past
/// opts.max_depth).
inline std::string serialize(const Document& doc, const WriteOptions& opts = {}) {
  return detail::serialize(doc.get(), 0, opts);
}

/// Serializes one value and its children; throws like the Document overload.
inline std::string serialize(const Value& value, const WriteOptions& opts = {}) {
  return detail::serialize(*value.doc_, value.index_, opts);
}

/// Builds a Document from code, without JSON text, one value at a time in
/// document order: scalars, begin_array() ... end_array(), begin_object()
/// then key() + value pairs ... end_object(); then finish(). Every call
/// returns the builder, so calls chain:
///
///   Document doc = Builder()
///       .begin_object()
///         .key("name").value("brownfield")
///         .key("tags").begin_array().value(1).value(2.5).null().end_array()
///       .end_object()
///       .finish();
///
/// The result is an ordinary Document: every accessor, at_pointer() and
/// serialize() work on it. A call that would not give exactly one
/// well-nested value (a value without a key in an object, a key outside an
/// object, an unbalanced end_*, a second root value, finish() with
/// containers open or nothing added) throws an Error of kind
/// InvalidArgument and changes nothing, so the builder may go on. Strings
/// and keys must be UTF-8 (else InvalidUtf8). Nesting is not limited while
/// building; serialize() applies WriteOptions::max_depth.
///
/// RAII: movable, not copyable. One builder must not be used from two
/// threads at once (it may move between threads).
class Builder {
 public:
  /// An empty builder.
  Builder() : b_(ffi::new_builder()) {}
  /// Takes over `other`'s state; `other` is left finished (its calls throw).
  Builder(Builder&& other) noexcept : b_(std::move(other.b_)) { other.b_.reset(); }
  /// Drops this builder's state and takes over `other`'s (see the move constructor).
  Builder& operator=(Builder&& other) noexcept {
    if (this != &other) {
      b_ = std::move(other.b_);
      other.b_.reset();
    }
    return *this;
  }
  /// Not copyable: the builder owns its partial document.
  Builder(const Builder&) = delete;
  /// Not copyable (see the deleted copy constructor).
  Builder& operator=(const Builder&) = delete;
  /// Frees whatever was built and not finished.
  ~Builder() = default;

  /// Adds `null`.
  Builder& null() { return check(get().null(error_)); }
  /// Adds `true` or `false`.
  Builder& boolean(bool v) { return check(get().boolean(v, error_)); }
  /// Adds a signed integer.
  Builder& int64(std::int64_t v) { return check(get().int64(v, error_)); }
  /// Adds an unsigned integer (above INT64_MAX it reads back with as_uint64()).
  Builder& uint64(std::uint64_t v) { return check(get().uint64(v, error_)); }
  /// Adds a float. NaN and infinities are kept; serialize() writes them
  /// only with WriteOptions::allow_nan.
  Builder& float64(double v) { return check(get().float64(v, error_)); }
  /// Adds an integer of any size given as decimal text (-?[1-9][0-9]* or
  /// 0), e.g. "123456789012345678901234567890"; one that fits 64 bits
  /// becomes an Int, a larger one a BigInt. Other text throws InvalidArgument.
  Builder& big_int(std::string_view digits) {
    return check(get().int_text(detail::bytes(digits), error_));
  }
  /// Adds a string (UTF-8, may contain NUL bytes).
  Builder& string(std::string_view s) { return check(get().string(detail::bytes(s), error_)); }
  /// Adds the key of the next object member (UTF-8); its value comes next.
  Builder& key(std::string_view k) { return check(get().key(detail::bytes(k), error_)); }
  /// Starts an array: add its elements, then end_array().
  Builder& begin_array() { return check(get().begin_array(error_)); }
  /// Ends the innermost open array.
  Builder& end_array() { return check(get().end_array(error_)); }
  /// Starts an object: add key() + value pairs, then end_object().
  Builder& begin_object() { return check(get().begin_object(error_)); }
  /// Ends the innermost open object.
  Builder& end_object() { return check(get().end_object(error_)); }

  /// Adds a scalar chosen by its C++ type: bool → boolean(), signed
  /// integers → int64(), unsigned integers → uint64(), floating point →
  /// float64(), anything convertible to std::string_view (std::string,
  /// const char*) → string(), nullptr → null().
  template <class T>
  Builder& value(const T& v) {
    using U = std::decay_t<T>;
    if constexpr (std::is_same_v<U, bool>) {
      return boolean(v);
    } else if constexpr (std::is_same_v<U, std::nullptr_t>) {
      return null();
    } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
      return int64(static_cast<std::int64_t>(v));
    } else if constexpr (std::is_integral_v<U>) {
      return uint64(static_cast<std::uint64_t>(v));
    } else if constexpr (std::is_floating_point_v<U>) {
      return float64(static_cast<double>(v));
    } else {
      static_assert(std::is_convertible_v<const T&, std::string_view>,
                    "Builder::value takes bool, integers, floating point, strings or nullptr");
      return string(std::string_view(v));
    }
  }

  /// The finished Document, once exactly one complete value was added.
  /// Uses the builder up, whether or not it succeeds: any later call throws
  /// InvalidArgument. Throws InvalidArgument when containers are still open
  /// or nothing was added.
  Document finish() {
    rust::Box<ffi::Doc> doc = get().finish(error_);
    b_.reset();
    if (doc->len() == 0) throw Error(error_);
    return Document(std::move(doc));
  }

 private:
  ffi::DocBuilder& get() {
    if (!b_) throw Error(ErrorKind::InvalidArgument, "document builder: already finished");
    return **b_;
  }
  Builder& check(bool ok) {
    if (!ok) throw Error(error_);
    return *this;
  }

  std::optional<rust::Box<ffi::DocBuilder>> b_;
  ffi::ErrorInfo error_{};  // filled by the bridge when a call fails
};

}  // namespace json
}  // namespace brownfield
