/*
 * Log queries from C: a Q1-style query (by status: count, mean latency) on
 * NDJSON generated here and checked against sums computed here, from a
 * buffer, a file and gzip; the real Apache sample in skip and strict mode
 * (answers verified with `brownfield stats`); topN lists, filters, order
 * and limit; invalid queries and NULL arguments; hostile input.
 */
#include <math.h>
#include <unistd.h>

#include "bf_test.h"

#define S(lit) lit, (sizeof(lit) - 1) /* a string literal as ptr + len */

/* ---- generated request log ---- */

#define NLINES 20000
static const int STATUSES[] = {200, 201, 301, 404, 500, 503};
#define NSTATUS (sizeof STATUSES / sizeof STATUSES[0])
static const char *REGIONS[] = {"eu", "us", "ap"};
static const char *METHODS[] = {"GET", "POST", "PUT"};

/* What the generator knows about its own data. */
static struct {
    uint64_t count[NSTATUS];
    double latency_sum[NSTATUS];
    uint64_t eu_5xx;
    uint64_t method_count[3];
} truth;

static uint64_t rng_state = 42;
static uint32_t rng(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

/* Appends printf output to a growing buffer. */
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...) {
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < *cap - *len) {
            *len += (size_t)n;
            return;
        }
        *cap *= 2;
        *buf = realloc(*buf, *cap);
        if (!*buf) exit(2);
    }
}

/* NLINES NDJSON request records (with blank lines, which do not count). */
static char *generate_ndjson(size_t *out_len) {
    size_t len = 0, cap = 1 << 20;
    char *buf = malloc(cap);
    buf[0] = 0;
    for (int i = 0; i < NLINES; i++) {
        size_t s = rng() % NSTATUS, r = rng() % 3, m = rng() % 3;
        /* Half the latencies are integers, half have a fraction. */
        double latency = (i % 2) ? (double)(rng() % 1000) : (rng() % 100000) / 64.0;
        truth.count[s]++;
        truth.latency_sum[s] += latency;
        truth.method_count[m]++;
        if (STATUSES[s] >= 500 && r == 0) truth.eu_5xx++;
        append(&buf, &len, &cap,
               "{\"ts\":%d,\"method\":\"%s\",\"path\":\"/api/%u\",\"status\":%d,"
               "\"latency_ms\":%.17g,\"bytes\":%u,\"region\":\"%s\","
               "\"req\":{\"ua\":\"agent-%u\"},\"tags\":[\"t%u\"]}\n",
               1700000000 + i, METHODS[m], rng() % 50, STATUSES[s], latency,
               rng() % 100000, REGIONS[r], rng() % 7, rng() % 3);
        if (i % 1000 == 999) append(&buf, &len, &cap, "\n");
    }
    *out_len = len;
    return buf;
}

/* ---- helpers ---- */

static int name_is(const char *p, size_t n, const char *want) {
    return p && n == strlen(want) && memcmp(p, want, n) == 0;
}

static bf_logs_value cell(const bf_logs_result *r, size_t row, size_t col) {
    bf_logs_value v;
    memset(&v, 0xab, sizeof v);
    bf_status st = bf_logs_result_cell(r, row, col, &v);
    CHECK(st == BF_OK, "cell (%zu, %zu): %s", row, col, bf_error_kind_name(st));
    return v;
}

/* Runs a query over a buffer; NULL (and a failed check) on error. */
static bf_logs_result *query_buffer(const bf_logs_spec *spec, const void *data, size_t len) {
    bf_logs_result *r = NULL;
    bf_error err = {0};
    bf_status st = bf_logs_query_buffer(spec, data, len, &r, &err);
    CHECK(st == BF_OK && r, "query failed: %s", err.message ? err.message : "?");
    bf_error_free(&err);
    return r;
}

/* Checks a Q1 result (by status: count, mean:latency_ms) against truth. */
static void check_q1(const bf_logs_result *r, const char *what) {
    if (!r) return;
    CHECK(bf_logs_result_columns(r) == 3, "%s: %zu columns", what, bf_logs_result_columns(r));
    CHECK(bf_logs_result_rows(r) == NSTATUS, "%s: %zu rows", what, bf_logs_result_rows(r));
    const char *want_cols[] = {"status", "count", "mean:latency_ms"};
    for (size_t c = 0; c < 3; c++) {
        const char *name = NULL;
        size_t len = 0;
        CHECK_STATUS(bf_logs_result_column_name(r, c, &name, &len), BF_OK);
        CHECK(name_is(name, len, want_cols[c]), "%s: column %zu is %.*s", what, c, (int)len,
              name);
    }
    for (size_t row = 0; row < NSTATUS && row < bf_logs_result_rows(r); row++) {
        /* Rows come sorted by the group key. */
        bf_logs_value status = cell(r, row, 0), count = cell(r, row, 1), mean = cell(r, row, 2);
        CHECK(status.value_type == BF_TYPE_INT && status.integer == STATUSES[row],
              "%s: row %zu status %lld", what, row, (long long)status.integer);
        CHECK(count.value_type == BF_TYPE_INT && (uint64_t)count.integer == truth.count[row] &&
                  count.number == (double)truth.count[row],
              "%s: status %d count %lld, want %llu", what, STATUSES[row],
              (long long)count.integer, (unsigned long long)truth.count[row]);
        double want = truth.latency_sum[row] / (double)truth.count[row];
        CHECK(mean.value_type == BF_TYPE_FLOAT && fabs(mean.number - want) <= 1e-9 * want,
              "%s: status %d mean %.17g, want %.17g", what, STATUSES[row], mean.number, want);
        CHECK(status.string == NULL && mean.list_len == 0, "%s: unused fields not zeroed", what);
    }
    bf_logs_counts n;
    CHECK_STATUS(bf_logs_result_counts(r, &n), BF_OK);
    CHECK(n.lines_read == NLINES && n.lines_matched == NLINES && n.lines_skipped == 0 &&
              n.bad_lines == 0,
          "%s: read %llu matched %llu skipped %llu", what, (unsigned long long)n.lines_read,
          (unsigned long long)n.lines_matched, (unsigned long long)n.lines_skipped);
}

static bf_logs_spec q1_spec(void) {
    bf_logs_spec spec = {0};
    spec.group_by = "status";
    spec.group_by_len = 6;
    spec.aggregates = "count, mean:latency_ms"; /* spaces around items are fine */
    spec.aggregates_len = strlen(spec.aggregates);
    return spec;
}

/* ---- tests ---- */

static void test_q1_buffer_file_gzip(const char *ndjson, size_t len) {
    bf_logs_spec spec = q1_spec();
    bf_logs_result *r = query_buffer(&spec, ndjson, len);
    check_q1(r, "buffer");
    bf_logs_result_free(r);

    /* Many small chunks on two threads: the same answer. */
    spec.threads = 2;
    spec.chunk_size = 4096;
    spec.format = "ndjson";
    spec.format_len = 6;
    r = query_buffer(&spec, ndjson, len);
    check_q1(r, "2 threads, 4 KiB chunks");
    bf_logs_result_free(r);

    /* From a file. */
    char path[] = "/tmp/bf_test_logs_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp failed");
    if (fd >= 0) {
        CHECK(write(fd, ndjson, len) == (ssize_t)len, "short write");
        close(fd);
        r = NULL;
        bf_error err = {0};
        CHECK_STATUS(bf_logs_query_path(&spec, path, strlen(path), &r, &err), BF_OK);
        check_q1(r, "file");
        bf_logs_result_free(r);
        bf_error_free(&err);
        unlink(path);
        /* Now missing: an I/O error naming the file. */
        r = (bf_logs_result *)&err;
        CHECK_STATUS(bf_logs_query_path(&spec, path, strlen(path), &r, &err), BF_ERROR_IO);
        CHECK(err.kind == BF_ERROR_IO && err.message && strstr(err.message, path),
              "missing file: %s", err.message);
        CHECK(r == NULL, "failed query left *out set");
        bf_error_free(&err);
    }

    /* gzip, detected from the first bytes. */
    static const unsigned char gz[] = {
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0x2a,
        0x2e, 0x49, 0x2c, 0x29, 0x2d, 0x56, 0xb2, 0x32, 0x32, 0x30, 0xd0, 0x51, 0xca,
        0x49, 0x2c, 0x49, 0xcd, 0x4b, 0xae, 0x8c, 0xcf, 0x05, 0x0a, 0x18, 0x1a, 0xd4,
        0x72, 0x55, 0xc3, 0xa5, 0x4d, 0xd1, 0xa5, 0x8d, 0x51, 0xa4, 0x31, 0x74, 0x1b,
        0x01, 0xa5, 0x01, 0x2b, 0x8a, 0xe9, 0x71, 0x5d, 0x00, 0x00, 0x00};
    spec = q1_spec();
    r = query_buffer(&spec, gz, sizeof gz);
    if (r) {
        CHECK(bf_logs_result_rows(r) == 2, "gzip: %zu rows", bf_logs_result_rows(r));
        bf_logs_value c200 = cell(r, 0, 1), m200 = cell(r, 0, 2), c500 = cell(r, 1, 1);
        CHECK(c200.integer == 2 && m200.number == 15.0 && c500.integer == 1,
              "gzip: counts %lld %lld mean %g", (long long)c200.integer,
              (long long)c500.integer, m200.number);
    }
    bf_logs_result_free(r);
    /* Corrupt gzip: an I/O error, not a crash. */
    unsigned char bad_gz[sizeof gz];
    memcpy(bad_gz, gz, sizeof gz);
    memset(bad_gz + 12, 0xff, 20);
    bf_error err = {0};
    r = NULL;
    bf_status st = bf_logs_query_buffer(&spec, bad_gz, sizeof bad_gz, &r, &err);
    CHECK(st == BF_ERROR_IO && r == NULL, "corrupt gzip gave %s (%s)", bf_error_kind_name(st),
          err.message);
    bf_error_free(&err);
}

static void test_cancel(const char *ndjson, size_t len) {
    bf_cancel *cancel = NULL;
    CHECK_STATUS(bf_cancel_new(&cancel), BF_OK);
    CHECK_STATUS(bf_cancel_new(NULL), BF_ERROR_INVALID_ARGUMENT);
    bf_logs_spec spec = q1_spec();
    spec.cancel = cancel;
    /* Not set: runs. */
    bf_logs_result *r = query_buffer(&spec, ndjson, len);
    check_q1(r, "with an unset cancel flag");
    bf_logs_result_free(r);
    /* Set: interrupted, with a message, no result. */
    bf_cancel_set(cancel);
    bf_error err = {0};
    r = NULL;
    CHECK_STATUS(bf_logs_query_buffer(&spec, (const uint8_t *)ndjson, len, &r, &err),
                 BF_ERROR_INTERRUPTED);
    CHECK(err.kind == BF_ERROR_INTERRUPTED && err.message && r == NULL, "cancelled: %s",
          err.message);
    bf_error_free(&err);
    /* Reset: runs again. */
    bf_cancel_reset(cancel);
    r = query_buffer(&spec, ndjson, len);
    check_q1(r, "after bf_cancel_reset");
    bf_logs_result_free(r);
    bf_cancel_set(NULL);
    bf_cancel_reset(NULL);
    bf_cancel_free(NULL);
    bf_cancel_free(cancel);
}

static void test_filters_lists_order(const char *ndjson, size_t len) {
    /* A filter on a nested field and a string field. */
    bf_logs_spec spec = {0};
    spec.filter = "status >= 500 and region = \"eu\" and exists(req.ua)";
    spec.filter_len = strlen(spec.filter);
    bf_logs_result *r = query_buffer(&spec, ndjson, len);
    if (r) {
        CHECK(bf_logs_result_rows(r) == 1 && bf_logs_result_columns(r) == 1,
              "filter: %zu x %zu", bf_logs_result_rows(r), bf_logs_result_columns(r));
        bf_logs_value v = cell(r, 0, 0);
        CHECK(v.value_type == BF_TYPE_INT && (uint64_t)v.integer == truth.eu_5xx,
              "eu 5xx = %lld, want %llu", (long long)v.integer,
              (unsigned long long)truth.eu_5xx);
        bf_logs_counts n;
        CHECK_STATUS(bf_logs_result_counts(r, &n), BF_OK);
        CHECK(n.lines_matched == truth.eu_5xx && n.lines_read == NLINES, "filter counts");
    }
    bf_logs_result_free(r);

    /* Group by a string, order by count descending, limit, topN lists,
     * a JSON Pointer field. */
    spec = (bf_logs_spec){0};
    spec.group_by = "method";
    spec.group_by_len = 6;
    spec.aggregates = "count,top2:/req/ua,distinct:region,min:status,max:latency_ms";
    spec.aggregates_len = strlen(spec.aggregates);
    spec.order_by = "-count";
    spec.order_by_len = 6;
    spec.limit = 2;
    r = query_buffer(&spec, ndjson, len);
    if (r) {
        CHECK(bf_logs_result_rows(r) == 2 && bf_logs_result_columns(r) == 6, "top: %zu x %zu",
              bf_logs_result_rows(r), bf_logs_result_columns(r));
        /* The two most frequent methods, most frequent first. */
        int order[3] = {0, 1, 2};
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
                if (truth.method_count[order[j]] > truth.method_count[order[i]]) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
        for (size_t row = 0; row < 2; row++) {
            bf_logs_value m = cell(r, row, 0), c = cell(r, row, 1);
            CHECK(m.value_type == BF_TYPE_STRING && name_is(m.string, m.string_len, METHODS[order[row]]),
                  "row %zu method %.*s", row, (int)m.string_len, m.string);
            CHECK((uint64_t)c.integer == truth.method_count[order[row]], "row %zu count", row);
            bf_logs_value top = cell(r, row, 2);
            CHECK(top.value_type == BF_TYPE_ARRAY && top.list_len == 2, "top2 list of %zu",
                  top.list_len);
            for (size_t i = 0; i < top.list_len; i++) {
                bf_logs_value item;
                CHECK_STATUS(bf_logs_result_list_item(r, row, 2, i, &item), BF_OK);
                CHECK(item.value_type == BF_TYPE_STRING && item.string_len == 7 &&
                          memcmp(item.string, "agent-", 6) == 0,
                      "top item %.*s", (int)item.string_len, item.string);
            }
            bf_logs_value item;
            CHECK_STATUS(bf_logs_result_list_item(r, row, 2, 2, &item), BF_ERROR_INVALID_ARGUMENT);
            CHECK_STATUS(bf_logs_result_list_item(r, row, 1, 0, &item), BF_ERROR_INVALID_ARGUMENT);
            bf_logs_value d = cell(r, row, 3), mn = cell(r, row, 4), mx = cell(r, row, 5);
            CHECK(d.value_type == BF_TYPE_INT && d.integer == 3, "distinct regions %lld",
                  (long long)d.integer);
            CHECK(mn.value_type == BF_TYPE_INT && mn.integer == 200, "min status %lld",
                  (long long)mn.integer);
            CHECK((mx.value_type == BF_TYPE_INT || mx.value_type == BF_TYPE_FLOAT) &&
                      mx.number > 900 && mx.number < 1600,
                  "max latency %g", mx.number);
        }
        /* Display text of cells. */
        bf_buffer text = {0};
        CHECK_STATUS(bf_logs_result_cell_text(r, 0, 2, &text), BF_OK);
        CHECK(text.data && text.data[0] == '[' && text.data[text.len - 1] == ']' &&
                  strstr(text.data, ", agent-"),
              "top2 text %s", text.data);
        bf_buffer_free(&text);
        CHECK_STATUS(bf_logs_result_cell_text(r, 0, 0, &text), BF_OK);
        CHECK(text.len == 3 || text.len == 4, "method text %s", text.data);
        bf_buffer_free(&text);
        CHECK_STATUS(bf_logs_result_cell_text(r, 9, 0, &text), BF_ERROR_INVALID_ARGUMENT);
        CHECK(text.data == NULL, "failed cell_text left a buffer");
        size_t col = 0;
        CHECK_STATUS(bf_logs_result_column_index(r, S("top2:/req/ua"), &col), BF_OK);
        CHECK(col == 2, "column index %zu", col);
        CHECK_STATUS(bf_logs_result_column_index(r, S("nope"), &col), BF_OK);
        CHECK(col == BF_NO_VALUE, "missing column index %zu", col);
        CHECK_STATUS(bf_logs_result_column_index(r, NULL, 0, &col), BF_OK);
        CHECK(col == BF_NO_VALUE, "empty column name index %zu", col);
    }
    bf_logs_result_free(r);

    /* No group-by, no aggregates: one row, count. Missing fields: null. */
    spec = (bf_logs_spec){0};
    spec.group_by = "no_such_field";
    spec.group_by_len = strlen(spec.group_by);
    spec.aggregates = "count,sum:also_missing";
    spec.aggregates_len = strlen(spec.aggregates);
    r = query_buffer(&spec, ndjson, len);
    if (r) {
        CHECK(bf_logs_result_rows(r) == 1, "missing-field group: %zu rows", bf_logs_result_rows(r));
        bf_logs_value k = cell(r, 0, 0), c = cell(r, 0, 1), s = cell(r, 0, 2);
        CHECK(k.value_type == BF_TYPE_NULL && s.value_type == BF_TYPE_NULL, "nulls");
        CHECK(c.integer == NLINES, "count %lld", (long long)c.integer);
        bf_buffer text = {0};
        CHECK_STATUS(bf_logs_result_cell_text(r, 0, 0, &text), BF_OK);
        CHECK(text.data && strcmp(text.data, "null") == 0, "null text %s", text.data);
        bf_buffer_free(&text);
    }
    bf_logs_result_free(r);
}

static void test_other_formats(void) {
    const char *logfmt =
        "level=info msg=\"started\" ms=5\n"
        "level=error msg=\"disk full\" ms=7\n"
        "level=info msg=ok ms=1.5\n";
    bf_logs_spec spec = {0};
    spec.format = "logfmt";
    spec.format_len = 6;
    spec.group_by = "level";
    spec.group_by_len = 5;
    spec.aggregates = "count,sum:ms";
    spec.aggregates_len = strlen(spec.aggregates);
    bf_logs_result *r = query_buffer(&spec, logfmt, strlen(logfmt));
    if (r && bf_logs_result_rows(r) == 2) {
        bf_logs_value l0 = cell(r, 0, 0), c0 = cell(r, 0, 1), s0 = cell(r, 0, 2);
        bf_logs_value s1 = cell(r, 1, 2);
        CHECK(name_is(l0.string, l0.string_len, "error") && c0.integer == 1, "logfmt error row");
        CHECK(s0.value_type == BF_TYPE_INT && s0.integer == 7, "int sum stays int");
        CHECK(s1.value_type == BF_TYPE_FLOAT && s1.number == 6.5, "float sum %g", s1.number);
    } else {
        CHECK(0, "logfmt: %zu rows", bf_logs_result_rows(r));
    }
    bf_logs_result_free(r);

    const char *text = "a 1\nb 2\na 3\n";
    spec = (bf_logs_spec){0};
    spec.format = "regex:^(?P<k>\\w+) (?P<v>\\d+)$";
    spec.format_len = strlen(spec.format);
    spec.group_by = "k";
    spec.group_by_len = 1;
    spec.aggregates = "sum:v";
    spec.aggregates_len = 5;
    r = query_buffer(&spec, text, strlen(text));
    if (r && bf_logs_result_rows(r) == 2) {
        CHECK(cell(r, 0, 1).integer == 4 && cell(r, 1, 1).integer == 2, "regex sums");
    } else {
        CHECK(0, "regex: %zu rows", bf_logs_result_rows(r));
    }
    bf_logs_result_free(r);
}

/* The real Apache sample: line 8899 is truncated. Expected answers were
 * checked with `brownfield stats FILE --format combined --by status
 * --skip-bad-lines` and with awk. */
static void test_apache(void) {
    char path[4096];
    const char *d = getenv("BROWNFIELD_DATA_DIR");
    snprintf(path, sizeof path, "%s/logs/apache_combined_10k.log",
             d && *d ? d : BF_TEST_DEFAULT_DATA_DIR);
    if (access(path, R_OK) != 0) {
        CHECK(0, "log sample %s is missing", path);
        return;
    }
    bf_logs_spec spec = {0};
    spec.format = "combined";
    spec.format_len = 8;
    spec.group_by = "status";
    spec.group_by_len = 6;
    spec.skip_bad_lines = true;
    bf_logs_result *r = NULL;
    bf_error err = {0};
    CHECK_STATUS(bf_logs_query_path(&spec, path, strlen(path), &r, &err), BF_OK);
    bf_error_free(&err);
    if (r) {
        static const int64_t want[][2] = {{200, 9125}, {206, 45}, {301, 164}, {304, 445},
                                          {403, 2},    {404, 213}, {416, 2},  {500, 3}};
        CHECK(bf_logs_result_rows(r) == 8, "%zu status rows", bf_logs_result_rows(r));
        for (size_t i = 0; i < 8 && i < bf_logs_result_rows(r); i++) {
            bf_logs_value s = cell(r, i, 0), c = cell(r, i, 1);
            CHECK(s.integer == want[i][0] && c.integer == want[i][1],
                  "status %lld count %lld, want %lld %lld", (long long)s.integer,
                  (long long)c.integer, (long long)want[i][0], (long long)want[i][1]);
        }
        bf_logs_counts n;
        CHECK_STATUS(bf_logs_result_counts(r, &n), BF_OK);
        CHECK(n.lines_read == 10000 && n.lines_matched == 9999 && n.lines_skipped == 1 &&
                  n.bad_lines == 1,
              "read %llu matched %llu skipped %llu", (unsigned long long)n.lines_read,
              (unsigned long long)n.lines_matched, (unsigned long long)n.lines_skipped);
        bf_logs_bad_line bad;
        CHECK_STATUS(bf_logs_result_bad_line(r, 0, &bad), BF_OK);
        CHECK(bad.line == 8899 && bad.offset == 2111246 && bad.message_len > 0 &&
                  memchr(bad.message, '"', bad.message_len),
              "bad line %llu at %llu: %.*s", (unsigned long long)bad.line,
              (unsigned long long)bad.offset, (int)bad.message_len, bad.message);
        CHECK_STATUS(bf_logs_result_bad_line(r, 1, &bad), BF_ERROR_INVALID_ARGUMENT);
    }
    bf_logs_result_free(r);

    /* Strict mode: a BAD_RECORD error naming the line. */
    spec.skip_bad_lines = false;
    r = NULL;
    bf_status st = bf_logs_query_path(&spec, path, strlen(path), &r, &err);
    CHECK(st == BF_ERROR_BAD_RECORD && err.kind == BF_ERROR_BAD_RECORD, "strict: %s",
          bf_error_kind_name(st));
    CHECK(err.line == 8899 && err.offset == 2111246 && err.column == 0,
          "strict error at line %zu byte %zu", err.line, err.offset);
    CHECK(err.message && strstr(err.message, "line 8899"), "strict message: %s", err.message);
    CHECK(r == NULL, "strict failure returned a result");
    bf_error_free(&err);

    /* A filter on the combined fields. */
    spec.skip_bad_lines = true;
    spec.group_by = NULL;
    spec.group_by_len = 0;
    spec.filter = "status = 404 and method = \"GET\"";
    spec.filter_len = strlen(spec.filter);
    CHECK_STATUS(bf_logs_query_path(&spec, path, strlen(path), &r, NULL), BF_OK);
    if (r) CHECK(cell(r, 0, 0).integer == 202, "404 GETs: %lld", (long long)cell(r, 0, 0).integer);
    bf_logs_result_free(r);
}

/* Each invalid query is BF_ERROR_INVALID_ARGUMENT with a message. */
static void expect_bad_query(bf_logs_spec spec, bf_status want, const char *what) {
    const char *data = "{\"status\":200}\n";
    bf_logs_result *r = NULL;
    bf_error err = {0};
    bf_status st = bf_logs_query_buffer(&spec, (const uint8_t *)data, strlen(data), &r, &err);
    CHECK(st == want && err.kind == (bf_error_kind)want && err.message && r == NULL,
          "%s: got %s (%s), want %s", what, bf_error_kind_name(st), err.message,
          bf_error_kind_name(want));
    bf_error_free(&err);
    bf_logs_result_free(r);
}

static void test_invalid_queries(void) {
    bf_logs_spec s;
#define BAD(field, text, kind)                          \
    s = (bf_logs_spec){0};                              \
    s.field = text;                                     \
    s.field##_len = sizeof(text) - 1;                   \
    expect_bad_query(s, kind, #field " = " text)
    BAD(format, "xml", BF_ERROR_INVALID_ARGUMENT);
    BAD(format, "regex:(", BF_ERROR_INVALID_ARGUMENT);
    BAD(format, "\xff", BF_ERROR_INVALID_UTF8);
    BAD(filter, "status >>= 3", BF_ERROR_INVALID_ARGUMENT);
    BAD(filter, "(status = 1", BF_ERROR_INVALID_ARGUMENT);
    BAD(aggregates, "bogus:x", BF_ERROR_INVALID_ARGUMENT);
    BAD(aggregates, "p101:x", BF_ERROR_INVALID_ARGUMENT);
    BAD(aggregates, "sum", BF_ERROR_INVALID_ARGUMENT);
    BAD(aggregates, "count,,sum:x", BF_ERROR_INVALID_ARGUMENT);
    BAD(group_by, "status,", BF_ERROR_INVALID_ARGUMENT);
    BAD(group_by, "st\xc3", BF_ERROR_INVALID_UTF8);
    BAD(order_by, "nope", BF_ERROR_INVALID_ARGUMENT);
    BAD(order_by, "-", BF_ERROR_INVALID_ARGUMENT);
#undef BAD
    s = (bf_logs_spec){0};
    s.filter = NULL;
    s.filter_len = 5; /* NULL with a length */
    expect_bad_query(s, BF_ERROR_INVALID_ARGUMENT, "NULL filter with length");
    /* Strict NDJSON: a line that is not JSON names its line. */
    const char *data = "{\"a\":1}\n{\"a\":2}\n{\"a\":\n{\"a\":3}\n";
    bf_logs_result *r = NULL;
    bf_error err = {0};
    s = (bf_logs_spec){0};
    s.aggregates = "count:a";
    s.aggregates_len = 7;
    CHECK_STATUS(bf_logs_query_buffer(&s, (const uint8_t *)data, strlen(data), &r, &err), BF_ERROR_BAD_RECORD);
    CHECK(err.line == 3 && err.offset == 16, "bad NDJSON line %zu byte %zu", err.line, err.offset);
    bf_error_free(&err);
}

static void test_null_arguments(void) {
    bf_logs_spec spec = {0};
    bf_logs_result *r = NULL;
    bf_error err = {0};
    const char *data = "{\"a\":1}\n";
    CHECK_STATUS(bf_logs_query_buffer(NULL, (const uint8_t *)data, 8, &r, &err), BF_ERROR_INVALID_ARGUMENT);
    CHECK(err.kind == BF_ERROR_INVALID_ARGUMENT && r == NULL, "NULL spec");
    bf_error_free(&err);
    CHECK_STATUS(bf_logs_query_buffer(&spec, (const uint8_t *)data, 8, NULL, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_query_buffer(&spec, NULL, 8, &r, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_query_path(NULL, S("/x"), &r, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_query_path(&spec, NULL, 3, &r, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_query_path(&spec, NULL, 0, &r, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_query_path(&spec, S("a\0b"), &r, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_query_path(&spec, S("/x"), NULL, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK(r == NULL, "result set by a failed call");

    /* An empty buffer is a valid, empty input. */
    CHECK_STATUS(bf_logs_query_buffer(&spec, NULL, 0, &r, NULL), BF_OK);
    if (r) {
        bf_logs_counts n;
        CHECK_STATUS(bf_logs_result_counts(r, &n), BF_OK);
        CHECK(n.lines_read == 0, "empty input read %llu lines", (unsigned long long)n.lines_read);
        CHECK(bf_logs_result_columns(r) == 1, "empty input: %zu columns", bf_logs_result_columns(r));
    }

    /* Accessors with NULL or out-of-range arguments. */
    bf_logs_value v;
    bf_logs_counts n;
    bf_logs_bad_line b;
    bf_buffer buf = {0};
    const char *name;
    size_t len, col;
    CHECK(bf_logs_result_columns(NULL) == 0 && bf_logs_result_rows(NULL) == 0, "NULL counts");
    CHECK_STATUS(bf_logs_result_column_name(NULL, 0, &name, &len), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_column_name(r, 0, NULL, &len), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_column_name(r, 0, &name, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_column_name(r, 1, &name, &len), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_column_index(NULL, S("count"), &col), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_column_index(r, S("count"), NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_column_index(r, NULL, 3, &col), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_cell(NULL, 0, 0, &v), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_cell(r, 0, 0, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_cell(r, 0, 0, &v), BF_ERROR_INVALID_ARGUMENT); /* no rows */
    CHECK_STATUS(bf_logs_result_list_item(NULL, 0, 0, 0, &v), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_cell_text(NULL, 0, 0, &buf), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_cell_text(r, 0, 0, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_counts(NULL, &n), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_counts(r, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_bad_line(NULL, 0, &b), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_bad_line(r, 0, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_logs_result_bad_line(r, 0, &b), BF_ERROR_INVALID_ARGUMENT);
    bf_logs_result_free(r);
    bf_logs_result_free(NULL);
}

/* Random bytes, NUL bytes, invalid UTF-8, deep JSON: errors or skips,
 * never a crash. */
static void test_hostile(void) {
    enum { N = 1 << 16 };
    unsigned char *junk = malloc(N);
    for (size_t i = 0; i < N; i++) {
        uint32_t x = rng();
        junk[i] = (x % 16 == 0) ? '\n' : (unsigned char)(x >> 8);
    }
    const char *formats[] = {"ndjson", "logfmt", "common", "combined"};
    for (size_t f = 0; f < 4; f++) {
        bf_logs_spec spec = {0};
        spec.format = formats[f];
        spec.format_len = strlen(formats[f]);
        spec.group_by = "status";
        spec.group_by_len = 6;
        spec.aggregates = "count,mean:bytes,top3:path";
        spec.aggregates_len = strlen(spec.aggregates);
        spec.skip_bad_lines = true;
        bf_logs_result *r = NULL;
        bf_error err = {0};
        bf_status st = bf_logs_query_buffer(&spec, junk, N, &r, &err);
        CHECK(st == BF_OK, "%s junk in skip mode: %s", formats[f], err.message);
        if (r) {
            bf_logs_counts n;
            bf_logs_result_counts(r, &n);
            CHECK(n.lines_read == n.lines_skipped + n.lines_matched, "%s: %llu != %llu + %llu",
                  formats[f], (unsigned long long)n.lines_read,
                  (unsigned long long)n.lines_skipped, (unsigned long long)n.lines_matched);
        }
        bf_logs_result_free(r);
        spec.skip_bad_lines = false;
        st = bf_logs_query_buffer(&spec, junk, N, &r, &err);
        CHECK(st == BF_ERROR_BAD_RECORD && err.line >= 1, "%s junk in strict mode: %s",
              formats[f], bf_error_kind_name(st));
        bf_error_free(&err);
    }
    free(junk);

    /* One NDJSON line nested 100,000 deep, one with a raw NUL byte in a
     * string, one good line. */
    enum { DEEP = 100000 };
    char *deep = malloc(2 * DEEP + 64);
    size_t n = 0;
    memcpy(deep + n, "{\"a\":", 5), n += 5;
    memset(deep + n, '[', DEEP), n += DEEP;
    memset(deep + n, ']', DEEP), n += DEEP;
    static const char tail[] = "}\n{\"a\":\"x\0y\"}\n{\"a\":1}\n";
    memcpy(deep + n, tail, sizeof tail - 1), n += sizeof tail - 1;
    bf_logs_spec spec = {0};
    spec.aggregates = "count:a";
    spec.aggregates_len = 7;
    spec.skip_bad_lines = true;
    bf_logs_result *r = query_buffer(&spec, deep, n);
    if (r) {
        bf_logs_counts c;
        bf_logs_result_counts(r, &c);
        CHECK(c.lines_read == 3 && c.lines_skipped == 2 && c.bad_lines == 2,
              "deep/NUL lines: read %llu skipped %llu", (unsigned long long)c.lines_read,
              (unsigned long long)c.lines_skipped);
    }
    bf_logs_result_free(r);
    free(deep);
}

int main(void) {
    size_t len = 0;
    char *ndjson = generate_ndjson(&len);
    test_q1_buffer_file_gzip(ndjson, len);
    test_cancel(ndjson, len);
    test_filters_lists_order(ndjson, len);
    test_other_formats();
    test_apache();
    test_invalid_queries();
    test_null_arguments();
    test_hostile();
    free(ndjson);
    return bf_test_finish("test_logs");
}
