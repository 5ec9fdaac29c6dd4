/*
 * Hostile input: none of it may crash the process, each gives a typed
 * error. 100,000-deep nesting, invalid UTF-8, NUL bytes, a document
 * truncated at every byte, and random byte mutations.
 */
#include "bf_test.h"

#define DEEP 100000

static const char *SAMPLE =
    "{\"id\": 12345678901234567890123, \"name\": \"caf\xc3\xa9 \\\"q\\\" \\ud83d\\ude00\",\n"
    " \"tags\": [\"a\", \"b\\n\", \"\\u0000\"], \"ok\": true, \"no\": false, \"nil\": null,\n"
    " \"nums\": [0, -1, 3.25, -0.0, 1e-7, 6.02E+23, 18446744073709551615],\n"
    " \"nested\": {\"x\": [[], {}, [{\"y\": \"z\"}]], \"emoji\": \"\xf0\x9f\x8e\x89\"}}";

/* Parses and expects failure with `kind` at `offset`. */
static void expect_error(const char *what, const void *data, size_t len,
                         const bf_parse_options *opts, bf_status kind,
                         size_t offset) {
    bf_document *doc = NULL;
    bf_error err = {0};
    bf_status st = bf_parse(data, len, opts, &doc, &err);
    CHECK(st == kind && err.kind == kind, "%s: got %s, want %s (%s)", what,
          bf_error_kind_name(st), bf_error_kind_name(kind), err.message);
    CHECK(err.offset == offset, "%s: offset %zu, want %zu", what, err.offset, offset);
    CHECK(doc == NULL, "%s: document returned", what);
    bf_error_free(&err);
    bf_document_free(doc);
}

static void test_deep_nesting(void) {
    char *deep = malloc(2 * DEEP);
    memset(deep, '[', DEEP);
    memset(deep + DEEP, ']', DEEP);
    /* Default limit: a clean error at the 1025th '['. */
    expect_error("100k arrays", deep, 2 * DEEP, NULL, BF_ERROR_NESTING_TOO_DEEP,
                 BF_DEFAULT_MAX_DEPTH);
    expect_error("100k unclosed", deep, DEEP, NULL, BF_ERROR_NESTING_TOO_DEEP,
                 BF_DEFAULT_MAX_DEPTH);
    /* A raised limit: parses, walks and serializes without recursion. */
    bf_parse_options po = bf_parse_options_default();
    po.max_depth = DEEP;
    bf_document *doc = bf_test_parse(deep, 2 * DEEP, &po);
    if (doc) {
        size_t v = BF_ROOT, child, levels = 0;
        bf_iter it;
        while (bf_array_iter(doc, v, &it) == BF_OK && bf_array_next(doc, &it, &child)) {
            v = child;
            levels++;
        }
        CHECK(levels == DEEP - 1, "walked %zu levels", levels);
        bf_buffer out = {0};
        CHECK_STATUS(bf_serialize(doc, BF_ROOT, NULL, &out, NULL), BF_OK);
        CHECK(out.len == 2 * DEEP && memcmp(out.data, deep, 2 * DEEP) == 0,
              "deep document did not round-trip");
        bf_buffer_free(&out);
        bf_document_free(doc);
    }
    po.max_depth = DEEP - 1;
    expect_error("100k arrays, limit 99999", deep, 2 * DEEP, &po,
                 BF_ERROR_NESTING_TOO_DEEP, DEEP - 1);
    po.max_depth = 2 * DEEP;
    expect_error("100k unclosed, high limit", deep, DEEP, &po,
                 BF_ERROR_UNEXPECTED_EOF, DEEP);
    free(deep);

    /* Objects: {"a":{"a":...}} 100,000 deep. */
    size_t unit = 5, n = DEEP * unit + DEEP + 1;
    char *obj = malloc(n);
    for (size_t i = 0; i < DEEP; i++) memcpy(obj + i * unit, "{\"a\":", unit);
    obj[DEEP * unit] = '1';
    memset(obj + DEEP * unit + 1, '}', DEEP);
    expect_error("100k objects", obj, n, NULL, BF_ERROR_NESTING_TOO_DEEP,
                 BF_DEFAULT_MAX_DEPTH * unit);
    po.max_depth = DEEP;
    doc = bf_test_parse(obj, n, &po);
    if (doc) {
        bf_buffer out = {0};
        CHECK_STATUS(bf_serialize(doc, BF_ROOT, NULL, &out, NULL), BF_OK);
        CHECK(out.len == n && memcmp(out.data, obj, n) == 0, "deep objects round trip");
        bf_buffer_free(&out);
        bf_document_free(doc);
    }
    free(obj);
}

static void test_invalid_utf8(void) {
    struct {
        const char *what, *data;
        size_t offset;
    } cases[] = {
        {"lone continuation byte", "\"\x80\"", 1},
        {"0xff in a string", "[\"ab\xff\"]", 4},
        {"overlong slash", "\"\xc0\xaf\"", 1},
        {"UTF-8 encoded surrogate", "\"\xed\xa0\x80\"", 1},
        {"truncated sequence", "\"\xe2\x82\"", 1},
        {"beyond U+10FFFF", "\"\xf4\x90\x80\x80\"", 1},
        {"invalid byte outside a string", "[1,\xfe]", 3},
        {"invalid key", "{\"\xc3\x28\":1}", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].what, cases[i].data, strlen(cases[i].data), NULL,
                     BF_ERROR_INVALID_UTF8, cases[i].offset);
}

static void test_nul_bytes(void) {
    expect_error("NUL alone", "\0", 1, NULL, BF_ERROR_EXPECTED_VALUE, 0);
    expect_error("NUL in a string", "\"a\0b\"", 5, NULL,
                 BF_ERROR_CONTROL_CHARACTER_IN_STRING, 2);
    expect_error("NUL after a value", "[1]\0", 4, NULL, BF_ERROR_TRAILING_CHARACTERS, 3);
    expect_error("NUL between elements", "[1,\0 2]", 7, NULL, BF_ERROR_EXPECTED_VALUE, 3);
    expect_error("NUL in a number", "12\0" "3", 4, NULL, BF_ERROR_TRAILING_CHARACTERS, 2);
    expect_error("NUL in a literal", "tr\0e", 4, NULL, BF_ERROR_INVALID_LITERAL, 0);
    /* The escaped form is a valid string holding a NUL byte. */
    bf_document *doc = bf_test_parse("\"a\\u0000b\"", 10, NULL);
    if (doc) {
        const char *s;
        size_t len;
        CHECK_STATUS(bf_get_string(doc, BF_ROOT, &s, &len), BF_OK);
        CHECK(len == 3 && s[1] == '\0', "escaped NUL: %zu bytes", len);
        char *out = bf_test_serialize(doc, BF_ROOT, NULL);
        CHECK(out && strcmp(out, "\"a\\u0000b\"") == 0, "NUL re-escaped: %s", out);
        free(out);
        bf_document_free(doc);
    }
}

/* Every proper prefix of an object document is an error with a decode
 * kind and a position inside the prefix; never a crash or a leak. */
static void test_truncation(const char *what, const unsigned char *data, size_t len) {
    size_t bad = 0;
    for (size_t cut = 0; cut < len; cut++) {
        bf_document *doc = NULL;
        bf_error err = {0};
        bf_status st = bf_parse(data, cut, NULL, &doc, &err);
        int ok = st != BF_OK && st == err.kind && err.kind >= BF_ERROR_UNEXPECTED_EOF &&
                 err.kind <= BF_ERROR_EMPTY_INPUT && err.offset <= cut && err.line >= 1 &&
                 err.column >= 1 && err.message != NULL && doc == NULL;
        if (!ok && bad++ < 5)
            fprintf(stderr, "%s cut at %zu: status %s offset %zu\n", what, cut,
                    bf_error_kind_name(st), err.offset);
        CHECK(ok || bad > 5, "%s truncated at %zu", what, cut);
        bf_error_free(&err);
        bf_document_free(doc);
    }
    CHECK(bad == 0, "%s: %zu bad truncations", what, bad);
}

/* Random byte edits of SAMPLE: each result parses or fails cleanly; what
 * parses must serialize and re-parse. Deterministic (fixed seed). */
static void test_mutations(void) {
    size_t len = strlen(SAMPLE);
    unsigned char *buf = malloc(len);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    size_t parsed = 0, failed = 0;
    const unsigned char interesting[] = {'"', '\\', '[', ']', '{', '}', ',', ':', '0',
                                         '-', 'e', '.', 'u', 0x00, 0x80, 0xff, ' ', 'n'};
    for (int round = 0; round < 20000; round++) {
        memcpy(buf, SAMPLE, len);
        int edits = 1 + round % 3;
        for (int e = 0; e < edits; e++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t pos = (size_t)(seed >> 33) % len;
            buf[pos] = interesting[(seed >> 20) % sizeof interesting];
        }
        size_t cut = round % 7 == 0 ? (size_t)(seed >> 40) % (len + 1) : len;
        bf_document *doc = NULL;
        bf_error err = {0};
        bf_status st = bf_parse(buf, cut, NULL, &doc, &err);
        if (st == BF_OK) {
            parsed++;
            bf_buffer out = {0};
            bf_status w = bf_serialize(doc, BF_ROOT, NULL, &out, NULL);
            /* Only a float that overflowed to infinity is unwritable. */
            CHECK(w == BF_OK || w == BF_ERROR_UNSERIALIZABLE, "serialize: %s",
                  bf_error_kind_name(w));
            if (w == BF_OK) {
                bf_document *again = NULL;
                CHECK_STATUS(bf_parse((const uint8_t *)out.data, out.len, NULL, &again, NULL),
                             BF_OK);
                bf_document_free(again);
            }
            bf_buffer_free(&out);
        } else {
            failed++;
            CHECK(err.kind == st && err.offset <= cut && err.message, "mutation error struct");
        }
        bf_error_free(&err);
        bf_document_free(doc);
    }
    printf("mutations: %zu parsed, %zu rejected\n", parsed, failed);
    CHECK(parsed > 0 && failed > 0, "mutations exercised both outcomes");
    free(buf);
}

int main(void) {
    test_deep_nesting();
    test_invalid_utf8();
    test_nul_bytes();
    bf_document_free(bf_test_parse_str(SAMPLE)); /* the whole sample is valid */
    test_truncation("sample", (const unsigned char *)SAMPLE, strlen(SAMPLE));

    /* Every prefix of the first 3 KiB of a real document. */
    char dir[4096], path[8192];
    bf_test_corpus_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/twitter.json", dir);
    size_t len;
    unsigned char *twitter = bf_test_read_file(path, &len);
    test_truncation("twitter.json head", twitter, len < 3072 ? len : 3072);
    free(twitter);

    test_mutations();
    return bf_test_finish("test_hostile");
}
