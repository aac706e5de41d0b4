#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

const char *sf_test_shared_data(void)
{
    const char *dir = getenv("SAFFRON_SHARED_DATA");
    if (!dir || !*dir)
        dir = "../shared/data/icrp110";
    struct stat st;
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/AM/AM.raw", dir);
    if (stat(probe, &st) != 0) {
        printf("SKIP: ICRP 110 phantom data not found at %s "
               "(set SAFFRON_SHARED_DATA to the icrp110 directory)\n", dir);
        return NULL;
    }
    return dir;
}

const char *sf_test_require_shared_data(void)
{
    const char *dir = sf_test_shared_data();
    if (!dir)
        exit(SF_TEST_SKIP);
    return dir;
}

const char *sf_test_source_dir(void)
{
    const char *dir = getenv("SAFFRON_SOURCE_DIR");
    return (dir && *dir) ? dir : ".";
}

const char *sf_test_tmpdir(void)
{
    static char path[256];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/saffron-test-XXXXXX");
        if (!mkdtemp(path)) {
            perror("mkdtemp");
            exit(1);
        }
    }
    return path;
}

#include <string.h>

sf_phantom *sf_test_box_phantom(int nx, int ny, int nz, double spacing_cm,
                                const char *material, double density_g_cm3,
                                int n_labels)
{
    sf_phantom *ph = calloc(1, sizeof *ph);
    size_t n = (size_t)nx * ny * nz;
    if (!ph || !(ph->label = malloc(n * sizeof *ph->label)) ||
        !(ph->regions = calloc((size_t)n_labels, sizeof *ph->regions)) ||
        !(ph->media = calloc(1, sizeof *ph->media))) {
        fprintf(stderr, "test phantom: out of memory\n");
        exit(1);
    }
    snprintf(ph->name, sizeof ph->name, "test box %dx%dx%d", nx, ny, nz);
    ph->nx = nx;
    ph->ny = ny;
    ph->nz = nz;
    for (int a = 0; a < 3; ++a)
        ph->spacing_cm[a] = spacing_cm;
    for (size_t v = 0; v < n; ++v)
        ph->label[v] = 1;
    if (sf_material_builtin(material, &ph->media[0]) != SF_OK) {
        fprintf(stderr, "test phantom: %s\n", sf_error_message());
        exit(1);
    }
    ph->n_media = 1;
    ph->n_labels = n_labels;
    for (int l = 0; l < n_labels; ++l) {
        snprintf(ph->regions[l].name, sizeof ph->regions[l].name, "R%d", l);
        ph->regions[l].medium = 0;
        ph->regions[l].density_g_cm3 = density_g_cm3;
        ph->regions[l].in_body = 1;
        ph->regions[l].blood_fraction = NAN;
        for (int k = 0; k < SF_SPONGIOSA_N; ++k)
            ph->regions[l].spongiosa[k] = NAN;
    }
    sf_phantom_update_masses(ph);
    return ph;
}

#include <math.h>

void sf_test_make_bins(sf_test_density_fn f, const void *ctx, double a,
                       double b, sf_test_binning *out)
{
    static double cum[SF_TEST_CELLS + 1];
    double h = (b - a) / SF_TEST_CELLS;
    cum[0] = 0.0;
    for (int i = 0; i < SF_TEST_CELLS; ++i) {
        double t0 = a + i * h;
        cum[i + 1] = cum[i] + h / 6.0 * (f(t0, ctx) + 4.0 * f(t0 + 0.5 * h, ctx) +
                                         f(t0 + h, ctx));
    }
    int cell = 0;
    out->edge[0] = a;
    for (int k = 1; k < SF_TEST_BINS; ++k) {
        double target = cum[SF_TEST_CELLS] * k / SF_TEST_BINS;
        while (cell < SF_TEST_CELLS && cum[cell] < target)
            ++cell;
        out->edge[k] = a + cell * h;
        out->prob[k - 1] = cum[cell];
    }
    out->edge[SF_TEST_BINS] = b;
    out->prob[SF_TEST_BINS - 1] = cum[SF_TEST_CELLS];
    for (int k = SF_TEST_BINS - 1; k > 0; --k)
        out->prob[k] -= out->prob[k - 1];
    for (int k = 0; k < SF_TEST_BINS; ++k)
        out->prob[k] /= cum[SF_TEST_CELLS];
}

int sf_test_bin_of(const double *edge, double t)
{
    int lo = 0, hi = SF_TEST_BINS - 1;
    while (hi > lo) {
        int mid = (lo + hi + 1) / 2;
        if (edge[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

double sf_test_chi2_p_value(double chi2, int ndf)
{
    double v = 2.0 / (9.0 * ndf);
    double z = (cbrt(chi2 / ndf) - (1.0 - v)) / sqrt(v);
    return 0.5 * erfc(z / sqrt(2.0));
}

double sf_test_chi2_of(const sf_test_binning *b, const long *count, long n)
{
    double chi2 = 0.0;
    for (int k = 0; k < SF_TEST_BINS; ++k) {
        double e = b->prob[k] * n;
        chi2 += (count[k] - e) * (count[k] - e) / e;
    }
    return chi2;
}

int sf_test_load_photon_data(const int *Z, int n, sf_photon_data **pd)
{
    if (sf_photon_data_load(sf_photon_data_default_dir(), Z, n, pd) != SF_OK) {
        fprintf(stderr, "photon data: %s\n", sf_error_message());
        return -1;
    }
    return 0;
}

sf_tally *sf_test_run_per_label(const sf_world *w, const sf_source *src,
                                sf_stream_id id, uint64_t n,
                                sf_target_map **map)
{
    sf_tally *t = NULL;
    if (sf_target_map_per_label(w->ph, map) != SF_OK ||
        sf_tally_create((*map)->n_targets, &t) != SF_OK ||
        sf_task_run(w, src, *map, id, 0, n, 2, t) != SF_OK) {
        fprintf(stderr, "test run: %s\n", sf_error_message());
        exit(1);
    }
    return t;
}

void sf_test_report(const char *test, const char *quantity, double value,
                    double sigma, double reference, double reference_sigma,
                    const char *unit, const char *source,
                    const char *tolerance)
{
    printf("@validation|%s|%s|%.10g|%.4g|%.10g|%.4g|%s|%s|%s\n", test,
           quantity, value, sigma, reference, reference_sigma, unit, source,
           tolerance);
    fflush(stdout);
}

void sf_test_report_chi2(const char *test, const char *source, double chi2,
                         int ndf, double p_min, const char *quantity_fmt, ...)
{
    char quantity[160];
    va_list ap;
    va_start(ap, quantity_fmt);
    vsnprintf(quantity, sizeof quantity, quantity_fmt, ap);
    va_end(ap);
    /* The p-value falls monotonically with chi-square: bisect for the
     * largest accepted chi-square. */
    double lo = 0.0, hi = 10.0 * ndf + 100.0;
    for (int i = 0; i < 100; ++i) {
        double mid = 0.5 * (lo + hi);
        if (sf_test_chi2_p_value(mid, ndf) > p_min)
            lo = mid;
        else
            hi = mid;
    }
    char rule[96];
    snprintf(rule, sizeof rule, "p > %g: chi2 within [0, %.2f]", p_min, lo);
    sf_test_report(test, quantity, chi2, 0.0, ndf, sqrt(2.0 * ndf),
                   "chi2", source, rule);
}

void sf_test_assert_same_tally(const sf_tally *a, const sf_tally *b)
{
    assert_int_equal(a->n_targets, b->n_targets);
    assert_int_equal(a->histories, b->histories);
    assert_memory_equal(a->sum, b->sum, sizeof *a->sum * (size_t)a->n_targets);
    assert_memory_equal(a->sum2, b->sum2, sizeof *a->sum2 * (size_t)a->n_targets);
    assert_memory_equal(a->energy, b->energy, sizeof a->energy);
    assert_memory_equal(a->counter, b->counter, sizeof a->counter);
}
