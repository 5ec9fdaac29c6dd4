/*
 * One document, read by several threads at once (the header promises a
 * bf_document may be shared for reading): each thread serializes the whole
 * document and walks it; every result must equal the single-threaded one.
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

int main(void) {
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
