/*
 * The C API as a user sees it: navigation and accessors, number text,
 * write options, the bf_error struct, and NULL / invalid arguments (which
 * must give BF_ERROR_INVALID_ARGUMENT, never a crash).
 */
#include <math.h>

#include "bf_test.h"

static const char *DOC =
    "{\"name\":\"brownfield\",\"n\":-42,"
    "\"big\":-123456789012345678901234567890,"
    "\"u\":18446744073709551615,\"f\":0.1,\"t\":true,\"nul\":null,"
    "\"arr\":[1,\"two\",[3],{}],\"dup\":1,\"dup\":2,"
    "\"esc\":\"a\\u0000b\\u00e9\",\"inf\":1e400,\"e\":1e16}";

/* The value index of `key` in the root object (BF_NO_VALUE if absent). */
static size_t get(const bf_document *doc, const char *key) {
    size_t v = BF_NO_VALUE;
    CHECK_STATUS(bf_object_get(doc, BF_ROOT, key, strlen(key), &v), BF_OK);
    return v;
}

static int text_is(const bf_document *doc, size_t v, const char *want) {
    bf_buffer b = {0};
    bf_status st = bf_number_text(doc, v, &b);
    int ok = st == BF_OK && b.len == strlen(want) && strcmp(b.data, want) == 0;
    if (!ok) fprintf(stderr, "number text %s, want %s\n", b.data ? b.data : "(none)", want);
    bf_buffer_free(&b);
    return ok;
}

static void test_accessors(void) {
    bf_document *doc = bf_test_parse_str(DOC);
    if (!doc) return;
    bf_type t;
    CHECK_STATUS(bf_type_of(doc, BF_ROOT, &t), BF_OK);
    CHECK(t == BF_TYPE_OBJECT, "root type %u", t);
    size_t len;
    CHECK_STATUS(bf_object_len(doc, BF_ROOT, &len), BF_OK);
    CHECK(len == 13, "root has %zu members", len);

    const char *s;
    size_t slen;
    CHECK_STATUS(bf_get_string(doc, get(doc, "name"), &s, &slen), BF_OK);
    CHECK(slen == 10 && memcmp(s, "brownfield", 10) == 0, "name %.*s", (int)slen, s);

    int64_t i;
    uint64_t u;
    double d;
    bool b;
    CHECK_STATUS(bf_get_int64(doc, get(doc, "n"), &i), BF_OK);
    CHECK(i == -42, "n = %lld", (long long)i);
    CHECK_STATUS(bf_get_uint64(doc, get(doc, "n"), &u), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_double(doc, get(doc, "n"), &d), BF_OK);
    CHECK(d == -42.0, "n as double %g", d);
    CHECK(text_is(doc, get(doc, "n"), "-42"), "n text");

    CHECK_STATUS(bf_type_of(doc, get(doc, "u"), &t), BF_OK);
    CHECK(t == BF_TYPE_INT, "u type %u", t);
    CHECK_STATUS(bf_get_uint64(doc, get(doc, "u"), &u), BF_OK);
    CHECK(u == UINT64_MAX, "u = %llu", (unsigned long long)u);
    CHECK_STATUS(bf_get_int64(doc, get(doc, "u"), &i), BF_ERROR_INVALID_ARGUMENT);

    size_t big = get(doc, "big");
    CHECK_STATUS(bf_type_of(doc, big, &t), BF_OK);
    CHECK(t == BF_TYPE_BIGINT, "big type %u", t);
    CHECK(text_is(doc, big, "-123456789012345678901234567890"), "big text exact");
    CHECK_STATUS(bf_get_int64(doc, big, &i), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_uint64(doc, big, &u), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_double(doc, big, &d), BF_OK);
    CHECK(d == -123456789012345678901234567890.0, "big as double %g", d);

    CHECK_STATUS(bf_get_double(doc, get(doc, "f"), &d), BF_OK);
    CHECK(d == 0.1, "f = %.17g", d);
    CHECK(text_is(doc, get(doc, "f"), "0.1"), "f text");
    CHECK(text_is(doc, get(doc, "e"), "1e+16"), "e text");
    CHECK_STATUS(bf_get_int64(doc, get(doc, "f"), &i), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_double(doc, get(doc, "inf"), &d), BF_OK);
    CHECK(isinf(d) && d > 0, "1e400 parses to +inf, got %g", d);
    CHECK(text_is(doc, get(doc, "inf"), "Infinity"), "inf text");

    CHECK_STATUS(bf_get_bool(doc, get(doc, "t"), &b), BF_OK);
    CHECK(b == true, "t");
    CHECK_STATUS(bf_type_of(doc, get(doc, "nul"), &t), BF_OK);
    CHECK(t == BF_TYPE_NULL, "nul type %u", t);
    CHECK_STATUS(bf_get_bool(doc, get(doc, "nul"), &b), BF_ERROR_INVALID_ARGUMENT);

    /* Duplicate keys: lookup finds the last; iteration sees both. */
    CHECK_STATUS(bf_get_int64(doc, get(doc, "dup"), &i), BF_OK);
    CHECK(i == 2, "dup = %lld (want the last)", (long long)i);
    CHECK(get(doc, "missing") == BF_NO_VALUE, "missing key found");
    CHECK(get(doc, "") == BF_NO_VALUE, "empty key found");
    size_t v;
    CHECK_STATUS(bf_object_get(doc, BF_ROOT, "\xff", 1, &v), BF_OK);
    CHECK(v == BF_NO_VALUE, "invalid UTF-8 key found");
    CHECK_STATUS(bf_object_get(doc, BF_ROOT, "name_", 4, &v), BF_OK);
    CHECK(v == get(doc, "name"), "key is ptr+len, not NUL-terminated");

    /* Strings with NUL bytes cross as ptr+len. */
    CHECK_STATUS(bf_get_string(doc, get(doc, "esc"), &s, &slen), BF_OK);
    CHECK(slen == 5 && memcmp(s, "a\0b\xc3\xa9", 5) == 0, "esc has %zu bytes", slen);

    /* Object iteration, in document order with duplicates. */
    const char *want_keys[] = {"name", "n", "big", "u", "f", "t", "nul",
                               "arr", "dup", "dup", "esc", "inf", "e"};
    bf_iter it;
    const char *key;
    size_t key_len, n = 0;
    CHECK_STATUS(bf_object_iter(doc, BF_ROOT, &it), BF_OK);
    while (bf_object_next(doc, &it, &key, &key_len, &v)) {
        CHECK(n < 13 && key_len == strlen(want_keys[n]) &&
                  memcmp(key, want_keys[n], key_len) == 0,
              "key %zu is %.*s", n, (int)key_len, key);
        n++;
    }
    CHECK(n == 13, "iterated %zu members", n);
    CHECK(!bf_object_next(doc, &it, &key, &key_len, &v), "exhausted iterator restarted");
    /* NULL outputs are allowed: count members without reading them. */
    CHECK_STATUS(bf_object_iter(doc, BF_ROOT, &it), BF_OK);
    n = 0;
    while (bf_object_next(doc, &it, NULL, NULL, NULL)) n++;
    CHECK(n == 13, "iterated %zu members with NULL outputs", n);

    /* Array iteration skips nested subtrees in O(1). */
    size_t arr = get(doc, "arr"), elem;
    CHECK_STATUS(bf_array_len(doc, arr, &len), BF_OK);
    CHECK(len == 4, "arr has %zu elements", len);
    bf_type want_types[] = {BF_TYPE_INT, BF_TYPE_STRING, BF_TYPE_ARRAY, BF_TYPE_OBJECT};
    n = 0;
    CHECK_STATUS(bf_array_iter(doc, arr, &it), BF_OK);
    while (bf_array_next(doc, &it, &elem)) {
        CHECK_STATUS(bf_type_of(doc, elem, &t), BF_OK);
        CHECK(n < 4 && t == want_types[n], "element %zu type %u", n, t);
        n++;
    }
    CHECK(n == 4, "iterated %zu elements", n);
    char *sub = bf_test_serialize(doc, arr, NULL);
    CHECK(sub && strcmp(sub, "[1,\"two\",[3],{}]") == 0, "serialize a sub-value: %s", sub);
    free(sub);

    /* Wrong container types. */
    CHECK_STATUS(bf_array_iter(doc, BF_ROOT, &it), BF_ERROR_INVALID_ARGUMENT);
    CHECK(!bf_array_next(doc, &it, &elem), "failed bf_array_iter left a usable iterator");
    CHECK_STATUS(bf_object_iter(doc, arr, &it), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_array_len(doc, BF_ROOT, &len), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_object_len(doc, arr, &len), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_object_get(doc, arr, "a", 1, &v), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_string(doc, arr, &s, &slen), BF_ERROR_INVALID_ARGUMENT);
    bf_buffer nb = {0};
    CHECK_STATUS(bf_number_text(doc, get(doc, "name"), &nb), BF_ERROR_INVALID_ARGUMENT);
    CHECK(nb.data == NULL && nb.len == 0, "failed bf_number_text left a buffer");
    bf_document_free(doc);
}

static void test_write_options(void) {
    bf_document *doc = bf_test_parse_str("{\"a\":[1,2.5,\"\xc3\xa9\\u007f\"],\"b\":{}}");
    if (!doc) return;
    char *s = bf_test_serialize(doc, BF_ROOT, NULL);
    CHECK(s && strcmp(s, "{\"a\":[1,2.5,\"\xc3\xa9\x7f\"],\"b\":{}}") == 0, "compact: %s", s);
    free(s);
    bf_write_options o = bf_write_options_default();
    CHECK(o.indent == 0 && !o.ensure_ascii && !o.allow_nan, "defaults");
    o.ensure_ascii = true;
    s = bf_test_serialize(doc, BF_ROOT, &o);
    CHECK(s && strcmp(s, "{\"a\":[1,2.5,\"\\u00e9\\u007f\"],\"b\":{}}") == 0, "ascii: %s", s);
    free(s);
    o.ensure_ascii = false;
    o.indent = 2;
    s = bf_test_serialize(doc, BF_ROOT, &o);
    CHECK(s && strcmp(s, "{\n  \"a\": [\n    1,\n    2.5,\n    \"\xc3\xa9\x7f\"\n  ],\n  \"b\": {}\n}") == 0,
          "indent 2: %s", s);
    free(s);

    bf_buffer out = {0};
    bf_error err = {0};
    o.indent = BF_MAX_INDENT + 1;
    CHECK_STATUS(bf_serialize(doc, BF_ROOT, &o, &out, &err), BF_ERROR_INVALID_ARGUMENT);
    CHECK(out.data == NULL, "failed serialize left a buffer");
    CHECK(err.kind == BF_ERROR_INVALID_ARGUMENT && err.line == 0 && err.message != NULL,
          "indent error struct");
    bf_error_free(&err);
    bf_document_free(doc);

    /* Non-finite floats: refused by default, written with allow_nan. */
    doc = bf_test_parse_str("[1e400,-1e400]");
    if (!doc) return;
    CHECK_STATUS(bf_serialize(doc, BF_ROOT, NULL, &out, &err), BF_ERROR_UNSERIALIZABLE);
    CHECK(err.kind == BF_ERROR_UNSERIALIZABLE && err.offset == 0 && err.line == 0 &&
              err.message && strstr(err.message, "Infinity"),
          "unserializable error: %s", err.message);
    bf_error_free(&err);
    o = bf_write_options_default();
    o.allow_nan = true;
    s = bf_test_serialize(doc, BF_ROOT, &o);
    CHECK(s && strcmp(s, "[Infinity,-Infinity]") == 0, "allow_nan: %s", s);
    free(s);
    bf_document_free(doc);
}

static void test_error_struct(void) {
    const char *bad = "{\"a\": [1, 2,\n  \"\xc3\xa9\xc3\xa9\" x]}";
    bf_document *doc = NULL;
    bf_error err = {0};
    bf_status st = bf_parse((const uint8_t *)bad, strlen(bad), NULL, &doc, &err);
    CHECK(st == BF_ERROR_EXPECTED_ARRAY_COMMA_OR_END, "status %s", bf_error_kind_name(st));
    CHECK(err.kind == BF_ERROR_EXPECTED_ARRAY_COMMA_OR_END, "kind %u", err.kind);
    CHECK(err.offset == 22, "offset %zu", err.offset);
    CHECK(err.line == 2 && err.column == 8, "line %zu column %zu (columns count characters)",
          err.line, err.column);
    CHECK(err.message && strlen(err.message) == err.message_len &&
              strstr(err.message, "line 2 column 8 (byte 22)"),
          "message: %s", err.message);
    CHECK(doc == NULL, "doc set on failure");
    bf_error_free(&err);
    bf_error_free(&err); /* freeing a freed (reset) struct is harmless */
    bf_error_free(NULL);

    /* Parse options: a small nesting limit. */
    bf_parse_options po = bf_parse_options_default();
    CHECK(po.max_depth == BF_DEFAULT_MAX_DEPTH, "default depth %zu", po.max_depth);
    po.max_depth = 2;
    CHECK_STATUS(bf_parse((const uint8_t *)"[[1]]", 5, &po, &doc, NULL), BF_OK);
    bf_document_free(doc);
    CHECK_STATUS(bf_parse((const uint8_t *)"[[[1]]]", 7, &po, &doc, &err), BF_ERROR_NESTING_TOO_DEEP);
    CHECK(err.offset == 2, "nesting error at %zu", err.offset);
    bf_error_free(&err);

    /* Every kind has its stable name. */
    CHECK(strcmp(bf_error_kind_name(BF_ERROR_UNEXPECTED_EOF), "unexpected_eof") == 0, "name");
    CHECK(strcmp(bf_error_kind_name(BF_ERROR_INTERNAL), "internal") == 0, "name");
    CHECK(strcmp(bf_error_kind_name(BF_OK), "none") == 0, "name of BF_OK");
    CHECK(strcmp(bf_error_kind_name(12345), "unknown") == 0, "unknown kind");
    CHECK(bf_version() && strlen(bf_version()) > 0, "version");
}

static void test_invalid_arguments(void) {
    bf_document *doc = bf_test_parse_str("[true]");
    if (!doc) return;
    bf_error err = {0};
    bf_document *out = NULL;
    bf_type t;
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    const char *s;
    size_t n;
    bf_iter it;
    bf_buffer buf = {0};

    /* bf_parse */
    CHECK_STATUS(bf_parse((const uint8_t *)"1", 1, NULL, NULL, &err), BF_ERROR_INVALID_ARGUMENT);
    CHECK(err.kind == BF_ERROR_INVALID_ARGUMENT && strstr(err.message, "out"), "%s", err.message);
    bf_error_free(&err);
    CHECK_STATUS(bf_parse(NULL, 5, NULL, &out, &err), BF_ERROR_INVALID_ARGUMENT);
    CHECK(out == NULL, "out set");
    bf_error_free(&err);
    CHECK_STATUS(bf_parse(NULL, 0, NULL, &out, NULL), BF_ERROR_EMPTY_INPUT);

    /* NULL document */
    CHECK_STATUS(bf_type_of(NULL, 0, &t), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_bool(NULL, 0, &b), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_int64(NULL, 0, &i), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_uint64(NULL, 0, &u), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_double(NULL, 0, &d), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_string(NULL, 0, &s, &n), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_number_text(NULL, 0, &buf), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_array_len(NULL, 0, &n), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_object_len(NULL, 0, &n), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_array_iter(NULL, 0, &it), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_object_iter(NULL, 0, &it), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_object_get(NULL, 0, "a", 1, &n), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_serialize(NULL, 0, NULL, &buf, &err), BF_ERROR_INVALID_ARGUMENT);
    CHECK(err.kind == BF_ERROR_INVALID_ARGUMENT && strstr(err.message, "doc"), "%s", err.message);
    bf_error_free(&err);
    CHECK(!bf_array_next(NULL, &it, &n), "array_next(NULL doc)");
    CHECK(!bf_object_next(NULL, &it, &s, &n, &n), "object_next(NULL doc)");
    bf_document_free(NULL);
    bf_buffer_free(NULL);
    bf_buffer_free(&buf); /* the empty buffer */

    /* NULL outputs */
    CHECK_STATUS(bf_type_of(doc, 0, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_bool(doc, 1, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_get_string(doc, 0, NULL, &n), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_array_len(doc, 0, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_array_iter(doc, 0, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_number_text(doc, 0, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_serialize(doc, 0, NULL, NULL, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_array_iter(doc, 0, &it), BF_OK);
    CHECK(!bf_array_next(doc, &it, NULL), "array_next(NULL elem)");
    CHECK(!bf_array_next(doc, NULL, &n), "array_next(NULL it)");
    CHECK_STATUS(bf_object_get(doc, 0, NULL, 3, &n), BF_ERROR_INVALID_ARGUMENT);

    /* Out-of-range indices, including SIZE_MAX */
    size_t bad[] = {2, 3, 1000, BF_NO_VALUE};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        CHECK_STATUS(bf_type_of(doc, bad[k], &t), BF_ERROR_INVALID_ARGUMENT);
        CHECK_STATUS(bf_get_bool(doc, bad[k], &b), BF_ERROR_INVALID_ARGUMENT);
        CHECK_STATUS(bf_array_iter(doc, bad[k], &it), BF_ERROR_INVALID_ARGUMENT);
        CHECK_STATUS(bf_serialize(doc, bad[k], NULL, &buf, NULL), BF_ERROR_INVALID_ARGUMENT);
        CHECK_STATUS(bf_number_text(doc, bad[k], &buf), BF_ERROR_INVALID_ARGUMENT);
    }
    /* A garbage iterator cannot read outside the document. */
    it.next = 999999;
    it.remaining = 5;
    CHECK(!bf_array_next(doc, &it, &n), "garbage iterator");
    it.next = 0;
    it.remaining = (size_t)-1;
    n = 0;
    size_t e;
    while (bf_array_next(doc, &it, &e) && n < 10) n++;
    CHECK(n == 1, "garbage iterator walked %zu values", n);
    it.next = 1;
    it.remaining = 3;
    CHECK(!bf_object_next(doc, &it, &s, &n, &e), "object_next on an array iterator");
    bf_document_free(doc);
}

int main(void) {
    test_accessors();
    test_write_options();
    test_error_struct();
    test_invalid_arguments();
    return bf_test_finish("test_api");
}
