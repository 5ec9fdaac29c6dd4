/*
 * Documents without text and paths into them: bf_builder (every push
 * call, output identical to parsing the same text, misuse, invalid UTF-8,
 * NULL arguments, deep nesting), bf_pointer (RFC 6901 section 5 and the
 * malformed / missing cases) and the sort_keys write option.
 */
#include <math.h>

#include "bf_test.h"

#define S(lit) lit, (sizeof(lit) - 1) /* a string literal as ptr + len */

/* Serializes compactly and compares with `want`. */
static void check_json(const bf_document *doc, size_t v,
                       const bf_write_options *opts, const char *want,
                       const char *what) {
    char *got = bf_test_serialize(doc, v, opts);
    CHECK(got && strcmp(got, want) == 0, "%s: got %s, want %s", what,
          got ? got : "(null)", want);
    free(got);
}

/* Finishes `b` into a document; the test fails when that does not work. */
static bf_document *finish(bf_builder *b) {
    bf_document *doc = NULL;
    bf_error err = {0};
    bf_status st = bf_builder_finish(b, &doc, &err);
    CHECK(st == BF_OK && doc, "finish: %s", err.message ? err.message : "?");
    bf_error_free(&err);
    return doc;
}

/* Two documents are equal when they serialize to the same compact text. */
static void check_same(const bf_document *a, const bf_document *b, const char *what) {
    char *ta = bf_test_serialize(a, BF_ROOT, NULL);
    char *tb = bf_test_serialize(b, BF_ROOT, NULL);
    CHECK(ta && tb && strcmp(ta, tb) == 0, "%s: %s != %s", what, ta ? ta : "?", tb ? tb : "?");
    free(ta);
    free(tb);
}

static void test_builder_matches_parse(void) {
    bf_builder *b = NULL;
    CHECK_STATUS(bf_builder_new(&b), BF_OK);
    if (!b) return;
    /* Every push call; all of them succeed. */
    bf_status st = BF_OK;
    st |= bf_builder_begin_object(b, NULL);
    st |= bf_builder_key(b, S("name"), NULL);
    st |= bf_builder_string(b, S("caf\xc3\xa9 \"q\"\n"), NULL);
    st |= bf_builder_key(b, S("nums"), NULL);
    st |= bf_builder_begin_array(b, NULL);
    st |= bf_builder_int64(b, INT64_MIN, NULL);
    st |= bf_builder_uint64(b, UINT64_MAX, NULL);
    st |= bf_builder_uint64(b, 7, NULL);
    st |= bf_builder_double(b, 0.1, NULL);
    st |= bf_builder_double(b, -0.0, NULL);
    st |= bf_builder_double(b, 1e16, NULL);
    st |= bf_builder_int_text(b, S("-123456789012345678901234567890"), NULL);
    st |= bf_builder_int_text(b, S("42"), NULL);
    st |= bf_builder_int_text(b, S("0"), NULL);
    st |= bf_builder_end_array(b, NULL);
    st |= bf_builder_key(b, S("flags"), NULL);
    st |= bf_builder_begin_array(b, NULL);
    st |= bf_builder_bool(b, true, NULL);
    st |= bf_builder_bool(b, false, NULL);
    st |= bf_builder_null(b, NULL);
    st |= bf_builder_begin_object(b, NULL);
    st |= bf_builder_end_object(b, NULL);
    st |= bf_builder_begin_array(b, NULL);
    st |= bf_builder_end_array(b, NULL);
    st |= bf_builder_end_array(b, NULL);
    st |= bf_builder_key(b, S("nul\0key"), NULL);
    st |= bf_builder_string(b, S("a\0b"), NULL);
    st |= bf_builder_key(b, S(""), NULL);
    st |= bf_builder_string(b, NULL, 0, NULL);
    st |= bf_builder_key(b, S("dup"), NULL);
    st |= bf_builder_int64(b, 1, NULL);
    st |= bf_builder_key(b, S("dup"), NULL);
    st |= bf_builder_int64(b, 2, NULL);
    st |= bf_builder_end_object(b, NULL);
    CHECK(st == BF_OK, "a push call failed");
    bf_document *built = finish(b);

    const char *text =
        "{\"name\":\"caf\xc3\xa9 \\\"q\\\"\\n\","
        "\"nums\":[-9223372036854775808,18446744073709551615,7,0.1,-0.0,1e+16,"
        "-123456789012345678901234567890,42,0],"
        "\"flags\":[true,false,null,{},[]],"
        "\"nul\\u0000key\":\"a\\u0000b\",\"\":\"\",\"dup\":1,\"dup\":2}";
    bf_document *parsed = bf_test_parse_str(text);
    if (built && parsed) {
        check_json(built, BF_ROOT, NULL, text, "built document");
        check_same(built, parsed, "built vs parsed");
        /* Every accessor works on a built document. */
        size_t v, len;
        bf_type t, tp;
        int64_t i;
        uint64_t u;
        const char *s;
        CHECK_STATUS(bf_object_len(built, BF_ROOT, &len), BF_OK);
        CHECK(len == 7, "built object has %zu members", len);
        CHECK_STATUS(bf_object_get(built, BF_ROOT, S("dup"), &v), BF_OK);
        CHECK_STATUS(bf_get_int64(built, v, &i), BF_OK);
        CHECK(i == 2, "dup = %lld (want the last)", (long long)i);
        CHECK_STATUS(bf_pointer(built, BF_ROOT, S("/nums/1"), &v, NULL), BF_OK);
        CHECK_STATUS(bf_get_uint64(built, v, &u), BF_OK);
        CHECK(u == UINT64_MAX, "nums/1 = %llu", (unsigned long long)u);
        CHECK_STATUS(bf_pointer(built, BF_ROOT, S("/nums/6"), &v, NULL), BF_OK);
        CHECK_STATUS(bf_type_of(built, v, &t), BF_OK);
        CHECK(t == BF_TYPE_BIGINT, "int_text beyond 64 bits is a bigint (%u)", t);
        CHECK_STATUS(bf_pointer(built, BF_ROOT, S("/nul\0key"), &v, NULL), BF_OK);
        CHECK_STATUS(bf_get_string(built, v, &s, &len), BF_OK);
        CHECK(len == 3 && memcmp(s, "a\0b", 3) == 0, "NUL bytes kept");
        /* Node for node, the same types as the parser gives. */
        size_t n_built = 0, n_parsed = 0;
        while (bf_type_of(built, n_built, &t) == BF_OK) {
            CHECK(bf_type_of(parsed, n_built, &tp) == BF_OK && t == tp,
                  "value %zu: built type %u, parsed type %u", n_built, t, tp);
            n_built++;
        }
        while (bf_type_of(parsed, n_parsed, &tp) == BF_OK) n_parsed++;
        CHECK(n_built == n_parsed, "built %zu values, parsed %zu", n_built, n_parsed);
    }
    bf_document_free(built);
    bf_document_free(parsed);

    /* finish emptied the builder: it builds the next document. */
    CHECK_STATUS(bf_builder_int64(b, 5, NULL), BF_OK);
    bf_document *five = finish(b);
    if (five) check_json(five, BF_ROOT, NULL, "5", "builder reused after finish");
    bf_document_free(five);
    /* A scalar root, a string root. */
    CHECK_STATUS(bf_builder_string(b, S("x"), NULL), BF_OK);
    bf_document *x = finish(b);
    if (x) check_json(x, BF_ROOT, NULL, "\"x\"", "string root");
    bf_document_free(x);
    bf_builder_free(b);
}

/* Expects `call` (which may use the bf_error e_) to fail with `want`,
 * filling e_ with that kind and a message. */
#define EXPECT_FAIL(call, want)                                                \
    do {                                                                       \
        bf_error e_ = {0};                                                     \
        bf_status st_ = (call);                                                \
        CHECK(st_ == (bf_status)(want) && e_.kind == (bf_error_kind)(want) &&  \
                  e_.message && e_.message_len > 0,                            \
              "%s: got %s (%s), want %s", #call, bf_error_kind_name(st_),      \
              e_.message ? e_.message : "no message", bf_error_kind_name(want)); \
        bf_error_free(&e_);                                                    \
    } while (0)

static void test_builder_misuse(void) {
    bf_builder *b = NULL;
    CHECK_STATUS(bf_builder_new(&b), BF_OK);
    if (!b) return;
    /* Nothing added yet. */
    EXPECT_FAIL(bf_builder_finish(b, &(bf_document *){NULL}, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_key(b, S("k"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_end_array(b, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_end_object(b, &e_), BF_ERROR_INVALID_ARGUMENT);

    CHECK_STATUS(bf_builder_begin_object(b, NULL), BF_OK);
    EXPECT_FAIL(bf_builder_int64(b, 1, &e_), BF_ERROR_INVALID_ARGUMENT); /* no key */
    EXPECT_FAIL(bf_builder_begin_array(b, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_end_array(b, &e_), BF_ERROR_INVALID_ARGUMENT); /* wrong end */
    CHECK_STATUS(bf_builder_key(b, S("k"), NULL), BF_OK);
    EXPECT_FAIL(bf_builder_key(b, S("k2"), &e_), BF_ERROR_INVALID_ARGUMENT); /* two keys */
    EXPECT_FAIL(bf_builder_end_object(b, &e_), BF_ERROR_INVALID_ARGUMENT);  /* key waits */
    /* Invalid UTF-8 and bad integers add nothing. */
    EXPECT_FAIL(bf_builder_string(b, S("ab\xff"), &e_), BF_ERROR_INVALID_UTF8);
    EXPECT_FAIL(bf_builder_string(b, S("\xed\xa0\x80"), &e_), BF_ERROR_INVALID_UTF8); /* surrogate */
    EXPECT_FAIL(bf_builder_key(b, S("\xc3"), &e_), BF_ERROR_INVALID_UTF8);
    EXPECT_FAIL(bf_builder_int_text(b, S("01"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_int_text(b, S("1.5"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_int_text(b, S("+1"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_int_text(b, S("-"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_int_text(b, NULL, 0, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_int_text(b, S("\xff"), &e_), BF_ERROR_INVALID_UTF8);
    /* The builder is still usable: the key gets its value. */
    CHECK_STATUS(bf_builder_double(b, NAN, NULL), BF_OK);
    /* Unclosed object: finish fails and empties the builder. */
    static int sentinel;
    bf_document *doc = (bf_document *)&sentinel; /* must be reset to NULL */
    EXPECT_FAIL(bf_builder_finish(b, &doc, &e_), BF_ERROR_INVALID_ARGUMENT);
    CHECK(doc == NULL, "failed finish left *out set");
    CHECK_STATUS(bf_builder_end_object(b, NULL), BF_ERROR_INVALID_ARGUMENT);

    /* One root only. */
    CHECK_STATUS(bf_builder_begin_object(b, NULL), BF_OK);
    CHECK_STATUS(bf_builder_key(b, S("nan"), NULL), BF_OK);
    CHECK_STATUS(bf_builder_double(b, NAN, NULL), BF_OK);
    CHECK_STATUS(bf_builder_end_object(b, NULL), BF_OK);
    EXPECT_FAIL(bf_builder_null(b, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_begin_array(b, &e_), BF_ERROR_INVALID_ARGUMENT);
    doc = finish(b);
    if (doc) {
        /* NaN was kept: the serializer decides. */
        bf_buffer out = {0};
        CHECK_STATUS(bf_serialize(doc, BF_ROOT, NULL, &out, NULL), BF_ERROR_UNSERIALIZABLE);
        bf_write_options o = bf_write_options_default();
        o.allow_nan = true;
        check_json(doc, BF_ROOT, &o, "{\"nan\":NaN}", "NaN with allow_nan");
    }
    bf_document_free(doc);

    /* NULL arguments. */
    CHECK_STATUS(bf_builder_new(NULL), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_null(NULL, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_bool(NULL, true, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_int64(NULL, 1, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_uint64(NULL, 1, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_double(NULL, 1, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_int_text(NULL, S("1"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_string(NULL, S("s"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_key(NULL, S("k"), &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_begin_array(NULL, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_end_array(NULL, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_begin_object(NULL, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_end_object(NULL, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_finish(NULL, &doc, &e_), BF_ERROR_INVALID_ARGUMENT);
    CHECK(doc == NULL, "finish(NULL builder) left *out set");
    CHECK_STATUS(bf_builder_int64(b, 1, NULL), BF_OK);
    EXPECT_FAIL(bf_builder_finish(b, NULL, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_string(b, NULL, 3, &e_), BF_ERROR_INVALID_ARGUMENT);
    EXPECT_FAIL(bf_builder_key(b, NULL, 3, &e_), BF_ERROR_INVALID_ARGUMENT);
    bf_builder_free(NULL);
    bf_builder_free(b); /* frees an unfinished document too */
}

static void test_builder_deep(void) {
    enum { DEEP = 100000 };
    bf_builder *b = NULL;
    CHECK_STATUS(bf_builder_new(&b), BF_OK);
    if (!b) return;
    bf_status st = BF_OK;
    for (int i = 0; i < DEEP; i++) st |= bf_builder_begin_array(b, NULL);
    for (int i = 0; i < DEEP; i++) st |= bf_builder_end_array(b, NULL);
    CHECK(st == BF_OK, "deep pushes failed");
    bf_document *doc = finish(b);
    if (doc) {
        bf_buffer out = {0};
        CHECK_STATUS(bf_serialize(doc, BF_ROOT, NULL, &out, NULL), BF_OK);
        int ok = out.len == 2 * DEEP;
        for (size_t i = 0; ok && i < out.len; i++) ok = out.data[i] == (i < DEEP ? '[' : ']');
        CHECK(ok, "deep built document serialized wrongly (%zu bytes)", out.len);
        bf_buffer_free(&out);
        /* A pointer through all the levels. */
        size_t plen = 2 * (DEEP - 1);
        char *ptr = malloc(plen);
        for (size_t i = 0; i < plen; i += 2) memcpy(ptr + i, "/0", 2);
        size_t v = 0;
        CHECK_STATUS(bf_pointer(doc, BF_ROOT, ptr, plen, &v, NULL), BF_OK);
        CHECK(v == DEEP - 1, "deepest value is %zu", v);
        free(ptr);
    }
    bf_document_free(doc);
    /* Left unfinished: freeing releases everything. */
    for (int i = 0; i < DEEP; i++) {
        st |= bf_builder_begin_object(b, NULL);
        st |= bf_builder_key(b, S("k"), NULL);
    }
    CHECK(st == BF_OK, "deep object pushes failed");
    bf_builder_free(b);
}

/* RFC 6901 section 5: the example document and what each pointer names. */
static void test_pointer_rfc6901(void) {
    const char *rfc =
        "{\"foo\": [\"bar\", \"baz\"], \"\": 0, \"a/b\": 1, \"c%d\": 2, \"e^f\": 3,"
        " \"g|h\": 4, \"i\\\\j\": 5, \"k\\\"l\": 6, \" \": 7, \"m~n\": 8}";
    bf_document *doc = bf_test_parse_str(rfc);
    if (!doc) return;
    size_t v = 12345;
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S(""), &v, NULL), BF_OK);
    CHECK(v == BF_ROOT, "\"\" names the whole document, got %zu", v);
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, NULL, 0, &v, NULL), BF_OK);
    CHECK(v == BF_ROOT, "NULL + 0 is the empty pointer, got %zu", v);
    check_json(doc, (bf_pointer(doc, BF_ROOT, S("/foo"), &v, NULL), v), NULL,
               "[\"bar\",\"baz\"]", "/foo");
    check_json(doc, (bf_pointer(doc, BF_ROOT, S("/foo/0"), &v, NULL), v), NULL,
               "\"bar\"", "/foo/0");
    struct { const char *ptr; size_t len; int64_t want; } cases[] = {
        {S("/"), 0},      {S("/a~1b"), 1},  {S("/c%d"), 2},  {S("/e^f"), 3},
        {S("/g|h"), 4},   {S("/i\\j"), 5},  {S("/k\"l"), 6}, {S("/ "), 7},
        {S("/m~0n"), 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = -1;
        v = BF_NO_VALUE;
        CHECK_STATUS(bf_pointer(doc, BF_ROOT, cases[i].ptr, cases[i].len, &v, NULL), BF_OK);
        CHECK(bf_get_int64(doc, v, &got) == BF_OK && got == cases[i].want,
              "%.*s: got %lld, want %lld", (int)cases[i].len, cases[i].ptr,
              (long long)got, (long long)cases[i].want);
    }
    /* Relative to an inner value. */
    size_t foo = 0;
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S("/foo"), &foo, NULL), BF_OK);
    CHECK_STATUS(bf_pointer(doc, foo, S("/1"), &v, NULL), BF_OK);
    check_json(doc, v, NULL, "\"baz\"", "/1 from /foo");
    bf_document_free(doc);
}

static void test_pointer_missing_and_malformed(void) {
    bf_document *doc = bf_test_parse_str(
        "{\"a\":[1,{\"b\":null}],\"s\":\"str\",\"d\":{\"x\":1},\"d\":{\"y\":2},\"caf\xc3\xa9\":true}");
    if (!doc) return;
    size_t v;
    /* Well formed but naming nothing: BF_OK and BF_NO_VALUE. */
    const char *missing[] = {"/a/2", "/a/-", "/a/0/x", "/nope", "/s/0", "/a/1/b/c",
                             "/d/x", "/a/99999999999999999999999", "/A"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        v = 0;
        CHECK_STATUS(bf_pointer(doc, BF_ROOT, missing[i], strlen(missing[i]), &v, NULL), BF_OK);
        CHECK(v == BF_NO_VALUE, "%s resolved to %zu", missing[i], v);
    }
    /* The last duplicate wins; non-ASCII keys; null values are found. */
    int64_t i64 = 0;
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S("/d/y"), &v, NULL), BF_OK);
    CHECK(bf_get_int64(doc, v, &i64) == BF_OK && i64 == 2, "/d/y");
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S("/caf\xc3\xa9"), &v, NULL), BF_OK);
    CHECK(v != BF_NO_VALUE, "non-ASCII key not found");
    bf_type t;
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S("/a/1/b"), &v, NULL), BF_OK);
    CHECK(bf_type_of(doc, v, &t) == BF_OK && t == BF_TYPE_NULL, "/a/1/b is null");
    /* Only the first len bytes count. */
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, "/s/garbage", 2, &v, NULL), BF_OK);
    check_json(doc, v, NULL, "\"str\"", "pointer is ptr+len");

    /* Malformed: an error with a message, and *out = BF_NO_VALUE. */
    const char *bad[] = {"a", "/a/01", "/a/x", "/~2", "/~", "/a~"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bf_error err = {0};
        v = 0;
        bf_status st = bf_pointer(doc, BF_ROOT, bad[i], strlen(bad[i]), &v, &err);
        CHECK(st == BF_ERROR_INVALID_ARGUMENT && err.kind == BF_ERROR_INVALID_ARGUMENT &&
                  err.message && strstr(err.message, "JSON Pointer"),
              "%s: got %s (%s)", bad[i], bf_error_kind_name(st), err.message);
        CHECK(v == BF_NO_VALUE, "%s: out %zu", bad[i], v);
        bf_error_free(&err);
    }
    bf_error err = {0};
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S("/\xff"), &v, &err), BF_ERROR_INVALID_UTF8);
    CHECK(err.kind == BF_ERROR_INVALID_UTF8, "invalid UTF-8 pointer kind %u", err.kind);
    bf_error_free(&err);

    /* NULL and out-of-range arguments. */
    CHECK_STATUS(bf_pointer(NULL, BF_ROOT, S(""), &v, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S(""), NULL, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, NULL, 3, &v, NULL), BF_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(bf_pointer(doc, 1000, S(""), &v, &err), BF_ERROR_INVALID_ARGUMENT);
    CHECK(err.message && strstr(err.message, "out of range"), "from out of range: %s", err.message);
    bf_error_free(&err);
    CHECK_STATUS(bf_pointer(doc, BF_NO_VALUE, S("/a"), &v, NULL), BF_ERROR_INVALID_ARGUMENT);
    bf_document_free(doc);
}

static void test_sort_keys(void) {
    bf_write_options d = bf_write_options_default();
    bf_write_options zero = {0};
    CHECK(!d.sort_keys && !zero.sort_keys, "sort_keys defaults to false");

    bf_document *doc = bf_test_parse_str(
        "{\"b\":1,\"a\":{\"z\":[{\"y\":1,\"x\":2}],\"\xc3\xa9\":0,\"e\":0,\"E\":0},"
        "\"dup\":\"first\",\"c\":null,\"dup\":\"second\",\"\":0}");
    if (!doc) return;
    bf_write_options o = bf_write_options_default();
    /* Document order without the option. */
    check_json(doc, BF_ROOT, &o,
               "{\"b\":1,\"a\":{\"z\":[{\"y\":1,\"x\":2}],\"\xc3\xa9\":0,\"e\":0,\"E\":0},"
               "\"dup\":\"first\",\"c\":null,\"dup\":\"second\",\"\":0}",
               "document order");
    /* Sorted by code point at every level (inside arrays too); equal keys
     * keep their document order. */
    o.sort_keys = true;
    check_json(doc, BF_ROOT, &o,
               "{\"\":0,\"a\":{\"E\":0,\"e\":0,\"z\":[{\"x\":2,\"y\":1}],\"\xc3\xa9\":0},"
               "\"b\":1,\"c\":null,\"dup\":\"first\",\"dup\":\"second\"}",
               "sort_keys");
    /* With indent and ensure_ascii, on an inner value. */
    o.indent = 2;
    o.ensure_ascii = true;
    size_t a = 0;
    CHECK_STATUS(bf_pointer(doc, BF_ROOT, S("/a"), &a, NULL), BF_OK);
    check_json(doc, a, &o,
               "{\n  \"E\": 0,\n  \"e\": 0,\n  \"z\": [\n    {\n      \"x\": 2,\n"
               "      \"y\": 1\n    }\n  ],\n  \"\\u00e9\": 0\n}",
               "sort_keys + indent + ensure_ascii");
    bf_document_free(doc);
}

int main(void) {
    test_builder_matches_parse();
    test_builder_misuse();
    test_builder_deep();
    test_pointer_rfc6901();
    test_pointer_missing_and_malformed();
    test_sort_keys();
    return bf_test_finish("test_builder");
}
