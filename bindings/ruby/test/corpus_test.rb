# frozen_string_literal: true

require_relative "test_helper"

# Every corpus document: parse gives the same value as JSON.parse, and
# generate is byte-identical to JSON.generate.
class CorpusTest < Minitest::Test
  include BrownfieldTest

  BrownfieldTest.corpus_files.each do |path|
    name = File.basename(path, ".json").tr("^a-zA-Z0-9", "_")
    define_method("test_corpus_#{name}") do
      text = File.read(path, encoding: "UTF-8")
      stdlib = ::JSON.parse(text)
      ours = Brownfield::JSON.parse(text)
      assert_same_value stdlib, ours
      want = ::JSON.generate(stdlib)
      assert_equal want, Brownfield::JSON.generate(ours)
      assert_equal want, Brownfield::JSON.generate(stdlib)
      # Round trip: our output parses back to the same value.
      assert_same_value stdlib, Brownfield::JSON.parse(Brownfield::JSON.generate(ours))
    end
  end

  def test_corpus_is_present
    assert_operator BrownfieldTest.corpus_files.size, :>=, 5
  end
end
