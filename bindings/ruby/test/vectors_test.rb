# frozen_string_literal: true

require_relative "test_helper"

# Reads the shared vectors' tab-separated files.
module VectorTables
  # The fields of every non-comment line of +file+ in tests/vectors/json.
  # @param file [String] e.g. "options.tsv"
  # @return [Array<Array<String>>]
  def self.read(file)
    File.readlines(File.join(BrownfieldTest::VECTORS, file), chomp: true, encoding: "UTF-8")
        .reject { |l| l.empty? || l.start_with?("#") }
        .map { |l| l.split("\t") }
  end
end

# Runs every shared test vector (tests/vectors/json/manifest.tsv). The
# vectors assume the core's default nesting limit, 1024.
class VectorsTest < Minitest::Test
  include BrownfieldTest

  VALID = BrownfieldTest.manifest.select { |kind, *| kind == "valid" }.map { |_, name| name }
  INVALID = BrownfieldTest.manifest.select { |kind, *| kind == "invalid" }

  def quietly
    verbose = $VERBOSE
    $VERBOSE = nil
    yield
  ensure
    $VERBOSE = verbose
  end

  def test_manifest_is_complete
    assert_operator VALID.size, :>=, 100
    assert_operator INVALID.size, :>=, 100
  end

  VALID.each do |name|
    define_method("test_valid_#{name}") do
      input = read_bytes(File.join(VECTORS, "valid", "#{name}.json"))
      ours = Brownfield::JSON.parse(input, max_nesting: 1024)
      # The expected value: the canonical output (CPython's compact dump).
      canonical = File.read(File.join(VECTORS, "valid", "#{name}.out"), encoding: "UTF-8")
      assert_same_value quietly { ::JSON.parse(canonical, max_nesting: false) }, ours
      # Ruby's own parser agrees whenever it accepts the input.
      stdlib = begin
        quietly { ::JSON.parse(input, max_nesting: false) } # it warns on 1e400
      rescue ::JSON::ParserError
        nil
      end
      assert_same_value stdlib, ours if stdlib
      # And generate writes exactly what JSON.generate writes.
      want = ::JSON.generate(ours, max_nesting: false)
      got = Brownfield::JSON.generate(ours, max_nesting: false)
      assert_equal want, got
      assert_equal Encoding::UTF_8, got.encoding
    end
  end

  INVALID.each do |_, name, kind, offset|
    define_method("test_invalid_#{name}") do
      input = read_bytes(File.join(VECTORS, "invalid", "#{name}.json"))
      err = assert_raises(::JSON::ParserError) { Brownfield::JSON.parse(input, max_nesting: 1024) }
      expected_class = kind == "nesting_too_deep" ? Brownfield::JSON::NestingError : Brownfield::JSON::ParserError
      assert_instance_of expected_class, err
      assert_equal kind.to_sym, err.kind
      assert_equal Integer(offset), err.offset
      assert_operator err.line, :>=, 1
      assert_operator err.column, :>=, 1
      assert_includes err.message, "(byte #{offset})"
    end
  end
end

# The option vectors (tests/vectors/json/options.tsv) through
# Brownfield::JSON.generate, with the json gem's options that equal each
# option set: one line (no indent) is +JSON.generate+'s compact layout;
# an indent is +indent+ with +object_nl+/+array_nl+ "\n" and +space+ " "
# (separators=pretty) or "" (separators=compact); ensure_ascii is
# +ascii_only+, allow_nan is +allow_nan+. Values come from
# Brownfield::JSON.parse, so duplicate keys keep the last value (the .out
# texts, not .raw.out).
class OptionVectorsTest < Minitest::Test
  include BrownfieldTest

  OPTIONS = VectorTables.read("options.tsv")

  # Option sets the json gem cannot express at all: never run here.
  NOT_APPLICABLE = {
    "sort_keys=true" => "the json gem has no option to sort keys",
    "separators=spaced" => "the json gem writes no space after ',' (Python's default \", \")"
  }.freeze

  # Inputs whose expected text the json gem writes differently under some
  # options (Brownfield::JSON matches the gem byte for byte), with why; for
  # these the test checks Brownfield::JSON.generate == JSON.generate instead.
  GEM_LAYOUT = [
    [%w[numbers], ->(_) { true }, "Float#to_s (1.0e+16, 1.0e-07) instead of Python's repr (1e+16, 1e-07)"],
    [%w[del_char], ->(o) { o[:ascii_only] }, "ascii_only leaves DEL unescaped (Python writes \\u007f)"],
    [%w[arr_mixed empty_object nested_empty], ->(o) { o[:object_nl] },
     "json 2.6 writes empty [] and {} over two lines in newline layouts"]
  ].freeze

  # The json gem options of an options.tsv spec, or the NOT_APPLICABLE reason.
  def self.generate_options(spec)
    NOT_APPLICABLE.each { |part, reason| return [nil, reason] if spec.split(" ").include?(part) }
    o = spec.split(" ").to_h { |item| item.split("=", 2) }
    opts = { ascii_only: o.fetch("ensure_ascii") == "true", allow_nan: o.fetch("allow_nan") == "true" }
    case o.fetch("indent")
    when "none"
      raise ArgumentError, "bad spec #{spec}" unless o.fetch("separators") == "compact"
    else
      indent = o["indent"].start_with?('"') ? ::JSON.parse(o["indent"]) : " " * Integer(o["indent"])
      space = { "pretty" => " ", "compact" => "" }.fetch(o.fetch("separators"))
      opts.merge!(indent: indent, space: space, object_nl: "\n", array_nl: "\n")
    end
    [opts, nil]
  end

  # +JSON.pretty_generate+'s layout, as generate options (options.tsv's
  # indent=2 separators=pretty with ensure_ascii and allow_nan off).
  PRETTY_GENERATE = { ascii_only: false, allow_nan: false, indent: "  ", space: " ",
                      object_nl: "\n", array_nl: "\n" }.freeze

  # Every line either runs (at least 80 do) or is not applicable for a
  # NOT_APPLICABLE reason.
  def test_every_line_is_run_or_not_applicable
    reasons = OPTIONS.map { |_, _, spec, _| self.class.generate_options(spec)[1] }
    assert_operator reasons.count(nil), :>=, 80
    assert_equal NOT_APPLICABLE.values.sort, reasons.compact.uniq.sort
  end

  OPTIONS.each do |name, input_path, spec, expected|
    opts, reason = generate_options(spec)
    next if reason # counted in test_every_line_is_run_or_not_applicable

    define_method("test_option_#{name}") do
      input = read_bytes(File.join(VECTORS, input_path))
      value = Brownfield::JSON.parse(input)
      input_name = File.basename(input_path, ".json")
      gem_layout = GEM_LAYOUT.find { |names, applies, _| names.include?(input_name) && applies.call(opts) }
      if expected.start_with?("error:")
        assert_equal "error:unserializable", expected
        err = assert_raises(Brownfield::JSON::GeneratorError) { Brownfield::JSON.generate(value, opts) }
        gem_err = assert_raises(::JSON::GeneratorError) { ::JSON.generate(value, opts) }
        assert_equal :unserializable, err.kind
        assert_equal gem_err.message, err.message
      elsif gem_layout
        assert_equal ::JSON.generate(value, opts), Brownfield::JSON.generate(value, opts), gem_layout[2]
      else
        want = File.read(File.join(VECTORS, expected), encoding: "UTF-8")
        assert_equal want, ::JSON.generate(value, opts), "the json gem disagrees with the vector"
        assert_equal want, Brownfield::JSON.generate(value, opts)
        assert_equal want, Brownfield::JSON.pretty_generate(value) if opts == PRETTY_GENERATE
      end
    end
  end
end

# The error vectors (tests/vectors/json/errors.tsv): Brownfield::JSON.parse
# raises ParserError (NestingError for nesting_too_deep) with the core's
# kind, byte offset, line and column (in characters), and the message
# "MESSAGE at line L column C (byte O)".
class ErrorVectorsTest < Minitest::Test
  include BrownfieldTest

  ERRORS = VectorTables.read("errors.tsv")

  def test_error_vectors_are_complete
    assert_operator ERRORS.size, :>=, 30
  end

  ERRORS.each do |name, kind, offset, line, column, message|
    define_method("test_error_#{name}") do
      input = read_bytes(File.join(VECTORS, "errors", "#{name}.json"))
      err = assert_raises(::JSON::ParserError) { Brownfield::JSON.parse(input, max_nesting: 1024) }
      expected_class = kind == "nesting_too_deep" ? Brownfield::JSON::NestingError : Brownfield::JSON::ParserError
      assert_instance_of expected_class, err
      assert_equal [kind.to_sym, Integer(offset), Integer(line), Integer(column)],
                   [err.kind, err.offset, err.line, err.column]
      assert_equal "#{message} at line #{line} column #{column} (byte #{offset})", err.message
    end
  end
end
