#!/usr/bin/env ruby
# frozen_string_literal: true

# A tiny "legacy app": for every *.json document in the corpus it parses the
# text, walks the result (values per type, the longest string, the deepest
# nesting), and serializes it back (the output is checksummed, never
# written anywhere). The JSON library is chosen with --json:
#
#   ruby legacy_app.rb --json native      # Ruby's JSON (the original code)
#   ruby legacy_app.rb --json brownfield  # the brownfield Rust core
#   ruby legacy_app.rb --json oj          # Oj in :compat mode (the peer)
#
# Both modes print the same summary; the last line is
#   BENCH ruby <mode> <seconds>
# the best of 3 passes over all files, timing only the JSON hot path
# (parse + generate), not file reading or the walk.

require "json"
require "optparse"
require "zlib"

options = { json: "native", dir: nil, passes: 3 }
OptionParser.new do |o|
  o.banner = "usage: legacy_app.rb --json native|brownfield|oj [--dir DIR] [--passes N]"
  o.on("--json LIB", %w[native brownfield oj]) { |v| options[:json] = v }
  o.on("--dir DIR", "corpus directory (default: $BROWNFIELD_DATA_DIR/json)") { |v| options[:dir] = v }
  o.on("--passes N", Integer) { |v| options[:passes] = v }
end.parse!

# Oj's JSON-compatible API, for comparison with the usual peer.
module OjCompat
  def self.parse(text) = Oj.load(text, mode: :compat, bigdecimal_load: :float)
  def self.generate(obj) = Oj.dump(obj, mode: :compat)
end

case options[:json]
when "brownfield" then require "brownfield"
when "oj" then require "oj"
end

# ---- The swap. The app used to say `JSON_LIB = ::JSON`; moving its hot path
# ---- to brownfield is `JSON_LIB = Brownfield::JSON` (after `require
# ---- "brownfield"`). Everything below calls JSON_LIB.parse / .generate.
JSON_LIB = case options[:json]
           when "native" then ::JSON
           when "brownfield" then Brownfield::JSON
           else OjCompat
           end
# ------------------------------------------------------------------------

repo = File.expand_path("../..", __dir__)
dir = options[:dir] || File.join(ENV.fetch("BROWNFIELD_DATA_DIR", File.join(repo, "..", "shared", "data")), "json")
files = Dir[File.join(dir, "*.json")].sort
abort "legacy_app: no *.json files in #{dir}" if files.empty?
documents = files.map { |f| [File.basename(f), File.read(f, encoding: "UTF-8")] }

# What the app does with each document: counts values per type and finds the
# longest string and the deepest nesting (iteratively).
def walk(value, stats)
  stack = [[value, 1]]
  until stack.empty?
    v, depth = stack.pop
    stats[:max_depth] = depth if depth > stats[:max_depth]
    case v
    when Hash
      stats[:object] += 1
      v.each do |k, item|
        stats[:longest] = k if k.length > stats[:longest].length
        stack << [item, depth + 1]
      end
    when Array
      stats[:array] += 1
      v.each { |item| stack << [item, depth + 1] }
    when String
      stats[:string] += 1
      stats[:longest] = v if v.length > stats[:longest].length
    when Integer then stats[:integer] += 1
    when Float then stats[:float] += 1
    when true, false then stats[:bool] += 1
    when nil then stats[:null] += 1
    end
  end
end

best = Float::INFINITY
summary = nil
options[:passes].times do
  elapsed = 0.0
  results = documents.map do |name, text|
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    value = JSON_LIB.parse(text)
    out = JSON_LIB.generate(value)
    elapsed += Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
    [name, value, out]
  end
  best = elapsed if elapsed < best
  summary ||= results.map do |name, value, out|
    stats = Hash.new(0).merge(longest: "", max_depth: 0)
    walk(value, stats)
    format("%-24s objects=%-6d arrays=%-6d strings=%-6d ints=%-6d floats=%-6d bools=%-5d nulls=%-5d " \
           "depth=%-3d longest=%-5d out=%d crc=%08x",
           name, stats[:object], stats[:array], stats[:string], stats[:integer], stats[:float], stats[:bool],
           stats[:null], stats[:max_depth], stats[:longest].length, out.bytesize, Zlib.crc32(out))
  end
end

puts summary
puts "files=#{documents.size} bytes=#{documents.sum { |_, t| t.bytesize }}"
puts format("BENCH ruby %s %.6f", options[:json], best)
