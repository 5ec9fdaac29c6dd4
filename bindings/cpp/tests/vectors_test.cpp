// Runs every shared JSON test vector (tests/vectors/json, formats in its
// README.md): manifest.tsv (documents to accept and to reject), options.tsv
// (serializer options; the option sets WriteOptions cannot express are
// listed in cpp_write_options with the reason, counted and reported, never
// run) and errors.tsv (kind, offset, line, column and message).

#include <iostream>
#include <map>
#include <optional>

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

namespace {

/// The tab-separated fields of every non-comment line of a vectors file.
std::vector<std::vector<std::string>> table(const std::string& file) {
  std::istringstream lines(read_file(vectors_dir() / file));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string f; std::getline(in, f, '\t');) fields.push_back(f);
    rows.push_back(std::move(fields));
  }
  return rows;
}

/// Maps an options.tsv spec ("indent=2 separators=pretty sort_keys=false
/// ensure_ascii=true allow_nan=false") onto `opts`. Returns the reason the
/// spec does not apply to C++, or nothing when WriteOptions expresses it.
/// These are the option sets WriteOptions cannot express:
///   - indent="...": the indent is a width in spaces, not a string;
///   - separators=spaced: the one-line layout has no spaces (Python's
///     default ", " and ": ");
///   - an indent with separators=compact: pretty printing always writes
///     ": " after keys.
std::optional<std::string> cpp_write_options(const std::string& spec, bf::WriteOptions& opts) {
  std::istringstream items(spec);
  std::optional<std::string> reason;
  std::string separators;
  for (std::string item; std::getline(items, item, ' ');) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw std::runtime_error("bad option " + item);
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    const bool flag = value == "true";
    if (key == "indent") {
      if (value == "none") {
        opts.indent = -1;
      } else if (value[0] == '"') {
        reason = "the indent is a width in spaces, not a string";
      } else {
        opts.indent = std::stoi(value);
      }
    } else if (key == "separators") {
      separators = value;
    } else if (key == "sort_keys") {
      opts.sort_keys = flag;
    } else if (key == "ensure_ascii") {
      opts.ensure_ascii = flag;
    } else if (key == "allow_nan") {
      opts.allow_nan = flag;
    } else {
      throw std::runtime_error("unknown option " + key);
    }
  }
  if (reason) return reason;
  if (separators == "spaced") return "the one-line layout has no spaces after ',' and ':'";
  if (opts.indent >= 0 && separators != "pretty") return "pretty printing always writes \": \"";
  if (opts.indent < 0 && separators != "compact") throw std::runtime_error("bad spec " + spec);
  return std::nullopt;
}

}  // namespace

// Options: each option set C++ can express writes the expected text (the
// `.raw.out` form, duplicate keys kept, when present) or throws the expected
// error kind; every other line is counted under its reason.
TEST(Vectors, OptionsWriteTheExpectedText) {
  std::size_t ran = 0;
  std::map<std::string, std::size_t> not_applicable;
  for (const auto& f : table("options.tsv")) {
    ASSERT_EQ(f.size(), 4u);
    const std::string &name = f[0], &spec = f[2], &expected = f[3];
    SCOPED_TRACE("options/" + name + " (" + spec + ")");
    bf::WriteOptions opts;
    if (const auto reason = cpp_write_options(spec, opts)) {
      ++not_applicable[*reason];
      continue;
    }
    ++ran;
    const bf::Document doc = bf::parse(read_file(vectors_dir() / f[1]));
    if (expected.rfind("error:", 0) == 0) {
      try {
        bf::serialize(doc, opts);
        ADD_FAILURE() << "serialized, want " << expected;
      } catch (const brownfield::Error& e) {
        EXPECT_EQ(e.name(), expected.substr(6)) << e.what();
        EXPECT_FALSE(e.has_position());
      }
      continue;
    }
    const auto raw = vectors_dir() / (expected.substr(0, expected.size() - 4) + ".raw.out");
    const std::string want =
        read_file(std::filesystem::exists(raw) ? raw : vectors_dir() / expected);
    try {
      EXPECT_EQ(bf::serialize(doc, opts), want);
    } catch (const brownfield::Error& e) {
      ADD_FAILURE() << "unexpected error: " << e.what();
    }
  }
  for (const auto& [reason, count] : not_applicable) {
    std::cout << count << " option vectors not applicable to C++: " << reason << "\n";
  }
  EXPECT_GE(ran, 100u);
}

// Errors: the kind, byte offset, 1-based line and column (in characters) and
// the message; what() is "MESSAGE at line L column C (byte O)".
TEST(Vectors, ErrorsGiveKindPositionAndMessage) {
  std::size_t count = 0;
  for (const auto& f : table("errors.tsv")) {
    ASSERT_EQ(f.size(), 6u);
    ++count;
    SCOPED_TRACE("errors/" + f[0]);
    try {
      bf::parse(read_file(vectors_dir() / "errors" / (f[0] + ".json")));
      ADD_FAILURE() << "accepted";
    } catch (const brownfield::Error& e) {
      EXPECT_EQ(e.name(), f[1]);
      EXPECT_TRUE(e.has_position());
      EXPECT_EQ(e.offset(), std::stoull(f[2]));
      EXPECT_EQ(e.line(), std::stoull(f[3]));
      EXPECT_EQ(e.column(), std::stoull(f[4]));
      EXPECT_EQ(e.message(), f[5]);
      EXPECT_EQ(std::string(e.what()),
                f[5] + " at line " + f[3] + " column " + f[4] + " (byte " + f[2] + ")");
    }
  }
  EXPECT_GE(count, 30u);
}
