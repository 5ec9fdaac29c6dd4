# frozen_string_literal: true

require_relative "test_helper"
require "stringio"
require "ostruct"
require "set"

# Brownfield::JSON against the json gem (2.6) on the documented behaviours
# of JSON.parse, parse!, generate, pretty_generate, dump and load and their
# options: same values, same bytes, same exception classes.
class JsonCompatTest < Minitest::Test
  B = Brownfield::JSON

  # Values covering every type, empty and nested containers, Symbol keys,
  # non-String keys, escapes, Unicode, big integers and float layouts.
  SAMPLES = [
    nil, true, false, 0, -1, 2**64, -(2**70), 1.5, -0.0, 1e20, 1.0e-5, 123.456e10,
    "", "plain", "é ü 😀", "quote \" back \\ slash / ctl \u0001\n\t", "\u2028\u2029", :sym,
    [], {}, [[]], [{}], { "a" => [] }, { "a" => {} }, [1, [2, [3, [4]]]],
    { "a" => 1, :b => [true, nil, 2.5], 3 => { "c" => "d" }, nil => [], 1.5 => {} },
    { "nested" => { "list" => [1, "two", { "three" => [3.0, [], {}] }], "empty" => "" } },
    Array.new(20) { |i| { "id" => i, "name" => "item #{i}", "tags" => %w[x y], "score" => i / 3.0 } }
  ].freeze

  # Generator option sets, as JSON.generate / JSON::State take them.
  GENERATE_OPTIONS = [
    {},
    { space: " " },
    { space_before: " ", space: " " },
    { indent: "  ", object_nl: "\n", array_nl: "\n" },
    { indent: "\t", space: " ", object_nl: "\n", array_nl: "\n" },
    { indent: "", object_nl: "\n", array_nl: "\n" },
    { indent: "  " },
    { object_nl: "\n" },
    { array_nl: "\n", indent: " " },
    { indent: "  ", space: " ", object_nl: "\r\n", array_nl: "\r\n" },
    { ascii_only: true },
    { escape_slash: true },
    { max_nesting: 0 },
    { max_nesting: false }
  ].freeze

  def test_generate_options_match_json
    SAMPLES.each do |value|
      GENERATE_OPTIONS.each do |opts|
        assert_equal ::JSON.generate(value, opts), B.generate(value, opts), "#{value.inspect} with #{opts}"
        assert_equal ::JSON.generate(value, **opts), B.generate(value, **opts) unless opts.empty?
        assert_equal ::JSON.generate(value, ::JSON::State.new(opts)), B.generate(value, ::JSON::State.new(opts))
      end
    end
  end

  def test_pretty_generate_matches_json
    SAMPLES.each do |value|
      assert_equal ::JSON.pretty_generate(value), B.pretty_generate(value), value.inspect
      assert_equal ::JSON.pretty_generate(value, indent: "    ", space_before: " "),
                   B.pretty_generate(value, indent: "    ", space_before: " ")
    end
    # json 2.6 writes empty containers across lines when pretty-printing.
    assert_equal "{\n}", B.pretty_generate({})
    assert_equal "[\n\n]", B.pretty_generate([])
    assert_equal "{\n  \"a\": [\n\n  ],\n  \"b\": {\n  }\n}", B.pretty_generate({ "a" => [], "b" => {} })
  end

  def test_pretty_generate_corpus_byte_identical
    BrownfieldTest.corpus_files.each do |path|
      value = ::JSON.parse(File.read(path, encoding: "UTF-8"))
      assert_equal ::JSON.pretty_generate(value), B.pretty_generate(value), File.basename(path)
    end
  end

  def test_generate_allow_nan
    [Float::NAN, Float::INFINITY, -Float::INFINITY].each do |f|
      assert_raises(::JSON::GeneratorError) { ::JSON.generate([f]) }
      err = assert_raises(B::GeneratorError) { B.generate([f]) }
      assert_equal :unserializable, err.kind
      assert_equal ::JSON.generate([f], allow_nan: true), B.generate([f], allow_nan: true)
      assert_equal ::JSON.pretty_generate([f], allow_nan: true), B.pretty_generate([f], allow_nan: true)
    end
  end

  def test_generate_max_nesting
    deep = [[[[1]]]]
    assert_raises(::JSON::NestingError) { ::JSON.generate(deep, max_nesting: 3) }
    assert_raises(B::NestingError) { B.generate(deep, max_nesting: 3) }
    assert_raises(B::NestingError) { B.pretty_generate(deep, max_nesting: 3) }
    assert_equal ::JSON.generate(deep, max_nesting: 4), B.generate(deep, max_nesting: 4)
    hundred_one = (1..101).reduce([]) { |acc, _| [acc] }
    assert_raises(::JSON::NestingError) { ::JSON.generate(hundred_one) }
    assert_raises(B::NestingError) { B.generate(hundred_one) }
    assert_equal ::JSON.fast_generate(hundred_one), B.fast_generate(hundred_one)
  end

  def test_only_symbol_keys_are_options
    assert_equal ::JSON.generate([[1]], { "indent" => "x", "array_nl" => "\n" }),
                 B.generate([[1]], { "indent" => "x", "array_nl" => "\n" })
    assert_equal ::JSON.parse('{"a":1}', { "symbolize_names" => true }),
                 B.parse('{"a":1}', { "symbolize_names" => true })
  end

  def test_generate_rejects_bad_option_containers
    assert_raises(TypeError) { ::JSON.generate([], 5) }
    assert_raises(TypeError) { B.generate([], 5) }
  end

  Point = BrownfieldTest::Point

  def test_custom_to_json_in_every_layout
    value = { "points" => [Point.new(1, 2), Point.new(3.5, [])] }
    [{}, { space: " " }, { indent: "  ", object_nl: "\n", array_nl: "\n" }].each do |opts|
      assert_equal ::JSON.generate(value, opts), B.generate(value, opts), opts.inspect
    end
    assert_equal ::JSON.pretty_generate(value), B.pretty_generate(value)
  end

  def test_parse_options_match_json
    doc = '{"a": [1, 2.5, "x", {"b": null}], "c": {"d": true}, "e": 12345678901234567890123}'
    [
      {}, { symbolize_names: true }, { freeze: true }, { symbolize_names: true, freeze: true },
      { max_nesting: 3 }, { max_nesting: false }, { create_additions: false }, { allow_nan: true }
    ].each do |opts|
      assert_same_value ::JSON.parse(doc, opts), B.parse(doc, opts)
      assert_same_value ::JSON.parse(doc, **opts), B.parse(doc, **opts)
    end
    frozen = B.parse(doc, freeze: true)
    assert frozen.frozen? && frozen["a"].frozen? && frozen["a"][2].frozen?
    assert_equal ::JSON.parse(doc, decimal_class: BigDecimal), B.parse(doc, decimal_class: BigDecimal) if defined?(BigDecimal)
  end

  # Records every call json makes on a custom container class.
  class RecordingHash
    attr_reader :pairs

    def self.log
      @log ||= []
    end

    def initialize
      @pairs = []
      self.class.log << [:new]
    end

    def []=(key, value)
      self.class.log << [:set, key, value.class.name, value.is_a?(RecordingHash) ? value.pairs.size : nil]
      @pairs << [key, value]
    end

    def ==(other)
      other.is_a?(RecordingHash) && pairs == other.pairs
    end
  end

  # Records every call json makes on a custom array class.
  class RecordingArray
    attr_reader :items

    def self.log
      @log ||= []
    end

    def initialize
      @items = []
      self.class.log << [:new]
    end

    def <<(value)
      self.class.log << [:push, value.class.name]
      @items << value
      self
    end

    def ==(other)
      other.is_a?(RecordingArray) && items == other.items
    end
  end

  def test_object_and_array_class_like_json
    docs = ['{"a": {"b": [1, {"c": []}], "d": {}}, "e": [[], [2, 3]], "a": 5}', "[]", "{}", "[[[{}]]]", '"x"', "7"]
    docs.each do |doc|
      [{ object_class: RecordingHash }, { array_class: RecordingArray },
       { object_class: RecordingHash, array_class: RecordingArray },
       { object_class: RecordingHash, symbolize_names: true }, { object_class: OpenStruct, array_class: Set }].each do |opts|
        RecordingHash.log.clear
        RecordingArray.log.clear
        expected = ::JSON.parse(doc, opts)
        log = [RecordingHash.log.dup, RecordingArray.log.dup]
        RecordingHash.log.clear
        RecordingArray.log.clear
        actual = B.parse(doc, opts)
        assert_equal expected, actual, "#{doc} #{opts}"
        assert_equal log, [RecordingHash.log, RecordingArray.log], "calls for #{doc} #{opts}"
      end
    end
    frozen = B.parse('{"a": [1]}', object_class: RecordingHash, array_class: RecordingArray, freeze: true)
    assert frozen.frozen?
    assert frozen.pairs[0][1].frozen?
    # Errors from the class's methods propagate.
    bad = Class.new do
      def []=(*)
        raise KeyError, "no"
      end
    end
    assert_raises(KeyError) { B.parse('{"a": 1}', object_class: bad) }
    # Deep documents stay iterative.
    deep = ("[" * 10_000) + ("]" * 10_000)
    assert_kind_of RecordingArray, B.parse(deep, array_class: RecordingArray, max_nesting: false)
  end

  def test_parse_max_nesting_errors
    deep = "[[[1]]]"
    assert_raises(::JSON::NestingError) { ::JSON.parse(deep, max_nesting: 2) }
    err = assert_raises(B::NestingError) { B.parse(deep, max_nesting: 2) }
    assert_kind_of ::JSON::NestingError, err
    assert_kind_of ::JSON::ParserError, err
    assert_equal [[[1]]], B.parse(deep, max_nesting: 3)
  end

  def test_parse_allow_nan
    %w[NaN Infinity -Infinity].each do |lit|
      doc = "[1, #{lit}, {\"k\": #{lit}}]"
      assert_raises(::JSON::ParserError) { ::JSON.parse(doc) }
      assert_raises(::JSON::ParserError) { B.parse(doc) }
      expected = ::JSON.parse(doc, allow_nan: true)
      actual = B.parse(doc, allow_nan: true)
      assert_equal expected.inspect, actual.inspect
      assert_equal ::JSON.parse!(doc).inspect, B.parse!(doc).inspect
      assert_equal ::JSON.parse(lit, allow_nan: true).inspect, B.parse(lit, allow_nan: true).inspect
    end
    # Still strict about everything else.
    assert_raises(::JSON::ParserError) { B.parse("[NaN, ]", allow_nan: true) }
    assert_raises(::JSON::ParserError) { B.parse("[Nan]", allow_nan: true) }
  end

  def test_parse_bang_defaults
    deep = ("[" * 200) + ("]" * 200)
    assert_raises(::JSON::NestingError) { B.parse(deep) }
    assert_equal ::JSON.parse!(deep), B.parse!(deep)
  end

  # A class JSON can create from "json_class" documents.
  class Created
    attr_reader :v

    def initialize(v)
      @v = v
    end

    def self.json_create(h)
      new(h["v"])
    end
  end

  def test_create_additions
    doc = %({"json_class": "#{Created.name}", "v": [1, 2]})
    plain = B.parse(doc)
    assert_equal ::JSON.parse(doc), plain
    assert_equal ::JSON.parse(doc, create_additions: false), B.parse(doc, create_additions: false)
    created = B.parse(doc, create_additions: true)
    assert_instance_of Created, created
    assert_equal [1, 2], created.v
    # Without the create id the core parses it.
    assert_equal ::JSON.parse('{"v": 1}', create_additions: true), B.parse('{"v": 1}', create_additions: true)
  end

  def test_dump
    value = { "a" => [1, 2.5, nil], "f" => Float::INFINITY }
    assert_equal ::JSON.dump(value), B.dump(value)
    io = StringIO.new
    assert_same io, B.dump(value, io)
    assert_equal ::JSON.dump(value), io.string
    deep = [[[[1]]]]
    assert_equal ::JSON.dump(deep, 4), B.dump(deep, 4)
    assert_raises(ArgumentError) { ::JSON.dump(deep, 3) }
    err = assert_raises(ArgumentError) { B.dump(deep, 3) }
    assert_equal "exceed depth limit", err.message
    io = StringIO.new
    B.dump(deep, io, 10)
    assert_equal "[[[[1]]]]", io.string
    assert_equal ::JSON.dump(("[" * 500) + ("]" * 500)), B.dump(("[" * 500) + ("]" * 500))
  end

  def test_dump_and_load_read_the_gems_default_options
    saved = ::JSON.dump_default_options
    ::JSON.dump_default_options = saved.merge(allow_nan: false)
    assert_raises(::JSON::GeneratorError) { ::JSON.dump([Float::NAN]) }
    assert_raises(::JSON::GeneratorError) { B.dump([Float::NAN]) }
    ::JSON.dump_default_options = saved
    saved = ::JSON.load_default_options
    ::JSON.load_default_options = saved.merge(max_nesting: 2)
    assert_raises(::JSON::NestingError) { ::JSON.load("[[[1]]]") }
    assert_raises(::JSON::NestingError) { B.load("[[[1]]]") }
    # json refuses this combination; so does brownfield.
    ::JSON.load_default_options = saved.merge(symbolize_names: true)
    assert_raises(ArgumentError) { ::JSON.load('{"a": 1}') }
    assert_raises(ArgumentError) { B.load('{"a": 1}') }
    assert_raises(ArgumentError) { B.parse('{"a": 1}', symbolize_names: true, create_additions: true) }
  ensure
    ::JSON.load_default_options = saved if saved
  end

  def test_load
    assert_nil B.load(nil)
    assert_nil B.load("")
    assert_equal ::JSON.load("[NaN]").inspect, B.load("[NaN]").inspect
    assert_equal ::JSON.load(StringIO.new('{"a": [1]}')), B.load(StringIO.new('{"a": [1]}'))
    seen_json = []
    seen_bf = []
    doc = '{"a": [1, {"b": 2}], "c": "d"}'
    ::JSON.load(doc, proc { |x| seen_json << x.dup })
    B.load(doc, proc { |x| seen_bf << x.dup })
    assert_equal seen_json, seen_bf
    assert_raises(::JSON::ParserError) { B.load("", nil, allow_blank: false) }
    created = B.load(%({"json_class": "#{Created.name}", "v": 7}))
    assert_equal ::JSON.load(%({"json_class": "#{Created.name}", "v": 7})).v, created.v
    assert_equal ::JSON.load(("[" * 300) + ("]" * 300)), B.load(("[" * 300) + ("]" * 300))
  end

  def test_round_trip_through_every_api
    SAMPLES.each do |value|
      text = B.generate(value)
      assert_same_value ::JSON.parse(text), B.parse(text)
      assert_same_value ::JSON.parse(text), B.parse(B.pretty_generate(value))
      assert_same_value ::JSON.parse(text), B.load(B.dump(value))
    end
  end

  def test_error_classes_are_the_json_ones
    assert_operator B::ParserError, :<, ::JSON::ParserError
    assert_operator B::NestingError, :<, ::JSON::NestingError
    assert_operator B::GeneratorError, :<, ::JSON::GeneratorError
    assert_raises(TypeError) { B.parse(nil) }
    assert_raises(TypeError) { ::JSON.parse(nil) }
  end
end
