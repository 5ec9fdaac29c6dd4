/*
 * The shared JSON test vectors (tests/vectors/json/manifest.tsv), run
 * through the C API exactly as a C user would call it:
 *   valid NAME   -> bf_parse, bf_serialize (compact) == valid/NAME.raw.out
 *                   if present (duplicate keys kept), else valid/NAME.out
 *   invalid NAME KIND OFFSET -> bf_parse fails with that kind and byte
 *                   offset, and the bf_error struct says so consistently.
 */
#include "bf_test.h"

static void run_valid(const char *dir, const char *name) {
    char path[4096];
    size_t len, want_len;
    snprintf(path, sizeof path, "%s/valid/%s.json", dir, name);
    unsigned char *input = bf_test_read_file(path, &len);
    snprintf(path, sizeof path, "%s/valid/%s.raw.out", dir, name);
    FILE *raw = fopen(path, "rb");
    if (raw) {
        fclose(raw);
    } else {
        snprintf(path, sizeof path, "%s/valid/%s.out", dir, name);
    }
    unsigned char *want = bf_test_read_file(path, &want_len);

    bf_document *doc = NULL;
    bf_error err = {0};
    bf_status st = bf_parse(input, len, NULL, &doc, &err);
    CHECK(st == BF_OK, "%s: parse failed: %s", name, err.message);
    if (st == BF_OK) {
        bf_buffer out = {0};
        st = bf_serialize(doc, BF_ROOT, NULL, &out, &err);
        CHECK(st == BF_OK, "%s: serialize failed: %s", name, err.message);
        CHECK(out.len == want_len && memcmp(out.data, want, want_len) == 0,
              "%s: got %.200s want %.200s", name, out.data, (char *)want);
        CHECK(out.len == 0 || out.data[out.len] == '\0',
              "%s: buffer not NUL-terminated", name);
        bf_buffer_free(&out);
    }
    bf_error_free(&err);
    bf_document_free(doc);
    free(input);
    free(want);
}

static void run_invalid(const char *dir, const char *name, const char *kind,
                        size_t offset) {
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/invalid/%s.json", dir, name);
    unsigned char *input = bf_test_read_file(path, &len);

    bf_document *doc = (bf_document *)&len; /* must be reset to NULL */
    bf_error err = {0};
    bf_status st = bf_parse(input, len, NULL, &doc, &err);
    CHECK(st != BF_OK, "%s: accepted", name);
    CHECK(doc == NULL, "%s: *out not NULL after failure", name);
    CHECK(st == err.kind, "%s: status %u but err.kind %u", name, st, err.kind);
    CHECK(strcmp(bf_error_kind_name(err.kind), kind) == 0,
          "%s: kind %s, want %s (%s)", name, bf_error_kind_name(err.kind),
          kind, err.message);
    CHECK(err.offset == offset, "%s: offset %zu, want %zu (%s)", name,
          err.offset, offset, err.message);
    CHECK(err.line >= 1 && err.column >= 1, "%s: line %zu column %zu", name,
          err.line, err.column);
    CHECK(err.message != NULL && err.message_len == strlen(err.message) &&
              err.message_len > 0,
          "%s: message missing or length wrong", name);
    bf_error_free(&err);
    CHECK(err.message == NULL && err.kind == BF_ERROR_NONE,
          "%s: bf_error_free did not reset the struct", name);
    free(input);
}

int main(void) {
    const char *dir = bf_test_vectors_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 2;
    }
    char line[4096];
    int valid = 0, invalid = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        char *fields[4] = {0};
        int n = 0;
        for (char *tok = strtok(line, "\t"); tok && n < 4;
             tok = strtok(NULL, "\t"))
            fields[n++] = tok;
        if (n == 2 && strcmp(fields[0], "valid") == 0) {
            run_valid(dir, fields[1]);
            valid++;
        } else if (n == 4 && strcmp(fields[0], "invalid") == 0) {
            run_invalid(dir, fields[1], fields[2],
                        (size_t)strtoull(fields[3], NULL, 10));
            invalid++;
        } else {
            CHECK(0, "bad manifest line: %s", line);
        }
    }
    fclose(f);
    printf("ran %d valid and %d invalid vectors\n", valid, invalid);
    CHECK(valid >= 100 && invalid >= 100, "too few vectors: %d valid, %d invalid",
          valid, invalid);
    return bf_test_finish("test_vectors");
}
