// Serializer options: sort_keys at every level, combined with indent and
// ensure_ascii.

#include "support.hpp"

namespace bf = brownfield::json;

namespace {

bf::WriteOptions sorted() {
  bf::WriteOptions o;
  o.sort_keys = true;
  return o;
}

/// True when every object in `v` (at any depth) has its keys in
/// non-decreasing byte order. Iterative.
bool keys_sorted_everywhere(const bf::Value& root, std::size_t* objects) {
  std::vector<bf::Value> stack{root};
  while (!stack.empty()) {
    const bf::Value v = stack.back();
    stack.pop_back();
    if (v.is_array()) {
      for (bf::Value e : v) stack.push_back(e);
    } else if (v.is_object()) {
      ++*objects;
      std::string_view previous;
      bool first = true;
      for (const auto& [key, value] : v.members()) {
        if (!first && key < previous) return false;
        previous = key;
        first = false;
        stack.push_back(value);
      }
    }
  }
  return true;
}

}  // namespace

TEST(WriteOptions, SortKeysAtEveryLevel) {
  const bf::Document doc =
      bf::parse(R"({"b":{"z":1,"a":[{"y":2,"x":{"d":4,"c":3}}]},"a":null,"B":true,"":0})");
  EXPECT_EQ(bf::serialize(doc, sorted()),
            R"({"":0,"B":true,"a":null,"b":{"a":[{"x":{"c":3,"d":4},"y":2}],"z":1}})");
  // Without the option: document order.
  EXPECT_EQ(bf::serialize(doc), R"({"b":{"z":1,"a":[{"y":2,"x":{"d":4,"c":3}}]},"a":null,"B":true,"":0})");
  // On one value only.
  EXPECT_EQ(bf::serialize(doc.root()["b"], sorted()), R"({"a":[{"x":{"c":3,"d":4},"y":2}],"z":1})");
}

TEST(WriteOptions, SortKeysByCodePointAndStableForDuplicates) {
  // Code point order: "Z" (U+005A) < "a" < "é" (U+00E9) < "日" (U+65E5) < "😀" (U+1F600).
  const bf::Document doc = bf::parse(R"({"😀":5,"日":4,"é":3,"a":2,"Z":1,"ab":6,"a\u0000":7})");
  EXPECT_EQ(bf::serialize(doc, sorted()),
            std::string(R"({"Z":1,"a":2,"a\u0000":7,"ab":6,"é":3,"日":4,"😀":5})"));
  // Duplicate keys stay, in their document order.
  const bf::Document dup = bf::parse(R"({"k":1,"a":0,"k":2,"k":3})");
  EXPECT_EQ(bf::serialize(dup, sorted()), R"({"a":0,"k":1,"k":2,"k":3})");
}

TEST(WriteOptions, SortKeysWithIndentAndEnsureAscii) {
  const bf::Document doc = bf::parse(R"({"é":[1,{"b":2,"a":1}],"a":{}})");
  bf::WriteOptions o = sorted();
  o.indent = 2;
  o.ensure_ascii = true;
  EXPECT_EQ(bf::serialize(doc, o),
            "{\n"
            "  \"a\": {},\n"
            "  \"\\u00e9\": [\n"
            "    1,\n"
            "    {\n"
            "      \"a\": 1,\n"
            "      \"b\": 2\n"
            "    }\n"
            "  ]\n"
            "}");
  o.indent = 0;
  EXPECT_EQ(bf::serialize(bf::parse(R"({"b":1,"a":2})"), o), "{\n\"a\": 2,\n\"b\": 1\n}");
}

TEST(WriteOptions, SortKeysOnTheCorpusKeepsEveryValue) {
  // Every corpus file written with sort_keys parses back to a document whose
  // objects are sorted at every level and that holds the same values (the
  // same text once both are sorted, and the same lookups).
  std::size_t objects = 0;
  for (const auto& path : bftest::corpus_files()) {
    const bf::Document original = bf::parse(bftest::read_file(path));
    const std::string text = bf::serialize(original, sorted());
    const bf::Document back = bf::parse(text);
    EXPECT_TRUE(keys_sorted_everywhere(back.root(), &objects)) << path;
    EXPECT_EQ(back.node_count(), original.node_count()) << path;
    EXPECT_EQ(bf::serialize(back, sorted()), text) << path;  // idempotent
    if (original.root().is_object()) {
      for (const auto& [key, value] : original.root().members()) {
        EXPECT_EQ(back.root()[key].dump(), bf::serialize(original.root()[key], sorted()))
            << path << " " << key;
      }
    }
  }
  EXPECT_GT(objects, 100u);
}
