# frozen_string_literal: true

require "pathname"

module Brownfield
  # Group-by queries over NDJSON and log files, run by the brownfield core's
  # log engine on all cores with the GVL released: no Ruby object is built
  # per record, only the result rows.
  #
  #   result = Brownfield::Logs.query("requests.ndjson", by: ["status"],
  #                                   agg: ["count", "mean:latency_ms"])
  #   result.each { |row| p row }   # {"status"=>200, "count"=>812345, "mean:latency_ms"=>41.2}
  #   result.lines_read             # => 1000000
  #
  # The query language (formats, filters, aggregates) is the CLI's
  # (+brownfield stats+); see the binding's README.
  module Logs
    # Base class of the errors a query raises for its input.
    class Error < StandardError
      # 1-based line number of the offending line, or +nil+.
      # @return [Integer, nil]
      attr_reader :line
      # Byte offset of the offending line's first byte in the (decompressed)
      # input, or +nil+.
      # @return [Integer, nil]
      attr_reader :offset

      # @param message [String]
      # @param line [Integer, nil]
      # @param offset [Integer, nil]
      def initialize(message = nil, line = nil, offset = nil)
        super(message)
        @line = line
        @offset = offset
      end
    end

    # A line that does not match the format (strict mode, the default);
    # +line+ and +offset+ say where. Pass +skip_bad_lines: true+ to skip and
    # count such lines instead.
    class BadRecordError < Error; end

    # An invalid query: unknown format, bad filter, aggregate or order-by
    # column. Raised before any input is read.
    class QueryError < ArgumentError
      # Always +nil+ (the query text, not a line, is wrong).
      # @return [nil]
      attr_reader :line
      # Always +nil+.
      # @return [nil]
      attr_reader :offset

      # @param message [String]
      # @param line [nil]
      # @param offset [nil]
      def initialize(message = nil, line = nil, offset = nil)
        super(message)
        @line = line
        @offset = offset
      end
    end

    # Reading the input failed (I/O error, corrupt gzip stream). A missing
    # or unreadable file raises the matching +Errno+ exception instead.
    class IOError < ::IOError
      # Always +nil+.
      # @return [nil]
      attr_reader :line
      # Always +nil+.
      # @return [nil]
      attr_reader :offset

      # @param message [String]
      # @param line [nil]
      # @param offset [nil]
      def initialize(message = nil, line = nil, offset = nil)
        super(message)
        @line = line
        @offset = offset
      end
    end

    # A line skipped in skip mode: its number, byte offset and the problem.
    BadLine = Struct.new(:line, :offset, :message)

    # The answer to a query: the rows as Hashes (column name => value), in
    # the query's order, plus what was read. Enumerable over the rows.
    class Result
      include Enumerable

      # Column names: the group-by fields, then the aggregates as written
      # (+"count"+, +"p99:latency_ms"+).
      # @return [Array<String>]
      attr_reader :columns
      # The rows, each a Hash keyed by column name.
      # @return [Array<Hash{String => Object}>]
      attr_reader :rows
      # Non-blank lines read.
      # @return [Integer]
      attr_reader :lines_read
      # Records that passed the filter.
      # @return [Integer]
      attr_reader :lines_matched
      # Bad lines skipped (+skip_bad_lines: true+; otherwise 0).
      # @return [Integer]
      attr_reader :lines_skipped
      # The first few skipped lines.
      # @return [Array<BadLine>]
      attr_reader :bad_lines

      # @param raw [Array] what the extension returns
      # @api private
      def initialize(raw)
        columns, rows, @lines_read, @lines_matched, @lines_skipped, bad = raw
        @columns = columns.freeze
        @rows = rows.map { |r| columns.zip(r).to_h }.freeze
        @bad_lines = bad.map { |b| BadLine.new(*b) }.freeze
      end

      # Yields each row Hash.
      # @yieldparam row [Hash{String => Object}]
      def each(&block)
        return enum_for(:each) { @rows.size } unless block

        @rows.each(&block)
        self
      end

      # Number of rows.
      # @return [Integer]
      def size
        @rows.size
      end
      alias length size

      # The row at +index+.
      # @param index [Integer]
      # @return [Hash, nil]
      def [](index)
        @rows[index]
      end

      # The rows (the same Array as +rows+).
      # @return [Array<Hash>]
      def to_a
        @rows
      end

      # The result as column name => Array of values.
      # @return [Hash{String => Array}]
      def to_columns
        @columns.to_h { |c| [c, @rows.map { |r| r[c] }] }
      end

      # @return [String]
      def inspect
        "#<#{self.class} #{@rows.inspect} lines_read=#{@lines_read} lines_matched=#{@lines_matched} " \
          "lines_skipped=#{@lines_skipped}>"
      end
    end

    class << self
      # Runs a query over a log or NDJSON input.
      #
      # @param source [String, Pathname, #to_path, #read] a file path (plain
      #   or gzip), a File, or an IO/StringIO whose data is read in full
      #   (wrap in-memory data in a StringIO)
      # @param format [String] +"ndjson"+, +"logfmt"+, +"common"+,
      #   +"combined"+ or +"regex:PATTERN"+
      # @param where [String, nil] filter, e.g. +'status >= 500 and region = "eu"'+
      # @param by [Array<String>, String] group-by fields (nested NDJSON
      #   fields by dotted path or JSON Pointer)
      # @param agg [Array<String>, String] aggregates: +count+, +sum:f+,
      #   +min:f+, +max:f+, +mean:f+, +pNN:f+, +median:f+, +approx_pNN:f+,
      #   +distinct:f+, +approx_distinct:f+, +topN:f+
      # @param order_by [Array<String>, String] output columns, +-col+ for
      #   descending (default: by the group keys)
      # @param limit [Integer, nil] keep the first rows after sorting
      # @param skip_bad_lines [Boolean] skip and count lines that do not
      #   match the format instead of raising BadRecordError
      # @param threads [Integer, nil] worker threads (default: all cores)
      # @return [Result]
      # @raise [BadRecordError] a bad line (strict mode)
      # @raise [QueryError] an invalid query (an ArgumentError)
      # @raise [SystemCallError, IOError] the input cannot be read
      def query(source, format: "ndjson", where: nil, by: [], agg: ["count"], order_by: [], limit: nil,
                skip_bad_lines: false, threads: nil)
        path, data = input(source)
        limit = Integer(limit) unless limit.nil?
        raise ArgumentError, "limit must not be negative" if limit&.negative?

        threads = Integer(threads) unless threads.nil?
        raise ArgumentError, "threads must be positive" if threads && !threads.positive?

        raw = Native.query(path, data, String(format), where.nil? ? nil : String(where), list(by), list(agg),
                           list(order_by), limit, skip_bad_lines ? true : false, threads)
        Result.new(raw)
      end

      private

      # [path, nil] or [nil, data] for the extension.
      def input(source)
        source = source.to_path if !source.is_a?(::String) && source.respond_to?(:to_path)
        if source.is_a?(::String)
          # The usual Errno exceptions for a missing, unreadable or directory
          # path — without opening it: opening and closing a FIFO here would
          # hang up on its writer before the core reads it.
          raise Errno::EISDIR, source if ::File.stat(source).directory?
          raise Errno::EACCES, source unless ::File.readable?(source)

          return [source, nil]
        end
        if source.respond_to?(:read)
          data = source.read
          return [nil, data.nil? ? +"" : String(data).b]
        end
        raise TypeError, "log source must be a path (String, Pathname) or an IO, not #{source.class}"
      end

      # A list option as an Array of Strings ("a,b" is split like the CLI).
      def list(value)
        case value
        when nil then []
        when ::String then value.split(",").map(&:strip).reject(&:empty?)
        else Array(value).map { |v| String(v) }
        end
      end
    end
  end
end
