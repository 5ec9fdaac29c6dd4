// The shared log-engine vectors (tests/vectors/logs/cases.json, written by
// tests/vectors/logs/generate.py) through brownfield::logs::query, one
// GoogleTest per case. cases.json is read with brownfield::json::parse.
//   "expect": columns, rows (ints exactly, floats within a relative 1e-9,
//             null = a null cell), lines_read / matched / skipped and the
//             line numbers of the first skipped lines;
//   "error":  the query throws brownfield::Error of that kind and line.
// The Rust core (crates/brownfield/tests/log_vectors.rs), the CLI, C,
// Python and Ruby run the same file.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "brownfield/logs.hpp"
#include "support.hpp"

namespace logs = brownfield::logs;
namespace json = brownfield::json;

namespace {

/// tests/vectors/logs of the checkout (compiled in by CMake).
std::filesystem::path log_vectors_dir() { return std::filesystem::path(BROWNFIELD_LOG_VECTORS_DIR); }

/// cases.json, parsed once and kept for the whole run.
const json::Document& cases() {
  static const json::Document doc =
      json::parse(bftest::read_file(log_vectors_dir() / "cases.json"));
  return doc;
}

/// The case names, in file order (the test parameters).
std::vector<std::string> case_names() {
  std::vector<std::string> out;
  for (json::Value c : cases().root()) out.emplace_back(c["name"].as_string());
  return out;
}

/// The case named `name`.
json::Value find_case(const std::string& name) {
  for (json::Value c : cases().root()) {
    if (c["name"].as_string() == name) return c;
  }
  throw std::runtime_error("no case " + name);
}

std::vector<std::string> strings(const json::Value& list) {
  std::vector<std::string> out;
  for (json::Value v : list) out.emplace_back(v.as_string());
  return out;
}

/// A result cell against the expected JSON value, as the Rust suite
/// compares them: an Int equals an integer exactly (or a float equal to
/// it), a Float is within a relative 1e-9 of any number.
bool same(const logs::Cell& got, const json::Value& want) {
  switch (got.type()) {
    case logs::CellType::Null: return want.is_null();
    case logs::CellType::Bool: return want.is_bool() && want.as_bool() == got.as_bool();
    case logs::CellType::Int:
      if (want.is_int()) return want.number_text() == std::to_string(got.as_int64());
      return want.is_float() && want.as_double() == static_cast<double>(got.as_int64());
    case logs::CellType::Float: {
      if (!want.is_int() && !want.is_float()) return false;
      const double a = got.as_double(), b = want.as_double();
      return std::fabs(a - b) <= 1e-9 * std::max({std::fabs(a), std::fabs(b), 1.0});
    }
    case logs::CellType::String: return want.is_string() && want.as_string() == got.as_string();
    case logs::CellType::List: return false;  // topN lists are not in the vectors
  }
  return false;
}

class LogVectors : public ::testing::TestWithParam<std::string> {};

TEST_P(LogVectors, Case) {
  const json::Value c = find_case(GetParam());
  const json::Value q = c["query"];
  logs::Spec spec;
  spec.format = std::string(c["format"].as_string());
  if (!q["where"].is_null()) spec.filter = std::string(q["where"].as_string());
  spec.group_by = strings(q["by"]);
  spec.aggregates = strings(q["agg"]);
  spec.order_by = strings(q["order_by"]);
  if (!q["limit"].is_null()) spec.limit = static_cast<std::size_t>(q["limit"].as_uint64());
  spec.skip_bad_lines = q["skip_bad_lines"].as_bool();
  const logs::Source source =
      logs::Source::file(log_vectors_dir() / "inputs" / std::string(c["input"].as_string()));

  if (const std::optional<json::Value> error = c.find("error")) {
    try {
      logs::query(spec, source);
      ADD_FAILURE() << "no error, want " << error->dump();
    } catch (const brownfield::Error& e) {
      EXPECT_EQ(e.name(), (*error)["kind"].as_string()) << e.what();
      EXPECT_EQ(e.line(), (*error)["line"].as_uint64()) << e.what();
      EXPECT_TRUE(e.has_position()) << e.what();
    }
    return;
  }

  const json::Value want = c["expect"];
  const logs::Result r = logs::query(spec, source);
  EXPECT_EQ(r.columns(), strings(want["columns"]));
  const json::Value rows = want["rows"];
  ASSERT_EQ(r.size(), rows.size());
  std::size_t i = 0;
  for (json::Value want_row : rows) {
    const logs::Row row = r[i];
    ASSERT_EQ(row.size(), want_row.size()) << "row " << i;
    std::size_t col = 0;
    for (json::Value want_cell : want_row) {
      EXPECT_TRUE(same(row[col], want_cell))
          << "row " << i << " column " << col << " (" << r.columns()[col] << "): got "
          << row[col].to_string() << " (" << logs::type_name(row[col].type()) << "), want "
          << want_cell.dump();
      ++col;
    }
    ++i;
  }
  EXPECT_EQ(r.lines_read(), want["lines_read"].as_uint64());
  EXPECT_EQ(r.lines_matched(), want["lines_matched"].as_uint64());
  EXPECT_EQ(r.lines_skipped(), want["lines_skipped"].as_uint64());
  std::vector<std::uint64_t> bad, want_bad;
  for (const logs::BadLine& b : r.bad_lines()) bad.push_back(b.line);
  for (json::Value v : want["bad_lines"]) want_bad.push_back(v.as_uint64());
  EXPECT_EQ(bad, want_bad);
}

INSTANTIATE_TEST_SUITE_P(Shared, LogVectors, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;  // a valid test name
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

TEST(LogVectorsFile, HasEnoughCases) { EXPECT_GE(case_names().size(), 20u); }

}  // namespace
