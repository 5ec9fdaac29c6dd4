// Round trip over every file of the shared corpus ($BROWNFIELD_DATA_DIR/json).
// A missing corpus fails the test; it never skips.

#include <nlohmann/json.hpp>

#include "support.hpp"

namespace bf = brownfield::json;

// Every corpus file parses; its compact serialization parses again to an
// equal document and is a fixed point; nlohmann::json, an independent
// parser, reads the same value from the input and from our output; and a
// pretty-printed, ASCII-only serialization reads back to the same value too.
TEST(Corpus, EveryFileRoundTrips) {
  const auto files = bftest::corpus_files();
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    const std::string input = bftest::read_file(path);
    try {
      const bf::Document doc = bf::parse(input);
      const std::string out = bf::serialize(doc);
      const bf::Document again = bf::parse(out);
      EXPECT_TRUE(bftest::same(doc.root(), again.root()));
      EXPECT_EQ(bf::serialize(again), out);
      EXPECT_EQ(nlohmann::json::parse(out), nlohmann::json::parse(input));

      bf::WriteOptions pretty;
      pretty.indent = 2;
      pretty.ensure_ascii = true;
      const std::string ascii = bf::serialize(doc, pretty);
      EXPECT_TRUE(std::all_of(ascii.begin(), ascii.end(),
                              [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
      EXPECT_TRUE(bftest::same(doc.root(), bf::parse(ascii).root()));
    } catch (const brownfield::Error& e) {
      ADD_FAILURE() << e.what();
    }
  }
  EXPECT_GE(files.size(), 10u);
}

// Every corpus file's values are reachable through the public accessors: a
// full walk reads every scalar with its typed accessor without throwing and
// visits as many values as the tape holds.
TEST(Corpus, FullWalkVisitsEveryNode) {
  for (const auto& path : bftest::corpus_files()) {
    SCOPED_TRACE(path.filename().string());
    const bf::Document doc = bf::parse(bftest::read_file(path));
    std::size_t visited = 0;
    std::vector<bf::Value> stack{doc.root()};
    while (!stack.empty()) {
      const bf::Value v = stack.back();
      stack.pop_back();
      ++visited;
      switch (v.type()) {
        case bf::ValueType::Null: break;
        case bf::ValueType::Bool: (void)v.as_bool(); break;
        case bf::ValueType::Int: (void)v.as_double(); break;
        case bf::ValueType::BigInt: EXPECT_FALSE(v.number_text().empty()); break;
        case bf::ValueType::Float: (void)v.as_double(); break;
        case bf::ValueType::String: (void)v.as_string(); break;
        case bf::ValueType::Array:
          for (const bf::Value e : v.elements()) stack.push_back(e);
          break;
        case bf::ValueType::Object:
          for (const auto& [key, value] : v.members()) {
            ++visited;  // the key node
            (void)key;
            stack.push_back(value);
          }
          break;
      }
    }
    EXPECT_EQ(visited, doc.node_count());
  }
}
