// The brownfield.hpp API: accessors, iteration, lookups, serialization
// options, error fields and type errors.

#include <cmath>
#include <limits>
#include <map>
#include <thread>
#include <type_traits>

#include "support.hpp"

namespace bf = brownfield::json;
using brownfield::ErrorKind;

namespace {

const char* const kSample = R"({
  "name": "brownfield",
  "ok": true,
  "off": false,
  "nothing": null,
  "count": -42,
  "big": 18446744073709551615,
  "huge": -123456789012345678901234567890,
  "pi": 3.25,
  "list": [1, "two", [3], {"four": 4}],
  "empty": {},
  "dup": 1,
  "dup": 2
})";

/// Runs `f`, expecting a brownfield::Error of `kind`.
template <class F>
void expect_error(ErrorKind kind, F&& f) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const brownfield::Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
  }
}

}  // namespace

TEST(Api, ScalarsAndTypes) {
  const bf::Document doc = bf::parse(kSample);
  const bf::Value root = doc.root();
  EXPECT_TRUE(root.is_object());
  EXPECT_EQ(root.size(), 12u);
  EXPECT_EQ(root["name"].as_string(), "brownfield");
  EXPECT_TRUE(root["ok"].as_bool());
  EXPECT_FALSE(root["off"].as_bool());
  EXPECT_TRUE(root["nothing"].is_null());
  EXPECT_EQ(root["count"].type(), bf::ValueType::Int);
  EXPECT_EQ(root["count"].as_int64(), -42);
  EXPECT_EQ(root["count"].as_double(), -42.0);
  EXPECT_EQ(root["big"].as_uint64(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_TRUE(root["big"].is_int());
  EXPECT_TRUE(root["huge"].is_big_int());
  EXPECT_TRUE(root["huge"].is_number());
  EXPECT_EQ(root["huge"].number_text(), "-123456789012345678901234567890");
  EXPECT_EQ(root["pi"].as_double(), 3.25);
  EXPECT_TRUE(root["pi"].is_float());
  EXPECT_EQ(root["pi"].number_text(), "3.25");
  EXPECT_EQ(root["count"].number_text(), "-42");
  EXPECT_EQ(root["big"].number_text(), "18446744073709551615");
  EXPECT_EQ(root["dup"].as_int64(), 2);  // the last duplicate wins, as in Python and Ruby
  EXPECT_EQ(root["empty"].size(), 0u);
  EXPECT_EQ(bf::type_name(root["list"].type()), "array");
}

TEST(Api, ArrayAccessAndIteration) {
  const bf::Document doc = bf::parse(kSample);
  const bf::Value list = doc.root()["list"];
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].as_int64(), 1);
  EXPECT_EQ(list[1].as_string(), "two");
  EXPECT_EQ(list[2][0].as_int64(), 3);
  EXPECT_EQ(list[3]["four"].as_int64(), 4);

  std::vector<bf::ValueType> types;
  for (bf::Value v : list) types.push_back(v.type());
  EXPECT_EQ(types, (std::vector<bf::ValueType>{bf::ValueType::Int, bf::ValueType::String,
                                               bf::ValueType::Array, bf::ValueType::Object}));
  EXPECT_EQ(list.elements().size(), 4u);
  EXPECT_EQ(std::distance(list.elements().begin(), list.elements().end()), 4);
  auto it = list.elements().begin();
  EXPECT_EQ((*it++).as_int64(), 1);
  EXPECT_EQ((*it).as_string(), "two");

  const bf::Document empty = bf::parse("[]");
  EXPECT_EQ(empty.root().elements().begin(), empty.root().elements().end());
}

TEST(Api, ObjectIterationKeepsOrderAndDuplicates) {
  const bf::Document doc = bf::parse(kSample);
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.root().members()) {
    keys.emplace_back(key);
    (void)value.type();
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "ok", "off", "nothing", "count", "big", "huge",
                                            "pi", "list", "empty", "dup", "dup"}));
  // A map built from the members keeps the last duplicate, like the host languages.
  std::map<std::string, std::string> m;
  for (const auto& member : doc.root().members()) m[std::string(member.key)] = member.value.dump();
  EXPECT_EQ(m["dup"], "2");
  EXPECT_EQ(m["list"], R"([1,"two",[3],{"four":4}])");
}

TEST(Api, FindAndContains) {
  const bf::Document doc = bf::parse(R"({"a":1,"":2,"k\u0000ey":3})");
  const bf::Value root = doc.root();
  EXPECT_TRUE(root.contains("a"));
  EXPECT_FALSE(root.contains("b"));
  EXPECT_FALSE(root.find("b").has_value());
  EXPECT_EQ(root.find("")->as_int64(), 2);
  EXPECT_EQ(root[std::string_view("k\0ey", 4)].as_int64(), 3);
  EXPECT_FALSE(root.contains(std::string_view("k", 1)));
  EXPECT_FALSE(root.contains("\xff\xfe"));  // not UTF-8: no match, no crash
}

TEST(Api, TypeMismatchesThrowInvalidArgument) {
  const bf::Document doc = bf::parse(kSample);
  const bf::Value root = doc.root();
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root.as_bool(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root.as_int64(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root.as_string(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root.as_double(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root.number_text(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root[0]; });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root.elements(); });
  expect_error(ErrorKind::InvalidArgument, [&] { for (bf::Value v : root) (void)v; });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["missing"]; });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["list"]["x"]; });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["list"].members(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["list"].find("x"); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["list"][4]; });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["list"][SIZE_MAX]; });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["name"].size(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["nothing"].as_bool(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["big"].as_int64(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["count"].as_uint64(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["huge"].as_int64(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["huge"].as_double(); });
  expect_error(ErrorKind::InvalidArgument, [&] { (void)root["pi"].as_int64(); });
  try {
    (void)root["list"].as_string();
  } catch (const brownfield::Error& e) {
    EXPECT_STREQ(e.what(), "expected string, found array");
    EXPECT_EQ(e.name(), "invalid_argument");
    EXPECT_FALSE(e.has_position());
    EXPECT_EQ(e.offset(), 0u);
  }
}

TEST(Api, DocumentIsMovableNotCopyable) {
  static_assert(!std::is_copy_constructible_v<bf::Document>);
  static_assert(!std::is_copy_assignable_v<bf::Document>);
  static_assert(std::is_nothrow_move_constructible_v<bf::Document>);
  static_assert(std::is_nothrow_move_assignable_v<bf::Document>);
  bf::Document a = bf::parse(R"(["kept"])");
  const bf::Value v = a.root()[0];
  const std::string_view s = v.as_string();
  bf::Document b = std::move(a);
  // Values and views survive the move: they borrow the document's storage.
  EXPECT_EQ(v.as_string(), "kept");
  EXPECT_EQ(s, "kept");
  EXPECT_EQ(b.root()[0].as_string(), "kept");
  expect_error(ErrorKind::InvalidArgument, [&] { (void)a.root(); });  // NOLINT(bugprone-use-after-move)
  expect_error(ErrorKind::InvalidArgument, [&] { (void)bf::serialize(a); });
  a = bf::parse("7");
  EXPECT_EQ(a.root().as_int64(), 7);
  a = std::move(b);
  EXPECT_EQ(a.root()[0].as_string(), "kept");
  EXPECT_EQ(a.node_count(), 2u);
}

TEST(Api, SerializeOptions) {
  const bf::Document doc = bf::parse(R"({"a":[1,2.5,"é\n"],"b":{}})");
  EXPECT_EQ(bf::serialize(doc), "{\"a\":[1,2.5,\"é\\n\"],\"b\":{}}");
  EXPECT_EQ(doc.dump(), bf::serialize(doc));
  bf::WriteOptions ascii;
  ascii.ensure_ascii = true;
  EXPECT_EQ(bf::serialize(doc, ascii), "{\"a\":[1,2.5,\"\\u00e9\\n\"],\"b\":{}}");
  EXPECT_EQ(doc.dump(2), "{\n  \"a\": [\n    1,\n    2.5,\n    \"é\\n\"\n  ],\n  \"b\": {}\n}");
  EXPECT_EQ(doc.root()["a"].dump(), "[1,2.5,\"é\\n\"]");
  EXPECT_EQ(bf::serialize(doc.root()["a"][1]), "2.5");

  bf::WriteOptions shallow;
  shallow.max_depth = 1;
  expect_error(ErrorKind::NestingTooDeep, [&] { (void)bf::serialize(doc, shallow); });

  // 1e400 reads as +inf (as Python and Ruby do); writing it needs allow_nan.
  const bf::Document inf = bf::parse("[1e400,-1e400]");
  EXPECT_TRUE(std::isinf(inf.root()[0].as_double()));
  expect_error(ErrorKind::Unserializable, [&] { (void)bf::serialize(inf); });
  bf::WriteOptions nan_ok;
  nan_ok.allow_nan = true;
  EXPECT_EQ(bf::serialize(inf, nan_ok), "[Infinity,-Infinity]");
  EXPECT_EQ(inf.root()[1].number_text(), "-Infinity");
}

TEST(Api, DefaultsMatchTheCore) {
  EXPECT_EQ(bf::ParseOptions{}.max_depth, 1024u);
  const bf::WriteOptions w;
  EXPECT_EQ(w.indent, -1);
  EXPECT_FALSE(w.ensure_ascii);
  EXPECT_FALSE(w.allow_nan);
  EXPECT_EQ(w.max_depth, 1024u);
  EXPECT_FALSE(w.sort_keys);
  bf::ParseOptions tight;
  tight.max_depth = 2;
  EXPECT_NO_THROW(bf::parse("[[1]]", tight));
  expect_error(ErrorKind::NestingTooDeep, [&] { bf::parse("[[[1]]]", tight); });
}

TEST(Api, ErrorCarriesKindPositionAndMessage) {
  try {
    bf::parse("{\n  \"é\": [1,,2]\n}");
    FAIL() << "accepted";
  } catch (const brownfield::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::ExpectedValue);
    EXPECT_EQ(e.name(), "expected_value");
    EXPECT_TRUE(e.has_position());
    EXPECT_EQ(e.offset(), 13u);
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 11u);  // characters, not bytes: "é" counts once
    EXPECT_FALSE(e.message().empty());
    EXPECT_EQ(std::string(e.what()), e.message() + " at line 2 column 11 (byte 13)");
    const std::runtime_error& base = e;  // catchable as a standard exception
    EXPECT_STREQ(base.what(), e.what());
  }
}

TEST(Api, EveryKindHasItsName) {
  const std::pair<ErrorKind, const char*> kinds[] = {
      {ErrorKind::UnexpectedEof, "unexpected_eof"},
      {ErrorKind::ExpectedValue, "expected_value"},
      {ErrorKind::ExpectedArrayCommaOrEnd, "expected_array_comma_or_end"},
      {ErrorKind::ExpectedObjectCommaOrEnd, "expected_object_comma_or_end"},
      {ErrorKind::ExpectedKey, "expected_key"},
      {ErrorKind::ExpectedColon, "expected_colon"},
      {ErrorKind::InvalidNumber, "invalid_number"},
      {ErrorKind::InvalidEscape, "invalid_escape"},
      {ErrorKind::InvalidUnicodeEscape, "invalid_unicode_escape"},
      {ErrorKind::ControlCharacterInString, "control_character_in_string"},
      {ErrorKind::InvalidUtf8, "invalid_utf8"},
      {ErrorKind::TrailingCharacters, "trailing_characters"},
      {ErrorKind::NestingTooDeep, "nesting_too_deep"},
      {ErrorKind::InvalidLiteral, "invalid_literal"},
      {ErrorKind::EmptyInput, "empty_input"},
      {ErrorKind::Unserializable, "unserializable"},
      {ErrorKind::InvalidArgument, "invalid_argument"},
      {ErrorKind::Io, "io"},
      {ErrorKind::Internal, "internal"},
      {ErrorKind::BadRecord, "bad_record"},
      {ErrorKind::Interrupted, "interrupted"},
  };
  std::uint32_t number = 1;  // kinds are numbered 1..21 in this order (C ABI too)
  for (const auto& [kind, name] : kinds) {
    EXPECT_EQ(brownfield::kind_name(kind), name);
    EXPECT_EQ(static_cast<std::uint32_t>(kind), number++);
  }
  EXPECT_EQ(brownfield::kind_name(static_cast<ErrorKind>(0)), "");
  EXPECT_EQ(brownfield::kind_name(static_cast<ErrorKind>(99)), "");
}

TEST(Api, ScalarRootsAndStringContents) {
  EXPECT_TRUE(bf::parse(" null ").root().is_null());
  EXPECT_EQ(bf::parse("-0").root().as_int64(), 0);
  EXPECT_EQ(bf::parse("-9223372036854775808").root().as_int64(),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_TRUE(bf::parse("9223372036854775808").root().is_int());
  EXPECT_TRUE(bf::parse("18446744073709551616").root().is_big_int());
  EXPECT_EQ(bf::parse("1E2").root().as_double(), 100.0);
  EXPECT_EQ(bf::parse(R"("\ud83d\ude00")").root().as_string(), "\xF0\x9F\x98\x80");
  const bf::Document nul = bf::parse(R"("a\u0000b")");
  EXPECT_EQ(nul.root().as_string(), std::string_view("a\0b", 3));
  EXPECT_EQ(nul.dump(), R"("a\u0000b")");
  EXPECT_EQ(bf::parse("[]").node_count(), 1u);
}

// The README's quick start, verbatim in spirit.
TEST(Api, ReadmeQuickStart) {
  bf::Document doc = bf::parse(R"({"name":"x","tags":["a","b"],"n":12345678901234567890123})");
  bf::Value root = doc.root();
  EXPECT_EQ(root["name"].as_string(), "x");
  std::string tags;
  for (bf::Value tag : root["tags"]) tags += tag.as_string();
  EXPECT_EQ(tags, "ab");
  std::size_t members = 0;
  for (auto [key, value] : root.members()) members += !key.empty() && value.type() != bf::ValueType::Null;
  EXPECT_EQ(members, 3u);
  EXPECT_EQ(root["n"].number_text(), "12345678901234567890123");
  EXPECT_EQ(bf::serialize(doc), R"({"name":"x","tags":["a","b"],"n":12345678901234567890123})");
  EXPECT_EQ(doc.dump(2), "{\n  \"name\": \"x\",\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ],\n  \"n\": 12345678901234567890123\n}");
  bf::WriteOptions opts;
  opts.sort_keys = true;
  EXPECT_EQ(bf::serialize(doc, opts), R"({"n":12345678901234567890123,"name":"x","tags":["a","b"]})");
  EXPECT_EQ(doc.at_pointer("/tags/1")->as_string(), "b");
  EXPECT_FALSE(doc.at_pointer("/tags/2").has_value());
  const bf::Document built = bf::Builder()
                                 .begin_object()
                                 .key("name").value("x")
                                 .key("tags").begin_array().value("a").value(2).null().end_array()
                                 .end_object()
                                 .finish();
  EXPECT_EQ(built.dump(), R"({"name":"x","tags":["a",2,null]})");
  try {
    bf::parse("[1,,2]");
    FAIL() << "accepted";
  } catch (const brownfield::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::ExpectedValue);
    EXPECT_EQ(e.name(), "expected_value");
    EXPECT_EQ(e.offset(), 3u);
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.column(), 4u);
    EXPECT_STREQ(e.what(), "expected a JSON value at line 1 column 4 (byte 3)");
  }
}

// A Document may be read from several threads at once.
TEST(Api, ConcurrentReadersShareADocument) {
  const bf::Document doc = bf::parse(kSample);
  const std::string expected = bf::serialize(doc);
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        std::string text;
        for (const auto& [key, value] : doc.root().members()) text.append(key).append(value.dump());
        results[t] = bf::serialize(doc) + text;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r.substr(0, expected.size()), expected);
  for (const auto& r : results) EXPECT_EQ(r, results[0]);
}
