/*
 * log_stats: a small "legacy" C report over a request log (one JSON object
 * per line, plain text). It answers Q1, "requests per status with their
 * mean latency", and prints one line per status.
 *
 *   log_stats [--logs native|brownfield] FILE
 *
 * native is what the app always did: read the file line by line, parse each
 * line with cJSON, accumulate status -> (count, latency sum) in a table.
 * brownfield is one bf_logs_query_path call (parallel, reads only the two
 * fields). The app reaches its data through one function pointer, so the
 * swap is the one line marked SWAP in main(). Both modes print the same
 * report; the last line is
 *   BENCH c-logs <native|brownfield> <seconds>
 * (the whole query, best of 3 runs).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <brownfield.h>
#include <cjson/cJSON.h>

/* The report: one row per status, sorted by status. */
#define MAX_ROWS 1000
struct row {
    long long status;
    unsigned long long count;
    double mean_latency;
};
struct report {
    struct row rows[MAX_ROWS];
    size_t nrows;
    unsigned long long lines, skipped;
};

/* ---- native: a getline + cJSON loop ---- */

static int by_status(const void *a, const void *b) {
    long long x = ((const struct row *)a)->status, y = ((const struct row *)b)->status;
    return (x > y) - (x < y);
}

static int native_q1(const char *path, struct report *out) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    double sums[MAX_ROWS] = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    memset(out, 0, sizeof *out);
    while ((n = getline(&line, &cap, f)) > 0) {
        if (n == 1 && line[0] == '\n') continue; /* blank lines do not count */
        out->lines++;
        cJSON *rec = cJSON_ParseWithLength(line, (size_t)n);
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(rec, "status");
        const cJSON *latency = cJSON_GetObjectItemCaseSensitive(rec, "latency_ms");
        if (!rec || !cJSON_IsNumber(status)) {
            out->skipped++;
            cJSON_Delete(rec);
            continue;
        }
        long long s = (long long)status->valuedouble;
        size_t i = 0;
        while (i < out->nrows && out->rows[i].status != s) i++;
        if (i == out->nrows && out->nrows < MAX_ROWS) out->rows[out->nrows++].status = s;
        if (i < out->nrows) {
            out->rows[i].count++;
            if (cJSON_IsNumber(latency)) sums[i] += latency->valuedouble;
        }
        cJSON_Delete(rec);
    }
    free(line);
    fclose(f);
    for (size_t i = 0; i < out->nrows; i++)
        out->rows[i].mean_latency = sums[i] / (double)out->rows[i].count;
    qsort(out->rows, out->nrows, sizeof out->rows[0], by_status);
    return 0;
}

/* ---- brownfield: one query ---- */

static int brownfield_q1(const char *path, struct report *out) {
    bf_logs_spec spec = {0};
    spec.group_by = "status";
    spec.group_by_len = strlen(spec.group_by);
    spec.aggregates = "count,mean:latency_ms";
    spec.aggregates_len = strlen(spec.aggregates);
    spec.skip_bad_lines = true; /* as the loop above: count and skip */
    bf_logs_result *r = NULL;
    bf_error err = {0};
    if (bf_logs_query_path(&spec, path, strlen(path), &r, &err) != BF_OK) {
        fprintf(stderr, "%s: %s\n", bf_error_kind_name(err.kind), err.message);
        bf_error_free(&err);
        return -1;
    }
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < bf_logs_result_rows(r) && i < MAX_ROWS; i++) {
        bf_logs_value status, count, mean;
        bf_logs_result_cell(r, i, 0, &status);
        bf_logs_result_cell(r, i, 1, &count);
        bf_logs_result_cell(r, i, 2, &mean);
        if (status.value_type != BF_TYPE_INT) continue; /* records without a status */
        out->rows[out->nrows++] = (struct row){status.integer, (unsigned long long)count.integer,
                                               mean.number};
    }
    bf_logs_counts n;
    bf_logs_result_counts(r, &n);
    out->lines = n.lines_read;
    out->skipped = n.lines_skipped;
    bf_logs_result_free(r);
    return 0;
}

/* ---- the app ---- */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const char *mode = "native";
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--logs") == 0 && i + 1 < argc) mode = argv[++i];
        else path = argv[i];
    }
    if (!path || (strcmp(mode, "native") != 0 && strcmp(mode, "brownfield") != 0)) {
        fprintf(stderr, "usage: log_stats [--logs native|brownfield] FILE\n");
        return 2;
    }
    int use_brownfield = strcmp(mode, "brownfield") == 0;

    int (*q1)(const char *, struct report *) = use_brownfield ? brownfield_q1 : native_q1; /* SWAP */

    static struct report report;
    double best = 1e30;
    for (int pass = 0; pass < 3; pass++) {
        double t0 = now();
        if (q1(path, &report) != 0) return 1;
        double t = now() - t0;
        if (t < best) best = t;
    }
    printf("%8s %10s %16s\n", "status", "count", "mean_latency_ms");
    for (size_t i = 0; i < report.nrows; i++)
        printf("%8lld %10llu %16.4f\n", report.rows[i].status, report.rows[i].count,
               report.rows[i].mean_latency);
    printf("%llu lines, %llu skipped\n", report.lines, report.skipped);
    printf("BENCH c-logs %s %.6f\n", mode, best);
    return 0;
}
