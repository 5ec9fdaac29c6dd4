# frozen_string_literal: true

require_relative "test_helper"
require "tmpdir"
require "stringio"
require "pathname"
require "open3"

# Brownfield::Logs.query and Brownfield::JSON.parse_lines: the issue's Q1 and
# Q2 on generated request logs against a pure-Ruby reference and the CLI,
# the real Apache sample in strict and skip mode, errors, interrupts.
class LogsTest < Minitest::Test
  LINES = 20_000
  LOGS = File.join(ENV.fetch("BROWNFIELD_DATA_DIR", File.join(BrownfieldTest::REPO, "..", "shared", "data")), "logs")
  CLI = File.join(ENV.fetch("CARGO_TARGET_DIR", File.join(BrownfieldTest::REPO, "target")), "debug", "brownfield")

  class << self
    # The generated NDJSON file (benches/harness/gen_ndjson.py), once.
    def data_file
      @data_file ||= begin
        dir = Dir.mktmpdir("brownfield-logs")
        Minitest.after_run { FileUtils.rm_rf(dir) }
        path = File.join(dir, "requests.ndjson")
        gen = File.join(BrownfieldTest::REPO, "benches", "harness", "gen_ndjson.py")
        system("python3", gen, "--lines", LINES.to_s, path, exception: true)
        path
      end
    end

    # The parsed records, once.
    def records
      @records ||= File.foreach(data_file).map { |l| ::JSON.parse(l) }
    end
  end

  # Exact quantile with linear interpolation between ranks (DuckDB's
  # quantile_cont).
  def quantile_cont(values, q)
    v = values.sort
    pos = q * (v.size - 1)
    lo = pos.floor
    hi = pos.ceil
    v[lo] + ((pos - lo) * (v[hi] - v[lo]))
  end

  def assert_close(expected, actual, what)
    if expected.is_a?(Integer) && actual.is_a?(Integer)
      assert_equal expected, actual, what
    else
      assert_in_delta expected, actual, 1e-9 * [1.0, expected.abs].max, what
    end
  end

  def assert_rows(expected, actual)
    assert_equal expected.size, actual.size, "row count"
    expected.zip(actual).each_with_index do |(e, a), i|
      assert_equal e.keys.sort, a.keys.sort, "columns of row #{i}"
      e.each { |k, v| v.is_a?(Numeric) ? assert_close(v, a[k], "row #{i} #{k}") : assert_equal(v, a[k], "row #{i} #{k}") }
    end
  end

  # The CLI's answer (`brownfield stats ... --output json`), built on demand.
  def cli(*args)
    unless File.executable?(CLI)
      system("cargo", "build", "-q", "-p", "brownfield-cli", chdir: BrownfieldTest::REPO, exception: true)
    end
    out, err, status = Open3.capture3(CLI, "stats", *args, "--output", "json")
    assert status.success?, "brownfield stats failed: #{err}"
    ::JSON.parse(out)
  end

  def test_q1_by_status_count_mean
    result = Brownfield::Logs.query(self.class.data_file, by: ["status"], agg: ["count", "mean:latency_ms"])
    assert_kind_of Brownfield::Logs::Result, result
    assert_equal ["status", "count", "mean:latency_ms"], result.columns
    assert_equal LINES, result.lines_read
    assert_equal LINES, result.lines_matched
    assert_equal 0, result.lines_skipped
    expected = self.class.records.group_by { |r| r["status"] }.sort.map do |status, rs|
      lat = rs.map { |r| r["latency_ms"] }
      { "status" => status, "count" => rs.size, "mean:latency_ms" => lat.sum / lat.size }
    end
    assert_rows expected, result.to_a
    assert_rows cli(self.class.data_file, "--by", "status", "--agg", "count,mean:latency_ms"), result.to_a
  end

  def test_q2_by_region_path_top20
    aggs = ["count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"]
    result = Brownfield::Logs.query(Pathname(self.class.data_file), by: %w[region path], agg: aggs,
                                                                    order_by: ["-count"], limit: 20)
    expected = self.class.records.group_by { |r| [r["region"], r["path"]] }.map do |(region, path), rs|
      lat = rs.map { |r| r["latency_ms"] }
      { "region" => region, "path" => path, "count" => rs.size, "p50:latency_ms" => quantile_cont(lat, 0.5),
        "p99:latency_ms" => quantile_cont(lat, 0.99), "sum:bytes" => rs.sum { |r| r["bytes"] } }
    end
    expected = expected.sort_by { |r| [-r["count"], r["region"], r["path"]] }.first(20)
    assert_equal 20, result.size
    assert_rows expected, result.to_a
    assert_rows cli(self.class.data_file, "--by", "region,path", "--agg", aggs.join(","), "--order-by", "-count",
                    "--limit", "20"), result.to_a
    # The same query over in-memory data (an IO), with a filter and 1 thread.
    io = StringIO.new(File.binread(self.class.data_file))
    filtered = Brownfield::Logs.query(io, where: "status >= 500", by: "region,path", agg: aggs,
                                          order_by: "-count", limit: 20, threads: 1)
    assert_equal self.class.records.count { |r| r["status"] >= 500 }, filtered.lines_matched
  end

  def test_result_is_enumerable
    result = Brownfield::Logs.query(StringIO.new(%({"s":1,"l":2}\n{"s":1,"l":4}\n\n{"s":2,"l":3}\n)), by: ["s"],
                                                                                                  agg: ["count", "max:l"])
    assert_equal [{ "s" => 1, "count" => 2, "max:l" => 4 }, { "s" => 2, "count" => 1, "max:l" => 3 }], result.to_a
    assert_equal [1, 2], result.map { |r| r["s"] }
    assert_equal 2, result.count
    assert_equal({ "s" => [1, 2], "count" => [2, 1], "max:l" => [4, 3] }, result.to_columns)
    assert_equal 3, result.lines_read
  end

  def test_apache_combined_strict_and_skip
    path = File.join(LOGS, "apache_combined_10k.log")
    assert File.file?(path), "log sample missing: #{path} (set BROWNFIELD_DATA_DIR)"
    err = assert_raises(Brownfield::Logs::BadRecordError) do
      Brownfield::Logs.query(path, format: "combined", by: ["status"])
    end
    assert_kind_of Brownfield::Logs::Error, err
    assert_kind_of StandardError, err
    assert_equal 8899, err.line
    assert_includes err.message, "line 8899"
    result = Brownfield::Logs.query(path, format: "combined", by: ["status"], skip_bad_lines: true)
    assert_equal 10_000, result.lines_read
    assert_equal 1, result.lines_skipped
    assert_equal [8899], result.bad_lines.map(&:line)
    assert_equal 9999, result.sum { |r| r["count"] }
  end

  def test_errors
    assert_raises(Brownfield::Logs::QueryError) { Brownfield::Logs.query(StringIO.new(""), agg: ["nope:x"]) }
    assert_raises(ArgumentError) { Brownfield::Logs.query(StringIO.new(""), format: "xml") }
    assert_raises(ArgumentError) { Brownfield::Logs.query(StringIO.new(""), where: "status >>> 1") }
    assert_raises(ArgumentError) { Brownfield::Logs.query(StringIO.new(""), order_by: ["missing"]) }
    assert_raises(Errno::ENOENT) { Brownfield::Logs.query("/nonexistent/brownfield.log") }
    assert_raises(TypeError) { Brownfield::Logs.query(42) }
    gz = StringIO.new("\x1f\x8b\x08\x00garbage".b)
    assert_raises(Brownfield::Logs::IOError, IOError) { Brownfield::Logs.query(gz) }
    bad = assert_raises(Brownfield::Logs::BadRecordError) { Brownfield::Logs.query(StringIO.new("{\"a\":1}\n{oops\n")) }
    assert_equal 2, bad.line
    assert_equal 8, bad.offset
  end

  def test_thread_raise_interrupts_a_running_query
    Dir.mktmpdir do |dir|
      fifo = File.join(dir, "pipe")
      File.mkfifo(fifo)
      stop = false
      writer = Thread.new do
        File.open(fifo, "wb") do |f|
          line = %({"status":200,"latency_ms":1.5}\n) * 1000
          f.write(line) until stop
        end
      rescue IOError, Errno::EPIPE
        nil
      end
      query = Thread.new { Brownfield::Logs.query(fifo, by: ["status"]) }
      query.report_on_exception = false
      sleep 0.5
      assert query.alive?, "the query should still be reading the endless pipe"
      query.raise(Interrupt, "stop the query")
      assert_raises(Interrupt) { query.join(20) || flunk("query did not stop") }
      stop = true
      writer.kill
      writer.join(5)
    end
  end

  def test_hostile_input_gives_typed_errors
    deep = ("[" * 100_000) + ("]" * 100_000)
    hostile = [
      "{\"s\":\"a\u0000b\"}\n", "{\"s\":\"\xff\xfe\"}\n".b, "\x00\x00\x00\n".b, "#{deep}\n",
      "{\"s\":", "{\"s\":1}\n{\"s\":\"\xed\xa0\x80\"}\n".b, "\n\n\n", "{\"s\":[1,{\"a\":2}]}\n"
    ]
    hostile.each do |text|
      { "ndjson" => "s", "logfmt" => "s", "combined" => "path" }.each do |format, field|
        begin
          r = Brownfield::Logs.query(StringIO.new(text), format: format, by: [field], agg: ["count", "max:#{field}"])
          assert_kind_of Brownfield::Logs::Result, r
        rescue Brownfield::Logs::BadRecordError => e
          assert_kind_of Integer, e.line
        end
        r = Brownfield::Logs.query(StringIO.new(text), format: format, by: [field], skip_bad_lines: true)
        assert_equal r.lines_read, r.lines_matched + r.lines_skipped, "#{format} #{text[0, 20].inspect}"
      end
      begin
        Brownfield::JSON.parse_lines(text)
      rescue ::JSON::ParserError => e # ParserError or NestingError
        assert_kind_of Symbol, e.kind
      end
    end
    err = assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.parse_lines(deep) }
    assert_equal 1, err.line
    assert_equal 1, Brownfield::JSON.parse_lines(deep, max_nesting: false).size
  end

  # Statuses another thread observes while the block runs 10 times in a
  # thread: "sleep" means it was seen inside a GVL-free region.
  def statuses_while(&work)
    worker = Thread.new { 10.times(&work) }
    seen = Hash.new(0)
    while worker.alive?
      seen[worker.status] += 1
      Thread.pass
    end
    worker.join
    seen
  end

  def test_query_releases_the_gvl
    path = self.class.data_file
    assert_operator statuses_while { Brownfield::Logs.query(path, by: ["status"]) }["sleep"], :>, 0
  end

  # While parse_lines parses and builds 16 MB of lines, another Ruby thread
  # gets turns (the GVL is let go between batches of lines). Held
  # throughout, the other thread could run only just before or after the
  # call, never inside it.
  def test_parse_lines_lets_other_threads_run
    lines = Array.new(3200) { "[#{(['12345.678'] * 500).join(',')}]" }.join("\n")
    best = 3.times.map do
      inside = false
      turns = 0
      worker = Thread.new do
        inside = true
        Brownfield::JSON.parse_lines(lines)
        inside = false
      end
      while worker.alive?
        turns += 1 if inside
        Thread.pass
      end
      worker.join
      turns
    end.max
    assert_operator best, :>=, 4
  end

  def test_parse_lines_matches_json_parse_on_corpus
    path = File.join(BrownfieldTest::CORPUS, "amazon_cellphones.ndjson")
    data = File.binread(path)
    expected = data.each_line.reject { |l| l.strip.empty? }.map { |l| ::JSON.parse(l) }
    assert_operator expected.size, :>, 100
    assert_same_value expected, Brownfield::JSON.parse_lines(data)
    assert_same_value expected, Brownfield::JSON.parse_lines(File.open(path, "rb"))
    sym = Brownfield::JSON.parse_lines(%({"a":1}\n), symbolize_names: true)
    assert_equal [{ a: 1 }], sym
  end

  # Lines are parsed in batches on worker threads while the values are
  # built here: line numbers and offsets of errors count from the start of
  # the whole input, and values come in line order across batches.
  def test_parse_lines_across_batches
    head = Array.new(20_000) { |i| %({"n":#{i},"s":"#{"é" * (i % 5)}","f":[1.5,null,#{-i}]}\r\n) }.join
    expected = head.each_line.map { |l| ::JSON.parse(l) }
    assert_same_value expected, Brownfield::JSON.parse_lines(head)
    bad = "#{head}\n{\"a\":1}\n[1,2,]\n[3]\n"
    err = assert_raises(Brownfield::JSON::ParserError) { Brownfield::JSON.parse_lines(bad) }
    assert_equal 20_003, err.line
    assert_equal :expected_value, err.kind
    assert_equal head.bytesize + 1 + 8 + 5, err.offset
    deep = "#{head}#{"[" * 101}#{"]" * 101}\n[1]\n"
    err = assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.parse_lines(deep) }
    assert_equal 20_001, err.line
    truncated = "#{head}{\"a\": [1, 2\n"
    err = assert_raises(Brownfield::JSON::ParserError) { Brownfield::JSON.parse_lines(truncated) }
    assert_equal [20_001, :unexpected_eof], [err.line, err.kind]
  end

  def test_parse_lines_errors
    err = assert_raises(Brownfield::JSON::ParserError) { Brownfield::JSON.parse_lines(%({"a":1}\r\n\n[1,2,]\n)) }
    assert_equal 3, err.line
    assert_equal :expected_value, err.kind
    assert_equal 15, err.offset
    assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.parse_lines(("[" * 101) + ("]" * 101)) }
    assert_equal [], Brownfield::JSON.parse_lines("")
    assert_equal [::JSON.parse(("[" * 101) + ("]" * 101), max_nesting: false)],
                 Brownfield::JSON.parse_lines(("[" * 101) + ("]" * 101), max_nesting: false)
  end
end
