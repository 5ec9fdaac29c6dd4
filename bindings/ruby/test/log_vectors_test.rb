# frozen_string_literal: true

require_relative "test_helper"

# The shared log-engine vectors (tests/vectors/logs/cases.json, written by
# tests/vectors/logs/generate.py) through Brownfield::Logs.query with a path
# input, one test per case:
#   "expect": columns, rows (Integers exactly, Floats within a relative
#             1e-9, null = nil), lines_read / matched / skipped and the line
#             numbers of the first skipped lines;
#   "error":  the query raises BadRecordError (kind bad_record) at that line.
# The Rust core, the CLI, C, C++ and Python run the same file.
class LogVectorsTest < Minitest::Test
  DIR = File.join(BrownfieldTest::REPO, "tests", "vectors", "logs")
  CASES = ::JSON.parse(File.read(File.join(DIR, "cases.json"), encoding: "UTF-8"))

  # As the Rust suite compares: an Integer cell equals an integer exactly (or
  # a float equal to it), a Float is within a relative 1e-9 of any number.
  def same?(got, want)
    case got
    when Integer then want.is_a?(Numeric) && (want.is_a?(Integer) ? got == want : got.to_f == want)
    when Float
      want.is_a?(Numeric) && (got - want).abs <= 1e-9 * [got.abs, want.abs, 1.0].max
    else got.instance_of?(want.class) && got == want
    end
  end

  def test_enough_cases
    assert_operator CASES.size, :>=, 20
  end

  def run_case(c)
    q = c.fetch("query")
    kw = { format: c.fetch("format"), where: q.fetch("where"), by: q.fetch("by"), agg: q.fetch("agg"),
           order_by: q.fetch("order_by"), limit: q.fetch("limit"), skip_bad_lines: q.fetch("skip_bad_lines") }
    path = File.join(DIR, "inputs", c.fetch("input"))
    if (error = c["error"])
      assert_equal "bad_record", error.fetch("kind")
      err = assert_raises(Brownfield::Logs::BadRecordError) { Brownfield::Logs.query(path, **kw) }
      assert_equal error.fetch("line"), err.line, err.message
      return
    end
    want = c.fetch("expect")
    got = Brownfield::Logs.query(path, **kw)
    assert_equal want.fetch("columns"), got.columns
    rows = got.map { |row| got.columns.map { |col| row[col] } }
    assert_equal want.fetch("rows").size, rows.size, "rows: got #{rows.inspect}"
    want.fetch("rows").zip(rows).each_with_index do |(w, g), i|
      assert_equal w.size, g.size, "row #{i}"
      w.zip(g).each_with_index do |(wv, gv), j|
        assert same?(gv, wv), "row #{i} column #{got.columns[j]}: got #{gv.inspect}, want #{wv.inspect}"
      end
    end
    assert_equal [want.fetch("lines_read"), want.fetch("lines_matched"), want.fetch("lines_skipped")],
                 [got.lines_read, got.lines_matched, got.lines_skipped]
    assert_equal want.fetch("bad_lines"), got.bad_lines.map(&:line)
  end

  CASES.each do |c|
    define_method("test_#{c.fetch('name').gsub(/\W/, '_')}") { run_case(c) }
  end
end
