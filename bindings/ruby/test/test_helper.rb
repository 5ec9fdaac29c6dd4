# frozen_string_literal: true

# Shared setup for the brownfield Ruby tests: paths to the shared vectors and
# the corpus, and a strict deep comparison of parsed values.

require "minitest/autorun"
require "json"
require "brownfield"

module BrownfieldTest
  # The repository root (bindings/ruby/test/../../..).
  REPO = File.expand_path("../../..", __dir__)
  # tests/vectors/json: manifest.tsv, valid/, invalid/.
  VECTORS = File.join(REPO, "tests", "vectors", "json")
  # The JSON corpus: $BROWNFIELD_DATA_DIR/json, default <repo>/../shared/data/json.
  CORPUS = File.join(ENV.fetch("BROWNFIELD_DATA_DIR", File.join(REPO, "..", "shared", "data")), "json")

  module_function

  # Reads a file's raw bytes (binary), as the core sees them.
  def read_bytes(path)
    File.binread(path)
  end

  # The manifest's lines as [kind, name, error_kind, byte_offset].
  def manifest
    File.readlines(File.join(VECTORS, "manifest.tsv"), chomp: true)
        .reject { |l| l.empty? || l.start_with?("#") }
        .map { |l| l.split("\t") }
  end

  # The *.json documents of the corpus; fails loudly when it is missing.
  def corpus_files
    files = Dir[File.join(CORPUS, "*.json")].sort
    raise "JSON corpus not found at #{CORPUS} (set BROWNFIELD_DATA_DIR)" if files.empty?

    files
  end

  # A class with its own to_json that hands the generator state on, so
  # nested generate calls see the caller's layout (json copies its text).
  class Point
    def initialize(x, y)
      @x = x
      @y = y
    end

    def to_json(state = nil, *)
      { "x" => @x, "y" => @y }.to_json(state)
    end
  end
end

module Minitest
  class Test
    # Asserts +actual+ is the same value as +expected+: same classes, same
    # Hash key order, Floats bit-identical (so -0.0 differs from 0.0).
    # A Marshal comparison settles the common case in one assertion; the
    # iterative walk pinpoints the first difference otherwise.
    def assert_same_value(expected, actual, path = "$")
      return pass if Marshal.dump(expected) == Marshal.dump(actual)

      work = [[expected, actual, path]]
      until work.empty?
        e, a, p = work.pop
        assert_equal e.class, a.class, "class at #{p}"
        case e
        when Hash
          assert_equal e.keys, a.keys, "keys at #{p}"
          e.each { |k, v| work << [v, a[k], "#{p}[#{k.inspect}]"] }
        when Array
          assert_equal e.size, a.size, "size at #{p}"
          e.each_with_index { |v, i| work << [v, a[i], "#{p}[#{i}]"] }
        when Float
          assert_equal [e].pack("G"), [a].pack("G"), "float at #{p}: #{e} vs #{a}"
        when nil
          assert_nil a, "value at #{p}"
        else
          assert_equal e, a, "value at #{p}"
        end
      end
    end
  end
end
