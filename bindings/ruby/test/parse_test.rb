# frozen_string_literal: true

require_relative "test_helper"

# Brownfield::JSON.parse: values, options and errors.
class ParseTest < Minitest::Test
  def test_values
    doc = '{"a": [1, -2.5, 1e400, null, true, false, "x\u00e9\ud83d\ude00"], "big": -123456789012345678901234567890,
            "u64": 18446744073709551615, "i64": -9223372036854775808, "neg0": -0, "negf": -0.0}'
    verbose = $VERBOSE
    $VERBOSE = nil # JSON.parse warns "Float 1e400 out of range"
    expected = ::JSON.parse(doc)
    $VERBOSE = verbose
    assert_same_value expected, Brownfield::JSON.parse(doc)
  end

  def test_scalar_documents
    { "1" => 1, "\"s\"" => "s", "null" => nil, "true" => true, " 2.5 " => 2.5 }.each do |src, want|
      if want.nil?
        assert_nil Brownfield::JSON.parse(src)
      else
        assert_equal want, Brownfield::JSON.parse(src)
      end
    end
  end

  def test_duplicate_keys_keep_the_last_in_first_position
    doc = '{"a": 1, "b": 2, "a": 3}'
    assert_same_value ::JSON.parse(doc), Brownfield::JSON.parse(doc)
  end

  def test_strings_are_utf8_and_keys_frozen
    h = Brownfield::JSON.parse('{"k": "v"}')
    key = h.keys.first
    assert_equal Encoding::UTF_8, key.encoding
    assert_predicate key, :frozen?
    assert_equal Encoding::UTF_8, h["k"].encoding
    refute_predicate h["k"], :frozen?
    refute_predicate h, :frozen?
  end

  def test_symbolize_names
    doc = '{"a": {"b": [{"c": 1}]}}'
    assert_equal ::JSON.parse(doc, symbolize_names: true), Brownfield::JSON.parse(doc, symbolize_names: true)
  end

  def test_freeze
    v = Brownfield::JSON.parse('{"a": ["s", {}, []], "b": "t"}', freeze: true)
    assert_predicate v, :frozen?
    assert_predicate v["a"], :frozen?
    v["a"].each { |x| assert_predicate x, :frozen? }
    assert_predicate v["b"], :frozen?
  end

  def test_max_nesting_like_json
    ok = ("[" * 100) + ("]" * 100)
    too_deep = ("[" * 101) + ("]" * 101)
    assert_equal ::JSON.parse(ok), Brownfield::JSON.parse(ok)
    assert_raises(::JSON::NestingError) { ::JSON.parse(too_deep) }
    err = assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.parse(too_deep) }
    assert_equal :nesting_too_deep, err.kind
    assert_equal 100, err.offset
    [false, nil, 0].each do |unlimited|
      assert_equal ::JSON.parse(too_deep, max_nesting: false), Brownfield::JSON.parse(too_deep, max_nesting: unlimited)
    end
    assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.parse("[[1]]", max_nesting: 1) }
    assert_raises(ArgumentError) { Brownfield::JSON.parse("[]", max_nesting: -1) }
    # Unknown options are ignored, as JSON.parse ignores them.
    assert_equal ::JSON.parse("[]", nonsense: 1), Brownfield::JSON.parse("[]", nonsense: 1)
  end

  def test_error_details
    err = assert_raises(Brownfield::JSON::ParserError) { Brownfield::JSON.parse("{\n  \"é\": [1,, 2]\n}") }
    assert_kind_of ::JSON::ParserError, err
    assert_kind_of ::JSON::JSONError, err
    assert_equal :expected_value, err.kind
    assert_equal 13, err.offset
    assert_equal 2, err.line
    assert_equal 11, err.column
    assert_match(/at line 2 column 11 \(byte 13\)/, err.message)
  end

  def test_stricter_than_json_where_rfc_8259_says_so
    ["NaN", "[Infinity]", "[1,]", "// c\n1", "[01]", "\"\xFF\"", "[\"\\ud800\"]", "", " "].each do |src|
      assert_raises(Brownfield::JSON::ParserError, src.inspect) { Brownfield::JSON.parse(src) }
    end
  end

  def test_error_classes
    assert_operator Brownfield::JSON::ParserError, :<, ::JSON::ParserError
    assert_operator Brownfield::JSON::NestingError, :<, ::JSON::NestingError
    assert_operator Brownfield::JSON::GeneratorError, :<, ::JSON::GeneratorError
    e = Brownfield::JSON::ParserError.new("m")
    assert_equal "m", e.message
    assert_nil e.kind
  end

  def test_large_inputs_release_the_gvl_and_stay_correct
    doc = ::JSON.generate(Array.new(20_000) { |i| { "id" => i, "name" => "item #{i}", "tags" => %w[a b] } })
    assert_operator doc.bytesize, :>, 64 * 1024
    expected = ::JSON.parse(doc)
    threads = Array.new(4) do
      Thread.new { Array.new(3) { Brownfield::JSON.parse(doc) } }
    end
    threads.each { |t| t.value.each { |v| assert_equal expected, v } }
    refute_predicate doc, :frozen?
    # The source can be mutated afterwards; the parse worked on a snapshot.
    doc << " "
    assert_equal expected, Brownfield::JSON.parse(doc)
    err = assert_raises(Brownfield::JSON::ParserError) { Brownfield::JSON.parse(doc.byteslice(0, doc.bytesize - 5)) }
    assert_equal :unexpected_eof, err.kind
  end

  # Statuses another thread observes while +doc+ is parsed repeatedly. A
  # thread inside a GVL-free region reports "sleep"; one holding the GVL is
  # never observed at all during the call, and "run" otherwise.
  def statuses_while_parsing(doc)
    parser = Thread.new { 20.times { Brownfield::JSON.parse(doc) } }
    seen = Hash.new(0)
    while parser.alive?
      seen[parser.status] += 1
      Thread.pass
    end
    parser.join
    seen
  end

  def test_large_documents_are_parsed_without_the_gvl
    large = "[#{(['12345.678'] * 200_000).join(',')}]"
    assert_operator large.bytesize, :>=, 64 * 1024
    assert_operator statuses_while_parsing(large)["sleep"], :>, 0
    small = '{"a": [1, 2, 3]}'
    assert_equal 0, statuses_while_parsing(small)["sleep"]
  end

  def test_round_trip
    value = { "a" => [1, 2.5, nil, true, "é\n"], "b" => { "c" => 2**80 } }
    assert_equal value, Brownfield::JSON.parse(Brownfield::JSON.generate(value))
  end
end
