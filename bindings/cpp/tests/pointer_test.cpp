// JSON Pointer (RFC 6901) lookup: Document::at_pointer / Value::at_pointer.

#include "support.hpp"

namespace bf = brownfield::json;
using brownfield::ErrorKind;

namespace {

/// The example document of RFC 6901 section 5.
const char* const kRfc = R"({
  "foo": ["bar", "baz"],
  "": 0,
  "a/b": 1,
  "c%d": 2,
  "e^f": 3,
  "g|h": 4,
  "i\\j": 5,
  "k\"l": 6,
  " ": 7,
  "m~n": 8
})";

/// The error `f` throws (a failure if it throws none).
template <class F>
brownfield::Error error_of(F&& f) {
  try {
    f();
  } catch (const brownfield::Error& e) {
    return e;
  }
  ADD_FAILURE() << "no exception";
  return brownfield::Error(ErrorKind::Internal, "no exception");
}

}  // namespace

TEST(Pointer, Rfc6901Section5) {
  const bf::Document doc = bf::parse(kRfc);
  // "" is the whole document.
  const std::optional<bf::Value> whole = doc.at_pointer("");
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->index(), 0u);
  EXPECT_EQ(whole->dump(), doc.dump());
  // "/foo" is ["bar", "baz"], "/foo/0" is "bar".
  EXPECT_EQ(doc.at_pointer("/foo")->dump(), R"(["bar","baz"])");
  EXPECT_EQ(doc.at_pointer("/foo/0")->as_string(), "bar");
  EXPECT_EQ(doc.at_pointer("/foo/1")->as_string(), "baz");
  // The remaining examples, each naming one integer member.
  const std::pair<const char*, std::int64_t> members[] = {
      {"/", 0},     {"/a~1b", 1}, {"/c%d", 2}, {"/e^f", 3},  {"/g|h", 4},
      {"/i\\j", 5}, {"/k\"l", 6}, {"/ ", 7},   {"/m~0n", 8},
  };
  for (const auto& [pointer, expected] : members) {
    const std::optional<bf::Value> v = doc.at_pointer(pointer);
    ASSERT_TRUE(v.has_value()) << pointer;
    EXPECT_EQ(v->as_int64(), expected) << pointer;
  }
}

TEST(Pointer, MissingIsNullopt) {
  const bf::Document doc = bf::parse(R"({"a":[1,{"b":null}],"s":"x","n":null})");
  for (const char* p : {"/nope", "/a/2", "/a/-", "/a/0/x", "/s/0", "/n/x", "/a/1/c",
                        "/a/99999999999999999999999", "/A"}) {
    EXPECT_FALSE(doc.at_pointer(p).has_value()) << p;
  }
  // A member whose value is null is found (and is not the same as missing).
  const std::optional<bf::Value> b = doc.at_pointer("/a/1/b");
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->is_null());
  EXPECT_TRUE(doc.at_pointer("/n")->is_null());
}

TEST(Pointer, MalformedThrowsInvalidArgument) {
  const bf::Document doc = bf::parse(R"({"a":[1,2],"~":3})");
  for (const char* p : {"a", "#/a", "/a/01", "/a/x", "/a/-1", "/a/+1", "/~2", "/~", "/a~"}) {
    const brownfield::Error e = error_of([&] { doc.at_pointer(p); });
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << p;
    EXPECT_EQ(e.name(), "invalid_argument") << p;
    EXPECT_NE(e.message().find("JSON Pointer"), std::string::npos) << e.what();
  }
  // Not UTF-8: its own kind, never a crash.
  EXPECT_EQ(error_of([&] { doc.at_pointer(std::string_view("/\xff", 2)); }).kind(),
            ErrorKind::InvalidUtf8);
  // "~0" decodes to "~".
  EXPECT_EQ(doc.at_pointer("/~0")->as_int64(), 3);
}

TEST(Pointer, RelativeToAValueAndDuplicates) {
  const bf::Document doc =
      bf::parse(R"({"outer":{"list":[10,{"k":"v"}]},"d":{"x":1},"d":{"y":2}})");
  const bf::Value outer = *doc.at_pointer("/outer");
  EXPECT_EQ(outer.at_pointer("/list/1/k")->as_string(), "v");
  EXPECT_EQ(outer.at_pointer("")->index(), outer.index());
  EXPECT_FALSE(outer.at_pointer("/outer").has_value());
  // A scalar: only "" names something.
  const bf::Value ten = *outer.at_pointer("/list/0");
  EXPECT_EQ(ten.at_pointer("")->as_int64(), 10);
  EXPECT_FALSE(ten.at_pointer("/0").has_value());
  // Duplicate keys: the last member wins, as with operator[].
  EXPECT_FALSE(doc.at_pointer("/d/x").has_value());
  EXPECT_EQ(doc.at_pointer("/d/y")->as_int64(), 2);
}

TEST(Pointer, KeysWithNulAndUnicode) {
  const bf::Document doc = bf::parse(R"({"a\u0000b":1,"é/ü":2,"日本":{"x~y":3}})");
  EXPECT_EQ(doc.at_pointer(std::string_view("/a\0b", 4))->as_int64(), 1);
  EXPECT_FALSE(doc.at_pointer("/a").has_value());  // no truncation at the NUL
  EXPECT_EQ(doc.at_pointer("/é~1ü")->as_int64(), 2);
  EXPECT_EQ(doc.at_pointer("/日本/x~0y")->as_int64(), 3);
}

TEST(Pointer, EveryValueOfACorpusFileIsReachable) {
  // Builds the pointer of every value of one corpus document by walking it,
  // and checks that the pointer leads back to exactly that value.
  const std::string text = bftest::read_file(bftest::corpus_files().front());
  const bf::Document doc = bf::parse(text);
  std::vector<std::pair<bf::Value, std::string>> stack{{doc.root(), ""}};
  std::size_t checked = 0;
  auto escape = [](std::string_view key) {
    std::string out;
    for (char c : key) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
    return out;
  };
  while (!stack.empty()) {
    auto [v, pointer] = stack.back();
    stack.pop_back();
    const std::optional<bf::Value> found = doc.at_pointer(pointer);
    ASSERT_TRUE(found.has_value()) << pointer;
    ++checked;
    if (v.is_array()) {
      std::size_t i = 0;
      for (bf::Value e : v) stack.emplace_back(e, pointer + "/" + std::to_string(i++));
    } else if (v.is_object()) {
      // With duplicate keys only the last member is reachable; compare those.
      for (const auto& [key, value] : v.members()) {
        if (v[key].index() == value.index()) stack.emplace_back(value, pointer + "/" + escape(key));
      }
    }
    EXPECT_EQ(found->index(), v.index()) << pointer;
  }
  EXPECT_GT(checked, 10u);
}

TEST(Pointer, MovedFromDocumentThrows) {
  bf::Document doc = bf::parse("[1]");
  bf::Document other = std::move(doc);
  EXPECT_EQ(other.at_pointer("/0")->as_int64(), 1);
  EXPECT_EQ(error_of([&] { doc.at_pointer(""); }).kind(), ErrorKind::InvalidArgument);
}
