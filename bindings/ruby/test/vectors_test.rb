# frozen_string_literal: true

require_relative "test_helper"

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
