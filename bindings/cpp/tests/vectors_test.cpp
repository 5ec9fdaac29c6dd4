// Runs every shared JSON test vector (tests/vectors/json/manifest.tsv).

#include "support.hpp"

namespace bf = brownfield::json;
using bftest::read_file;
using bftest::vectors_dir;

// Valid: parses, and compact serialization gives the expected text (the
// `.raw.out` form, which keeps duplicate keys as the tape does, when present).
// The output parses again to an equal document.
TEST(Vectors, ValidParseAndSerializeCanonically) {
  std::size_t count = 0;
  for (const auto& v : bftest::manifest()) {
    if (!v.valid) continue;
    ++count;
    SCOPED_TRACE("valid/" + v.name);
    const std::string input = read_file(vectors_dir() / "valid" / (v.name + ".json"));
    const auto raw = vectors_dir() / "valid" / (v.name + ".raw.out");
    const std::string want =
        read_file(std::filesystem::exists(raw) ? raw : vectors_dir() / "valid" / (v.name + ".out"));
    try {
      const bf::Document doc = bf::parse(input);
      const std::string got = bf::serialize(doc);
      EXPECT_EQ(got, want);
      const bf::Document again = bf::parse(got);
      EXPECT_TRUE(bftest::same(doc.root(), again.root()));
      EXPECT_EQ(again.dump(), got);
    } catch (const brownfield::Error& e) {
      ADD_FAILURE() << "unexpected error: " << e.what();
    }
  }
  EXPECT_GE(count, 100u);
}

// Invalid: throws brownfield::Error with the expected kind and byte offset,
// and a 1-based line and column.
TEST(Vectors, InvalidThrowKindAndOffset) {
  std::size_t count = 0;
  for (const auto& v : bftest::manifest()) {
    if (v.valid) continue;
    ++count;
    SCOPED_TRACE("invalid/" + v.name);
    const std::string input = read_file(vectors_dir() / "invalid" / (v.name + ".json"));
    try {
      bf::parse(input);
      ADD_FAILURE() << "accepted";
    } catch (const brownfield::Error& e) {
      EXPECT_EQ(e.name(), v.kind) << e.what();
      EXPECT_EQ(e.offset(), v.offset) << e.what();
      EXPECT_TRUE(e.has_position());
      EXPECT_GE(e.line(), 1u);
      EXPECT_GE(e.column(), 1u);
      EXPECT_NE(std::string(e.what()).find("(byte " + std::to_string(v.offset) + ")"),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_GE(count, 100u);
}
