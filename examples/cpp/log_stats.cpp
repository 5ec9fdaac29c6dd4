// log_stats — a small "legacy" C++ report over a request log (one JSON
// object per line). It answers Q1, "requests per status with their mean
// latency", and prints one line per status.
//
//   log_stats --logs native|brownfield FILE
//
// native is what the app always did: read the file line by line with
// std::getline, parse each line with nlohmann::json, accumulate
// status -> (count, latency sum) in a std::map. brownfield is one
// brownfield::logs::query call (parallel, reads only the two fields). The
// app reaches its data through one function, so the swap is the one line
// marked SWAP in main(). Both modes print the same report; the last line is
//   BENCH cpp-logs <native|brownfield> <seconds>
// (the whole query, file reading included, best of 3 runs).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <brownfield/logs.hpp>
#include <nlohmann/json.hpp>

namespace {

/// One report line.
struct Row {
  std::int64_t status = 0;
  std::uint64_t count = 0;
  double mean_latency = 0;
};

/// The report: rows sorted by status, and what was read.
struct Report {
  std::vector<Row> rows;
  std::uint64_t lines = 0;
  std::uint64_t skipped = 0;  // lines that are not JSON
};

/// native: a getline + nlohmann::json loop.
Report native_q1(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  struct Acc {
    std::uint64_t count = 0;
    double latency_sum = 0;
    std::uint64_t latencies = 0;
  };
  std::map<std::int64_t, Acc> by_status;
  Report report;
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank: not a record
    ++report.lines;
    const nlohmann::json rec = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (rec.is_discarded() || !rec.is_object()) {
      ++report.skipped;
      continue;
    }
    const auto status = rec.find("status");
    if (status == rec.end() || !status->is_number_integer()) continue;  // no status: not reported
    Acc& acc = by_status[status->get<std::int64_t>()];
    ++acc.count;
    const auto latency = rec.find("latency_ms");
    if (latency != rec.end() && latency->is_number()) {
      acc.latency_sum += latency->get<double>();
      ++acc.latencies;
    }
  }
  for (const auto& [status, acc] : by_status) {
    report.rows.push_back(
        {status, acc.count, acc.latency_sum / static_cast<double>(acc.latencies)});
  }
  return report;
}

/// brownfield: one query.
Report brownfield_q1(const std::string& path) {
  brownfield::logs::Spec spec;
  spec.group_by = {"status"};
  spec.aggregates = {"count", "mean:latency_ms"};
  spec.skip_bad_lines = true;  // as the loop above: count and skip
  const brownfield::logs::Result result =
      brownfield::logs::query(spec, brownfield::logs::Source::file(path));
  Report report;
  for (brownfield::logs::Row row : result) {
    const brownfield::logs::Cell status = row["status"];
    if (status.type() != brownfield::logs::CellType::Int) continue;  // no status: not reported
    report.rows.push_back({status.as_int64(), static_cast<std::uint64_t>(row["count"].as_int64()),
                           row["mean:latency_ms"].as_double()});
  }
  report.lines = result.lines_read();
  report.skipped = result.lines_skipped();
  return report;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = "native";
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--logs" && i + 1 < argc) {
      mode = argv[++i];
    } else {
      path = arg;
    }
  }
  if (path.empty() || (mode != "native" && mode != "brownfield")) {
    std::fprintf(stderr, "usage: log_stats --logs native|brownfield FILE\n");
    return 2;
  }

  Report (*q1)(const std::string&) = mode == "brownfield" ? brownfield_q1 : native_q1;  // SWAP

  try {
    Report report;
    double best = std::numeric_limits<double>::infinity();
    for (int pass = 0; pass < 3; ++pass) {
      const auto t0 = std::chrono::steady_clock::now();
      report = q1(path);
      const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
      best = std::min(best, dt.count());
    }
    std::printf("%8s %10s %16s\n", "status", "count", "mean_latency_ms");
    for (const Row& r : report.rows) {
      std::printf("%8lld %10llu %16.4f\n", static_cast<long long>(r.status),
                  static_cast<unsigned long long>(r.count), r.mean_latency);
    }
    std::printf("%llu lines, %llu skipped\n", static_cast<unsigned long long>(report.lines),
                static_cast<unsigned long long>(report.skipped));
    std::printf("BENCH cpp-logs %s %.6f\n", mode.c_str(), best);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "log_stats: %s\n", e.what());
    return 1;
  }
  return 0;
}
