/*
 * The shared log-engine vectors (tests/vectors/logs/cases.json, written by
 * tests/vectors/logs/generate.py), run through the C API exactly as a C
 * user would call it: cases.json is read with bf_parse, each case becomes a
 * bf_logs_spec and runs with bf_logs_query_path over inputs/<input>.
 *   "expect": columns, rows (ints exactly, floats within a relative 1e-9,
 *             null = a null cell), lines_read / matched / skipped and the
 *             line numbers of the first skipped lines;
 *   "error":  the query fails with that kind (bad_record) and line.
 * The Rust core (crates/brownfield/tests/log_vectors.rs), the CLI, C++,
 * Python and Ruby run the same file.
 */
#include <math.h>

#include "bf_test.h"

/* tests/vectors/logs: $BROWNFIELD_LOG_VECTORS_DIR or the path baked in by
 * CMake. */
static const char *log_vectors_dir(void) {
    const char *d = getenv("BROWNFIELD_LOG_VECTORS_DIR");
    return d && *d ? d : BF_TEST_LOG_VECTORS_DIR;
}

/* ---- reading cases.json (a bf_document) ---- */

/* Member `key` of the object at `obj`; BF_NO_VALUE (and a failed check)
 * when missing. */
static size_t member(const bf_document *doc, size_t obj, const char *key) {
    size_t out = BF_NO_VALUE;
    bf_status st = bf_object_get(doc, obj, key, strlen(key), &out);
    CHECK(st == BF_OK && out != BF_NO_VALUE, "cases.json: no member \"%s\" (%s)", key,
          bf_error_kind_name(st));
    return st == BF_OK ? out : BF_NO_VALUE;
}

static bf_type type_of(const bf_document *doc, size_t value) {
    bf_type t = BF_TYPE_NULL;
    CHECK_STATUS(bf_type_of(doc, value, &t), BF_OK);
    return t;
}

/* The string at `value` as ptr + len (NULL, 0 for null). */
static const char *string_of(const bf_document *doc, size_t value, size_t *len) {
    const char *p = NULL;
    *len = 0;
    if (type_of(doc, value) == BF_TYPE_NULL) return NULL;
    CHECK_STATUS(bf_get_string(doc, value, &p, len), BF_OK);
    return p;
}

/* A malloc'ed NUL-terminated copy of the string at `value`. */
static char *string_dup(const bf_document *doc, size_t value) {
    size_t len = 0;
    const char *p = string_of(doc, value, &len);
    char *s = malloc(len + 1);
    if (!s) exit(2);
    if (len) memcpy(s, p, len);
    s[len] = 0;
    return s;
}

static uint64_t uint_of(const bf_document *doc, size_t value) {
    uint64_t n = 0;
    CHECK_STATUS(bf_get_uint64(doc, value, &n), BF_OK);
    return n;
}

/* The array of strings at `value` joined with ',' (the C API's list form),
 * malloc'ed; "" for an empty array. */
static char *joined(const bf_document *doc, size_t value) {
    size_t cap = 1, n = 0;
    bf_iter it;
    size_t elem;
    CHECK_STATUS(bf_array_iter(doc, value, &it), BF_OK);
    while (bf_array_next(doc, &it, &elem)) {
        size_t len = 0;
        string_of(doc, elem, &len);
        cap += len + 1;
    }
    char *out = malloc(cap);
    if (!out) exit(2);
    CHECK_STATUS(bf_array_iter(doc, value, &it), BF_OK);
    while (bf_array_next(doc, &it, &elem)) {
        size_t len = 0;
        const char *s = string_of(doc, elem, &len);
        if (n) out[n++] = ',';
        if (len) memcpy(out + n, s, len);
        n += len;
    }
    out[n] = 0;
    return out;
}

static size_t array_len(const bf_document *doc, size_t value) {
    size_t n = 0;
    CHECK_STATUS(bf_array_len(doc, value, &n), BF_OK);
    return n;
}

/* Element i of the array at `value` (walks the siblings); BF_NO_VALUE
 * past the end. */
static size_t element(const bf_document *doc, size_t value, size_t i) {
    bf_iter it;
    size_t elem = BF_NO_VALUE;
    CHECK_STATUS(bf_array_iter(doc, value, &it), BF_OK);
    for (size_t k = 0; k <= i; k++) {
        if (!bf_array_next(doc, &it, &elem)) return BF_NO_VALUE;
    }
    return elem;
}

/* ---- comparing a result with a case ---- */

/* A result cell against the expected JSON value (as the Rust suite does:
 * an Int equals an integer exactly or a float equal to it, a Float is
 * within a relative 1e-9 of any number). */
static int same_cell(const bf_logs_value *got, const bf_document *doc, size_t want) {
    bf_type wt = type_of(doc, want);
    switch (got->value_type) {
    case BF_TYPE_NULL:
        return wt == BF_TYPE_NULL;
    case BF_TYPE_BOOL: {
        bool b;
        return wt == BF_TYPE_BOOL && bf_get_bool(doc, want, &b) == BF_OK && b == got->boolean;
    }
    case BF_TYPE_INT: {
        int64_t i;
        double d;
        if (wt == BF_TYPE_INT) return bf_get_int64(doc, want, &i) == BF_OK && i == got->integer;
        return wt == BF_TYPE_FLOAT && bf_get_double(doc, want, &d) == BF_OK &&
               d == (double)got->integer;
    }
    case BF_TYPE_FLOAT: {
        double d, a = got->number;
        if (wt != BF_TYPE_INT && wt != BF_TYPE_FLOAT) return 0;
        if (bf_get_double(doc, want, &d) != BF_OK) return 0;
        double scale = fmax(fmax(fabs(a), fabs(d)), 1.0);
        return fabs(a - d) <= 1e-9 * scale;
    }
    case BF_TYPE_STRING: {
        const char *p;
        size_t len;
        return wt == BF_TYPE_STRING && bf_get_string(doc, want, &p, &len) == BF_OK &&
               len == got->string_len && (len == 0 || memcmp(p, got->string, len) == 0);
    }
    default: /* lists (topN) are not in the vectors */
        return 0;
    }
}

/* Prints a cell for a failure message into buf. */
static const char *show_cell(const bf_logs_result *r, size_t row, size_t col, char *buf,
                             size_t cap) {
    bf_buffer text = {0};
    if (bf_logs_result_cell_text(r, row, col, &text) == BF_OK) {
        snprintf(buf, cap, "%s", text.data ? text.data : "");
    } else {
        snprintf(buf, cap, "?");
    }
    bf_buffer_free(&text);
    return buf;
}

static void check_expect(const char *name, const bf_logs_result *r, const bf_document *doc,
                         size_t expect) {
    /* Columns. */
    size_t want_cols = member(doc, expect, "columns");
    size_t ncols = bf_logs_result_columns(r);
    CHECK(ncols == array_len(doc, want_cols), "%s: %zu columns, want %zu", name, ncols,
          array_len(doc, want_cols));
    for (size_t c = 0; c < ncols && c < array_len(doc, want_cols); c++) {
        const char *got = NULL, *want;
        size_t got_len = 0, want_len;
        CHECK_STATUS(bf_logs_result_column_name(r, c, &got, &got_len), BF_OK);
        want = string_of(doc, element(doc, want_cols, c), &want_len);
        CHECK(got_len == want_len && memcmp(got, want, want_len) == 0,
              "%s: column %zu is \"%.*s\", want \"%.*s\"", name, c, (int)got_len, got,
              (int)want_len, want);
    }

    /* Rows, cell by cell. */
    size_t want_rows = member(doc, expect, "rows");
    size_t nrows = bf_logs_result_rows(r);
    CHECK(nrows == array_len(doc, want_rows), "%s: %zu rows, want %zu", name, nrows,
          array_len(doc, want_rows));
    bf_iter rows;
    size_t want_row;
    size_t row = 0;
    CHECK_STATUS(bf_array_iter(doc, want_rows, &rows), BF_OK);
    while (row < nrows && bf_array_next(doc, &rows, &want_row)) {
        CHECK(array_len(doc, want_row) == ncols, "%s: row %zu of cases.json has %zu cells", name,
              row, array_len(doc, want_row));
        bf_iter cells;
        size_t want_cell;
        size_t col = 0;
        CHECK_STATUS(bf_array_iter(doc, want_row, &cells), BF_OK);
        while (col < ncols && bf_array_next(doc, &cells, &want_cell)) {
            bf_logs_value v;
            memset(&v, 0, sizeof v);
            bf_status st = bf_logs_result_cell(r, row, col, &v);
            CHECK(st == BF_OK, "%s: cell (%zu, %zu): %s", name, row, col, bf_error_kind_name(st));
            if (st == BF_OK) {
                char got[256];
                int ok = same_cell(&v, doc, want_cell);
                char *want = ok ? NULL : bf_test_serialize(doc, want_cell, NULL);
                CHECK(ok,
                      "%s: row %zu column %zu is %s (type %u), want %s", name, row, col,
                      show_cell(r, row, col, got, sizeof got), (unsigned)v.value_type,
                      want ? want : "?");
                free(want);
            }
            col++;
        }
        row++;
    }

    /* Counts and the skipped lines. */
    bf_logs_counts n;
    memset(&n, 0, sizeof n);
    CHECK_STATUS(bf_logs_result_counts(r, &n), BF_OK);
    uint64_t read = uint_of(doc, member(doc, expect, "lines_read"));
    uint64_t matched = uint_of(doc, member(doc, expect, "lines_matched"));
    uint64_t skipped = uint_of(doc, member(doc, expect, "lines_skipped"));
    CHECK(n.lines_read == read, "%s: lines_read %llu, want %llu", name,
          (unsigned long long)n.lines_read, (unsigned long long)read);
    CHECK(n.lines_matched == matched, "%s: lines_matched %llu, want %llu", name,
          (unsigned long long)n.lines_matched, (unsigned long long)matched);
    CHECK(n.lines_skipped == skipped, "%s: lines_skipped %llu, want %llu", name,
          (unsigned long long)n.lines_skipped, (unsigned long long)skipped);
    size_t want_bad = member(doc, expect, "bad_lines");
    CHECK(n.bad_lines == array_len(doc, want_bad), "%s: %zu bad lines described, want %zu", name,
          n.bad_lines, array_len(doc, want_bad));
    for (size_t i = 0; i < n.bad_lines && i < array_len(doc, want_bad); i++) {
        bf_logs_bad_line b;
        memset(&b, 0, sizeof b);
        CHECK_STATUS(bf_logs_result_bad_line(r, i, &b), BF_OK);
        uint64_t want = uint_of(doc, element(doc, want_bad, i));
        CHECK(b.line == want, "%s: bad line %zu is line %llu, want %llu", name, i,
              (unsigned long long)b.line, (unsigned long long)want);
        CHECK(b.message != NULL && b.message_len > 0, "%s: bad line %zu has no message", name, i);
    }
}

/* ---- one case ---- */

static void run_case(const char *dir, const bf_document *doc, size_t c) {
    char *name = string_dup(doc, member(doc, c, "name"));
    char *format = string_dup(doc, member(doc, c, "format"));
    char *input = string_dup(doc, member(doc, c, "input"));
    size_t q = member(doc, c, "query");
    size_t filter_len = 0;
    const char *filter = string_of(doc, member(doc, q, "where"), &filter_len);
    char *by = joined(doc, member(doc, q, "by"));
    char *agg = joined(doc, member(doc, q, "agg"));
    char *order_by = joined(doc, member(doc, q, "order_by"));
    size_t limit = member(doc, q, "limit");
    bool skip = false;
    CHECK_STATUS(bf_get_bool(doc, member(doc, q, "skip_bad_lines"), &skip), BF_OK);

    bf_logs_spec spec = {0};
    spec.format = format;
    spec.format_len = strlen(format);
    spec.filter = filter;
    spec.filter_len = filter_len;
    if (*by) {
        spec.group_by = by;
        spec.group_by_len = strlen(by);
    }
    spec.aggregates = agg;
    spec.aggregates_len = strlen(agg);
    if (*order_by) {
        spec.order_by = order_by;
        spec.order_by_len = strlen(order_by);
    }
    if (type_of(doc, limit) != BF_TYPE_NULL) {
        uint64_t n = uint_of(doc, limit);
        CHECK(n > 0, "%s: limit 0 cannot be expressed in the C API", name);
        spec.limit = (size_t)n;
    }
    spec.skip_bad_lines = skip;

    char path[4096];
    snprintf(path, sizeof path, "%s/inputs/%s", dir, input);
    bf_logs_result *r = (bf_logs_result *)&spec; /* must be reset */
    bf_error err = {0};
    bf_status st = bf_logs_query_path(&spec, path, strlen(path), &r, &err);

    size_t want_error = BF_NO_VALUE;
    CHECK_STATUS(bf_object_get(doc, c, "error", 5, &want_error), BF_OK);
    if (want_error != BF_NO_VALUE) {
        char *kind = string_dup(doc, member(doc, want_error, "kind"));
        uint64_t line = uint_of(doc, member(doc, want_error, "line"));
        CHECK(st != BF_OK, "%s: succeeded, want error %s at line %llu", name, kind,
              (unsigned long long)line);
        CHECK(r == NULL, "%s: *out not NULL after failure", name);
        if (st != BF_OK) {
            CHECK(st == err.kind, "%s: status %u but err.kind %u", name, st, err.kind);
            CHECK(strcmp(bf_error_kind_name(err.kind), kind) == 0, "%s: kind %s, want %s (%s)",
                  name, bf_error_kind_name(err.kind), kind, err.message ? err.message : "");
            CHECK(err.line == line, "%s: line %zu, want %llu (%s)", name, err.line,
                  (unsigned long long)line, err.message ? err.message : "");
            CHECK(err.message != NULL && err.message_len == strlen(err.message),
                  "%s: message missing or length wrong", name);
        }
        free(kind);
    } else {
        CHECK(st == BF_OK && r != NULL, "%s: query failed: %s %s", name, bf_error_kind_name(st),
              err.message ? err.message : "");
        if (st == BF_OK && r) check_expect(name, r, doc, member(doc, c, "expect"));
    }
    if (st == BF_OK) bf_logs_result_free(r);
    bf_error_free(&err);
    free(name);
    free(format);
    free(input);
    free(by);
    free(agg);
    free(order_by);
}

int main(void) {
    const char *dir = log_vectors_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/cases.json", dir);
    size_t len = 0;
    unsigned char *text = bf_test_read_file(path, &len);
    bf_document *doc = bf_test_parse(text, len, NULL);
    if (!doc) {
        free(text);
        return bf_test_finish("test_log_vectors");
    }
    size_t ncases = array_len(doc, BF_ROOT);
    CHECK(ncases >= 20, "only %zu cases in %s", ncases, path);
    bf_iter it;
    size_t c;
    size_t ran = 0;
    CHECK_STATUS(bf_array_iter(doc, BF_ROOT, &it), BF_OK);
    while (bf_array_next(doc, &it, &c)) {
        run_case(dir, doc, c);
        ran++;
    }
    printf("test_log_vectors: %zu cases from %s\n", ran, path);
    bf_document_free(doc);
    free(text);
    return bf_test_finish("test_log_vectors");
}
