/*
 * GVE — gve-ldap-load: a small LDAP search load client over libldap.
 *
 * Runs the same search workload against any LDAPv3 server (ours, slapd, BDII) so that benchmark
 * figures are comparable: N threads, one connection each, synchronous searches, a fixed query
 * per run, for a fixed duration after a warm-up. Prints searches/s, entries/search, p50/p99 latency.
 *
 *   gve-ldap-load -H ldap://127.0.0.1:2170 -b o=glue -f '(objectClass=GLUE2ComputingService)' \
 *                 [-a 1.1] [-s sub] [-c 4] [-t 10] [-w 1] [-n NAME] [-i IDS]
 *
 * In the filter, "%d" is replaced by a pseudo-random integer in [0, IDS) per search (-i), so an
 * indexed-equality workload hits different entries.
 */
#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct config {
    const char *uri, *base, *filter, *name;
    char *attrs[16];
    int scope, threads, ids;
    double seconds, warmup;
};

struct worker {
    const struct config *cfg;
    pthread_t thread;
    unsigned seed;
    long searches, entries, errors;
    double *lat;   /* milliseconds */
    long lat_len, lat_cap;
};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void record(struct worker *w, double ms) {
    if (w->lat_len == w->lat_cap) {
        w->lat_cap = w->lat_cap ? w->lat_cap * 2 : 4096;
        w->lat = realloc(w->lat, w->lat_cap * sizeof(double));
        if (!w->lat) { perror("realloc"); exit(2); }
    }
    w->lat[w->lat_len++] = ms;
}

static void *run(void *arg) {
    struct worker *w = arg;
    const struct config *c = w->cfg;
    LDAP *ld = NULL;
    int version = LDAP_VERSION3;
    if (ldap_initialize(&ld, c->uri) != LDAP_SUCCESS) { fprintf(stderr, "ldap_initialize failed\n"); exit(2); }
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    struct berval cred = { 0, NULL };
    int rc = ldap_sasl_bind_s(ld, NULL, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
    if (rc != LDAP_SUCCESS) { fprintf(stderr, "bind: %s\n", ldap_err2string(rc)); exit(2); }

    char filter[1024];
    double start = now_s(), measure_from = start + c->warmup, end = measure_from + c->seconds;
    for (;;) {
        double t0 = now_s();
        if (t0 >= end) break;
        const char *pct = strstr(c->filter, "%d");
        if (pct && c->ids > 0) {
            int id = rand_r(&w->seed) % c->ids;
            snprintf(filter, sizeof filter, "%.*s%d%s", (int)(pct - c->filter), c->filter, id, pct + 2);
        } else {
            snprintf(filter, sizeof filter, "%s", c->filter);
        }
        LDAPMessage *res = NULL;
        rc = ldap_search_ext_s(ld, c->base, c->scope, filter, c->attrs[0] ? (char **)c->attrs : NULL, 0,
                               NULL, NULL, NULL, 0, &res);
        double t1 = now_s();
        int n = res ? ldap_count_entries(ld, res) : 0;
        if (res) ldap_msgfree(res);
        if (t0 < measure_from) continue;
        if (rc != LDAP_SUCCESS) { w->errors++; continue; }
        w->searches++;
        w->entries += n;
        record(w, (t1 - t0) * 1000.0);
    }
    ldap_unbind_ext_s(ld, NULL, NULL);
    return NULL;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void usage(void) {
    fprintf(stderr, "usage: gve-ldap-load -H URI -b BASE -f FILTER [-a ATTR]... [-s base|one|sub] [-c THREADS] "
                    "[-t SECONDS] [-w WARMUP] [-i IDS] [-n NAME]\n");
    exit(2);
}

int main(int argc, char **argv) {
    struct config c = { .uri = "ldap://127.0.0.1:2170", .base = "o=glue", .filter = NULL, .name = "query",
                        .scope = LDAP_SCOPE_SUBTREE, .threads = 4, .ids = 0, .seconds = 10, .warmup = 1 };
    int nattrs = 0, opt;
    while ((opt = getopt(argc, argv, "H:b:f:a:s:c:t:w:i:n:")) != -1) {
        switch (opt) {
        case 'H': c.uri = optarg; break;
        case 'b': c.base = optarg; break;
        case 'f': c.filter = optarg; break;
        case 'a': if (nattrs < 15) c.attrs[nattrs++] = optarg; break;
        case 's': c.scope = !strcmp(optarg, "base") ? LDAP_SCOPE_BASE : !strcmp(optarg, "one") ? LDAP_SCOPE_ONELEVEL : LDAP_SCOPE_SUBTREE; break;
        case 'c': c.threads = atoi(optarg); break;
        case 't': c.seconds = atof(optarg); break;
        case 'w': c.warmup = atof(optarg); break;
        case 'i': c.ids = atoi(optarg); break;
        case 'n': c.name = optarg; break;
        default: usage();
        }
    }
    if (!c.filter || c.threads < 1 || c.threads > 256 || c.seconds <= 0 || c.seconds > 600) usage();
    c.attrs[nattrs] = NULL;

    struct worker *ws = calloc(c.threads, sizeof *ws);
    for (int i = 0; i < c.threads; i++) {
        ws[i].cfg = &c;
        ws[i].seed = 12345u + i;
        pthread_create(&ws[i].thread, NULL, run, &ws[i]);
    }
    long searches = 0, entries = 0, errors = 0, total = 0;
    for (int i = 0; i < c.threads; i++) {
        pthread_join(ws[i].thread, NULL);
        searches += ws[i].searches; entries += ws[i].entries; errors += ws[i].errors; total += ws[i].lat_len;
    }
    double *all = malloc((total ? total : 1) * sizeof(double));
    long k = 0;
    for (int i = 0; i < c.threads; i++) { memcpy(all + k, ws[i].lat, ws[i].lat_len * sizeof(double)); k += ws[i].lat_len; }
    qsort(all, total, sizeof(double), cmp);
    double p50 = total ? all[total / 2] : 0, p99 = total ? all[(long)(total * 0.99)] : 0;
    printf("%s\tsearches=%ld\terrors=%ld\tentries/search=%.1f\tsearches/s=%.1f\tp50_ms=%.3f\tp99_ms=%.3f\n",
           c.name, searches, errors, searches ? (double)entries / searches : 0, searches / c.seconds, p50, p99);
    return errors ? 1 : 0;
}
