/*
 * The shared JSON test vectors (tests/vectors/json, formats in its
 * README.md), run through the C API exactly as a C user would call it:
 *   manifest.tsv
 *     valid NAME   -> bf_parse, bf_serialize (compact) == valid/NAME.raw.out
 *                     if present (duplicate keys kept), else valid/NAME.out
 *     invalid NAME KIND OFFSET -> bf_parse fails with that kind and byte
 *                     offset, and the bf_error struct says so consistently.
 *   options.tsv     -> bf_serialize with the bf_write_options the spec maps
 *                     to == the expected file (.raw.out preferred), or the
 *                     expected error; option sets C cannot express are
 *                     listed in c_write_options with the reason, counted and
 *                     reported, never run.
 *   errors.tsv      -> bf_parse fails with that kind, offset, line, column
 *                     and message ("MESSAGE at line L column C (byte O)").
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

/*
 * Splits s in place at every sep into at most max fields (the last one
 * keeps any further separators); returns the number of fields.
 */
static int split(char *s, char sep, char **fields, int max) {
    int n = 0;
    while (n < max) {
        fields[n++] = s;
        char *end = strchr(s, sep);
        if (!end || n == max) break;
        *end = '\0';
        s = end + 1;
    }
    return n;
}

/*
 * Maps an options.tsv spec ("indent=2 separators=pretty sort_keys=false
 * ensure_ascii=true allow_nan=false") onto *opts. Returns NULL when C can
 * express it, else the reason it does not apply to C. These are the option
 * sets bf_write_options cannot express:
 *   - indent=0: C's indent 0 means compact (one line); Python's indent=0
 *     puts every item on its own line without indentation;
 *   - indent="...": C's indent is a width in spaces, not a string;
 *   - separators=spaced: the one-line layout has no spaces (Python's
 *     default ", " and ": " are not expressible);
 *   - an indent with separators=compact: pretty printing always writes
 *     ": " after keys.
 */
static const char *c_write_options(const char *name, const char *spec,
                                   bf_write_options *opts) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    *opts = bf_write_options_default();
    int pretty = 0;
    const char *separators = "";
    const char *reason = NULL;
    char *items[8];
    int n = split(buf, ' ', items, 8);
    for (int i = 0; i < n; i++) {
        char *item = items[i];
        char *value = strchr(item, '=');
        CHECK(value != NULL, "%s: bad option %s", name, item);
        if (!value) return "malformed spec";
        *value++ = '\0';
        if (strcmp(item, "indent") == 0) {
            if (strcmp(value, "none") == 0) {
                opts->indent = 0;
            } else if (value[0] == '"') {
                reason = "C's indent is a width in spaces, not a string";
            } else if (strcmp(value, "0") == 0) {
                reason = "C's indent 0 means compact, not one item per line";
            } else {
                opts->indent = (uint32_t)strtoul(value, NULL, 10);
                pretty = 1;
            }
        } else if (strcmp(item, "separators") == 0) {
            separators = value;
        } else if (strcmp(item, "sort_keys") == 0) {
            opts->sort_keys = strcmp(value, "true") == 0;
        } else if (strcmp(item, "ensure_ascii") == 0) {
            opts->ensure_ascii = strcmp(value, "true") == 0;
        } else if (strcmp(item, "allow_nan") == 0) {
            opts->allow_nan = strcmp(value, "true") == 0;
        } else {
            CHECK(0, "%s: unknown option %s", name, item);
            return "unknown option";
        }
    }
    if (reason) return reason;
    if (strcmp(separators, "spaced") == 0)
        return "C's one-line layout has no spaces after ',' and ':'";
    if (pretty && strcmp(separators, "pretty") != 0)
        return "C's pretty printing always writes \": \" after keys";
    CHECK(pretty || strcmp(separators, "compact") == 0,
          "%s: separators=%s without indent", name, separators);
    return NULL;
}

/* One options.tsv line; returns NULL if it ran, else why it does not apply. */
static const char *run_option(const char *dir, const char *name,
                              const char *input_path, const char *spec,
                              const char *expected) {
    bf_write_options opts;
    const char *reason = c_write_options(name, spec, &opts);
    if (reason) return reason;
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, input_path);
    unsigned char *input = bf_test_read_file(path, &len);
    bf_document *doc = NULL;
    bf_error err = {0};
    bf_status st = bf_parse(input, len, NULL, &doc, &err);
    CHECK(st == BF_OK, "%s: parse failed: %s", name, err.message);
    bf_buffer out = {0};
    if (st == BF_OK) st = bf_serialize(doc, BF_ROOT, &opts, &out, &err);
    if (strncmp(expected, "error:", 6) == 0) {
        CHECK(st != BF_OK && strcmp(bf_error_kind_name(st), expected + 6) == 0,
              "%s: status %s, want %s", name, bf_error_kind_name(st), expected);
        CHECK(err.line == 0 && err.message != NULL,
              "%s: a serializer error has a message and no position", name);
    } else {
        /* Prefer NAME.raw.out (duplicate keys kept, as the tape keeps them). */
        size_t stem = strlen(expected) - strlen(".out");
        snprintf(path, sizeof path, "%s/%.*s.raw.out", dir, (int)stem, expected);
        FILE *raw = fopen(path, "rb");
        if (raw)
            fclose(raw);
        else
            snprintf(path, sizeof path, "%s/%s", dir, expected);
        size_t want_len;
        unsigned char *want = bf_test_read_file(path, &want_len);
        CHECK(st == BF_OK, "%s: serialize failed: %s", name, err.message);
        CHECK(st != BF_OK ||
                  (out.len == want_len && memcmp(out.data, want, want_len) == 0),
              "%s (%s): got %.300s want %.300s", name, spec, out.data,
              (char *)want);
        free(want);
    }
    bf_buffer_free(&out);
    bf_error_free(&err);
    bf_document_free(doc);
    free(input);
    return NULL;
}

/* One errors.tsv line. */
static void run_error(const char *dir, const char *name, const char *kind,
                      size_t offset, size_t line, size_t column,
                      const char *message) {
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/errors/%s.json", dir, name);
    unsigned char *input = bf_test_read_file(path, &len);
    bf_document *doc = NULL;
    bf_error err = {0};
    bf_status st = bf_parse(input, len, NULL, &doc, &err);
    CHECK(st != BF_OK && doc == NULL, "%s: accepted", name);
    CHECK(strcmp(bf_error_kind_name(err.kind), kind) == 0, "%s: kind %s, want %s",
          name, bf_error_kind_name(err.kind), kind);
    CHECK(err.offset == offset && err.line == line && err.column == column,
          "%s: offset %zu line %zu column %zu, want %zu %zu %zu", name,
          err.offset, err.line, err.column, offset, line, column);
    char want[4096];
    snprintf(want, sizeof want, "%s at line %zu column %zu (byte %zu)", message,
             line, column, offset);
    CHECK(err.message != NULL && strcmp(err.message, want) == 0 &&
              err.message_len == strlen(want),
          "%s: message \"%s\", want \"%s\"", name, err.message, want);
    bf_error_free(&err);
    bf_document_free(doc);
    free(input);
}

/*
 * Splits each non-comment line of dir/file at tabs and calls
 * visit(fields, n, ctx) with its n fields.
 */
typedef void (*tsv_visit)(char **fields, int n, void *ctx);
static void read_tsv(const char *dir, const char *file, tsv_visit visit,
                     void *ctx) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        char *fields[8] = {0};
        visit(fields, split(line, '\t', fields, 8), ctx);
    }
    fclose(f);
}

/* What the three files held and what ran; the option lines that do not
 * apply to C, counted per reason. */
struct counts {
    const char *dir;
    int valid, invalid, options_run, errors;
    const char *reasons[8];
    int not_applicable[8];
};

static void visit_manifest(char **fields, int n, void *ctx) {
    struct counts *c = ctx;
    if (n == 2 && strcmp(fields[0], "valid") == 0) {
        run_valid(c->dir, fields[1]);
        c->valid++;
    } else if (n == 4 && strcmp(fields[0], "invalid") == 0) {
        run_invalid(c->dir, fields[1], fields[2],
                    (size_t)strtoull(fields[3], NULL, 10));
        c->invalid++;
    } else {
        CHECK(0, "bad manifest line: %s", fields[0]);
    }
}

static void visit_option(char **fields, int n, void *ctx) {
    struct counts *c = ctx;
    CHECK(n == 4, "bad options line: %s", fields[0]);
    if (n != 4) return;
    const char *reason =
        run_option(c->dir, fields[0], fields[1], fields[2], fields[3]);
    if (!reason) {
        c->options_run++;
        return;
    }
    int i = 0;
    while (i < 7 && c->reasons[i] && strcmp(c->reasons[i], reason) != 0) i++;
    c->reasons[i] = reason;
    c->not_applicable[i]++;
}

static void visit_error(char **fields, int n, void *ctx) {
    struct counts *c = ctx;
    CHECK(n == 6, "bad errors line: %s", fields[0]);
    if (n != 6) return;
    run_error(c->dir, fields[0], fields[1],
              (size_t)strtoull(fields[2], NULL, 10),
              (size_t)strtoull(fields[3], NULL, 10),
              (size_t)strtoull(fields[4], NULL, 10), fields[5]);
    c->errors++;
}

int main(void) {
    struct counts c = {0};
    c.dir = bf_test_vectors_dir();
    read_tsv(c.dir, "manifest.tsv", visit_manifest, &c);
    read_tsv(c.dir, "options.tsv", visit_option, &c);
    read_tsv(c.dir, "errors.tsv", visit_error, &c);
    printf("ran %d valid, %d invalid, %d option and %d error vectors\n", c.valid,
           c.invalid, c.options_run, c.errors);
    for (int i = 0; i < 8 && c.reasons[i]; i++)
        printf("  %d option vectors not applicable to C: %s\n",
               c.not_applicable[i], c.reasons[i]);
    CHECK(c.valid >= 100 && c.invalid >= 100,
          "too few vectors: %d valid, %d invalid", c.valid, c.invalid);
    CHECK(c.options_run >= 80 && c.errors >= 30,
          "too few vectors: %d option, %d error", c.options_run, c.errors);
    return bf_test_finish("test_vectors");
}
