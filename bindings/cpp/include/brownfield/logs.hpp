// brownfield/logs.hpp — the C++17 API of brownfield's log engine
// (namespace brownfield::logs).
//
// One call runs a filter / group-by / aggregate query over a log file or an
// in-memory buffer (NDJSON, logfmt, Common or Combined Log Format, or a
// regex with named groups; plain or gzip), in parallel in the Rust core,
// and returns the result table:
//
//   #include <brownfield/logs.hpp>
//   namespace logs = brownfield::logs;
//   logs::Spec spec;
//   spec.group_by = {"status"};
//   spec.aggregates = {"count", "mean:latency_ms"};
//   logs::Result r = logs::query(spec, logs::Source::file("requests.ndjson"));
//   for (logs::Row row : r)
//     std::cout << row[0].as_int64() << ' ' << row["count"].as_int64() << ' '
//               << row["mean:latency_ms"].as_double() << '\n';
//
// The query is the one `brownfield stats` takes, field for field
// (--format, --where, --by, --agg, --order-by, --limit, --skip-bad-lines,
// --threads), so a query gives the same table in C++, C, Python, Ruby and on
// the command line. Errors throw brownfield::Error (see query()).
//
// Threads: query() may be called from several threads at once; a Result is
// immutable and may be read from several threads at once. Lifetimes: Rows,
// Cells and the std::string_views they return borrow from their Result and
// are valid until it is destroyed (moving the Result keeps them valid).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "brownfield.hpp"

namespace brownfield {
namespace logs {

/// A log query. Every field's default is "not given", so set only what you
/// need.
struct Spec {
  /// Record format: "ndjson" (one JSON object per line; fields by dotted
  /// path "req.ua" or JSON Pointer "/req/ua"), "logfmt", "common",
  /// "combined" (NCSA/Apache/nginx access logs; fields host ident user time
  /// request method path protocol status bytes referer user_agent
  /// request_time) or "regex:PATTERN" (its named groups are the fields).
  std::string format = "ndjson";
  /// Keep only records matching this filter, e.g.
  /// `status >= 500 and region = "eu"` (operators = != < <= > >= in (..)
  /// ~ "regex" exists(f) and or not, with SQL null semantics). nullopt (or
  /// only spaces): every record.
  std::optional<std::string> filter;
  /// Fields to group by; empty: one group over all matching records.
  std::vector<std::string> group_by;
  /// Aggregates: count, count:f, sum:f, min:f, max:f, mean:f, pNN:f,
  /// median:f (exact quantiles), approx_pNN:f (sketch, within 1% relative
  /// error), distinct:f, approx_distinct:f, topN:f. Each is also the name
  /// of its output column. Empty: {"count"}.
  std::vector<std::string> aggregates;
  /// Output columns to sort by, each prefixed with '-' for descending
  /// ("-count"); empty: by the group-by columns, ascending.
  std::vector<std::string> order_by;
  /// Keep only the first `limit` rows after sorting; nullopt: all rows.
  std::optional<std::size_t> limit;
  /// false: stop at the first line that cannot be read, throwing an Error
  /// of kind BadRecord. true: skip such lines, counting them
  /// (Result::lines_skipped()) and keeping the first few
  /// (Result::bad_lines()).
  bool skip_bad_lines = false;
  /// Worker threads; 0: one per core.
  std::size_t threads = 0;
  /// Bytes of input processed per chunk (memory use is about chunk_size x
  /// threads); 0: the core's default (1 MiB, less for small inputs).
  std::size_t chunk_size = 0;
};

/// Where the log lines come from: a file, or bytes in memory. Either may be
/// gzip-compressed (detected from the first bytes).
class Source {
 public:
  /// The file at `path`, read in chunks (memory stays bounded by the chunk
  /// size, not the file size).
  static Source file(std::filesystem::path path) {
    Source s;
    s.path_ = std::move(path);
    return s;
  }
  /// The bytes `data`, which must stay valid during query() (they are read
  /// in place, not copied).
  static Source buffer(std::string_view data) noexcept {
    Source s;
    s.data_ = data;
    return s;
  }

  /// True for a file source.
  bool is_file() const noexcept { return path_.has_value(); }
  /// The file's path (empty for a buffer source).
  std::filesystem::path path() const { return path_.value_or(std::filesystem::path()); }
  /// The buffer (empty for a file source).
  std::string_view data() const noexcept { return data_; }

 private:
  Source() = default;
  std::optional<std::filesystem::path> path_;
  std::string_view data_;
};

/// The type of a result cell.
using CellType = ffi::CellType;

/// A short lowercase name of `type` for messages ("int", "list", ...).
inline std::string_view type_name(CellType type) noexcept {
  switch (type) {
    case CellType::Null: return "null";
    case CellType::Bool: return "bool";
    case CellType::Int: return "int";
    case CellType::Float: return "float";
    case CellType::String: return "string";
    case CellType::List: return "list";
  }
  return "unknown";
}

/// A line a skip-mode query skipped.
struct BadLine {
  /// 1-based line number in the input.
  std::uint64_t line = 0;
  /// Byte offset of the line's start in the (decompressed) input.
  std::uint64_t offset = 0;
  /// What was wrong with it.
  std::string message;
};

class Result;

/// One cell of a result (or one item of a list cell): a cheap view, valid
/// while its Result lives. Accessors of the wrong type throw an Error of
/// kind InvalidArgument.
class Cell {
 public:
  /// The cell's type: Null (a missing field or group key, or an aggregate
  /// over no values), Bool, Int, Float, String or List (topN:f).
  CellType type() const noexcept { return info_.cell_type; }
  /// True for a null cell.
  bool is_null() const noexcept { return type() == CellType::Null; }
  /// True for a number (Int or Float).
  bool is_number() const noexcept { return type() == CellType::Int || type() == CellType::Float; }

  /// The boolean; throws InvalidArgument unless type() is Bool.
  bool as_bool() const { return expect(CellType::Bool, "bool").bool_value; }
  /// The integer (counts, exact sums, integer keys); throws InvalidArgument
  /// unless type() is Int.
  std::int64_t as_int64() const { return expect(CellType::Int, "int").int_value; }
  /// The number as a double (means, quantiles; an Int converted); throws
  /// InvalidArgument unless is_number().
  double as_double() const {
    if (!is_number()) mismatch("number");
    return info_.float_value;
  }
  /// The string (UTF-8); throws InvalidArgument unless type() is String.
  /// Valid while the Result lives.
  std::string_view as_string() const {
    expect(CellType::String, "string");
    return json::detail::view(result_->cell_text(row_, col_, item_));
  }

  /// Number of items of a list cell; throws InvalidArgument for other types.
  std::size_t size() const { return expect(CellType::List, "list").len; }
  /// Item `i` of a list cell; throws InvalidArgument for other types or an
  /// index out of range.
  Cell operator[](std::size_t i) const {
    if (i >= size()) {
      throw Error(ErrorKind::InvalidArgument,
                  "list index " + std::to_string(i) + " out of range (size " +
                      std::to_string(info_.len) + ")");
    }
    return Cell(result_, row_, col_, i);
  }
  /// The items of a list cell, in order (throws for other types).
  std::vector<Cell> items() const {
    std::vector<Cell> out;
    for (std::size_t i = 0, n = size(); i < n; ++i) out.push_back(Cell(result_, row_, col_, i));
    return out;
  }

  /// The cell as text, as the `brownfield stats` table prints it ("null",
  /// "true", "200", "12.5", the string itself, "[a, b]" for a list).
  std::string to_string() const {
    return std::string(result_->cell_display(row_, col_, item_));
  }

 private:
  friend class Row;
  Cell(const ffi::LogResult* result, std::size_t row, std::size_t col, std::size_t item) noexcept
      : result_(result), row_(row), col_(col), item_(item), info_(result->cell(row, col, item)) {}

  [[noreturn]] void mismatch(std::string_view wanted) const {
    std::string msg = "expected a ";
    msg.append(wanted).append(" cell, found ").append(type_name(type()));
    throw Error(ErrorKind::InvalidArgument, std::move(msg));
  }
  const ffi::CellInfo& expect(CellType wanted, std::string_view name) const {
    if (type() != wanted) mismatch(name);
    return info_;
  }

  const ffi::LogResult* result_;
  std::size_t row_, col_, item_;
  ffi::CellInfo info_;
};

/// One row of a result: a cheap view, valid while its Result lives.
/// Columns are the group-by fields, then one per aggregate.
class Row {
 public:
  /// Number of cells (the result's column count).
  std::size_t size() const noexcept { return result_->column_count(); }
  /// Cell `col`; throws InvalidArgument when out of range.
  Cell operator[](std::size_t col) const {
    if (col >= size()) {
      throw Error(ErrorKind::InvalidArgument, "column " + std::to_string(col) +
                                                  " out of range (" + std::to_string(size()) +
                                                  " columns)");
    }
    return Cell(result_, row_, col, SIZE_MAX);
  }
  /// The cell of the column named `column` (e.g. "status",
  /// "mean:latency_ms"); throws InvalidArgument if there is no such column.
  Cell operator[](std::string_view column) const;
  /// The cells, in column order.
  std::vector<Cell> cells() const {
    std::vector<Cell> out;
    for (std::size_t c = 0; c < size(); ++c) out.push_back(Cell(result_, row_, c, SIZE_MAX));
    return out;
  }
  /// Index of this row in the result.
  std::size_t index() const noexcept { return row_; }

 private:
  friend class Result;
  Row(const ffi::LogResult* result, std::size_t row) noexcept : result_(result), row_(row) {}
  const ffi::LogResult* result_;
  std::size_t row_;
};

/// The answer to a query: a table (rows sorted and limited as the query
/// asked) plus how many lines were read, matched and skipped. RAII owner of
/// the core's result; movable, not copyable. `for (Row row : result)`
/// visits the rows.
class Result {
 public:
  /// Forward iterator over the rows.
  class iterator {
   public:
    /// Iterator traits.
    using iterator_category = std::forward_iterator_tag;
    /// Iterator traits.
    using value_type = Row;
    /// Iterator traits.
    using difference_type = std::ptrdiff_t;
    /// Iterator traits.
    using pointer = void;
    /// Iterator traits.
    using reference = Row;

    /// The current row.
    Row operator*() const noexcept { return owner_->row_at(row_); }
    /// Advances to the next row.
    iterator& operator++() noexcept {
      ++row_;
      return *this;
    }
    /// Advances to the next row (postfix).
    iterator operator++(int) noexcept {
      iterator old = *this;
      ++row_;
      return old;
    }
    /// Equal when both point at the same row.
    bool operator==(const iterator& o) const noexcept { return row_ == o.row_; }
    /// See operator==.
    bool operator!=(const iterator& o) const noexcept { return row_ != o.row_; }

   private:
    friend class Result;
    iterator(const Result* owner, std::size_t row) noexcept : owner_(owner), row_(row) {}
    const Result* owner_;
    std::size_t row_;
  };

  /// Takes over `other`'s table; Rows and Cells taken from `other` stay
  /// valid. `other` is left empty (its accessors throw).
  Result(Result&& other) noexcept
      : r_(std::move(other.r_)), columns_(std::move(other.columns_)) {
    other.r_.reset();
  }
  /// Releases this table and takes over `other`'s (see the move constructor).
  Result& operator=(Result&& other) noexcept {
    if (this != &other) {
      r_ = std::move(other.r_);
      columns_ = std::move(other.columns_);
      other.r_.reset();
    }
    return *this;
  }
  /// Not copyable: a Result owns its table.
  Result(const Result&) = delete;
  /// Not copyable (see the deleted copy constructor).
  Result& operator=(const Result&) = delete;
  /// Frees the table; every Row, Cell and string_view from it becomes invalid.
  ~Result() = default;

  /// Column names: the group-by fields, then the aggregates as written.
  const std::vector<std::string>& columns() const {
    get();
    return columns_;
  }
  /// Index of the column named `name`, or nullopt.
  std::optional<std::size_t> column_index(std::string_view name) const {
    get();
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i] == name) return i;
    }
    return std::nullopt;
  }
  /// Number of rows.
  std::size_t size() const { return get().row_count(); }
  /// True when no group matched.
  bool empty() const { return size() == 0; }
  /// Row `i`; throws InvalidArgument when out of range.
  Row operator[](std::size_t i) const {
    if (i >= size()) {
      throw Error(ErrorKind::InvalidArgument,
                  "row " + std::to_string(i) + " out of range (" + std::to_string(size()) +
                      " rows)");
    }
    return row_at(i);
  }
  /// Iterator to the first row.
  iterator begin() const {
    get();
    return iterator(this, 0);
  }
  /// Iterator past the last row.
  iterator end() const { return iterator(this, size()); }

  /// Non-empty lines read.
  std::uint64_t lines_read() const { return get().lines_read(); }
  /// Records that passed the filter.
  std::uint64_t lines_matched() const { return get().lines_matched(); }
  /// Lines skipped because they could not be read (skip mode; 0 in strict mode).
  std::uint64_t lines_skipped() const { return get().lines_skipped(); }
  /// The first few skipped lines (up to 5), by line number.
  std::vector<BadLine> bad_lines() const {
    std::vector<BadLine> out;
    for (const ffi::BadLineInfo& b : get().bad_lines()) {
      out.push_back(BadLine{b.line, b.offset, std::string(b.message)});
    }
    return out;
  }

 private:
  friend Result query(const Spec& spec, const Source& source);

  explicit Result(rust::Box<ffi::LogResult> r) : r_(std::move(r)) {
    const ffi::LogResult& res = **r_;
    for (std::size_t i = 0, n = res.column_count(); i < n; ++i) {
      columns_.emplace_back(json::detail::view(res.column_name(i)));
    }
  }

  const ffi::LogResult& get() const {
    if (!r_) {
      throw Error(ErrorKind::InvalidArgument, "use of a moved-from brownfield::logs::Result");
    }
    return **r_;
  }
  Row row_at(std::size_t i) const noexcept { return Row(&**r_, i); }

  std::optional<rust::Box<ffi::LogResult>> r_;
  std::vector<std::string> columns_;
};

inline Cell Row::operator[](std::string_view column) const {
  for (std::size_t c = 0, n = size(); c < n; ++c) {
    if (json::detail::view(result_->column_name(c)) == column) {
      return Cell(result_, row_, c, SIZE_MAX);
    }
  }
  throw Error(ErrorKind::InvalidArgument, "no column named \"" + std::string(column) + "\"");
}

namespace detail {

/// `text` as a Rust string; throws InvalidUtf8 naming `what` if it is not UTF-8.
inline rust::String text(const std::string& text, const char* what) {
  try {
    return rust::String(text);
  } catch (const std::invalid_argument&) {
    throw Error(ErrorKind::InvalidUtf8, std::string(what) + " is not valid UTF-8");
  }
}

/// `list` as Rust strings (see text()).
inline rust::Vec<rust::String> texts(const std::vector<std::string>& list, const char* what) {
  rust::Vec<rust::String> out;
  out.reserve(list.size());
  for (const std::string& item : list) out.push_back(text(item, what));
  return out;
}

}  // namespace detail

/// Runs `spec` over `source` and returns the result table. Blocks until
/// done, using up to spec.threads worker threads.
///
/// Throws brownfield::Error:
///   - BadRecord: a line that cannot be read (unless spec.skip_bad_lines);
///     line() is its 1-based line number and offset() the byte offset where
///     it starts (column() is 0), message() says what is wrong;
///   - Io: the file cannot be opened or read, or the gzip data is corrupt;
///   - InvalidArgument: a bad query (unknown format or aggregate, a filter
///     that does not parse, an order_by naming no output column, an empty
///     path), with a message saying what is wrong;
///   - InvalidUtf8: a text of spec is not UTF-8.
inline Result query(const Spec& spec, const Source& source) {
  ffi::LogSpec s{
      detail::text(spec.format, "format"),
      detail::text(spec.filter.value_or(std::string()), "filter"),
      detail::texts(spec.group_by, "group_by"),
      detail::texts(spec.aggregates, "aggregates"),
      detail::texts(spec.order_by, "order_by"),
      spec.limit.has_value(),
      spec.limit.value_or(0),
      spec.skip_bad_lines,
      spec.threads,
      spec.chunk_size,
  };
  ffi::ErrorInfo error{};
  rust::Box<ffi::LogResult> r = [&] {
    if (source.is_file()) {
      const std::string path = source.path().string();  // the native bytes on POSIX
      return ffi::logs_query_path(s, json::detail::bytes(path), error);
    }
    return ffi::logs_query_buffer(s, json::detail::bytes(source.data()), error);
  }();
  if (!r->is_ok()) throw Error(error);
  return Result(std::move(r));
}

}  // namespace logs
}  // namespace brownfield
