#!/usr/bin/env ruby
# frozen_string_literal: true

# A "legacy" log report: requests per status with their mean latency (Q1)
# and the 20 busiest (region, path) pairs with p50/p99 latency and bytes
# (Q2), over an NDJSON request log.
#
#   ruby log_report.rb --engine native FILE      # the loop teams write: each_line + JSON.parse
#   ruby log_report.rb --engine brownfield FILE  # two Brownfield::Logs.query calls
#
# Both print the same report; the last line is
#   BENCH ruby-logs <engine> <seconds>
# the best of --passes runs (default 3).

require "json"
require "optparse"

options = { engine: "native", passes: 3 }
OptionParser.new do |o|
  o.banner = "usage: log_report.rb [--engine native|brownfield] [--passes N] FILE"
  o.on("--engine ENGINE", %w[native brownfield]) { |v| options[:engine] = v }
  o.on("--passes N", Integer) { |v| options[:passes] = v }
end.parse!
path = ARGV.fetch(0) { abort "usage: log_report.rb [--engine native|brownfield] [--passes N] FILE" }

# Linear-interpolated quantile of sorted values (DuckDB's quantile_cont).
def quantile(sorted, q)
  pos = (sorted.size - 1) * q
  lo = pos.floor
  hi = [lo + 1, sorted.size - 1].min
  sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo))
end

# The loop Brownfield::Logs replaces.
def report_native(path)
  by_status = Hash.new { |h, k| h[k] = [] }
  by_route = Hash.new { |h, k| h[k] = [[], 0] }
  File.foreach(path) do |line|
    next if line.strip.empty?

    r = JSON.parse(line)
    by_status[r["status"]] << r["latency_ms"]
    route = by_route[[r["region"], r["path"]]]
    route[0] << r["latency_ms"]
    route[1] += r["bytes"]
  end
  q1 = by_status.sort.map { |status, lat| [status, lat.size, lat.sum / lat.size] }
  q2 = by_route.map do |(region, route_path), (lat, total)|
    lat.sort!
    [region, route_path, lat.size, quantile(lat, 0.5), quantile(lat, 0.99), total]
  end
  [q1, q2.sort_by { |r| [-r[2], r[0], r[1]] }.first(20)]
end

# The same report: two queries, no Ruby object per record.
def report_brownfield(path)
  q1 = Brownfield::Logs.query(path, by: ["status"], agg: ["count", "mean:latency_ms"])
  q2 = Brownfield::Logs.query(path, by: %w[region path], agg: %w[count p50:latency_ms p99:latency_ms sum:bytes],
                                    order_by: %w[-count region path], limit: 20)
  [q1.map(&:values), q2.map(&:values)]
end

require "brownfield" if options[:engine] == "brownfield"
run = options[:engine] == "brownfield" ? method(:report_brownfield) : method(:report_native)

best = Float::INFINITY
q1 = q2 = nil
[options[:passes], 1].max.times do
  start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  q1, q2 = run.call(path)
  best = [best, Process.clock_gettime(Process::CLOCK_MONOTONIC) - start].min
end

# Rounded so both engines print the same text (summation order differs).
q1.each { |status, count, mean| puts format("status %d: %d requests, mean %.6f ms", status, count, mean) }
q2.each do |region, route_path, count, p50, p99, total|
  puts format("%-15s %-24s %6d p50=%.6f p99=%.6f bytes=%d", region, route_path, count, p50, p99, total)
end
puts format("BENCH ruby-logs %s %.6f", options[:engine], best)
