#!/usr/bin/env ruby
# frozen_string_literal: true

# Ruby runner for the cross-language harness (benches/harness/harness.py).
#
# Measures JSON (stdlib), Oj (strict and compat modes) and Brownfield::JSON
# on each workload and input file once; prints one JSON object per
# measurement on stdout (same fields as runners/py_runner.py). `seconds` is
# the best per-operation time over repetitions lasting at least --min-time.
require "json"
require "optparse"

min_time = 0.2
workloads = %w[parse serialize ndjson logs]
OptionParser.new do |o|
  o.banner = "usage: rb_runner.rb [--min-time S] [--workloads a,b] FILE..."
  o.on("--min-time S", Float) { |v| min_time = v }
  o.on("--workloads LIST") { |v| workloads = v.split(",") }
end.parse!

require "brownfield" # the product: a missing binding is an error
libs = [
  ["brownfield", Brownfield::VERSION, ->(s) { Brownfield::JSON.parse(s) }, ->(o) { Brownfield::JSON.generate(o) }],
  ["json", JSON::VERSION, ->(s) { JSON.parse(s) }, ->(o) { JSON.generate(o) }]
]
begin
  require "oj"
  libs << ["oj-strict", Oj::VERSION, ->(s) { Oj.load(s, mode: :strict) }, ->(o) { Oj.dump(o, mode: :strict) }]
  libs << ["oj-compat", Oj::VERSION, ->(s) { Oj.load(s, mode: :compat) }, ->(o) { Oj.dump(o, mode: :compat) }]
rescue LoadError
  warn "rb_runner: oj not installed, skipped"
end

def best_time(min_time)
  best = Float::INFINITY
  total = 0.0
  calls = 0
  while total < min_time || calls < 3
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
    dt = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
    best = dt if dt < best
    total += dt
    calls += 1
  end
  best
end

# The legacy script for the log workload: read line by line, aggregate by hand.
def oj_loop(path)
  q1 = Hash.new { |h, k| h[k] = [0, 0.0] }
  q2 = Hash.new { |h, k| h[k] = [0, [], 0] }
  File.foreach(path) do |line|
    r = Oj.load(line, mode: :strict)
    s = q1[r["status"]]
    s[0] += 1
    s[1] += r["latency_ms"]
    g = q2[[r["region"], r["path"]]]
    g[0] += 1
    g[1] << r["latency_ms"]
    g[2] += r["bytes"]
  end
  top = q2.sort_by { |_, v| -v[0] }.first(20)
  top.each do |_, (n, lat, _)|
    lat.sort!
    [lat[(0.5 * (n - 1)).to_i], lat[(0.99 * (n - 1)).to_i]]
  end
  [q1.transform_values { |n, sum| sum / n }, top]
end

ARGV.each do |path|
  data = File.binread(path).force_encoding(Encoding::UTF_8)
  name = File.basename(path)
  ndjson = name.end_with?(".ndjson")
  lines = ndjson ? data.lines : nil
  if ndjson && name.start_with?("requests") && workloads.include?("logs")
    seconds = best_time(min_time) do
      Brownfield::Logs.query(path, by: ["status"], agg: ["count", "mean:latency_ms"])
      Brownfield::Logs.query(path, by: %w[region path], agg: ["count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"],
                                   order_by: ["-count"], limit: 20)
    end
    puts JSON.generate({ lang: "ruby", lib: "brownfield", version: Brownfield::VERSION, workload: "logs-q1q2",
                         file: name, bytes: data.bytesize, seconds: seconds })
    $stdout.flush
  end
  if ndjson && name.start_with?("requests") && workloads.include?("logs") && defined?(Oj)
    puts JSON.generate({ lang: "ruby", lib: "oj-loop", version: Oj::VERSION, workload: "logs-q1q2",
                         file: name, bytes: data.bytesize, seconds: best_time(min_time) { oj_loop(path) } })
    $stdout.flush
  end
  next if ndjson && name.start_with?("requests") # generated request logs: only the log workload

  if ndjson && workloads.include?("ndjson")
    puts JSON.generate({ lang: "ruby", lib: "brownfield-parse_lines", version: Brownfield::VERSION, workload: "ndjson",
                         file: name, bytes: data.bytesize,
                         seconds: best_time(min_time) { Brownfield::JSON.parse_lines(data) } })
    $stdout.flush
  end

  libs.each do |lib, version, load, dump|
    emit = lambda do |workload, seconds|
      puts JSON.generate({ lang: "ruby", lib: lib, version: version, workload: workload,
                           file: name, bytes: data.bytesize, seconds: seconds })
      $stdout.flush
    end
    if ndjson
      emit.call("ndjson", best_time(min_time) { lines.each { |l| load.call(l) } }) if workloads.include?("ndjson")
      next
    end
    emit.call("parse", best_time(min_time) { load.call(data) }) if workloads.include?("parse")
    next unless workloads.include?("serialize")

    obj = JSON.parse(data)
    emit.call("serialize", best_time(min_time) { dump.call(obj) })
  end
  GC.start
end
