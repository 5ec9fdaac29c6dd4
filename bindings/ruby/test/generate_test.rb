# frozen_string_literal: true

require_relative "test_helper"

# Brownfield::JSON.generate must return exactly what JSON.generate returns.
class GenerateTest < Minitest::Test
  # Random values built from everything JSON.generate handles natively.
  class RandomValue
    def initialize(seed)
      @rng = Random.new(seed)
    end

    def value(depth = 0)
      return scalar if depth > 4 || @rng.rand < 0.45

      if @rng.rand < 0.5
        Array.new(@rng.rand(0..6)) { value(depth + 1) }
      else
        Array.new(@rng.rand(0..6)) { [key, value(depth + 1)] }.to_h
      end
    end

    def key
      case @rng.rand(6)
      when 0 then string.to_sym
      when 1 then @rng.rand(-1000..1000)
      else string
      end
    end

    def scalar
      case @rng.rand(10)
      when 0 then nil
      when 1 then @rng.rand < 0.5
      when 2 then @rng.rand(-2**40..2**40)
      when 3 then @rng.rand(-2**130..2**130)
      when 4 then float
      when 5 then string.to_sym
      else string
      end
    end

    # Any finite double: random bit patterns (subnormals, huge, tiny), plus
    # "human" decimals.
    def float
      if @rng.rand < 0.5
        loop do
          f = [@rng.rand(2**64)].pack("Q").unpack1("D")
          return f if f.finite?
        end
      else
        (@rng.rand(-1e6..1e6) * (10**@rng.rand(-8..8))).round(@rng.rand(0..6))
      end
    end

    ALPHABET = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r", "\u0000", "\u001f",
                "\u007f", "é", "日", "\u2028", "\u2029", "😀", "<", ">", "&", "'"].freeze

    def string
      Array.new(@rng.rand(0..12)) { ALPHABET.sample(random: @rng) }.join
    end
  end

  def test_random_values_match_json_generate
    gen = RandomValue.new(1126)
    600.times do |i|
      value = gen.value
      out = Brownfield::JSON.generate(value)
      assert_equal ::JSON.generate(value), out, "value #{i}: #{value.inspect[0, 200]}"
      # And the text parses back the same way with both parsers.
      assert_same_value ::JSON.parse(out), Brownfield::JSON.parse(out)
    end
  end

  def test_random_floats_match_float_to_s
    gen = RandomValue.new(42)
    values = Array.new(5000) { gen.float }
    values += [0.0, -0.0, 1.0, 1e15, 1e16, 123_456_789_012_345.0, 1_234_567_890_123_456.0, 1e-4, 1e-5, 5e-324,
               1.7976931348623157e308, 0.1, 100.0, 1e20, 2.5e-300]
    assert_equal ::JSON.generate(values), Brownfield::JSON.generate(values)
  end

  def test_integers
    values = [0, -1, 2**62 - 1, 2**62, -2**62 - 1, 2**63 - 1, 2**63, 2**64 - 1, 2**64, -2**63, -2**63 - 1,
              10**40, -10**40]
    assert_equal ::JSON.generate(values), Brownfield::JSON.generate(values)
  end

  def test_scalars_at_top_level
    [nil, true, false, 1, -2.5, "s", :sym, 2**100].each do |v|
      assert_equal ::JSON.generate(v), Brownfield::JSON.generate(v)
    end
  end

  def test_keys_are_stringified_like_json
    value = { "s" => 1, sym: 2, 3 => 3, 4.5 => 4, nil => 5, true => 6, [1] => 7, Object => 8 }
    assert_equal ::JSON.generate(value), Brownfield::JSON.generate(value)
  end

  def test_string_encodings
    values = ["plain", "é".encode("ISO-8859-1"), "日本".encode("Shift_JIS"), "ascii".b, "\xC3\xA9".b,
              "x".encode("UTF-16LE"), "abc".dup.force_encoding("US-ASCII")]
    values.each do |v|
      assert_equal ::JSON.generate([v]), Brownfield::JSON.generate([v]), v.encoding.to_s
    end
  end

  Point = Struct.new(:x, :y)

  class WithToS
    def to_s = "with to_s"
  end

  class WithToJson
    def to_json(*_args) = '{"custom": [1, 2.0]}'
  end

  class Nested
    def initialize(inner) = @inner = inner
    def to_json(*args) = { "inner" => @inner }.to_json(*args)
  end

  class MyHash < Hash; end
  class MyArray < Array; end
  class MyString < String; end

  def test_other_objects_follow_json_generate
    plain = Object.new
    values = [Point.new(1, 2), WithToS.new, plain, 1r, 2i, Time.at(0).utc, :sym, MyHash[{ "a" => 1 }],
              MyArray[1, 2], MyString.new("sub"), Nested.new([1, { "b" => nil }]), Encoding::UTF_8, 1..2]
    values.each do |v|
      assert_equal ::JSON.generate([v]), Brownfield::JSON.generate([v]), v.class.to_s
    end
    singleton = +"single"
    def singleton.to_json(*) = '"changed"'
    assert_equal ::JSON.generate([singleton]), Brownfield::JSON.generate([singleton])
  end

  def test_custom_to_json_text_is_embedded_verbatim
    # As JSON.generate: the text is copied as is, not checked or re-laid out.
    assert_equal '[{"custom": [1, 2.0]}]', Brownfield::JSON.generate([WithToJson.new])
    bad = Object.new
    def bad.to_json(*) = "{not json"
    assert_equal ::JSON.generate([bad]), Brownfield::JSON.generate([bad])
    wrong = Object.new
    def wrong.to_json(*) = 42
    assert_raises(TypeError) { ::JSON.generate([wrong]) }
    assert_raises(TypeError) { Brownfield::JSON.generate([wrong]) }
  end

  def test_exceptions_from_user_code_propagate
    boom = Object.new
    def boom.to_s = raise(ArgumentError, "boom")
    err = assert_raises(ArgumentError) { Brownfield::JSON.generate([boom]) }
    assert_equal "boom", err.message
    key = Object.new
    def key.to_s = raise(KeyError, "bad key")
    assert_raises(KeyError) { Brownfield::JSON.generate({ key => 1 }) }
  end

  def test_nesting_limit_matches_json
    ok = []
    99.times { ok = [ok] }
    assert_equal ::JSON.generate(ok), Brownfield::JSON.generate(ok)
    deep = [ok]
    assert_raises(::JSON::NestingError) { ::JSON.generate(deep) }
    err = assert_raises(Brownfield::JSON::NestingError) { Brownfield::JSON.generate(deep) }
    assert_equal :nesting_too_deep, err.kind
    assert_equal ::JSON.generate(deep, max_nesting: 101), Brownfield::JSON.generate(deep, max_nesting: 101)
    assert_equal ::JSON.generate(deep, max_nesting: false), Brownfield::JSON.generate(deep, max_nesting: false)
  end

  def test_output_is_utf8_and_unfrozen
    out = Brownfield::JSON.generate({ "é" => "日本" })
    assert_equal Encoding::UTF_8, out.encoding
    refute_predicate out, :frozen?
    assert_predicate out, :valid_encoding?
  end
end
