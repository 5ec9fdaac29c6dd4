// Helpers shared by the brownfield C++ tests: file access, the shared test
// vectors, the corpus location, and structural comparison of values.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "brownfield.hpp"

namespace bftest {

namespace fs = std::filesystem;

/// The whole file as bytes; throws if it cannot be read.
inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// tests/vectors/json of the checkout (compiled in by CMake).
inline fs::path vectors_dir() { return fs::path(BROWNFIELD_VECTORS_DIR); }

/// One line of tests/vectors/json/manifest.tsv.
struct Vector {
  bool valid = false;
  std::string name;
  std::string kind;        // invalid only: expected error kind name
  std::size_t offset = 0;  // invalid only: expected byte offset
};

/// Every vector of the manifest; throws if the manifest is missing or bad.
inline std::vector<Vector> manifest() {
  std::istringstream lines(read_file(vectors_dir() / "manifest.tsv"));
  std::vector<Vector> out;
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
    Vector v;
    if (f.size() == 2 && f[0] == "valid") {
      v.valid = true;
      v.name = f[1];
    } else if (f.size() == 4 && f[0] == "invalid") {
      v.name = f[1];
      v.kind = f[2];
      v.offset = std::stoull(f[3]);
    } else {
      throw std::runtime_error("bad manifest line: " + line);
    }
    out.push_back(std::move(v));
  }
  return out;
}

/// $BROWNFIELD_DATA_DIR/json, else <repo>/../shared/data/json.
inline fs::path corpus_dir() {
  const char* env = std::getenv("BROWNFIELD_DATA_DIR");
  return fs::path(env && *env ? env : BROWNFIELD_DEFAULT_DATA_DIR) / "json";
}

/// Every *.json file of the corpus, sorted; throws (never skips) when the
/// corpus is missing or suspiciously small.
inline std::vector<fs::path> corpus_files() {
  const fs::path dir = corpus_dir();
  if (!fs::is_directory(dir)) throw std::runtime_error("corpus missing: " + dir.string());
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  if (files.size() < 10) throw std::runtime_error("corpus too small: " + dir.string());
  return files;
}

/// Structural equality of two values (recursive; for documents of ordinary depth).
inline bool same(const brownfield::json::Value& a, const brownfield::json::Value& b) {
  using brownfield::json::ValueType;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case ValueType::Null: return true;
    case ValueType::Bool: return a.as_bool() == b.as_bool();
    case ValueType::Int: return a.number_text() == b.number_text();
    case ValueType::BigInt: return a.number_text() == b.number_text();
    case ValueType::Float: {
      const double x = a.as_double(), y = b.as_double();
      return x == y || (x != x && y != y);
    }
    case ValueType::String: return a.as_string() == b.as_string();
    case ValueType::Array: {
      if (a.size() != b.size()) return false;
      auto i = b.elements().begin();
      for (const auto& x : a.elements()) {
        if (!same(x, *i++)) return false;
      }
      return true;
    }
    case ValueType::Object: {
      if (a.size() != b.size()) return false;
      auto i = b.members().begin();
      for (const auto& [key, value] : a.members()) {
        const auto other = *i++;
        if (key != other.key || !same(value, other.value)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace bftest
