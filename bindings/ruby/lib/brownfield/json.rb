# frozen_string_literal: true

require "json"

module Brownfield
  # Mirrors Ruby's +JSON+ module (json 2.6), backed by the brownfield Rust
  # core: +parse+, +parse!+, +load+, +generate+, +pretty_generate+,
  # +fast_generate+, +dump+ with their options, plus +parse_lines+ (NDJSON
  # in parallel) and +mimic!+ (make +JSON+ itself use brownfield).
  #
  # * +parse+ accepts exactly RFC 8259 JSON (stricter than +JSON.parse+: no
  #   comments or invalid UTF-8; NaN only with +allow_nan+) and returns the
  #   same objects.
  # * +generate+ and friends return the same bytes as the json gem, for
  #   every generator option (written natively; see +generate+).
  # * Parse options the core cannot express yet are handed to the json gem
  #   for that call (see +parse+), so results never differ.
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

    # +JSON.parse+'s and +JSON.generate+'s default nesting limit.
    DEFAULT_MAX_NESTING = 100

    # The stock +to_json+ methods that +JSON.generate+ treats specially.
    # @api private
    GENERATOR_METHODS = ::JSON::Ext::Generator::GeneratorMethods
    private_constant :GENERATOR_METHODS

    # The options +parse+ reads (json 2.6's +JSON::Parser+); others are
    # ignored, as +JSON.parse+ ignores them.
    PARSE_OPTIONS = %i[max_nesting allow_nan symbolize_names freeze create_additions create_id
                       object_class array_class decimal_class match_string].freeze

    # +JSON.pretty_generate+'s layout (+JSON.create_pretty_state+).
    PRETTY_OPTIONS = { indent: "  ", space: " ", object_nl: "\n", array_nl: "\n" }.freeze

    # +JSON.fast_generate+'s layout (+JSON.create_fast_state+; its
    # +max_nesting: false+ holds only when no options are given, since
    # +JSON::State#configure+ resets +max_nesting+).
    FAST_OPTIONS = { indent: "", space: "", object_nl: "", array_nl: "" }.freeze

    # The +JSON::State+ options that are layout strings. +configure+ sets
    # each only when given a true value, and json 2.6 tells a set empty
    # string from an unset one (only a set +object_nl+/+array_nl+ adds
    # indentation before the closing bracket).
    LAYOUT_OPTIONS = %i[indent space space_before object_nl array_nl].freeze
    private_constant :LAYOUT_OPTIONS

    # Literals +allow_nan: true+ accepts, which the strict core rejects.
    NAN_TOKEN = /\A(?:NaN|-?Infinity)/.freeze
    private_constant :NAN_TOKEN

    class << self
      # Parses a JSON document into Ruby objects, like +JSON.parse+: Hash
      # (String keys, the last duplicate wins), Array, String (UTF-8),
      # Integer (any size), Float, +true+, +false+, +nil+.
      #
      # Options (a Hash and/or keywords, as +JSON.parse(source, opts)+):
      # * +max_nesting+ (default 100; +false+, +nil+ or 0 for no limit)
      # * +symbolize_names+, +freeze+: as in +JSON.parse+
      # * +allow_nan+: accept +NaN+, +Infinity+, +-Infinity+; the core is
      #   strict, so a document that uses them is parsed by the json gem
      # * +create_additions+ (with +create_id+): when true and the source
      #   mentions the create id (+"json_class"+), the json gem parses it
      #   (so +json_create+ runs exactly as with +JSON.parse+)
      # * +object_class+, +array_class+: containers are made with
      #   +klass.new+ and filled with +[]=+ / +<<+ once each child is
      #   complete, as the json gem does
      # * +decimal_class+, +match_string+: handed to the json gem for that
      #   call
      # Any other option is ignored, as +JSON.parse+ does.
      #
      # Otherwise the core accepts exactly RFC 8259, where +JSON.parse+ is
      # lenient (+/* */+ comments, invalid UTF-8 inside strings, unpaired
      # +\u+ surrogates): those raise ParserError.
      #
      # @param source [String, #to_str] the document; its bytes are read as
      #   UTF-8 (binary strings too), other encodings are converted first
      # @param opts [Hash, nil] options, as +JSON.parse+'s second argument
      # @return [Object]
      # @raise [ParserError] malformed input, with kind/offset/line/column
      # @raise [NestingError] nesting deeper than +max_nesting+
      def parse(source, opts = nil, **kw)
        options = merge_options(opts, kw)
        return Native.parse(utf8_source(source), DEFAULT_MAX_NESTING, false, false, nil, nil) if options.empty?

        parse_with(source, options)
      end

      # Like +parse+, with +JSON.parse!+'s defaults: +max_nesting: false+
      # and +allow_nan: true+.
      # @param source [String, #to_str]
      # @param opts [Hash, nil]
      # @return [Object]
      def parse!(source, opts = nil, **kw)
        parse_with(source, { max_nesting: false, allow_nan: true }.merge(merge_options(opts, kw)))
      end

      # Parses NDJSON: every non-blank line of +source+ as one JSON
      # document, parsed on worker threads while the calling thread builds
      # the records (the GVL is let go between batches of lines); returns
      # the Array of records in line order (what
      # +source.each_line.reject { _1.strip.empty? }.map { JSON.parse(_1) }+
      # gives). The first bad line raises ParserError whose +offset+ is in
      # the whole input and whose +line+ is the line number.
      #
      # @param source [String, #to_str, #read] the NDJSON text (or an IO)
      # @param max_nesting [Integer, false, nil] per document
      # @param symbolize_names [Boolean]
      # @param freeze [Boolean]
      # @return [Array]
      def parse_lines(source, max_nesting: DEFAULT_MAX_NESTING, symbolize_names: false, freeze: false)
        source = source.read if !source.respond_to?(:to_str) && source.respond_to?(:read)
        Native.parse_lines(utf8_source(source), nesting_limit(max_nesting), symbolize_names ? true : false,
                           freeze ? true : false)
      end

      # Serializes +obj+ exactly as +JSON.generate(obj, opts)+ does: by
      # default compact, UTF-8 kept, Hash keys by +to_s+ (Symbols by name),
      # Floats as +Float#to_s+, other objects by their +to_json+ (whose
      # text is copied verbatim) or else +to_s+.
      #
      # Options (a Hash, a +JSON::State+ and/or keywords), all written
      # natively with json 2.6's semantics: +indent+, +space+,
      # +space_before+, +object_nl+, +array_nl+ (any strings; empty
      # containers and set-but-empty newlines laid out as json does),
      # +allow_nan+, +max_nesting+ (+false+, +nil+ or 0: no limit other
      # than the thread's stack), +ascii_only+ (DEL stays as is, as in
      # json 2.6), +escape_slash+, +depth+. Only option values +JSON.generate+
      # rejects or treats oddly (a layout option that is not a String, a
      # +max_nesting+ or +depth+ that is not a non-negative Integer) are
      # handed to the json gem, which raises or writes what it does.
      #
      # @param obj [Object]
      # @param opts [Hash, JSON::State, nil]
      # @return [String] UTF-8 JSON text
      # @raise [GeneratorError] NaN/Infinity (without +allow_nan+) or
      #   invalid UTF-8
      # @raise [NestingError] too deep, or a circular structure
      def generate(obj, opts = nil, **kw)
        if opts.nil? && kw.empty?
          return Native.generate(obj, DEFAULT_MAX_NESTING, false, false, false, 0, nil, ":", nil, nil, nil)
        end

        generate_with(obj, opts, kw)
      end
      alias unparse generate

      # Like +JSON.fast_generate+: +generate+ without a nesting limit (when
      # no options are given; options reset it to 100 unless they set
      # +max_nesting+, as in json 2.6), and with set-but-empty layout
      # strings.
      # @param obj [Object]
      # @param opts [Hash, JSON::State, nil]
      # @return [String]
      def fast_generate(obj, opts = nil, **kw)
        return generate_with(obj, FAST_OPTIONS.merge(max_nesting: false), {}) if opts.nil? && kw.empty?

        generate_with(obj, opts, kw, FAST_OPTIONS)
      end

      # Serializes +obj+ like +JSON.pretty_generate+: two-space indent,
      # +": "+ after keys, one member or element per line.
      # @param obj [Object]
      # @param opts [Hash, JSON::State, nil] options overriding the layout
      # @return [String]
      def pretty_generate(obj, opts = nil, **kw)
        return native_generate(obj, PRETTY_OPTIONS) if opts.nil? && kw.empty?

        generate_with(obj, opts, kw, PRETTY_OPTIONS)
      end
      alias pretty_unparse pretty_generate

      # Like +JSON.dump+: +generate+ with +JSON.dump_default_options+
      # (+max_nesting: false+, +allow_nan: true+ unless changed); writes to +io+ (anything with +write+ or
      # +to_io+) and returns it when given, else returns the String.
      # +limit+ sets +max_nesting+; exceeding it raises ArgumentError
      # ("exceed depth limit"), as +JSON.dump+ does.
      # @param obj [Object]
      # @param io [#write, #to_io, Integer, nil] an IO, or the limit
      # @param limit [Integer, nil]
      # @return [String, IO]
      def dump(obj, io = nil, limit = nil)
        if io && limit.nil?
          io = io.to_io if io.respond_to?(:to_io)
          unless io.respond_to?(:write)
            limit = io
            io = nil
          end
        end
        opts = ::JSON.dump_default_options
        opts = opts.merge(max_nesting: limit) if limit
        result = generate_with(obj, opts, {})
        return result unless io

        io.write(result)
        io
      rescue ::JSON::NestingError
        raise ArgumentError, "exceed depth limit"
      end

      # Like +JSON.load+: reads +source+ (a String, or an IO via +to_io+ or
      # +read+), returns +nil+ for +nil+ or empty input (+allow_blank+),
      # parses with +JSON.load_default_options+ (+max_nesting: false+,
      # +allow_nan: true+, +create_additions: true+ unless changed) merged
      # with +options+, then calls +proc+ on every value, depth first, as
      # +JSON.load+ does.
      # @param source [String, #to_str, #to_io, #read, nil]
      # @param proc [Proc, nil]
      # @param options [Hash]
      # @return [Object]
      def load(source, proc = nil, options = {})
        opts = ::JSON.load_default_options.merge(options)
        if source.respond_to?(:to_str)
          source = source.to_str
        elsif source.respond_to?(:to_io)
          source = source.to_io.read
        elsif source.respond_to?(:read)
          source = source.read
        end
        source = "null" if opts[:allow_blank] && (source.nil? || source.empty?)
        result = parse_with(source, opts)
        recurse_proc(result, &proc) if proc
        result
      end
      alias restore load

      # Makes the +JSON+ module use brownfield (what Oj's +mimic_JSON+
      # offers): afterwards +JSON.parse+, +JSON.parse!+, +JSON.generate+,
      # +JSON.pretty_generate+, +JSON.dump+, +JSON.load+ and +to_json+ on
      # Hash, Array, String, Integer, Float, Symbol, +nil+, +true+ and
      # +false+ call Brownfield::JSON, with the same results. Undo with
      # +unmimic!+. Returns +::JSON+.
      # @return [Module]
      def mimic!
        unless @mimic_installed
          ::JSON.singleton_class.prepend(Mimic::JSONMethods)
          Mimic::TO_JSON_CLASSES.each { |klass| klass.prepend(Mimic::ToJson) }
          @mimic_installed = true
        end
        @mimicking = true
        ::JSON
      end

      # Restores the json gem's own methods after +mimic!+ (the prepended
      # modules stay, but pass every call through).
      # @return [Module]
      def unmimic!
        @mimicking = false
        ::JSON
      end

      # Whether +mimic!+ is in effect.
      # @return [Boolean]
      def mimicking?
        @mimicking ? true : false
      end

      # How +generate+ writes instances of +klass+ (outside the built-in
      # fast paths), mirroring +JSON.generate+'s dispatch on +to_json+:
      # 0 Hash, 1 Array, 2 String, 3 +to_s+ string, 4 the class's own
      # +to_json+. Called by the extension once per class per call.
      # @api private
      def generate_strategy(klass)
        owner = klass.instance_method(:to_json).owner
        owner = klass.instance_method(:to_json).super_method.owner if owner == Mimic::ToJson
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
      # +JSON.generate+ does: the caller's State itself (its depth restored
      # afterwards), or one made from the resolved options Hash.
      # @api private
      def custom_to_json(obj, depth, state)
        if state.is_a?(::JSON::State)
          saved = state.depth
          begin
            state.depth = depth
            return obj.to_json(state)
          ensure
            state.depth = saved
          end
        end
        state = ::JSON::State.new(state || {})
        state.depth = depth
        obj.to_json(state)
      end

      # The json gem's +GeneratorError+ message for writing the Float
      # +value+ (NaN, Infinity or -Infinity) without +allow_nan+, e.g.
      # "1003: NaN not allowed in JSON" in json 2.6.1: the number is a line
      # of the gem's generator.c, so the loaded gem is asked (once per
      # value). Called by the extension when the core refuses such a Float.
      # @api private
      # @param value [Float] a non-finite Float
      # @return [String]
      def non_finite_message(value)
        text = value.to_s # "NaN", "Infinity", "-Infinity"
        (@non_finite_messages ||= {})[text] ||= begin
          # A bare Float is written by the gem's C generator itself (no
          # to_json dispatch, so mimic! cannot route it back here).
          ::JSON::State.new.generate(value)
          "#{text} not allowed in JSON" # a gem that allows it: json's wording
        rescue ::JSON::GeneratorError => e
          e.message
        end
      end

      private

      # +opts+ (a Hash, a +JSON::State+ or anything with +to_hash+/+to_h+,
      # as +JSON.generate+ accepts) merged with keywords. Like the json
      # gem, only Symbol keys are options.
      def merge_options(opts, kw)
        return kw if opts.nil?

        hash = if opts.is_a?(::JSON::State) then opts.to_h
               elsif opts.respond_to?(:to_hash) then opts.to_hash
               elsif opts.respond_to?(:to_h) then opts.to_h
               else raise TypeError, "can't convert #{opts.class} into Hash"
               end
        kw.empty? ? hash : hash.merge(kw)
      end

      # +parse+ with an options Hash.
      def parse_with(source, opts)
        if opts[:symbolize_names] && opts[:create_additions]
          # As json 2.6's JSON::Parser#initialize.
          raise ArgumentError, "options :symbolize_names and :create_additions cannot be  used in conjunction"
        end

        src = utf8_source(source)
        return gem_parse(source, opts) if gem_parse?(src, opts)

        begin
          Native.parse(src, nesting_limit(opts.fetch(:max_nesting, DEFAULT_MAX_NESTING)),
                       opts[:symbolize_names] ? true : false, opts[:freeze] ? true : false,
                       opts[:object_class], opts[:array_class])
        rescue ParserError => e
          raise unless opts[:allow_nan] && nan_at?(src, e.offset)

          gem_parse(source, opts)
        end
      end

      # Whether these options need the json gem's parser for this source.
      def gem_parse?(src, opts)
        return true if opts[:decimal_class] || opts[:match_string]

        opts[:create_additions] && src.include?((opts[:create_id] || ::JSON.create_id).to_s)
      end

      # The json gem's own parser (not affected by +mimic!+). Its errors
      # come out as the Brownfield subclasses with the gem's message: a
      # NestingError of kind +:nesting_too_deep+, a ParserError with the
      # core's kind and position where the core finds the problem too (see
      # +core_verdict+).
      def gem_parse(source, opts)
        ::JSON::Parser.new(source, **opts.slice(*PARSE_OPTIONS)).parse
      rescue ErrorDetails
        raise # from a json_create that called brownfield
      rescue ::JSON::NestingError => e
        raise NestingError.new(e.message, :nesting_too_deep)
      rescue ::JSON::ParserError => e
        raise ParserError.new(e.message, *core_verdict(source, opts))
      end

      # The core's kind, offset, line and column for +source+, which the
      # json gem rejected: none (an empty Array) when the core accepts it or
      # stops at a NaN/Infinity literal the gem accepted (+allow_nan+).
      def core_verdict(source, opts)
        src = utf8_source(source)
        Native.parse(src, nesting_limit(opts.fetch(:max_nesting, DEFAULT_MAX_NESTING)), false, false, nil, nil)
        []
      rescue ParserError, NestingError => e
        return [] if opts[:allow_nan] && nan_at?(src, e.offset)

        [e.kind, e.offset, e.line, e.column]
      end

      # Runs the json gem's generator (the block) for option values only
      # it handles; its errors come out as the Brownfield subclasses with
      # the gem's message: NestingError of kind +:nesting_too_deep+,
      # GeneratorError of kind +:unserializable+ (NaN/Infinity without
      # +allow_nan+, invalid UTF-8, what a +to_json+ raised).
      def gem_generate
        yield
      rescue ErrorDetails
        raise # from a to_json that called brownfield
      rescue ::JSON::NestingError => e
        raise NestingError.new(e.message, :nesting_too_deep)
      rescue ::JSON::GeneratorError => e
        raise GeneratorError.new(e.message, :unserializable)
      end

      # Whether the error at byte +offset+ is a NaN/Infinity literal.
      def nan_at?(src, offset)
        return false unless offset

        src.byteslice(offset, 9)&.match?(NAN_TOKEN) ||
          (offset.positive? && src.byteslice(offset - 1, 9)&.match?(NAN_TOKEN)) || false
      end

      # +generate+ with options: +opts+ (a Hash, a +JSON::State+ or nil)
      # and keywords, applied to the State +base+ describes (as
      # +JSON.generate+, +pretty_generate+ and +fast_generate+ configure
      # +JSON::State.new+, +create_pretty_state+ and +create_fast_state+).
      def generate_with(obj, opts, kw, base = nil)
        if opts.is_a?(::JSON::State)
          state = given_state(opts, kw)
          settings = state_settings(state)
          return settings ? Native.generate(obj, *settings) : gem_generate { state.generate(obj) }
        end
        hash = merge_options(opts, kw)
        options = if base.nil? then hash
                  elsif hash.empty? then base
                  else configured(base, hash)
                  end
        return native_generate(obj, options) if native_options?(options)

        gem_generate { ::JSON::State.new(base || {}).configure(hash).generate(obj) }
      end

      # The options of a State made from +base+ and then configured with
      # +opts+: a layout string given as +nil+ or +false+ keeps +base+'s.
      def configured(base, opts)
        base.merge(opts) { |key, old, new| LAYOUT_OPTIONS.include?(key) && !new ? old : new }
      end

      # Whether +JSON::State.new(opts)+ is written natively: false when
      # +opts+ holds a value the json gem rejects or treats oddly (a layout
      # option that is not a String, a +max_nesting+ or +depth+ that is not
      # a non-negative Integer), for which the gem is called for its error
      # or output.
      def native_options?(opts)
        LAYOUT_OPTIONS.all? { |key| (value = opts[key]).nil? || value == false || value.is_a?(::String) } &&
          natural?(opts[:max_nesting] || 0) && natural?(opts[:depth] || 0)
      end

      # +JSON::State.new(opts).generate(obj)+, natively; +opts+ (also what
      # custom +to_json+ methods get a State of) passed +native_options?+.
      def native_generate(obj, opts)
        max_nesting = opts.key?(:max_nesting) ? opts[:max_nesting] || 0 : DEFAULT_MAX_NESTING
        before = opts[:space_before]
        after = opts[:space]
        key_separator = before || after ? "#{before || ''}:#{after || ''}" : ":"
        Native.generate(obj, max_nesting, opts[:allow_nan] ? true : false, opts[:ascii_only] ? true : false,
                        opts[:escape_slash] ? true : false, opts[:depth] || 0, opts[:indent] || nil,
                        key_separator, opts[:object_nl] || nil, opts[:array_nl] || nil, opts.empty? ? nil : opts)
      end

      # The arguments of +Native.generate+ after the value for the
      # +JSON::State+ +state+, or nil for a negative +depth+ or
      # +max_nesting+ (the gem writes those).
      def state_settings(state)
        return nil if state.depth.negative? || state.max_nesting.negative?

        [state.max_nesting, state.allow_nan?, state.ascii_only?, state.escape_slash?, state.depth, state.indent,
         "#{state.space_before}:#{state.space}", state_newline(state, :object_nl), state_newline(state, :array_nl),
         state]
      end

      # A State's +object_nl+ or +array_nl+, or nil when unset. The readers
      # return "" for both unset and set-but-empty; the difference only
      # shows (as indentation before a closing bracket) with an +indent+,
      # so only then is +state+ asked to write a two-container probe.
      def state_newline(state, key)
        value = state.public_send(key)
        return value unless value.empty?

        indent = state.indent
        return nil if indent.empty?

        saved = [state.depth, state.max_nesting]
        begin
          state.depth = 0
          state.max_nesting = 0
          if key == :array_nl
            [[]].to_json(state) == "[#{indent}[#{indent}]]" ? value : nil
          else
            { "" => {} }.to_json(state).end_with?("{#{indent}}}") ? value : nil
          end
        ensure
          state.depth, state.max_nesting = saved
        end
      end

      # Whether +value+ is an Integer +JSON::State+ takes as a depth or a
      # nesting limit here (non-negative, a machine integer).
      def natural?(value)
        value.is_a?(::Integer) && value >= 0 && value < 2**62
      end

      # The +JSON::State+ the caller passed, with +kw+ applied to a copy
      # (+JSON::State#configure+ semantics) when given.
      def given_state(opts, kw)
        return opts if kw.empty?

        state = opts.dup
        state.configure(kw)
        state
      end

      # +JSON.load+'s proc walk: children first, then the container.
      def recurse_proc(result, &proc)
        case result
        when ::Array
          result.each { |x| recurse_proc(x, &proc) }
        when ::Hash
          result.each do |x, y|
            recurse_proc(x, &proc)
            recurse_proc(y, &proc)
          end
        end
        proc.call(result)
      end

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


require_relative "mimic"
