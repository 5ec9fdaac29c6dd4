// brownfield::logs::query: a Q1-style query on generated NDJSON checked
// against values computed here, the real Apache sample in strict and skip
// mode, bad queries, every source kind, and hostile input.

#include <cstdio>
#include <map>
#include <random>
#include <thread>

#include <unistd.h>

#include "brownfield/logs.hpp"
#include "support.hpp"

namespace logs = brownfield::logs;
using brownfield::ErrorKind;

namespace {

/// One generated request-log record.
struct Record {
  std::int64_t status;
  double latency_ms;  // a multiple of 0.25, so sums are exact in any order
  std::int64_t bytes;
  std::string region;
};

/// `n` deterministic records and their NDJSON text (a few fields missing or
/// null, nested objects and arrays the query does not read).
std::pair<std::vector<Record>, std::string> generate(std::size_t n) {
  std::mt19937_64 rng(42);
  const std::int64_t statuses[] = {200, 200, 200, 201, 301, 404, 500, 503};
  const char* const regions[] = {"eu", "us", "ap"};
  std::vector<Record> records;
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    Record r{statuses[rng() % 8], static_cast<double>(rng() % 8000) * 0.25,
             static_cast<std::int64_t>(rng() % 100000), regions[rng() % 3]};
    records.push_back(r);
    char latency[64];
    std::snprintf(latency, sizeof latency, "%.2f", r.latency_ms);
    text += R"({"ts":"2024-01-01T00:00:)" + std::to_string(i % 60) + R"(Z","status":)" +
            std::to_string(r.status) + R"(,"latency_ms":)" + latency + R"(,"bytes":)" +
            std::to_string(r.bytes) + R"(,"region":")" + r.region +
            R"(","req":{"ua":"curl/8","path":"/x"},"tags":["a","b"]})" + "\n";
    if (i % 97 == 0) text += "\n";  // blank lines are not records
  }
  return {records, text};
}

/// Count, mean, sum and max per status, computed independently of brownfield.
struct Expected {
  std::int64_t count = 0;
  double latency_sum = 0;
  std::int64_t bytes_sum = 0;
  double latency_max = -1;
};

std::map<std::int64_t, Expected> expected_by_status(const std::vector<Record>& records) {
  std::map<std::int64_t, Expected> out;
  for (const Record& r : records) {
    Expected& e = out[r.status];
    e.count += 1;
    e.latency_sum += r.latency_ms;
    e.bytes_sum += r.bytes;
    e.latency_max = std::max(e.latency_max, r.latency_ms);
  }
  return out;
}

logs::Spec q1() {
  logs::Spec spec;
  spec.group_by = {"status"};
  spec.aggregates = {"count", "mean:latency_ms"};
  return spec;
}

/// The brownfield::Error `f` throws (a failure if none).
template <class F>
brownfield::Error error_of(F&& f) {
  try {
    f();
  } catch (const brownfield::Error& e) {
    return e;
  }
  ADD_FAILURE() << "no exception";
  return brownfield::Error(ErrorKind::Internal, "no exception");
}

/// $BROWNFIELD_DATA_DIR/logs/apache_combined_10k.log; throws (never skips)
/// when it is missing.
std::filesystem::path apache_sample() {
  const std::filesystem::path p =
      bftest::corpus_dir().parent_path() / "logs" / "apache_combined_10k.log";
  if (!std::filesystem::is_regular_file(p)) {
    throw std::runtime_error("log sample missing: " + p.string());
  }
  return p;
}

/// A temporary file holding `data`, removed by the destructor.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& data, const char* name) {
    path = std::filesystem::temp_directory_path() /
           (std::string("brownfield-cpp-") + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << data;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST(Logs, ReadmeQ1) {
  const auto [records, text] = generate(100);
  const TempFile file(text, "requests.ndjson");
  // As in README.md:
  logs::Spec spec;
  spec.group_by = {"status"};
  spec.aggregates = {"count", "mean:latency_ms"};
  logs::Result r = logs::query(spec, logs::Source::file(file.path));
  std::int64_t total = 0;
  for (logs::Row row : r) {
    total += row["count"].as_int64();
    EXPECT_GE(row["mean:latency_ms"].as_double(), 0.0);
    EXPECT_GE(row["status"].as_int64(), 200);
  }
  EXPECT_EQ(total, 100);
}

TEST(Logs, Q1CountAndMeanByStatus) {
  const auto [records, text] = generate(20000);
  const auto expected = expected_by_status(records);
  const logs::Result r = logs::query(q1(), logs::Source::buffer(text));

  EXPECT_EQ(r.columns(), (std::vector<std::string>{"status", "count", "mean:latency_ms"}));
  EXPECT_EQ(r.column_index("count"), std::optional<std::size_t>(1));
  EXPECT_FALSE(r.column_index("nope").has_value());
  EXPECT_EQ(r.lines_read(), records.size());
  EXPECT_EQ(r.lines_matched(), records.size());
  EXPECT_EQ(r.lines_skipped(), 0u);
  EXPECT_TRUE(r.bad_lines().empty());
  ASSERT_EQ(r.size(), expected.size());

  // Rows come sorted by the group key; std::map iterates the same way.
  auto want = expected.begin();
  std::size_t rows = 0;
  for (logs::Row row : r) {
    ASSERT_EQ(row.size(), 3u);
    EXPECT_EQ(row[0].type(), logs::CellType::Int);
    EXPECT_EQ(row["status"].as_int64(), want->first);
    EXPECT_EQ(row["count"].as_int64(), want->second.count);
    EXPECT_EQ(row[2].type(), logs::CellType::Float);
    EXPECT_DOUBLE_EQ(row["mean:latency_ms"].as_double(),
                     want->second.latency_sum / static_cast<double>(want->second.count));
    EXPECT_EQ(row[0].to_string(), std::to_string(want->first));
    ++want;
    ++rows;
  }
  EXPECT_EQ(rows, expected.size());
}

TEST(Logs, FileBufferThreadsAndChunksAgree) {
  const auto [records, text] = generate(5000);
  const auto expected = expected_by_status(records);
  logs::Spec spec;
  spec.group_by = {"status"};
  spec.aggregates = {"count", "sum:bytes", "max:latency_ms", "p50:latency_ms", "distinct:region",
                     "top2:region"};
  spec.order_by = {"-count", "status"};
  const TempFile file(text, "q.ndjson");
  const logs::Result from_file = logs::query(spec, logs::Source::file(file.path));
  ASSERT_EQ(from_file.size(), expected.size());
  // Sorted by count descending.
  for (std::size_t i = 1; i < from_file.size(); ++i) {
    EXPECT_GE(from_file[i - 1]["count"].as_int64(), from_file[i]["count"].as_int64());
  }
  for (logs::Row row : from_file) {
    const Expected& e = expected.at(row["status"].as_int64());
    EXPECT_EQ(row["count"].as_int64(), e.count);
    EXPECT_EQ(row["sum:bytes"].as_int64(), e.bytes_sum);
    EXPECT_EQ(row["max:latency_ms"].as_double(), e.latency_max);
    EXPECT_EQ(row["distinct:region"].as_int64(), 3);
    const logs::Cell top = row["top2:region"];
    ASSERT_EQ(top.type(), logs::CellType::List);
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(top[0].type(), logs::CellType::String);
    EXPECT_NE(top[0].as_string(), top[1].as_string());
    EXPECT_EQ(top.items().size(), 2u);
    EXPECT_EQ(top.to_string(), "[" + std::string(top[0].as_string()) + ", " +
                                   std::string(top[1].as_string()) + "]");
  }
  // The same table from memory, on one thread, and on two threads with tiny
  // chunks (many partial results merged).
  auto table = [](const logs::Result& r) {
    std::vector<std::string> out;
    for (logs::Row row : r) {
      std::string line;
      for (const logs::Cell& c : row.cells()) line += c.to_string() + "|";
      out.push_back(line);
    }
    return out;
  };
  spec.threads = 1;
  EXPECT_EQ(table(logs::query(spec, logs::Source::buffer(text))), table(from_file));
  spec.threads = 2;
  spec.chunk_size = 4096;
  const logs::Result chunked = logs::query(spec, logs::Source::buffer(text));
  EXPECT_EQ(table(chunked), table(from_file));
  EXPECT_EQ(chunked.lines_read(), records.size());
}

TEST(Logs, FilterLimitAndNoGroups) {
  const auto [records, text] = generate(3000);
  std::int64_t errors = 0;
  double slow_sum = 0;
  for (const Record& r : records) {
    if (r.status >= 500 && r.region == "eu") {
      ++errors;
      slow_sum += r.latency_ms;
    }
  }
  logs::Spec spec;
  spec.filter = R"(status >= 500 and region = "eu")";
  spec.aggregates = {"count", "sum:latency_ms", "min:nope"};
  const logs::Result r = logs::query(spec, logs::Source::buffer(text));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["count"].as_int64(), errors);
  EXPECT_EQ(r[0]["sum:latency_ms"].as_double(), slow_sum);
  EXPECT_TRUE(r[0]["min:nope"].is_null());  // a field no record has
  EXPECT_EQ(r[0]["min:nope"].to_string(), "null");
  EXPECT_EQ(r.lines_matched(), static_cast<std::uint64_t>(errors));
  EXPECT_EQ(r.lines_read(), records.size());

  logs::Spec limited = q1();
  limited.limit = 2;
  limited.order_by = {"-status"};
  const logs::Result top = logs::query(limited, logs::Source::buffer(text));
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0]["status"].as_int64(), 503);
  EXPECT_EQ(top[1]["status"].as_int64(), 500);
}

TEST(Logs, ApacheSampleStrictStopsAtTheTruncatedLine) {
  logs::Spec spec;
  spec.format = "combined";
  spec.group_by = {"status"};
  const brownfield::Error e =
      error_of([&] { logs::query(spec, logs::Source::file(apache_sample())); });
  EXPECT_EQ(e.kind(), ErrorKind::BadRecord);
  EXPECT_EQ(e.name(), "bad_record");
  EXPECT_TRUE(e.has_position());
  EXPECT_EQ(e.line(), 8899u);
  EXPECT_GT(e.offset(), 0u);
  EXPECT_FALSE(e.message().empty());
  EXPECT_EQ(e.column(), 0u);
  EXPECT_EQ(std::string(e.what()), e.message() + " (line 8899, byte " + std::to_string(e.offset()) + ")");
}

TEST(Logs, ApacheSampleSkipModeCountsTheBadLine) {
  logs::Spec spec;
  spec.format = "combined";
  spec.group_by = {"status"};
  spec.aggregates = {"count", "sum:bytes"};
  spec.skip_bad_lines = true;
  const std::string data = bftest::read_file(apache_sample());
  const logs::Result r = logs::query(spec, logs::Source::file(apache_sample()));
  EXPECT_EQ(r.lines_read(), 10000u);
  EXPECT_EQ(r.lines_skipped(), 1u);
  EXPECT_EQ(r.lines_matched(), 9999u);
  const std::vector<logs::BadLine> bad = r.bad_lines();
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].line, 8899u);
  EXPECT_FALSE(bad[0].message.empty());
  // The offset is where line 8899 starts.
  std::size_t start = 0;
  for (int line = 1; line < 8899; ++line) start = data.find('\n', start) + 1;
  EXPECT_EQ(bad[0].offset, start);
  // Counts per status add up to the lines that parsed.
  std::int64_t total = 0;
  for (logs::Row row : r) total += row["count"].as_int64();
  EXPECT_EQ(total, 9999);
  EXPECT_EQ(r[0]["status"].type(), logs::CellType::Int);
  // The same from memory.
  const logs::Result mem = logs::query(spec, logs::Source::buffer(data));
  EXPECT_EQ(mem.size(), r.size());
  EXPECT_EQ(mem.lines_skipped(), 1u);
}

TEST(Logs, BadQueriesThrowInvalidArgument) {
  const std::string data = "{\"a\":1}\n";
  auto kind = [&](const logs::Spec& spec) {
    return error_of([&] { logs::query(spec, logs::Source::buffer(data)); }).kind();
  };
  logs::Spec s = q1();
  s.format = "yaml";
  EXPECT_EQ(kind(s), ErrorKind::InvalidArgument);
  s = q1();
  s.aggregates = {"median_of:latency_ms"};
  EXPECT_EQ(kind(s), ErrorKind::InvalidArgument);
  s = q1();
  s.filter = "status >>= 3";
  EXPECT_EQ(kind(s), ErrorKind::InvalidArgument);
  s = q1();
  s.order_by = {"latency_ms"};  // not an output column
  EXPECT_EQ(kind(s), ErrorKind::InvalidArgument);
  s = q1();
  s.format = "regex:([";
  EXPECT_EQ(kind(s), ErrorKind::InvalidArgument);
  s = q1();
  s.group_by = {std::string("st\xff")};
  EXPECT_EQ(kind(s), ErrorKind::InvalidUtf8);
  const brownfield::Error e = error_of([&] {
    logs::Spec bad = q1();
    bad.aggregates = {"nope:x"};
    logs::query(bad, logs::Source::buffer(data));
  });
  EXPECT_EQ(e.name(), "invalid_argument");
  EXPECT_NE(e.message().find("nope"), std::string::npos) << e.what();
  EXPECT_FALSE(e.has_position());
}

TEST(Logs, MissingFileIsIo) {
  const brownfield::Error e =
      error_of([] { logs::query(q1(), logs::Source::file("/nonexistent/brownfield.log")); });
  EXPECT_EQ(e.kind(), ErrorKind::Io);
  EXPECT_NE(e.message().find("/nonexistent/brownfield.log"), std::string::npos) << e.what();
  EXPECT_EQ(error_of([] { logs::query(q1(), logs::Source::file("")); }).kind(),
            ErrorKind::InvalidArgument);
}

TEST(Logs, GzipIsDetectedInFilesAndBuffers) {
  // gzip.compress(b'{"status":200,"latency_ms":10}\n{"status":404,"latency_ms":5}\n'
  //               b'{"status":200,"latency_ms":20}\n', mtime=0)
  const std::string gz(
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\x2a\x2e\x49\x2c\x29\x2d\x56\xb2\x32"
      "\x32\x30\xd0\x51\xca\x49\x2c\x49\xcd\x4b\xae\x8c\xcf\x05\x0a\x18\x1a\xd4\x72\x55\xc3"
      "\xa5\x4d\x0c\x4c\x50\xa5\x4d\x91\x65\x31\x34\x1b\x01\x35\x03\x00\x9c\xdc\xdb\xa7\x5c"
      "\x00\x00\x00",
      66);
  const TempFile file(gz, "q.ndjson.gz");
  for (const logs::Source& source : {logs::Source::buffer(gz), logs::Source::file(file.path)}) {
    const logs::Result r = logs::query(q1(), source);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0]["status"].as_int64(), 200);
    EXPECT_EQ(r[0]["count"].as_int64(), 2);
    EXPECT_EQ(r[0]["mean:latency_ms"].as_double(), 15.0);
    EXPECT_EQ(r[1]["status"].as_int64(), 404);
    EXPECT_EQ(r.lines_read(), 3u);
  }
}

TEST(Logs, OtherFormats) {
  logs::Spec spec;
  spec.format = "logfmt";
  spec.group_by = {"level"};
  spec.aggregates = {"count", "max:ms"};
  const logs::Result r = logs::query(
      spec, logs::Source::buffer("level=info ms=3\nlevel=error ms=9 msg=\"a b\"\nlevel=info ms=5\n"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["level"].as_string(), "error");
  EXPECT_EQ(r[1]["level"].as_string(), "info");
  EXPECT_EQ(r[1]["count"].as_int64(), 2);
  EXPECT_EQ(r[1]["max:ms"].as_int64(), 5);

  spec.format = "regex:^(?P<user>\\w+) (?P<n>\\d+)$";
  spec.group_by = {"user"};
  spec.aggregates = {"sum:n"};
  const logs::Result re = logs::query(spec, logs::Source::buffer("bob 2\nann 5\nbob 3\n"));
  ASSERT_EQ(re.size(), 2u);
  EXPECT_EQ(re[1]["user"].as_string(), "bob");
  EXPECT_EQ(re[1]["sum:n"].as_int64(), 5);
}

TEST(Logs, DefaultSpecCountsEveryRecord) {
  const logs::Spec spec;
  EXPECT_EQ(spec.format, "ndjson");
  EXPECT_FALSE(spec.filter.has_value());
  EXPECT_FALSE(spec.limit.has_value());
  EXPECT_FALSE(spec.skip_bad_lines);
  const logs::Result r = logs::query(spec, logs::Source::buffer("{}\n{\"a\":1}\n{\"b\":[1]}\n"));
  EXPECT_EQ(r.columns(), std::vector<std::string>{"count"});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0][0].as_int64(), 3);
}

TEST(Logs, EmptyInputAndStrictNdjsonLineNumbers) {
  const logs::Result empty = logs::query(q1(), logs::Source::buffer(""));
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.lines_read(), 0u);
  const brownfield::Error e = error_of(
      [] { logs::query(q1(), logs::Source::buffer("{\"status\":1}\n\n{\"status\":2}\n{\"status\":\n")); });
  EXPECT_EQ(e.kind(), ErrorKind::BadRecord);
  EXPECT_EQ(e.line(), 4u);  // blank lines count in line numbers
  EXPECT_EQ(e.offset(), 27u);
}

TEST(Logs, CellAccessorsAndResultLifetime) {
  const auto [records, text] = generate(200);
  logs::Result r = logs::query(q1(), logs::Source::buffer(text));
  const logs::Row first = r[0];
  const logs::Cell status = first["status"];
  auto kind = [](auto&& f) { return error_of(f).kind(); };
  EXPECT_EQ(kind([&] { status.as_string(); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind([&] { status.as_bool(); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind([&] { status.size(); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind([&] { first["mean:latency_ms"].as_int64(); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(status.as_double(), static_cast<double>(status.as_int64()));  // Int reads as double
  EXPECT_EQ(kind([&] { first[3]; }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind([&] { first["nope"]; }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind([&] { r[r.size()]; }), ErrorKind::InvalidArgument);
  EXPECT_EQ(logs::type_name(logs::CellType::List), "list");

  // Moving the result keeps rows and cells valid; the moved-from one throws.
  const std::int64_t before = status.as_int64();
  logs::Result moved = std::move(r);
  EXPECT_EQ(status.as_int64(), before);
  EXPECT_EQ(first["count"].as_int64(), moved[0]["count"].as_int64());
  EXPECT_EQ(kind([&] { r.size(); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind([&] { r.columns(); }), ErrorKind::InvalidArgument);
  static_assert(!std::is_copy_constructible_v<logs::Result>);
}

TEST(Logs, ConcurrentQueries) {
  const auto [records, text] = generate(4000);
  const std::string want = logs::query(q1(), logs::Source::buffer(text))[0]["count"].to_string();
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      logs::Spec spec = q1();
      spec.threads = 1 + i % 2;
      got[i] = logs::query(spec, logs::Source::buffer(text))[0]["count"].to_string();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& g : got) EXPECT_EQ(g, want);
}

TEST(Logs, HostileInputNeverCrashes) {
  // Random bytes, NULs, invalid UTF-8, deep nesting, gzip magic with
  // garbage: in skip mode every one is counted, in strict mode a typed error.
  std::mt19937 rng(7);
  std::string junk;
  for (int i = 0; i < 200000; ++i) {
    junk += static_cast<char>(rng() % 4 == 0 ? '\n' : rng() % 256);
  }
  junk += std::string(100000, '[') + "\n{\"status\":\"\xff\"}\n" + std::string("\0\0\n", 3);
  logs::Spec spec = q1();
  spec.skip_bad_lines = true;
  const logs::Result r = logs::query(spec, logs::Source::buffer(junk));
  EXPECT_EQ(r.lines_read(), r.lines_matched() + r.lines_skipped());
  EXPECT_GT(r.lines_skipped(), 1000u);
  EXPECT_LE(r.bad_lines().size(), 5u);
  spec.skip_bad_lines = false;
  const ErrorKind strict = error_of([&] { logs::query(spec, logs::Source::buffer(junk)); }).kind();
  EXPECT_EQ(strict, ErrorKind::BadRecord);
  const std::string bad_gzip = std::string("\x1f\x8b\x08\x00garbage", 11);
  const ErrorKind gz = error_of([&] { logs::query(spec, logs::Source::buffer(bad_gzip)); }).kind();
  EXPECT_EQ(gz, ErrorKind::Io);
}
