# frozen_string_literal: true

require_relative "test_helper"

# Every JSON::State option of json 2.6.1, written natively: the bytes of
# Brownfield::JSON.generate / pretty_generate / fast_generate / dump equal
# the json gem's, and no call falls back to the gem's generator.
class GenerateOptionsTest < Minitest::Test
  B = Brownfield::JSON

  # Counts JSON::State#generate calls made while a block given to
  # +natively+ runs (the json gem fallback is the only caller then).
  module CountGemGenerate
    def generate(*)
      counts = Thread.current[:brownfield_gem_generate]
      counts[0] += 1 if counts
      super
    end
  end
  ::JSON::State.prepend(CountGemGenerate)

  # Runs the block, failing when it called the json gem's generator.
  def natively(what)
    counts = Thread.current[:brownfield_gem_generate] = [0]
    result = yield
    assert_equal 0, counts[0], "#{what} fell back to the json gem"
    result
  ensure
    Thread.current[:brownfield_gem_generate] = nil
  end

  Point = BrownfieldTest::Point

  # A to_json returning fixed text, which json copies verbatim.
  class Verbatim
    def to_json(*) = '{"custom": [1, 2.0] }'
  end

  VALUES = [
    nil, 1, "s", [], {}, [[]], [{}], { "a" => [] }, { "a" => {} }, [[], [[]], {}],
    { "a" => { "b" => [1, []] }, "c" => {} },
    [1, [2, [3, [4]]]],
    { "a" => 1, :b => [true, nil, 2.5], 3 => { "c" => "d/e" }, nil => [], 1.5 => {} },
    ["é ü 😀 日本", "\u007f\u0080\u2028", "quote \" back \\ slash / ctl \u0001\n\t", "</script>"],
    { "é/ü" => "😀/", "k" => ["//", "\\/"] },
    [Point.new(1, [2, {}]), Verbatim.new, { "p" => Point.new({}, []) }]
  ].freeze

  LAYOUT_STRINGS = [nil, "", " ", "\n", "\t", "\r\n", "ab"].freeze

  # Random option Hashes over every State option.
  def random_options(rng)
    opts = {}
    %i[indent space space_before object_nl array_nl].each do |key|
      value = LAYOUT_STRINGS.sample(random: rng)
      opts[key] = value unless value.nil? && rng.rand < 0.5
    end
    opts[:ascii_only] = rng.rand < 0.5 if rng.rand < 0.4
    opts[:escape_slash] = rng.rand < 0.5 if rng.rand < 0.4
    opts[:depth] = rng.rand(0..3) if rng.rand < 0.3
    opts[:max_nesting] = [false, nil, 0, 3, 5, 100].sample(random: rng) if rng.rand < 0.3
    opts[:allow_nan] = true if rng.rand < 0.2
    opts
  end

  # Asserts +call+ gives the same text with the json gem and natively
  # with brownfield, or raises the same error class (brownfield's are
  # subclasses of the gem's).
  def same(call, what)
    expected = begin
      call.call(::JSON)
    rescue ::JSON::NestingError, ::JSON::GeneratorError => e
      e.class
    end
    actual = natively(what) do
      call.call(B)
    rescue ::JSON::NestingError, ::JSON::GeneratorError => e
      # The gem's own class when raised by a gem to_json inside.
      e.is_a?(B::ErrorDetails) ? e.class.superclass : e.class
    end
    assert_equal expected, actual, what
  end

  def test_random_option_sets_match_json
    rng = Random.new(2026)
    300.times do |i|
      opts = random_options(rng)
      VALUES.each_with_index do |value, j|
        what = "set #{i} value #{j}: #{opts.inspect}"
        same(->(m) { m.generate(value, opts) }, "generate #{what}")
        same(->(m) { m.pretty_generate(value, opts) }, "pretty_generate #{what}")
        same(->(m) { m.fast_generate(value, opts) }, "fast_generate #{what}")
        same(->(m) { m.generate(value, ::JSON::State.new(opts)) }, "State.new #{what}")
      end
    end
  end

  def test_states_built_with_setters
    # Setters store an empty string as "unset", unlike State.new(hash):
    # json 2.6 then writes no indentation before closing brackets.
    rng = Random.new(7)
    100.times do |i|
      state = ::JSON::State.new
      %i[indent space space_before object_nl array_nl].each do |key|
        value = LAYOUT_STRINGS.sample(random: rng)
        state.public_send(:"#{key}=", value) if value
      end
      VALUES.each_with_index do |value, j|
        expected = ::JSON.generate(value, state)
        assert_equal expected, natively("state #{i}") { B.generate(value, state) }, "state #{i} value #{j}"
        assert_equal 0, state.depth
      end
    end
  end

  def test_empty_containers_as_json_2_6_writes_them
    natively("pretty_generate") do
      assert_equal "[\n\n]", B.pretty_generate([])
      assert_equal "{\n}", B.pretty_generate({})
      assert_equal "[\n  [\n\n  ],\n  {\n  }\n]", B.pretty_generate([[], {}])
    end
    [{ object_nl: "\n" }, { array_nl: "\n" }, { object_nl: "", indent: "\t" }, { array_nl: "", indent: "\t" },
     { indent: "\t" }].each do |opts|
      [[], {}, [[]], [{}], { "a" => {} }, { "a" => [] }].each do |value|
        assert_equal ::JSON.generate(value, opts), natively(opts) { B.generate(value, opts) },
                     "#{value.inspect} #{opts}"
      end
    end
  end

  def test_ascii_only_and_escape_slash
    strings = ["é\u007f\u0001😀", "a/b</script>", "\u2028\u2029", "日本語", "\u00ff\u0100\uffff\u{10000}"]
    [{ ascii_only: true }, { escape_slash: true }, { ascii_only: true, escape_slash: true }].each do |opts|
      strings.each do |s|
        assert_equal ::JSON.generate([s, { s => s }], opts), natively(opts) { B.generate([s, { s => s }], opts) }
      end
    end
    assert_equal "\"\\u00e9\u007f\"", B.generate("é\u007f", ascii_only: true)
    assert_equal '"a\\/b"', B.generate("a/b", escape_slash: true)
  end

  def test_custom_to_json_text_is_copied_verbatim
    value = { "v" => Verbatim.new, "p" => [Point.new(1, [])] }
    [nil, { indent: "  ", object_nl: "\n", array_nl: "\n" }, { space: " " }, { depth: 2, indent: "x" }].each do |opts|
      assert_equal ::JSON.generate(value, opts), natively(opts) { B.generate(value, opts) }
      assert_equal ::JSON.pretty_generate(value, opts), natively(opts) { B.pretty_generate(value, opts) }
    end
    state = ::JSON::State.new(indent: "\t", array_nl: "\n")
    assert_equal ::JSON.generate(value, state), natively("state") { B.generate(value, state) }
    assert_equal 0, state.depth
  end

  def test_depth_and_max_nesting
    deep = [[[1]]]
    [{ depth: 1, max_nesting: 3 }, { depth: 1, max_nesting: 4 }, { depth: 3, indent: "  ", array_nl: "\n" },
     { max_nesting: 2 }, { max_nesting: nil }, { max_nesting: false }, { max_nesting: 0, depth: 2 }].each do |opts|
      expected = begin
        ::JSON.generate(deep, opts)
      rescue ::JSON::NestingError => e
        e.message
      end
      actual = begin
        natively(opts) { B.generate(deep, opts) }
      rescue B::NestingError => e
        e.message
      end
      assert_equal expected, actual, opts.inspect
    end
    # fast_generate: no limit without options; options reset it to 100.
    hundred_one = (1..101).reduce([]) { |acc, _| [acc] }
    assert_equal ::JSON.fast_generate(hundred_one), natively("fast") { B.fast_generate(hundred_one) }
    assert_raises(::JSON::NestingError) { ::JSON.fast_generate(hundred_one, {}) }
    assert_raises(B::NestingError) { B.fast_generate(hundred_one, {}) }
  end

  def test_dump_uses_its_defaults_natively
    value = { "a" => [Float::NAN, "x/y"], "b" => (1..150).reduce([]) { |acc, _| [acc] } }
    assert_equal ::JSON.dump(value), natively("dump") { B.dump(value) }
  end

  def test_values_json_rejects_go_to_the_gem_for_its_error
    assert_raises(TypeError) { ::JSON.generate([1], indent: 1) }
    assert_raises(TypeError) { B.generate([1], indent: 1) }
    assert_raises(TypeError) { B.generate([1], max_nesting: "3") }
    assert_raises(TypeError) { B.generate([1], depth: 1.5) }
    assert_equal ::JSON.generate([1], depth: -1, indent: "x"), B.generate([1], depth: -1, indent: "x")
    # nil and false leave a layout string as it was.
    assert_equal ::JSON.pretty_generate({ "a" => [1] }, object_nl: nil, indent: false),
                 natively("nil") { B.pretty_generate({ "a" => [1] }, object_nl: nil, indent: false) }
  end
end
