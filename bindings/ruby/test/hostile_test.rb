# frozen_string_literal: true

require_relative "test_helper"

# Inputs that must give a typed error and never crash the process:
# truncation, extreme nesting, invalid UTF-8, NUL bytes, other encodings,
# random corruption.
class HostileTest < Minitest::Test
  include BrownfieldTest

  DOC = <<~JSON
    {"name": "brownfield", "tags": ["a", "é", "\\u00e9\\ud83d\\ude00", ""], "n": -12.5e-3,
     "big": 123456789012345678901234567890, "ok": true, "no": false, "nil": null,
     "nested": {"x": [1, [2, [3, {"y": "z\\n"}]]], "empty": {}, "list": []}}
  JSON

  def assert_typed_parse_error(input, kind = nil, **opts)
    err = assert_raises(::JSON::ParserError) { Brownfield::JSON.parse(input, **opts) }
    assert_kind_of Brownfield::JSON::ErrorDetails, err
    assert_equal kind, err.kind if kind
    assert_operator err.offset, :<=, input.bytesize
    assert_operator err.line, :>=, 1
    err
  end

  def test_every_truncation_of_a_document_raises
    bytes = DOC.strip.b
    (0...bytes.bytesize).each do |n|
      prefix = bytes.byteslice(0, n)
      err = assert_typed_parse_error(prefix)
      assert_includes %i[unexpected_eof empty_input invalid_utf8 invalid_literal invalid_number
                         invalid_escape invalid_unicode_escape], err.kind, "prefix #{n}: #{err.message}"
    end
    assert_equal ::JSON.parse(DOC), Brownfield::JSON.parse(DOC)
  end

  def test_every_truncation_of_a_corpus_document_raises
    text = read_bytes(corpus_files.first).byteslice(0, 4000)
    (1...text.bytesize).step(7) { |n| assert_typed_parse_error(text.byteslice(0, n)) }
  end

  def test_100_000_deep_nesting
    deep_array = ("[" * 100_000) + ("]" * 100_000)
    deep_object = ('{"a":' * 100_000) + "1" + ("}" * 100_000)
    { deep_array => 100, deep_object => 500 }.each do |input, offset|
      err = assert_typed_parse_error(input, :nesting_too_deep)
      assert_instance_of Brownfield::JSON::NestingError, err
      assert_equal offset, err.offset
      assert_typed_parse_error(input, :nesting_too_deep, max_nesting: 1024)
      assert_typed_parse_error(input.byteslice(0, 150_000), :nesting_too_deep)
    end
    # With no limit the document is built (iteratively), however deep.
    value = Brownfield::JSON.parse(deep_array, max_nesting: false)
    depth = 0
    while value.is_a?(Array) && !value.empty?
      value = value.first
      depth += 1
    end
    assert_equal 99_999, depth
    truncated = ("[" * 100_000) + ("]" * 99_999)
    assert_typed_parse_error(truncated, :unexpected_eof, max_nesting: false)
  end

  def test_deep_values_do_not_crash_generate
    deep = []
    100_000.times { deep = [deep] }
    err = assert_raises(::JSON::NestingError) { Brownfield::JSON.generate(deep) }
    assert_instance_of Brownfield::JSON::NestingError, err
    assert_equal :nesting_too_deep, err.kind
    assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.generate(deep, max_nesting: false) }
    hash = {}
    100_000.times { hash = { "k" => hash } }
    assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.generate(hash, max_nesting: 0) }
  end

  def test_deep_generate_in_threads_and_fibers_raises_nesting_error
    deep = {}
    20_000.times { deep = { "k" => deep } }
    runs = [
      -> { Fiber.new { Brownfield::JSON.generate(deep, max_nesting: false) }.resume },
      lambda {
        Thread.new do
          Thread.current.report_on_exception = false
          Brownfield::JSON.generate(deep, max_nesting: false)
        end.value
      },
      -> { Brownfield::JSON.generate(deep, max_nesting: false) }
    ]
    runs.each do |run|
      err = assert_raises(Brownfield::JSON::NestingError) { run.call }
      assert_equal :nesting_too_deep, err.kind
    end
    # A depth the stack can take still works without a limit.
    ok = []
    300.times { ok = [ok] }
    assert_equal ::JSON.generate(ok, max_nesting: false),
                 Fiber.new { Brownfield::JSON.generate(ok, max_nesting: false) }.resume
  end

  def test_circular_structures
    a = []
    a << a
    assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.generate(a) }
    h = {}
    h["self"] = h
    assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.generate(h) }
    assert_raises(::JSON::NestingError) { ::JSON.generate(h) }
  end

  def test_invalid_utf8
    {
      "[\"\xFF\"]" => 2, "[\"ab\xC3\"]" => 4, "\"\xC0\xAF\"" => 1, "\"\xED\xA0\x80\"" => 1,
      "{\"k\xE9y\": 1}" => 3, "\xFE[]" => 0, "[\"\xF4\x90\x80\x80\"]" => 2
    }.each do |input, offset|
      [input, input.b, input.dup.force_encoding("US-ASCII")].each do |source|
        err = assert_typed_parse_error(source, :invalid_utf8)
        assert_equal offset, err.offset, input.inspect
      end
    end
  end

  def test_nul_bytes
    assert_typed_parse_error("[\"a\u0000b\"]", :control_character_in_string)
    assert_typed_parse_error("\u0000", :expected_value)
    assert_typed_parse_error("[1]\u0000", :trailing_characters)
    assert_typed_parse_error("[1,\u0000]", :expected_value)
    assert_typed_parse_error("{\"a\u0000\":1}", :control_character_in_string)
    assert_equal ["a\u0000b"], Brownfield::JSON.parse('["a\u0000b"]')
  end

  def test_other_encodings_are_converted
    utf8 = '{"café": ["naïve", "日本"]}'
    expected = ::JSON.parse(utf8)
    %w[UTF-16LE UTF-16BE UTF-32LE Shift_JIS EUC-JP].each do |enc|
      source = begin
        utf8.encode(enc)
      rescue EncodingError
        next
      end
      assert_equal expected, Brownfield::JSON.parse(source), enc
    end
    latin1 = "[\"caf\xE9\"]".dup.force_encoding("ISO-8859-1")
    assert_equal ["café"], Brownfield::JSON.parse(latin1)
    assert_equal ::JSON.parse(latin1), Brownfield::JSON.parse(latin1)
    assert_equal ["é"], Brownfield::JSON.parse("[\"\xC3\xA9\"]".b)
    # Bytes that do not convert are parsed as they are: a typed UTF-8 error.
    broken = "[\"\xFF\xFF\"]".dup.force_encoding("EUC-JP")
    assert_typed_parse_error(broken, :invalid_utf8)
    assert_equal Encoding::UTF_8, Brownfield::JSON.parse('"x"'.encode("UTF-16LE")).encoding
  end

  def test_random_corruption_never_crashes
    rng = Random.new(20_261_126)
    base = DOC.b
    3000.times do
      bytes = base.dup
      rng.rand(1..4).times do
        i = rng.rand(bytes.bytesize)
        case rng.rand(3)
        when 0 then bytes.setbyte(i, rng.rand(256))
        when 1 then bytes = bytes.byteslice(0, i) + bytes.byteslice(i + 1..)
        else bytes = bytes.byteslice(0, i) + rng.rand(256).chr + bytes.byteslice(i..)
        end
      end
      begin
        value = Brownfield::JSON.parse(bytes)
        # Accepted: the stdlib must accept it too and agree.
        assert_equal ::JSON.parse(bytes), value
      rescue Brownfield::JSON::ParserError, Brownfield::JSON::NestingError => e
        refute_nil e.kind
        assert_operator e.offset, :<=, bytes.bytesize
      end
    end
  end

  def test_non_string_sources
    assert_raises(TypeError) { Brownfield::JSON.parse(nil) }
    assert_raises(TypeError) { Brownfield::JSON.parse(42) }
    to_str = Object.new
    def to_str.to_str = "[1]"
    assert_equal [1], Brownfield::JSON.parse(to_str)
  end

  def test_generate_rejects_what_json_rejects
    [Float::NAN, Float::INFINITY, -Float::INFINITY, "\xFF", "ab\xC3".b, { "\xFE" => 1 }].each do |bad|
      value = [bad]
      assert_raises(::JSON::GeneratorError) { ::JSON.generate(value) }
      err = assert_raises(Brownfield::JSON::GeneratorError) { Brownfield::JSON.generate(value) }
      assert_equal :unserializable, err.kind
      assert_nil err.offset
    end
  end
end
