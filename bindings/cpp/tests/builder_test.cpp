// brownfield::json::Builder: documents built from code behave exactly like
// parsed ones; misuse throws InvalidArgument and leaves the builder usable.

#include <cmath>
#include <limits>

#include "support.hpp"

namespace bf = brownfield::json;
using brownfield::ErrorKind;

namespace {

/// The kind of the brownfield::Error `f` throws (a failure if none).
template <class F>
ErrorKind kind_of(F&& f) {
  try {
    f();
  } catch (const brownfield::Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no exception";
  return ErrorKind::Internal;
}

/// Builds `v` (a parsed value) again with a Builder, recursively: the
/// builder must reproduce any parsed document.
void rebuild(const bf::Value& v, bf::Builder& b) {
  switch (v.type()) {
    case bf::ValueType::Null: b.null(); break;
    case bf::ValueType::Bool: b.boolean(v.as_bool()); break;
    case bf::ValueType::Int:
    case bf::ValueType::BigInt: b.big_int(v.number_text()); break;
    case bf::ValueType::Float: b.float64(v.as_double()); break;
    case bf::ValueType::String: b.string(v.as_string()); break;
    case bf::ValueType::Array:
      b.begin_array();
      for (bf::Value e : v) rebuild(e, b);
      b.end_array();
      break;
    case bf::ValueType::Object:
      b.begin_object();
      for (const auto& [key, value] : v.members()) {
        b.key(key);
        rebuild(value, b);
      }
      b.end_object();
      break;
  }
}

}  // namespace

TEST(Builder, EqualsParsingTheSameText) {
  const std::string text =
      R"({"name":"brownfield","ok":true,"off":false,"none":null,"n":-42,)"
      R"("big":18446744073709551615,"huge":-123456789012345678901234567890,"pi":3.25,)"
      R"("list":[1,"two",[3],{"four":4},[],{}],"esc":"q\"\\\n\u0000é","dup":1,"dup":2})";
  bf::Builder b;
  b.begin_object()
      .key("name").value("brownfield")
      .key("ok").value(true)
      .key("off").boolean(false)
      .key("none").null()
      .key("n").value(-42)
      .key("big").value(std::numeric_limits<std::uint64_t>::max())
      .key("huge").big_int("-123456789012345678901234567890")
      .key("pi").value(3.25)
      .key("list").begin_array()
          .value(1).value(std::string("two")).begin_array().int64(3).end_array()
          .begin_object().key("four").uint64(4).end_object()
          .begin_array().end_array().begin_object().end_object()
      .end_array()
      .key("esc").string(std::string_view("q\"\\\n\0é", 7))
      .key("dup").value(1)
      .key("dup").value(2)
      .end_object();
  const bf::Document built = b.finish();
  const bf::Document parsed = bf::parse(text);

  // Same text, same tape, same values through every accessor.
  EXPECT_EQ(bf::serialize(built), text);
  EXPECT_EQ(built.dump(2), parsed.dump(2));
  EXPECT_EQ(built.node_count(), parsed.node_count());
  EXPECT_TRUE(bftest::same(built.root(), parsed.root()));
  const bf::Value r = built.root();
  EXPECT_EQ(r["name"].as_string(), "brownfield");
  EXPECT_EQ(r["n"].type(), bf::ValueType::Int);
  EXPECT_EQ(r["big"].as_uint64(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_TRUE(r["huge"].is_big_int());
  EXPECT_EQ(r["huge"].number_text(), "-123456789012345678901234567890");
  EXPECT_EQ(r["dup"].as_int64(), 2);
  EXPECT_EQ(r["esc"].as_string(), std::string_view("q\"\\\n\0é", 7));
  EXPECT_EQ(r["list"].size(), 6u);
  EXPECT_EQ(r["list"][3]["four"].as_int64(), 4);
  EXPECT_EQ(built.at_pointer("/list/2/0")->as_int64(), 3);
  std::size_t members = 0;
  for (const auto& m : r.members()) members += !m.key.empty();
  EXPECT_EQ(members, 12u);
}

TEST(Builder, ScalarRootsAndIntegerLayout) {
  EXPECT_EQ(bf::Builder().null().finish().dump(), "null");
  EXPECT_EQ(bf::Builder().value("text").finish().root().as_string(), "text");
  EXPECT_EQ(bf::Builder().value(0.1).finish().dump(), "0.1");
  EXPECT_EQ(bf::Builder().value(1e100).finish().dump(), "1e+100");
  EXPECT_EQ(bf::Builder().value(2.0f).finish().dump(), "2.0");
  // big_int: 64-bit values become Int, larger ones BigInt, like parse().
  EXPECT_EQ(bf::Builder().big_int("-9223372036854775808").finish().root().as_int64(),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_TRUE(bf::Builder().big_int("18446744073709551616").finish().root().is_big_int());
  EXPECT_EQ(bf::Builder().big_int("0").finish().dump(), "0");
  const unsigned short small = 7;
  EXPECT_EQ(bf::Builder().value(small).finish().root().as_int64(), 7);
  EXPECT_EQ(bf::Builder().value(std::numeric_limits<std::int64_t>::min()).finish().dump(),
            "-9223372036854775808");
}

TEST(Builder, NonFiniteFloatsFollowAllowNan) {
  const bf::Document doc = bf::Builder()
                               .begin_array()
                               .value(std::numeric_limits<double>::infinity())
                               .value(std::nan(""))
                               .end_array()
                               .finish();
  EXPECT_EQ(kind_of([&] { bf::serialize(doc); }), ErrorKind::Unserializable);
  bf::WriteOptions nan_ok;
  nan_ok.allow_nan = true;
  EXPECT_EQ(bf::serialize(doc, nan_ok), "[Infinity,NaN]");
}

TEST(Builder, MisuseThrowsAndChangesNothing) {
  bf::Builder b;
  b.begin_object();
  EXPECT_EQ(kind_of([&] { b.value(1); }), ErrorKind::InvalidArgument);       // no key
  EXPECT_EQ(kind_of([&] { b.end_array(); }), ErrorKind::InvalidArgument);    // wrong end
  EXPECT_EQ(kind_of([&] { b.begin_array(); }), ErrorKind::InvalidArgument);  // no key
  b.key("k");
  EXPECT_EQ(kind_of([&] { b.key("k2"); }), ErrorKind::InvalidArgument);       // two keys
  EXPECT_EQ(kind_of([&] { b.end_object(); }), ErrorKind::InvalidArgument);    // key waiting
  b.begin_array();
  EXPECT_EQ(kind_of([&] { b.key("x"); }), ErrorKind::InvalidArgument);        // key in array
  EXPECT_EQ(kind_of([&] { b.end_object(); }), ErrorKind::InvalidArgument);    // wrong end
  b.value(1).end_array();
  EXPECT_EQ(kind_of([&] { b.big_int("1.5"); }), ErrorKind::InvalidArgument);  // no key, anyway
  b.key("n");
  for (const char* bad : {"", "-", "01", "1.5", "1e3", "+1", " 1", "0x10", "--1"}) {
    EXPECT_EQ(kind_of([&] { b.big_int(bad); }), ErrorKind::InvalidArgument) << bad;
  }
  EXPECT_EQ(kind_of([&] { b.string(std::string_view("\xff", 1)); }), ErrorKind::InvalidUtf8);
  b.big_int("12");
  EXPECT_EQ(kind_of([&] { b.key(std::string_view("\xc3", 1)); }), ErrorKind::InvalidUtf8);
  EXPECT_EQ(kind_of([&] { b.finish(); }), ErrorKind::InvalidArgument);  // object still open
  // finish() used the builder up, even though it failed.
  EXPECT_EQ(kind_of([&] { b.end_object(); }), ErrorKind::InvalidArgument);

  // After every rejected call the builder went on as if it never happened.
  bf::Builder ok;
  ok.begin_object().key("k").begin_array();
  EXPECT_THROW(ok.key("x"), brownfield::Error);
  ok.value(1).end_array();
  EXPECT_THROW(ok.end_array(), brownfield::Error);
  ok.key("n").big_int("12").end_object();
  EXPECT_THROW(ok.null(), brownfield::Error);  // a second root value
  EXPECT_EQ(ok.finish().dump(), R"({"k":[1],"n":12})");
}

TEST(Builder, FinishRulesAndMoves) {
  EXPECT_EQ(kind_of([] { bf::Builder().finish(); }), ErrorKind::InvalidArgument);  // empty
  EXPECT_EQ(kind_of([] { bf::Builder().begin_array().finish(); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind_of([] { bf::Builder().end_array(); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind_of([] { bf::Builder().key("k"); }), ErrorKind::InvalidArgument);

  bf::Builder b;
  b.begin_array().value(1);
  bf::Builder moved = std::move(b);
  EXPECT_EQ(kind_of([&] { b.value(2); }), ErrorKind::InvalidArgument);  // moved-from
  moved.value(2).end_array();
  bf::Builder assigned;
  assigned = std::move(moved);
  const bf::Document doc = assigned.finish();
  EXPECT_EQ(doc.dump(), "[1,2]");
  EXPECT_EQ(kind_of([&] { assigned.finish(); }), ErrorKind::InvalidArgument);  // used up
  static_assert(!std::is_copy_constructible_v<bf::Builder>);
  static_assert(std::is_nothrow_move_constructible_v<bf::Builder>);
}

TEST(Builder, RebuildsEveryCorpusFile) {
  for (const auto& path : bftest::corpus_files()) {
    const bf::Document parsed = bf::parse(bftest::read_file(path));
    bf::Builder b;
    rebuild(parsed.root(), b);
    const bf::Document built = b.finish();
    EXPECT_EQ(bf::serialize(built), bf::serialize(parsed)) << path;
    EXPECT_EQ(built.node_count(), parsed.node_count()) << path;
  }
}

TEST(Builder, HundredThousandDeepIsBuiltAndRefusedBySerialize) {
  // Building has no depth limit; writing applies max_depth: an error, never
  // a stack overflow.
  constexpr std::size_t kDepth = 100000;
  bf::Builder b;
  for (std::size_t i = 0; i < kDepth; ++i) b.begin_array();
  for (std::size_t i = 0; i < kDepth; ++i) b.end_array();
  const bf::Document doc = b.finish();
  EXPECT_EQ(doc.node_count(), kDepth);
  EXPECT_EQ(kind_of([&] { bf::serialize(doc); }), ErrorKind::NestingTooDeep);
  bf::WriteOptions deep;
  deep.max_depth = kDepth;
  EXPECT_EQ(bf::serialize(doc, deep).size(), 2 * kDepth);
  std::string pointer;
  for (std::size_t i = 0; i + 1 < kDepth; ++i) pointer += "/0";
  EXPECT_EQ(doc.at_pointer(pointer)->size(), 0u);
  EXPECT_FALSE(doc.at_pointer(pointer + "/0").has_value());
}
