# frozen_string_literal: true

require "json"

module Brownfield
  # Drop-in replacement for the hot path of Ruby's +JSON.parse+ and
  # +JSON.generate+, backed by the brownfield Rust core.
  #
  # * +parse+ accepts exactly RFC 8259 JSON (stricter than +JSON.parse+: no
  #   NaN, comments or invalid UTF-8) and returns the same objects.
  # * +generate+ returns the same bytes as +JSON.generate+.
  # * Errors are subclasses of the +::JSON+ ones, so existing +rescue
  #   JSON::ParserError+ clauses keep working; they also carry +kind+,
  #   +offset+, +line+ and +column+.
  module JSON
    # Readers shared by every brownfield JSON error.
    module ErrorDetails
      # The core's error kind as a Symbol, e.g. +:unexpected_eof+.
      # @return [Symbol, nil]
      attr_reader :kind
      # Byte offset of the error in the input (0-based), or +nil+.
      # @return [Integer, nil]
      attr_reader :offset
      # Line of the error (1-based), or +nil+.
      # @return [Integer, nil]
      attr_reader :line
      # Column of the error (1-based, in characters), or +nil+.
      # @return [Integer, nil]
      attr_reader :column

      # @param message [String] what went wrong and where
      # @param kind [Symbol, nil] the core's error kind
      # @param offset [Integer, nil] byte offset
      # @param line [Integer, nil] 1-based line
      # @param column [Integer, nil] 1-based column
      def initialize(message = nil, kind = nil, offset = nil, line = nil, column = nil)
        super(message)
        @kind = kind
        @offset = offset
        @line = line
        @column = column
      end
    end

    # Malformed input (kinds such as +:unexpected_eof+, +:invalid_utf8+).
    class ParserError < ::JSON::ParserError
      include ErrorDetails
    end

    # Input (parse) or value (generate) nested deeper than +max_nesting+;
    # kind +:nesting_too_deep+. Also raised for circular structures.
    class NestingError < ::JSON::NestingError
      include ErrorDetails
    end

    # A value +generate+ cannot write (NaN, Infinity, invalid UTF-8);
    # kind +:unserializable+.
    class GeneratorError < ::JSON::GeneratorError
      include ErrorDetails
    end

    # +JSON.parse+'s default nesting limit.
    DEFAULT_MAX_NESTING = 100

    # The stock +to_json+ methods that +JSON.generate+ treats specially.
    # @api private
    GENERATOR_METHODS = ::JSON::Ext::Generator::GeneratorMethods
    private_constant :GENERATOR_METHODS

    class << self
      # Parses a JSON document into Ruby objects: Hash (String keys, the last
      # duplicate wins), Array, String (UTF-8), Integer (any size), Float,
      # +true+, +false+, +nil+.
      #
      # @param source [String, #to_str] the document; its bytes are read as
      #   UTF-8 (binary strings too), other encodings are converted first
      # @param max_nesting [Integer, false, nil] deepest allowed nesting of
      #   arrays and objects; +false+, +nil+ or 0 for no limit
      # @param symbolize_names [Boolean] Symbol keys instead of Strings
      # @param freeze [Boolean] freeze every String, Array and Hash
      # @return [Object]
      # @raise [ParserError] malformed input, with kind/offset/line/column
      # @raise [NestingError] nesting deeper than +max_nesting+
      def parse(source, max_nesting: DEFAULT_MAX_NESTING, symbolize_names: false, freeze: false)
        Native.parse(utf8_source(source), nesting_limit(max_nesting), symbolize_names ? true : false,
                     freeze ? true : false)
      end

      # Serializes +obj+ exactly as +JSON.generate(obj)+ does: compact,
      # UTF-8 kept, Hash keys by +to_s+ (Symbols by name), Floats as
      # +Float#to_s+, other objects by their +to_json+ or else +to_s+.
      #
      # @param obj [Object]
      # @param max_nesting [Integer, false, nil] deepest allowed nesting;
      #   +false+, +nil+ or 0 for no limit (a NestingError is still raised
      #   before the thread's machine stack would overflow)
      # @return [String] UTF-8 JSON text
      # @raise [GeneratorError] NaN/Infinity or invalid UTF-8
      # @raise [NestingError] too deep, or a circular structure
      def generate(obj, max_nesting: DEFAULT_MAX_NESTING)
        Native.generate(obj, nesting_limit(max_nesting))
      end

      # How +generate+ writes instances of +klass+ (outside the built-in
      # fast paths), mirroring +JSON.generate+'s dispatch on +to_json+:
      # 0 Hash, 1 Array, 2 String, 3 +to_s+ string, 4 the class's own
      # +to_json+. Called by the extension once per class per call.
      # @api private
      def generate_strategy(klass)
        owner = klass.instance_method(:to_json).owner
        if owner == GENERATOR_METHODS::Hash && klass <= ::Hash then 0
        elsif owner == GENERATOR_METHODS::Array && klass <= ::Array then 1
        elsif owner == GENERATOR_METHODS::String && klass <= ::String then 2
        elsif owner == GENERATOR_METHODS::Object then 3
        else 4
        end
      rescue NameError
        3 # no to_json at all: JSON.generate falls back to to_s
      end

      # Calls +obj.to_json+ with a +JSON::State+ at the current depth, as
      # +JSON.generate+ does.
      # @api private
      def custom_to_json(obj, depth, max_nesting)
        state = ::JSON::State.new(max_nesting: max_nesting)
        state.depth = depth
        obj.to_json(state)
      end

      private

      # The bytes to parse: UTF-8, US-ASCII and binary strings as they are;
      # other encodings converted to UTF-8 like +JSON.parse+ does (when the
      # conversion fails, the original bytes, which the core then reports
      # as invalid UTF-8).
      def utf8_source(source)
        source = ::String.try_convert(source) or
          raise TypeError, "no implicit conversion of #{source.nil? ? 'nil' : source.class} into String"
        case source.encoding
        when ::Encoding::UTF_8, ::Encoding::BINARY, ::Encoding::US_ASCII
          source
        else
          begin
            source.encode(::Encoding::UTF_8)
          rescue ::EncodingError
            source
          end
        end
      end

      def nesting_limit(max_nesting)
        return 0 if max_nesting.nil? || max_nesting == false

        limit = Integer(max_nesting)
        raise ArgumentError, "max_nesting must not be negative" if limit.negative?

        limit
      end
    end
  end
end

require "brownfield/brownfield"
