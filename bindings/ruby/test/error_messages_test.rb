# frozen_string_literal: true

require_relative "test_helper"
require "bigdecimal"

# The exceptions Brownfield::JSON raises where the json gem (2.6) raises
# one: the same message, as a Brownfield subclass carrying +kind+ — whether
# the core refused the value or the call was handed to the gem.
class ErrorMessagesTest < Minitest::Test
  B = Brownfield::JSON

  NON_FINITE = [Float::NAN, Float::INFINITY, -Float::INFINITY].freeze

  # The gem's exception for the block (which must raise).
  def gem_error(klass = ::JSON::GeneratorError, &block)
    assert_raises(klass, &block)
  end

  def assert_same_error(gem, ours, klass, kind)
    assert_kind_of klass, ours
    if kind.nil?
      assert_nil ours.kind
    else
      assert_equal kind, ours.kind
    end
    assert_equal gem.message, ours.message
  end

  def test_non_finite_floats_say_what_the_gem_says
    NON_FINITE.each do |f|
      [f, [f], { "a" => [1, f] }].each do |value|
        [
          [-> { ::JSON.generate(value) }, -> { B.generate(value) }],
          [-> { ::JSON.generate(value, allow_nan: false) }, -> { B.generate(value, allow_nan: false) }],
          [-> { ::JSON.pretty_generate(value) }, -> { B.pretty_generate(value) }],
          [-> { ::JSON.pretty_generate(value, allow_nan: false) }, -> { B.pretty_generate(value, allow_nan: false) }],
          [-> { ::JSON.fast_generate(value) }, -> { B.fast_generate(value) }],
          [-> { ::JSON.generate(value, ascii_only: true, indent: "\t") },
           -> { B.generate(value, ascii_only: true, indent: "\t") }],
          [-> { ::JSON::State.new(space: " ").generate(value) }, -> { B.generate(value, ::JSON::State.new(space: " ")) }]
        ].each do |gem_call, our_call|
          ours = assert_raises(B::GeneratorError) { our_call.call }
          assert_same_error(gem_error { gem_call.call }, ours, B::GeneratorError, :unserializable)
        end
      end
      assert_match(/\A(\d+: )?#{Regexp.escape(f.to_s)} not allowed in JSON\z/, B.non_finite_message(f))
    end
  end

  def test_dump_without_allow_nan_says_what_the_gem_says
    saved = ::JSON.dump_default_options
    ::JSON.dump_default_options = saved.merge(allow_nan: false)
    NON_FINITE.each do |f|
      ours = assert_raises(B::GeneratorError) { B.dump([f]) }
      assert_same_error(gem_error { ::JSON.dump([f]) }, ours, B::GeneratorError, :unserializable)
    end
  ensure
    ::JSON.dump_default_options = saved
  end

  def test_non_finite_floats_with_allow_nan_are_written
    NON_FINITE.each do |f|
      assert_equal ::JSON.generate([f], allow_nan: true), B.generate([f], allow_nan: true)
      assert_equal ::JSON.dump([f]), B.dump([f])
    end
  end

  # Option values only the gem handles (a negative depth or max_nesting):
  # the call is the gem's, its errors come out as Brownfield's.
  def test_errors_of_calls_handed_to_the_gem_are_brownfield_errors
    # A fresh State per call: the gem leaves a State's depth changed when
    # generate raises.
    [-> { { depth: -1 } }, -> { ::JSON::State.new(depth: -1) }].each do |opts|
      bad = "\xff".b.force_encoding(::Encoding::UTF_8)
      [*NON_FINITE, bad].each do |value|
        ours = assert_raises(B::GeneratorError) { B.generate([value], opts.call) }
        gem = gem_error { ::JSON.generate([value], opts.call) }
        assert_same_error(gem, ours, B::GeneratorError, :unserializable)
      end
    end
    ours = assert_raises(B::NestingError) { B.generate([[]], max_nesting: -1) }
    gem = gem_error(::JSON::NestingError) { ::JSON.generate([[]], max_nesting: -1) }
    assert_same_error(gem, ours, B::NestingError, :nesting_too_deep)
  end

  def test_gem_parse_errors_are_brownfield_errors
    # decimal_class is parsed by the gem; the core finds the same problem.
    ours = assert_raises(B::ParserError) { B.parse("[1.5, x]", decimal_class: BigDecimal) }
    gem = gem_error(::JSON::ParserError) { ::JSON.parse("[1.5, x]", decimal_class: BigDecimal) }
    assert_same_error(gem, ours, B::ParserError, :expected_value)
    assert_equal [6, 1, 7], [ours.offset, ours.line, ours.column]

    ours = assert_raises(B::ParserError) { B.parse('{"json_class": 1,}', create_additions: true) }
    gem = gem_error(::JSON::ParserError) { ::JSON.parse('{"json_class": 1,}', create_additions: true) }
    assert_same_error(gem, ours, B::ParserError, :expected_key)

    # With allow_nan the core stops at the NaN the gem accepts: no kind.
    ours = assert_raises(B::ParserError) { B.parse("[NaN, x]", allow_nan: true) }
    gem = gem_error(::JSON::ParserError) { ::JSON.parse("[NaN, x]", allow_nan: true) }
    assert_same_error(gem, ours, B::ParserError, nil)
    assert_nil ours.offset

    ours = assert_raises(B::NestingError) { B.parse("[NaN, [[1]]]", allow_nan: true, max_nesting: 2) }
    gem = gem_error(::JSON::NestingError) { ::JSON.parse("[NaN, [[1]]]", allow_nan: true, max_nesting: 2) }
    assert_same_error(gem, ours, B::NestingError, :nesting_too_deep)
  end

  # Invalid UTF-8 cut by the end of the string ("partial character") and
  # elsewhere ("illegal/malformed"), as a value and as a key.
  INVALID_UTF8 = ["\xff", "a\xffb", "ab\xc3", "\xe2\x82", "\x80", "\xc3\x28", "x\xed\xa0\x80y",
                  "\xf8\x88\x80\x80\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "ok \u00e9 \xf0\x9f\x98"].freeze

  def test_invalid_utf8_says_what_the_gem_says
    INVALID_UTF8.each do |raw|
      [raw.dup.force_encoding(::Encoding::UTF_8), raw.b].each do |s|
        [[s], { s => 1 }].each do |value|
          [{}, { ascii_only: true }, { indent: "  " }].each do |opts|
            ours = assert_raises(B::GeneratorError) { B.generate(value, opts) }
            gem = gem_error { ::JSON.generate(value, opts) }
            assert_same_error(gem, ours, B::GeneratorError, :unserializable)
          end
        end
      end
    end
  end
end
