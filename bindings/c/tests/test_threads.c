/*
 * One document, read by several threads at once (the header promises a
 * bf_document may be shared for reading): each thread serializes the whole
 * document and walks it; every result must equal the single-threaded one.
 * Then log queries run from several threads at once over one shared
 * buffer, each with its own worker pool, and one result is read by all
 * threads: every table must equal the first one.
 */
#include <pthread.h>

#include "bf_test.h"

#define THREADS 4
#define ROUNDS 20

struct job {
    const bf_document *doc;
    const char *want;
    int mismatches;
};

static size_t count_values(const bf_document *doc, size_t v) {
    bf_type t;
    bf_iter it;
    size_t child, n = 1;
    if (bf_type_of(doc, v, &t) != BF_OK) return 0;
    if (t == BF_TYPE_ARRAY && bf_array_iter(doc, v, &it) == BF_OK)
        while (bf_array_next(doc, &it, &child)) n += count_values(doc, child);
    if (t == BF_TYPE_OBJECT && bf_object_iter(doc, v, &it) == BF_OK)
        while (bf_object_next(doc, &it, NULL, NULL, &child)) n += count_values(doc, child);
    return n;
}

static void *reader(void *arg) {
    struct job *job = arg;
    size_t want_count = count_values(job->doc, BF_ROOT);
    for (int r = 0; r < ROUNDS; r++) {
        bf_buffer out = {0};
        if (bf_serialize(job->doc, BF_ROOT, NULL, &out, NULL) != BF_OK ||
            strcmp(out.data, job->want) != 0 || count_values(job->doc, BF_ROOT) != want_count)
            job->mismatches++;
        bf_buffer_free(&out);
    }
    return NULL;
}

/* The whole table as text, one cell after another (malloc'ed). */
static char *table_text(const bf_logs_result *r) {
    size_t cap = 1 << 12, len = 0;
    char *out = malloc(cap);
    out[0] = 0;
    for (size_t row = 0; row < bf_logs_result_rows(r); row++)
        for (size_t col = 0; col < bf_logs_result_columns(r); col++) {
            bf_buffer cell = {0};
            if (bf_logs_result_cell_text(r, row, col, &cell) != BF_OK) continue;
            while (len + cell.len + 2 > cap) out = realloc(out, cap *= 2);
            memcpy(out + len, cell.data, cell.len);
            len += cell.len;
            out[len++] = col + 1 == bf_logs_result_columns(r) ? '\n' : '|';
            out[len] = 0;
            bf_buffer_free(&cell);
        }
    return out;
}

struct log_job {
    const char *data;
    size_t len;
    const bf_logs_result *shared;
    const char *want;
    int mismatches;
};

static bf_logs_spec log_spec(void) {
    bf_logs_spec spec = {0};
    spec.group_by = "status,region";
    spec.group_by_len = strlen(spec.group_by);
    spec.aggregates = "count,p50:latency,sum:latency,top2:region,distinct:id";
    spec.aggregates_len = strlen(spec.aggregates);
    spec.threads = 2;
    spec.chunk_size = 1 << 12;
    return spec;
}

static void *log_worker(void *arg) {
    struct log_job *job = arg;
    bf_logs_spec spec = log_spec();
    for (int r = 0; r < ROUNDS / 4; r++) {
        bf_logs_result *res = NULL;
        char *got = NULL;
        if (bf_logs_query_buffer(&spec, (const uint8_t *)job->data, job->len, &res, NULL) != BF_OK ||
            strcmp(got = table_text(res), job->want) != 0)
            job->mismatches++;
        free(got);
        bf_logs_result_free(res);
        got = table_text(job->shared);
        if (strcmp(got, job->want) != 0) job->mismatches++;
        free(got);
    }
    return NULL;
}

static void test_concurrent_queries(void) {
    size_t cap = 1 << 20, len = 0;
    char *data = malloc(cap);
    for (int i = 0; i < 20000; i++) {
        if (cap - len < 128) data = realloc(data, cap *= 2);
        len += (size_t)snprintf(data + len, cap - len,
                                "{\"status\":%d,\"region\":\"r%d\",\"latency\":%d.5,\"id\":%d}\n",
                                200 + (i % 7) * 50, i % 3, (i * 37) % 1000, i % 977);
    }
    bf_logs_spec spec = log_spec();
    bf_logs_result *first = NULL;
    CHECK_STATUS(bf_logs_query_buffer(&spec, (const uint8_t *)data, len, &first, NULL), BF_OK);
    if (!first) {
        free(data);
        return;
    }
    CHECK(bf_logs_result_rows(first) == 21, "%zu groups", bf_logs_result_rows(first));
    char *want = table_text(first);
    pthread_t threads[THREADS];
    struct log_job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (struct log_job){data, len, first, want, 0};
        CHECK(pthread_create(&threads[i], NULL, log_worker, &jobs[i]) == 0, "pthread_create");
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(jobs[i].mismatches == 0, "log thread %d: %d mismatching rounds", i,
              jobs[i].mismatches);
    }
    free(want);
    bf_logs_result_free(first);
    free(data);
}

int main(void) {
    test_concurrent_queries();
    char dir[4096], path[8192];
    bf_test_corpus_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/citm_catalog.json", dir);
    size_t len;
    unsigned char *data = bf_test_read_file(path, &len);
    bf_document *doc = bf_test_parse(data, len, NULL);
    free(data);
    if (!doc) return bf_test_finish("test_threads");
    char *want = bf_test_serialize(doc, BF_ROOT, NULL);

    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (struct job){doc, want, 0};
        CHECK(pthread_create(&threads[i], NULL, reader, &jobs[i]) == 0, "pthread_create");
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(jobs[i].mismatches == 0, "thread %d: %d mismatching rounds", i, jobs[i].mismatches);
    }
    free(want);
    bf_document_free(doc);
    return bf_test_finish("test_threads");
}
