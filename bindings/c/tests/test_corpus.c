/*
 * Round trips over every *.json file of the shared corpus
 * ($BROWNFIELD_DATA_DIR/json): parse, serialize, re-parse, serialize again
 * and compare; also pretty and ensure_ascii output must re-parse to the
 * same document, and a full walk with the iterators must agree with the
 * length accessors. A missing corpus fails the test (it never skips).
 */
#include "bf_test.h"

/* Walks the value at `v`, counting values per bf_type into `counts`;
 * checks iterator counts against bf_array_len / bf_object_len. */
static void walk(const bf_document *doc, size_t v, size_t counts[8]) {
    bf_type t;
    CHECK_STATUS(bf_type_of(doc, v, &t), BF_OK);
    if (t > BF_TYPE_OBJECT) return;
    counts[t]++;
    bf_iter it;
    size_t child, len, n = 0;
    if (t == BF_TYPE_ARRAY) {
        CHECK_STATUS(bf_array_len(doc, v, &len), BF_OK);
        CHECK_STATUS(bf_array_iter(doc, v, &it), BF_OK);
        while (bf_array_next(doc, &it, &child)) {
            walk(doc, child, counts);
            n++;
        }
        CHECK(n == len, "array at %zu: iterated %zu of %zu", v, n, len);
    } else if (t == BF_TYPE_OBJECT) {
        const char *key;
        size_t key_len;
        CHECK_STATUS(bf_object_len(doc, v, &len), BF_OK);
        CHECK_STATUS(bf_object_iter(doc, v, &it), BF_OK);
        while (bf_object_next(doc, &it, &key, &key_len, &child)) {
            /* the last member with this key is what bf_object_get finds */
            size_t found;
            CHECK_STATUS(bf_object_get(doc, v, key, key_len, &found), BF_OK);
            CHECK(found != BF_NO_VALUE && found >= child,
                  "object at %zu: key %.*s not found", v, (int)key_len, key);
            counts[BF_TYPE_STRING]++; /* keys are strings too */
            walk(doc, child, counts);
            n++;
        }
        CHECK(n == len, "object at %zu: iterated %zu of %zu", v, n, len);
    }
}

static void round_trip(const char *name, const unsigned char *data, size_t len) {
    bf_document *doc = bf_test_parse(data, len, NULL);
    if (!doc) {
        fprintf(stderr, "%s: does not parse\n", name);
        return;
    }
    char *once = bf_test_serialize(doc, BF_ROOT, NULL);
    bf_document *again = once ? bf_test_parse_str(once) : NULL;
    char *twice = again ? bf_test_serialize(again, BF_ROOT, NULL) : NULL;
    CHECK(once && twice && strcmp(once, twice) == 0,
          "%s: re-parsed document serializes differently", name);

    /* Pretty and ASCII-only forms are the same document. */
    bf_write_options pretty = bf_write_options_default();
    pretty.indent = 2;
    pretty.ensure_ascii = true;
    char *p = bf_test_serialize(doc, BF_ROOT, &pretty);
    if (p) {
        int ascii = 1;
        for (const char *c = p; *c; c++)
            if ((unsigned char)*c >= 0x80) ascii = 0;
        CHECK(ascii, "%s: ensure_ascii output has non-ASCII bytes", name);
        bf_document *from_pretty = bf_test_parse_str(p);
        char *compact = from_pretty ? bf_test_serialize(from_pretty, BF_ROOT, NULL) : NULL;
        CHECK(compact && once && strcmp(compact, once) == 0,
              "%s: pretty/ascii output is a different document", name);
        free(compact);
        bf_document_free(from_pretty);
        free(p);
    }

    size_t counts[8] = {0}, counts_again[8] = {0};
    walk(doc, BF_ROOT, counts);
    if (again) walk(again, BF_ROOT, counts_again);
    CHECK(memcmp(counts, counts_again, sizeof counts) == 0,
          "%s: value counts differ after round trip", name);
    printf("%-24s %9zu bytes  objects %zu arrays %zu strings %zu numbers %zu\n",
           name, len, counts[BF_TYPE_OBJECT], counts[BF_TYPE_ARRAY],
           counts[BF_TYPE_STRING],
           counts[BF_TYPE_INT] + counts[BF_TYPE_BIGINT] + counts[BF_TYPE_FLOAT]);
    free(once);
    free(twice);
    bf_document_free(again);
    bf_document_free(doc);
}

int main(void) {
    char dir[4096];
    bf_test_corpus_dir(dir, sizeof dir);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "corpus not found at %s (set BROWNFIELD_DATA_DIR)\n", dir);
        return 2;
    }
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        unsigned char *data = bf_test_read_file(path, &len);
        round_trip(e->d_name, data, len);
        free(data);
        files++;
    }
    closedir(d);
    CHECK(files >= 10, "only %d corpus files in %s", files, dir);
    return bf_test_finish("test_corpus");
}
