/*
 * corpus_stats: a small "legacy" C app. It loads every *.json file of a
 * directory, and for each one (the hot path) parses it, walks it to count
 * values per type, object keys and the longest string, and serializes it
 * back to compact JSON in memory (nothing is written to disk).
 *
 *   corpus_stats [--json native|brownfield] [DIR]
 *
 * native is cJSON, the library the app always used; brownfield is the
 * Rust core through its C API. The app talks to JSON through a small
 * table of four functions, so the swap is the one line marked SWAP in
 * main(). Both modes print the same summary; the last line is
 *   BENCH c <native|brownfield> <seconds>
 * (the hot path's time, best of 3 passes over all files).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <brownfield.h>
#include <cjson/cJSON.h>

/* What the app computes per document. */
struct stats {
    size_t nulls, bools, numbers, strings, arrays, objects, keys;
    size_t longest_string; /* bytes of the longest string value */
    size_t output_bytes;   /* size of the re-serialized text */
};

/* The app's JSON layer: parse, walk, serialize, free. */
struct json_api {
    const char *name;
    void *(*parse)(const char *text, size_t len);
    void (*walk)(void *doc, struct stats *st);
    char *(*serialize)(void *doc, size_t *len); /* release with release_text */
    void (*release_text)(char *text);
    void (*release)(void *doc);
};

/* ---- native: cJSON ---- */

static void *cjson_parse(const char *text, size_t len) {
    return cJSON_ParseWithLength(text, len);
}

static void cjson_walk_value(const cJSON *v, struct stats *st) {
    if (cJSON_IsNull(v)) st->nulls++;
    else if (cJSON_IsBool(v)) st->bools++;
    else if (cJSON_IsNumber(v)) st->numbers++;
    else if (cJSON_IsString(v)) {
        size_t n = strlen(v->valuestring);
        st->strings++;
        if (n > st->longest_string) st->longest_string = n;
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        int object = cJSON_IsObject(v);
        if (object) st->objects++; else st->arrays++;
        for (const cJSON *c = v->child; c; c = c->next) {
            if (object) st->keys++;
            cjson_walk_value(c, st);
        }
    }
}

static void cjson_walk(void *doc, struct stats *st) { cjson_walk_value(doc, st); }

static char *cjson_serialize(void *doc, size_t *len) {
    char *s = cJSON_PrintUnformatted(doc);
    *len = s ? strlen(s) : 0;
    return s;
}

static void cjson_release_text(char *s) { cJSON_free(s); }
static void cjson_release(void *doc) { cJSON_Delete(doc); }

static const struct json_api cjson_api = {
    "native", cjson_parse, cjson_walk, cjson_serialize, cjson_release_text, cjson_release};

/* ---- brownfield ---- */

static void *brownfield_json_parse(const char *text, size_t len) {
    bf_document *doc = NULL;
    return bf_parse((const uint8_t *)text, len, NULL, &doc, NULL) == BF_OK ? doc : NULL;
}

static void brownfield_walk_value(const bf_document *doc, size_t v, struct stats *st) {
    bf_type t;
    bf_iter it;
    size_t child, len;
    const char *s;
    bf_type_of(doc, v, &t);
    switch (t) {
    case BF_TYPE_NULL: st->nulls++; break;
    case BF_TYPE_BOOL: st->bools++; break;
    case BF_TYPE_INT: case BF_TYPE_BIGINT: case BF_TYPE_FLOAT: st->numbers++; break;
    case BF_TYPE_STRING:
        bf_get_string(doc, v, &s, &len);
        st->strings++;
        if (len > st->longest_string) st->longest_string = len;
        break;
    case BF_TYPE_ARRAY:
        st->arrays++;
        bf_array_iter(doc, v, &it);
        while (bf_array_next(doc, &it, &child)) brownfield_walk_value(doc, child, st);
        break;
    case BF_TYPE_OBJECT:
        st->objects++;
        bf_object_iter(doc, v, &it);
        while (bf_object_next(doc, &it, NULL, NULL, &child)) {
            st->keys++;
            brownfield_walk_value(doc, child, st);
        }
        break;
    }
}

static void brownfield_json_walk(void *doc, struct stats *st) { brownfield_walk_value(doc, BF_ROOT, st); }

static char *brownfield_json_serialize(void *doc, size_t *len) {
    bf_buffer out = {0};
    if (bf_serialize(doc, BF_ROOT, NULL, &out, NULL) != BF_OK) return NULL;
    /* Hand the caller the text; keep the buffer header with it to free. */
    bf_buffer *keep = malloc(sizeof *keep);
    *keep = out;
    *len = out.len;
    return (char *)keep;
}

static void brownfield_json_release_text(char *s) {
    bf_buffer *keep = (bf_buffer *)s;
    bf_buffer_free(keep);
    free(keep);
}

static void brownfield_json_release(void *doc) { bf_document_free(doc); }

static const struct json_api brownfield_api = {
    "brownfield", brownfield_json_parse, brownfield_json_walk, brownfield_json_serialize, brownfield_json_release_text,
    brownfield_json_release};

/* ---- the app ---- */

struct file {
    char name[256];
    char *data;
    size_t len;
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const struct file *)a)->name, ((const struct file *)b)->name);
}

static size_t load_corpus(const char *dir, struct file **out) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "corpus_stats: cannot open %s\n", dir);
        exit(2);
    }
    size_t n = 0, cap = 16;
    struct file *files = malloc(cap * sizeof *files);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 6 || nl >= sizeof files->name || strcmp(e->d_name + nl - 5, ".json") != 0)
            continue;
        char path[4096 + sizeof e->d_name];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        if (n == cap) files = realloc(files, (cap *= 2) * sizeof *files);
        struct file *fl = &files[n++];
        memcpy(fl->name, e->d_name, nl + 1);
        fl->data = malloc((size_t)size + 1);
        fl->len = fread(fl->data, 1, (size_t)size, f);
        fl->data[fl->len] = '\0';
        fclose(f);
    }
    closedir(d);
    qsort(files, n, sizeof *files, by_name);
    *out = files;
    return n;
}

/* The hot path for one document. Returns 0 when it does not parse. */
static int process(const struct json_api *json, const struct file *f, struct stats *st) {
    void *doc = json->parse(f->data, f->len);
    if (!doc) return 0;
    json->walk(doc, st);
    size_t len = 0;
    char *text = json->serialize(doc, &len);
    st->output_bytes = len;
    if (text) json->release_text(text);
    json->release(doc);
    return text != NULL;
}

int main(int argc, char **argv) {
    const char *mode = "native";
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) mode = argv[++i];
        else dir = argv[i];
    }
    char default_dir[4096];
    if (!dir) {
        const char *data = getenv("BROWNFIELD_DATA_DIR");
        snprintf(default_dir, sizeof default_dir, "%s/json", data ? data : "../shared/data");
        dir = default_dir;
    }
    if (strcmp(mode, "native") != 0 && strcmp(mode, "brownfield") != 0) {
        fprintf(stderr, "usage: corpus_stats [--json native|brownfield] [DIR]\n");
        return 2;
    }
    int use_brownfield = strcmp(mode, "brownfield") == 0;

    const struct json_api *json = use_brownfield ? &brownfield_api : &cjson_api; /* SWAP */

    struct file *files;
    size_t n = load_corpus(dir, &files);
    if (n == 0) {
        fprintf(stderr, "corpus_stats: no *.json files in %s\n", dir);
        return 2;
    }

    struct stats *per_file = calloc(n, sizeof *per_file);
    double best = 1e30;
    int failures = 0;
    for (int pass = 0; pass < 3; pass++) {
        failures = 0;
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            memset(&per_file[i], 0, sizeof per_file[i]);
            if (!process(json, &files[i], &per_file[i])) failures++;
        }
        double t = now() - t0;
        if (t < best) best = t;
    }

    struct stats total = {0};
    for (size_t i = 0; i < n; i++) {
        const struct stats *s = &per_file[i];
        printf("%-24s objects %7zu arrays %7zu strings %7zu numbers %7zu keys %7zu longest %6zu\n",
               files[i].name, s->objects, s->arrays, s->strings, s->numbers, s->keys,
               s->longest_string);
        total.nulls += s->nulls;
        total.bools += s->bools;
        total.numbers += s->numbers;
        total.strings += s->strings;
        total.arrays += s->arrays;
        total.objects += s->objects;
        total.keys += s->keys;
        if (s->longest_string > total.longest_string) total.longest_string = s->longest_string;
        free(files[i].data);
    }
    printf("TOTAL %zu files, %d failed: null %zu bool %zu number %zu string %zu array %zu "
           "object %zu keys %zu longest string %zu bytes\n",
           n, failures, total.nulls, total.bools, total.numbers, total.strings, total.arrays,
           total.objects, total.keys, total.longest_string);
    free(per_file);
    free(files);
    printf("BENCH c %s %.6f\n", json->name, best);
    return failures ? 1 : 0;
}
