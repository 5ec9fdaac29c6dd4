// C++ runner for the cross-language harness (benches/harness/harness.py).
//
// Measures simdjson (DOM), RapidJSON and nlohmann::json against brownfield's
// C++ API (brownfield.hpp) and C API (brownfield.h) on each workload and
// input file once, and brownfield's log queries (Q1 + Q2 on the generated
// request log, through both APIs), printing one JSON object per
// measurement (same fields as the other runners). `seconds` is the best per-operation time over
// repetitions lasting at least --min-time seconds.
//
// usage: cpp_runner [--min-time S] FILE...

#include <brownfield.h>
#include <brownfield.hpp>
#include <brownfield/logs.hpp>

#include <nlohmann/json.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <rapidjson/rapidjson.h>
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#define BF_STR2(x) #x
#define BF_STR(x) BF_STR2(x)

namespace {

template <class T> void keep(const T &v) { asm volatile("" : : "g"(&v) : "memory"); }

double best_time(double min_time, const std::function<void()> &f) {
  double best = 1e300, total = 0;
  int calls = 0;
  while (total < min_time || calls < 3) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = dt < best ? dt : best;
    total += dt;
    ++calls;
  }
  return best;
}

struct Lib {
  std::string name, version;
  std::function<void(const std::string &)> parse;
  // Parses once, returns a closure that serializes that value.
  std::function<std::function<void()>(const std::string &)> serializer;
};

std::string rapidjson_serialize(const rapidjson::Document &d) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  d.Accept(w);
  return std::string(sb.GetString(), sb.GetSize());
}

std::vector<Lib> libs() {
  std::vector<Lib> v;
  v.push_back({"brownfield-cpp", "0.1.0",
               [](const std::string &s) { keep(brownfield::json::parse(s)); },
               [](const std::string &s) {
                 auto doc = std::make_shared<brownfield::json::Document>(brownfield::json::parse(s));
                 return std::function<void()>([doc] { keep(brownfield::json::serialize(*doc)); });
               }});
  v.push_back({"brownfield-c", "0.1.0",
               [](const std::string &s) {
                 bf_document *doc = nullptr;
                 if (bf_parse(reinterpret_cast<const uint8_t *>(s.data()), s.size(), nullptr, &doc, nullptr) != BF_OK)
                   std::abort();
                 bf_document_free(doc);
               },
               [](const std::string &s) {
                 bf_document *raw = nullptr;
                 if (bf_parse(reinterpret_cast<const uint8_t *>(s.data()), s.size(), nullptr, &raw, nullptr) != BF_OK)
                   std::abort();
                 std::shared_ptr<bf_document> doc(raw, bf_document_free);
                 return std::function<void()>([doc] {
                   bf_buffer out{};
                   if (bf_serialize(doc.get(), 0, nullptr, &out, nullptr) != BF_OK) std::abort();
                   bf_buffer_free(&out);
                 });
               }});
  v.push_back({"simdjson", BF_STR(SIMDJSON_VERSION),
               [](const std::string &s) {
                 static simdjson::dom::parser parser;  // reused, as simdjson recommends
                 simdjson::dom::element e;
                 if (parser.parse(s).get(e)) std::abort();
                 keep(e);
               },
               [](const std::string &s) {
                 auto parser = std::make_shared<simdjson::dom::parser>();
                 simdjson::dom::element e;
                 if (parser->parse(s).get(e)) std::abort();
                 return std::function<void()>([parser, e] { keep(simdjson::minify(e)); });
               }});
  v.push_back({"rapidjson", RAPIDJSON_VERSION_STRING,
               [](const std::string &s) {
                 rapidjson::Document d;
                 d.Parse<rapidjson::kParseFullPrecisionFlag>(s.data(), s.size());
                 if (d.HasParseError()) std::abort();
                 keep(d);
               },
               [](const std::string &s) {
                 auto d = std::make_shared<rapidjson::Document>();
                 d->Parse<rapidjson::kParseFullPrecisionFlag>(s.data(), s.size());
                 if (d->HasParseError()) std::abort();
                 return std::function<void()>([d] { keep(rapidjson_serialize(*d)); });
               }});
  v.push_back({"nlohmann", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                               std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                               std::to_string(NLOHMANN_JSON_VERSION_PATCH),
               [](const std::string &s) { keep(nlohmann::json::parse(s)); },
               [](const std::string &s) {
                 auto j = std::make_shared<nlohmann::json>(nlohmann::json::parse(s));
                 return std::function<void()>([j] { keep(j->dump()); });
               }});
  return v;
}

std::string json_string(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The log workload through the C++ API: Q1 = by status: count,
// mean(latency_ms); Q2 = by (region, path): count, p50, p99 latency_ms,
// sum(bytes), top 20 by count. Two calls, as in every runner.
void logs_q1q2_cpp(const std::string &path) {
  namespace logs = brownfield::logs;
  logs::Spec q1;
  q1.group_by = {"status"};
  q1.aggregates = {"count", "mean:latency_ms"};
  logs::Spec q2;
  q2.group_by = {"region", "path"};
  q2.aggregates = {"count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"};
  q2.order_by = {"-count"};
  q2.limit = 20;
  for (const auto *spec : {&q1, &q2}) {
    auto r = logs::query(*spec, logs::Source::file(path));
    keep(r);
  }
}

// The same two queries through the C API.
void logs_q1q2_c(const std::string &path) {
  auto run = [&](const char *by, const char *aggs, const char *order, size_t limit) {
    bf_logs_spec spec = {};
    spec.group_by = by;
    spec.group_by_len = std::strlen(by);
    spec.aggregates = aggs;
    spec.aggregates_len = std::strlen(aggs);
    if (order) {
      spec.order_by = order;
      spec.order_by_len = std::strlen(order);
    }
    spec.limit = limit;
    bf_logs_result *r = nullptr;
    bf_error err = {};
    if (bf_logs_query_path(&spec, path.data(), path.size(), &r, &err) != BF_OK) {
      std::fprintf(stderr, "cpp_runner: log query failed\n");
      std::exit(1);
    }
    bf_logs_result_free(r);
  };
  run("status", "count,mean:latency_ms", nullptr, 0);
  run("region,path", "count,p50:latency_ms,p99:latency_ms,sum:bytes", "-count", 20);
}

}  // namespace

int main(int argc, char **argv) {
  double min_time = 0.2;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--min-time" && i + 1 < argc) {
      min_time = std::atof(argv[++i]);
    } else if (a == "--workloads" && i + 1 < argc) {
      ++i;  // every workload is always measured
    } else if (a == "-h" || a == "--help") {
      std::puts("usage: cpp_runner [--min-time S] FILE...");
      return 0;
    } else {
      files.push_back(a);
    }
  }
  for (const auto &path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cpp_runner: cannot read %s\n", path.c_str());
      return 1;
    }
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string name = path.substr(path.find_last_of('/') + 1);
    bool ndjson = name.size() > 7 && name.compare(name.size() - 7, 7, ".ndjson") == 0;
    if (ndjson && name.rfind("requests", 0) == 0) {
      // Request logs: the log workload only.
      const std::pair<const char *, void (*)(const std::string &)> apis[] = {
          {"brownfield-cpp", logs_q1q2_cpp}, {"brownfield-c", logs_q1q2_c}};
      for (const auto &[lib, run] : apis) {
        double seconds = best_time(min_time, [&] { run(path); });
        std::printf("{\"lang\":\"cpp\",\"lib\":\"%s\",\"version\":\"%s\",\"workload\":\"logs-q1q2\","
                    "\"file\":%s,\"bytes\":%zu,\"seconds\":%.9g}\n",
                    lib, bf_version(), json_string(name).c_str(), data.size(), seconds);
        std::fflush(stdout);
      }
      continue;
    }
    std::vector<std::string> lines;
    if (ndjson) {
      std::istringstream ss(data);
      for (std::string l; std::getline(ss, l);)
        if (!l.empty()) lines.push_back(l);
    }
    for (const auto &lib : libs()) {
      auto emit = [&](const char *workload, double seconds) {
        std::printf("{\"lang\":\"cpp\",\"lib\":\"%s\",\"version\":\"%s\",\"workload\":\"%s\",\"file\":%s,"
                    "\"bytes\":%zu,\"seconds\":%.9g}\n",
                    lib.name.c_str(), lib.version.c_str(), workload, json_string(name).c_str(), data.size(),
                    seconds);
        std::fflush(stdout);
      };
      if (ndjson) {
        emit("ndjson", best_time(min_time, [&] {
               for (const auto &l : lines) lib.parse(l);
             }));
        continue;
      }
      emit("parse", best_time(min_time, [&] { lib.parse(data); }));
      auto ser = lib.serializer(data);
      emit("serialize", best_time(min_time, ser));
    }
  }
  return 0;
}
