/*
 * bf_test.h: a tiny test harness shared by the C tests (header-only).
 *
 * CHECK(cond, fmt, ...) records one assertion; a failing one prints where
 * and why. bf_test_finish() prints "N passed, N failed" (the line ctest
 * logs and CI reads) and returns the process exit status.
 */
#ifndef BF_TEST_H
#define BF_TEST_H

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brownfield.h"

static unsigned long bf_test_passed, bf_test_failed;

#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        if (cond) {                                                           \
            bf_test_passed++;                                                 \
        } else {                                                              \
            bf_test_failed++;                                                 \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, \
                    #cond);                                                   \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
        }                                                                     \
    } while (0)

/* CHECK that a call returned status `want`. */
#define CHECK_STATUS(call, want)                                              \
    do {                                                                      \
        bf_status st_ = (call);                                               \
        CHECK(st_ == (bf_status)(want), "%s returned %s, want %s", #call,     \
              bf_error_kind_name(st_), bf_error_kind_name(want));             \
    } while (0)

static inline int bf_test_finish(const char *suite) {
    printf("%s: %lu passed, %lu failed\n", suite, bf_test_passed,
           bf_test_failed);
    return bf_test_failed == 0 && bf_test_passed > 0 ? 0 : 1;
}

/* Reads a whole file; aborts the test program (loudly) when it cannot. */
static inline unsigned char *bf_test_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "out of memory reading %s\n", path);
        exit(2);
    }
    *len = n;
    return buf;
}

/* The shared test vectors: $BROWNFIELD_VECTORS_DIR or the path baked in by
 * CMake. */
static inline const char *bf_test_vectors_dir(void) {
    const char *d = getenv("BROWNFIELD_VECTORS_DIR");
    return d && *d ? d : BF_TEST_VECTORS_DIR;
}

/* The corpus: $BROWNFIELD_DATA_DIR/json, or <repo>/../shared/data/json. */
static inline void bf_test_corpus_dir(char *out, size_t cap) {
    const char *d = getenv("BROWNFIELD_DATA_DIR");
    snprintf(out, cap, "%s/json", d && *d ? d : BF_TEST_DEFAULT_DATA_DIR);
}

/* Parses `len` bytes; the test fails on any error. Returns NULL then. */
static inline bf_document *bf_test_parse(const void *data, size_t len,
                                  const bf_parse_options *opts) {
    bf_document *doc = NULL;
    bf_error err = {0};
    bf_status st = bf_parse(data, len, opts, &doc, &err);
    CHECK(st == BF_OK, "parse failed: %s", err.message ? err.message : "?");
    bf_error_free(&err);
    return doc;
}

/* Parses a NUL-terminated string. */
static inline bf_document *bf_test_parse_str(const char *json) {
    return bf_test_parse(json, strlen(json), NULL);
}

/* Serializes `value` with `opts` into a malloc'ed NUL-terminated string
 * (the caller frees it), or NULL after recording a failure. */
static inline char *bf_test_serialize(const bf_document *doc, size_t value,
                               const bf_write_options *opts) {
    bf_buffer buf = {0};
    bf_error err = {0};
    bf_status st = bf_serialize(doc, value, opts, &buf, &err);
    CHECK(st == BF_OK, "serialize failed: %s", err.message ? err.message : "?");
    bf_error_free(&err);
    if (st != BF_OK) return NULL;
    char *copy = malloc(buf.len + 1);
    memcpy(copy, buf.data, buf.len + 1);
    bf_buffer_free(&buf);
    return copy;
}

#endif /* BF_TEST_H */
