# frozen_string_literal: true

# Run by mimic_test.rb in its own process: checks that after
# Brownfield::JSON.mimic! the JSON module and to_json go through brownfield
# with unchanged results, and that unmimic! restores the json gem.
require "json"
require "brownfield"
require "stringio"

def check(cond, what)
  raise "mimic check failed: #{what}" unless cond
end

value = { "a" => [1, 2.5, nil, true, "é"], :sym => { "n" => 2**70, "e" => [] }, "f" => -0.0 }
doc = '{"a": [1, 2.5, null], "b": {"c": "d"}, "big": 123456789012345678901234567890}'

# What the json gem gives, before mimic!.
before = {
  generate: JSON.generate(value), pretty: JSON.pretty_generate(value), dump: JSON.dump(value),
  to_json: value.to_json, ary_to_json: [1, "x"].to_json, str_to_json: "q\"".to_json,
  int_to_json: 5.to_json, float_to_json: 1e20.to_json, nil_to_json: nil.to_json, sym_to_json: :s.to_json,
  spaced: value.to_json(space: " "), parse: JSON.parse(doc), parse_sym: JSON.parse(doc, symbolize_names: true),
  load: JSON.load(doc), parse_bang: JSON.parse!("[NaN]").inspect
}

# Count calls into the extension to prove the swap happened.
calls = Hash.new(0)
native = Brownfield::JSON::Native.singleton_class
%i[parse generate].each do |m|
  native.prepend(Module.new do
    define_method(m) do |*args|
      calls[m] += 1
      super(*args)
    end
  end)
end

check(Brownfield::JSON.mimic!.equal?(JSON), "mimic! returns JSON")
check(Brownfield::JSON.mimicking?, "mimicking? after mimic!")

after = {
  generate: JSON.generate(value), pretty: JSON.pretty_generate(value), dump: JSON.dump(value),
  to_json: value.to_json, ary_to_json: [1, "x"].to_json, str_to_json: "q\"".to_json,
  int_to_json: 5.to_json, float_to_json: 1e20.to_json, nil_to_json: nil.to_json, sym_to_json: :s.to_json,
  spaced: value.to_json(space: " "), parse: JSON.parse(doc), parse_sym: JSON.parse(doc, symbolize_names: true),
  load: JSON.load(doc), parse_bang: JSON.parse!("[NaN]").inspect
}
before.each { |k, v| check(after[k] == v, "#{k}: #{after[k].inspect} != #{v.inspect}") }
check(calls[:parse] >= 3, "JSON.parse went through brownfield (#{calls})")
check(calls[:generate] >= 8, "JSON.generate/to_json went through brownfield (#{calls})")

# Errors are brownfield's, still rescuable as JSON's.
begin
  JSON.parse("[1,")
  raise "no error"
rescue JSON::ParserError => e
  check(e.is_a?(Brownfield::JSON::ParserError) && e.kind == :unexpected_eof, "parse error class")
end
begin
  JSON.generate([Float::NAN])
  raise "no error"
rescue JSON::GeneratorError => e
  check(e.is_a?(Brownfield::JSON::GeneratorError), "generate error class")
end

# Objects with their own to_json, and to_json called with a JSON::State
# from inside a generator, keep working.
klass = Class.new do
  def to_json(state = nil, *)
    { "custom" => [1, 2] }.to_json(state)
  end
end
check(JSON.generate([klass.new, { "k" => klass.new }]) == '[{"custom":[1,2]},{"k":{"custom":[1,2]}}]', "custom to_json")
check(JSON.pretty_generate([klass.new]) == "[\n  {\n    \"custom\": [\n      1,\n      2\n    ]\n  }\n]", "custom pretty")
io = StringIO.new
JSON.dump([1], io)
check(io.string == "[1]", "dump to IO")

Brownfield::JSON.unmimic!
check(!Brownfield::JSON.mimicking?, "unmimic!")
n = calls.values.sum
check(JSON.generate(value) == before[:generate] && JSON.parse(doc) == before[:parse] && value.to_json == before[:to_json],
      "json gem results after unmimic!")
check(calls.values.sum == n, "no brownfield calls after unmimic!")
Brownfield::JSON.mimic!
check(JSON.generate(value) == before[:generate] && calls.values.sum > n, "mimic! again")
puts "mimic OK"
