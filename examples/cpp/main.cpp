// corpus_stats — a small "legacy" C++ app with a JSON hot path.
//
// For every *.json file in a directory it parses the document, walks it to
// count values per type, object keys, the deepest nesting and the longest
// string, and serializes it back to compact JSON (in memory). It was written
// against nlohmann::json; brownfield replaces that hot path.
//
//   corpus_stats --json native|brownfield DIR
//
// Prints one summary line per file and a total line (identical in both
// modes), then, last, `BENCH cpp <mode> <seconds>`: the best of 3 timed
// passes over all files (parse + walk + serialize; file reading excluded).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <brownfield.hpp>
#include <nlohmann/json.hpp>

namespace {

/// What the app reports about one document.
struct Stats {
  std::size_t nulls = 0, bools = 0, ints = 0, floats = 0, strings = 0, arrays = 0, objects = 0;
  std::size_t keys = 0, max_depth = 0, longest_string = 0;
  bool round_trip = false;  // the serialized output reads back to the same stats

  void add(const Stats& o) {
    nulls += o.nulls, bools += o.bools, ints += o.ints, floats += o.floats;
    strings += o.strings, arrays += o.arrays, objects += o.objects, keys += o.keys;
    max_depth = std::max(max_depth, o.max_depth);
    longest_string = std::max(longest_string, o.longest_string);
  }
  bool same_counts(const Stats& o) const {
    return nulls == o.nulls && bools == o.bools && ints == o.ints && floats == o.floats &&
           strings == o.strings && arrays == o.arrays && objects == o.objects && keys == o.keys &&
           max_depth == o.max_depth && longest_string == o.longest_string;
  }
  void string(std::size_t bytes) {
    ++strings;
    longest_string = std::max(longest_string, bytes);
  }
  void container(std::size_t depth) { max_depth = std::max(max_depth, depth); }
};

// ---------------------------------------------------------------------------
// The two JSON libraries the app can run on, behind the same three calls:
// parse(text), walk(doc, stats), dump(doc).

/// The app's original library: nlohmann::json.
struct NativeJson {
  using Doc = nlohmann::json;
  static Doc parse(std::string_view text) { return nlohmann::json::parse(text); }
  static std::string dump(const Doc& doc) { return doc.dump(); }
  static void walk(const nlohmann::json& v, Stats& s, std::size_t depth = 0) {
    switch (v.type()) {
      case nlohmann::json::value_t::null: ++s.nulls; break;
      case nlohmann::json::value_t::boolean: ++s.bools; break;
      case nlohmann::json::value_t::number_integer:
      case nlohmann::json::value_t::number_unsigned: ++s.ints; break;
      case nlohmann::json::value_t::number_float: ++s.floats; break;
      case nlohmann::json::value_t::string: s.string(v.get_ref<const std::string&>().size()); break;
      case nlohmann::json::value_t::array:
        ++s.arrays;
        s.container(depth + 1);
        for (const auto& e : v) walk(e, s, depth + 1);
        break;
      case nlohmann::json::value_t::object:
        ++s.objects;
        s.container(depth + 1);
        for (const auto& [key, value] : v.items()) {
          ++s.keys;
          walk(value, s, depth + 1);
        }
        break;
      default: break;
    }
  }
};

/// The replacement: brownfield (Rust core, C++ API in brownfield.hpp).
struct BrownfieldJson {
  using Doc = brownfield::json::Document;
  static Doc parse(std::string_view text) { return brownfield::json::parse(text); }
  static std::string dump(const Doc& doc) { return brownfield::json::serialize(doc); }
  static void walk(const Doc& doc, Stats& s) { walk(doc.root(), s, 0); }
  static void walk(const brownfield::json::Value& v, Stats& s, std::size_t depth) {
    using brownfield::json::ValueType;
    switch (v.type()) {
      case ValueType::Null: ++s.nulls; break;
      case ValueType::Bool: ++s.bools; break;
      case ValueType::Int:
      case ValueType::BigInt: ++s.ints; break;
      case ValueType::Float: ++s.floats; break;
      case ValueType::String: s.string(v.as_string().size()); break;
      case ValueType::Array:
        ++s.arrays;
        s.container(depth + 1);
        for (const brownfield::json::Value& e : v) walk(e, s, depth + 1);
        break;
      case ValueType::Object:
        ++s.objects;
        s.container(depth + 1);
        for (const auto& [key, value] : v.members()) {
          ++s.keys;
          walk(value, s, depth + 1);
        }
        break;
    }
  }
};

// ---------------------------------------------------------------------------
// The legacy hot path, written once over whichever library `Json` is.

// (Each library writes floats its own way — brownfield the shortest
// round-trip form, nlohmann sometimes more digits — so the report checks that
// the output reads back to the same values rather than comparing its bytes.)

template <class Json>
Stats analyze(std::string_view text, std::string& output) {
  const typename Json::Doc doc = Json::parse(text);
  Stats s;
  Json::walk(doc, s);
  output = Json::dump(doc);
  return s;
}

struct File {
  std::string name;
  std::string text;
};

/// Runs the hot path over every file 3 times; returns the stats of the last
/// pass (with the round trip checked afterwards, untimed) and the best pass
/// time in seconds.
template <class Json>
std::pair<std::vector<Stats>, double> run(const std::vector<File>& files) {
  std::vector<Stats> stats(files.size());
  std::vector<std::string> outputs(files.size());
  double best = std::numeric_limits<double>::infinity();
  for (int pass = 0; pass < 3; ++pass) {
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < files.size(); ++i) stats[i] = analyze<Json>(files[i].text, outputs[i]);
    const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
    best = std::min(best, dt.count());
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string again;
    stats[i].round_trip = analyze<Json>(outputs[i], again).same_counts(stats[i]) && again == outputs[i];
  }
  return {stats, best};
}

std::vector<File> read_corpus(const std::filesystem::path& dir) {
  std::vector<File> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path(), std::ios::binary);
    files.push_back({e.path().filename().string(),
                     std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())});
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.name < b.name; });
  return files;
}

void print(const std::string& name, const Stats& s) {
  std::printf(
      "%-22s nulls=%zu bools=%zu ints=%zu floats=%zu strings=%zu arrays=%zu objects=%zu keys=%zu "
      "depth=%zu longest_string=%zu round_trip=%s\n",
      name.c_str(), s.nulls, s.bools, s.ints, s.floats, s.strings, s.arrays, s.objects, s.keys,
      s.max_depth, s.longest_string, s.round_trip ? "ok" : "FAILED");
}

int usage() {
  std::fprintf(stderr, "usage: corpus_stats --json native|brownfield DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || std::string_view(argv[1]) != "--json") return usage();
  const std::string mode = argv[2];
  if (mode != "native" && mode != "brownfield") return usage();
  const std::vector<File> files = read_corpus(argv[3]);
  if (files.empty()) {
    std::fprintf(stderr, "corpus_stats: no *.json files in %s\n", argv[3]);
    return 1;
  }
  try {
    // The swap is this one line: the same hot path, on nlohmann::json or on brownfield.
    const auto [stats, seconds] = mode == "native" ? run<NativeJson>(files) : run<BrownfieldJson>(files);

    Stats total;
    total.round_trip = true;
    for (std::size_t i = 0; i < files.size(); ++i) {
      print(files[i].name, stats[i]);
      total.add(stats[i]);
      total.round_trip = total.round_trip && stats[i].round_trip;
    }
    print("TOTAL (" + std::to_string(files.size()) + " files)", total);
    std::printf("BENCH cpp %s %.6f\n", mode.c_str(), seconds);
    if (!total.round_trip) return 1;
  } catch (const std::exception& e) {  // brownfield::Error or nlohmann::json::exception
    std::fprintf(stderr, "corpus_stats: %s\n", e.what());
    return 1;
  }
  return 0;
}
