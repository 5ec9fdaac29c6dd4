// Inputs that must give a typed brownfield::Error and never crash the
// process: huge nesting, truncation at every byte, invalid UTF-8, NUL bytes,
// random corruption.

#include <random>

#include "support.hpp"

namespace bf = brownfield::json;
using brownfield::ErrorKind;

namespace {

/// `n` copies of `s`.
std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out.append(s);
  return out;
}

/// Parses `text`, expecting an error; returns it.
brownfield::Error parse_error(std::string_view text, const bf::ParseOptions& opts = {}) {
  try {
    bf::parse(text, opts);
  } catch (const brownfield::Error& e) {
    return e;
  }
  ADD_FAILURE() << "accepted";
  return brownfield::Error(ErrorKind::Internal, "accepted");
}

/// Nesting depth of a value, iteratively (any depth).
std::size_t depth(const bf::Value& root) {
  std::size_t max = 0;
  std::vector<std::pair<bf::Value, std::size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [v, d] = stack.back();
    stack.pop_back();
    if (v.is_array()) {
      max = std::max(max, d + 1);
      for (bf::Value e : v) stack.emplace_back(e, d + 1);
    } else if (v.is_object()) {
      max = std::max(max, d + 1);
      for (const auto& m : v.members()) stack.emplace_back(m.value, d + 1);
    }
  }
  return max;
}

}  // namespace

TEST(Hostile, HundredThousandDeepNestingIsAnError) {
  constexpr std::size_t kDeep = 100000;
  for (std::string_view open : {"[", "{\"k\":", "[{\"k\":"}) {
    SCOPED_TRACE(std::string(open));
    const brownfield::Error e = parse_error(repeat(open, kDeep) + "1");
    EXPECT_EQ(e.kind(), ErrorKind::NestingTooDeep) << e.what();
  }
  // The error points at the bracket that goes one level past the limit.
  const brownfield::Error e = parse_error(repeat("[", kDeep) + repeat("]", kDeep));
  EXPECT_EQ(e.kind(), ErrorKind::NestingTooDeep);
  EXPECT_EQ(e.offset(), 1024u);
  EXPECT_EQ(e.column(), 1025u);
}

TEST(Hostile, HundredThousandDeepNestingWithRaisedLimits) {
  constexpr std::size_t kDeep = 100000;
  const std::string text = repeat("[", kDeep) + repeat("]", kDeep);
  bf::ParseOptions deep_parse;
  deep_parse.max_depth = kDeep;
  const bf::Document doc = bf::parse(text, deep_parse);
  EXPECT_EQ(doc.node_count(), kDeep);
  EXPECT_EQ(depth(doc.root()), kDeep);
  // The writer has its own limit: the default refuses, a raised one writes it all.
  try {
    (void)bf::serialize(doc);
    ADD_FAILURE() << "serialized past the writer's limit";
  } catch (const brownfield::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NestingTooDeep);
  }
  bf::WriteOptions deep_write;
  deep_write.max_depth = kDeep;
  EXPECT_EQ(bf::serialize(doc, deep_write), text);
}

TEST(Hostile, EveryTruncationIsACleanError) {
  const std::string doc =
      R"({"a":[1,2.5e-3,"x\u00e9\ud83d\ude00y",true,null,{"b":-0}],"c":"\n","d":"é😀","e":[]})";
  ASSERT_NO_THROW(bf::parse(doc));
  for (std::size_t cut = 0; cut < doc.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const brownfield::Error e = parse_error(std::string_view(doc).substr(0, cut));
    // A cut inside a multi-byte character may instead be reported as invalid UTF-8.
    EXPECT_TRUE(e.kind() == ErrorKind::UnexpectedEof || e.kind() == ErrorKind::EmptyInput ||
                e.kind() == ErrorKind::InvalidUtf8)
        << e.what();
    EXPECT_LE(e.offset(), cut);
    EXPECT_GE(e.line(), 1u);
  }
}

// Cuts of real data: every byte of one corpus record (pretty-printed, so
// whitespace is cut too), and every 61st byte of the whole file.
TEST(Hostile, TruncatedCorpusDataIsACleanError) {
  const std::string file = bftest::read_file(bftest::corpus_dir() / "github_events.json");
  const bf::Document events = bf::parse(file);
  ASSERT_TRUE(events.root().is_array());
  const std::string record = events.root()[0].dump(2);
  ASSERT_GT(record.size(), 1000u);
  // The file ends in "]\n": every cut before the closing bracket is incomplete.
  const std::size_t file_end = file.find_last_of(']');
  std::vector<std::pair<std::string_view, std::size_t>> cuts;
  for (std::size_t cut = 0; cut < record.size(); ++cut) cuts.emplace_back(record, cut);
  for (std::size_t cut = 0; cut < file_end; cut += 61) cuts.emplace_back(file, cut);
  for (const auto& [text, cut] : cuts) {
    try {
      bf::parse(text.substr(0, cut));
      ADD_FAILURE() << "accepted a cut at " << cut;
    } catch (const brownfield::Error& e) {
      if (e.kind() != ErrorKind::UnexpectedEof && e.kind() != ErrorKind::EmptyInput &&
          e.kind() != ErrorKind::InvalidUtf8) {
        ADD_FAILURE() << "cut at " << cut << ": " << e.what();
      }
      EXPECT_LE(e.offset(), cut);
    }
  }
}

TEST(Hostile, InvalidUtf8) {
  const std::pair<std::string, std::size_t> cases[] = {
      {"\"\xff\"", 1},                  // never valid in UTF-8
      {"[\"ok\",\"\xc3\"]", 7},          // truncated sequence
      {"\"\xc0\x80\"", 1},              // overlong NUL
      {"\"\xed\xa0\x80\"", 1},          // encoded surrogate
      {"\"\xf4\x90\x80\x80\"", 1},      // beyond U+10FFFF
      {"{\"k\xfe\":1}", 3},             // in a key
      {"\xff", 0},                      // outside a string
  };
  for (const auto& [text, offset] : cases) {
    SCOPED_TRACE(text);
    const brownfield::Error e = parse_error(text);
    EXPECT_EQ(e.kind(), ErrorKind::InvalidUtf8) << e.what();
    EXPECT_EQ(e.offset(), offset) << e.what();
  }
}

TEST(Hostile, NulBytesInsideTheView) {
  using namespace std::string_literals;
  // The whole view is parsed, not a C string up to the first NUL.
  auto e = parse_error("[1]\0"s);
  EXPECT_EQ(e.kind(), ErrorKind::TrailingCharacters);
  EXPECT_EQ(e.offset(), 3u);
  e = parse_error("\0"s);
  EXPECT_EQ(e.kind(), ErrorKind::ExpectedValue);
  EXPECT_EQ(e.offset(), 0u);
  e = parse_error("[1,\0 2]"s);
  EXPECT_EQ(e.kind(), ErrorKind::ExpectedValue);
  EXPECT_EQ(e.offset(), 3u);
  e = parse_error("\"a\0b\""s);
  EXPECT_EQ(e.kind(), ErrorKind::ControlCharacterInString);
  EXPECT_EQ(e.offset(), 2u);
  // An escaped NUL is a valid character and survives into the string_view.
  const bf::Document doc = bf::parse(R"(["\u0000", "x\u0000y"])");
  EXPECT_EQ(doc.root()[0].as_string(), std::string_view("\0", 1));
  EXPECT_EQ(doc.root()[1].as_string().size(), 3u);
}

TEST(Hostile, EmptyAndWhitespace) {
  EXPECT_EQ(parse_error("").kind(), ErrorKind::EmptyInput);
  EXPECT_EQ(parse_error(std::string_view()).kind(), ErrorKind::EmptyInput);
  EXPECT_EQ(parse_error(" \n\t\r ").kind(), ErrorKind::EmptyInput);
}

// Random corruption of valid documents: each result is a document or a
// typed error with a sane position, never a crash.
TEST(Hostile, RandomCorruptionNeverCrashes) {
  std::mt19937 rng(12345);
  const std::string seeds[] = {
      R"({"a":[1,2.5e-3,"x\u00e9",true,null,{"b":-0}],"c":"\n"})",
      R"([[[[{"deep":[1e400,-1e-400,123456789012345678901234567890]}]]]])",
      bftest::read_file(bftest::corpus_dir() / "github_events.json").substr(0, 2000),
  };
  std::size_t ok = 0, errors = 0;
  for (const std::string& seed : seeds) {
    for (int round = 0; round < 3000; ++round) {
      std::string text = seed;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits; ++k) {
        const std::size_t at = rng() % text.size();
        switch (rng() % 3) {
          case 0: text[at] = static_cast<char>(rng() % 256); break;
          case 1: text.erase(at, 1); break;
          default: text.insert(at, 1, static_cast<char>(rng() % 256)); break;
        }
        if (text.empty()) text = "x";
      }
      try {
        const bf::Document doc = bf::parse(text);
        bf::WriteOptions nan_ok;
        nan_ok.allow_nan = true;
        (void)bf::serialize(doc, nan_ok);
        ++ok;
      } catch (const brownfield::Error& e) {
        ++errors;
        EXPECT_LE(e.offset(), text.size()) << e.what();
        EXPECT_GE(e.line(), 1u) << e.what();
        EXPECT_FALSE(brownfield::kind_name(e.kind()).empty());
      }
    }
  }
  EXPECT_GT(errors, 0u);
  EXPECT_EQ(ok + errors, 9000u);
}
