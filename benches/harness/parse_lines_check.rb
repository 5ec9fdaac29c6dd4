# Ruby Brownfield::JSON.parse_lines(data) against an Oj loop over lines
# split beforehand (lines.map { |l| Oj.load(l, mode: :strict) }), best of
# 5 calls each, three times, in one process; checks both give equal values.
#
# usage: ruby -Ibindings/ruby/lib benches/harness/parse_lines_check.rb [FILE.ndjson ...]
# Default: the corpus NDJSON ($BROWNFIELD_DATA_DIR/json/*.ndjson, else
# ../shared/data) and 50,000 generated request-log lines (16 MB, made by
# benches/harness/gen_ndjson.py into a temporary file).
require "brownfield"
require "oj"
require "tmpdir"

here = __dir__
data_dir = ENV.fetch("BROWNFIELD_DATA_DIR", File.expand_path("../../../shared/data", here))
files = ARGV.dup
tmp = nil
if files.empty?
  files = Dir[File.join(data_dir, "json", "*.ndjson")].sort
  tmp = Dir.mktmpdir
  generated = File.join(tmp, "requests_50000.ndjson")
  system("python3", File.join(here, "gen_ndjson.py"), "--lines", "50000", generated, exception: true)
  files << generated
end

def best_ms(n)
  (1..n).map do
    t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
    Process.clock_gettime(Process::CLOCK_MONOTONIC) - t
  end.min * 1000
end

files.each do |path|
  data = File.binread(path)
  lines = data.each_line.reject { |l| l.strip.empty? }
  raise "values differ: #{path}" unless Brownfield::JSON.parse_lines(data) == lines.map { |l| Oj.load(l, mode: :strict) }

  3.times do
    oj = best_ms(5) { lines.map { |l| Oj.load(l, mode: :strict) } }
    ours = best_ms(5) { Brownfield::JSON.parse_lines(data) }
    printf("%s: %.2f MB, Oj loop %.3f ms, parse_lines %.3f ms (%.2fx)\n",
           File.basename(path), data.bytesize / 1e6, oj, ours, oj / ours)
  end
end
FileUtils.remove_entry(tmp) if tmp
