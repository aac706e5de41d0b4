/* Helpers shared by the cmocka tests. Include after <cmocka.h>. */
#ifndef SF_TEST_SUPPORT_H
#define SF_TEST_SUPPORT_H

#define SF_TEST_SKIP 77 /* ctest SKIP_RETURN_CODE */

/* Directory of the ICRP 110 phantoms, or NULL (after printing why) when it
 * is absent. */
const char *sf_test_shared_data(void);

/* Exits with SF_TEST_SKIP, printing the reason, when ../shared is absent. */
const char *sf_test_require_shared_data(void);

/* Source tree root (for physics-data/ and jobs/). */
const char *sf_test_source_dir(void);

/* Path of a fresh scratch directory for this test (removed by the OS's tmp
 * cleaning; tests may create files inside). */
const char *sf_test_tmpdir(void);

#include "geometry/phantom.h"

/* A box of nx*ny*nz voxels of `spacing_cm`, origin at 0, all voxels label
 * 1, with n_labels regions ("R0", "R1", ...) all made of the built-in
 * material `material` at `density_g_cm3`. Callers may relabel voxels, then
 * call sf_phantom_update_masses. Aborts the test on failure. */
sf_phantom *sf_test_box_phantom(int nx, int ny, int nz, double spacing_cm,
                                const char *material, double density_g_cm3,
                                int n_labels);

/* Chi-square tests of samplers against a density, with (nearly)
 * equiprobable bins. */
enum { SF_TEST_BINS = 50, SF_TEST_CELLS = 20000 };

typedef double (*sf_test_density_fn)(double t, const void *ctx);

typedef struct sf_test_binning {
    double edge[SF_TEST_BINS + 1];
    double prob[SF_TEST_BINS];
} sf_test_binning;

/* Integrates f over SF_TEST_CELLS Simpson cells of [a,b] and groups them
 * into SF_TEST_BINS bins of nearly equal probability; prob[] are the
 * probabilities (to Simpson accuracy) of the bins formed. */
void sf_test_make_bins(sf_test_density_fn f, const void *ctx, double a,
                       double b, sf_test_binning *out);

/* Index of the bin holding t. */
int sf_test_bin_of(const double *edge, double t);

/* Chi-square of observed counts (n draws in all) against the bins. */
double sf_test_chi2_of(const sf_test_binning *b, const long *count, long n);

/* Upper tail probability of chi-square with ndf degrees of freedom
 * (Wilson and Hilferty, PNAS 17 (1931) 684). */
double sf_test_chi2_p_value(double chi2, int ndf);

#include "physics/photon_data.h"

/* Loads the photon data of elements Z[0..n-1] from the default directory
 * (for cmocka group setups): 0, or -1 after printing why. */
int sf_test_load_photon_data(const int *Z, int n, sf_photon_data **pd);

/* One comparison for the validation report: prints the line
 *   @validation|TEST|QUANTITY|VALUE|SIGMA|REFERENCE|REF_SIGMA|UNIT|SOURCE|TOLERANCE
 * that benchmarks/validation.sh collects into docs/validation.md (value
 * and reference with their 1-sigma uncertainties, 0 when exact or not
 * known; the source names the published table or code; the tolerance is
 * the test's pass rule in words). Field text must not contain '|'. */
void sf_test_report(const char *test, const char *quantity, double value,
                    double sigma, double reference, double reference_sigma,
                    const char *unit, const char *source,
                    const char *tolerance);

/* The script evaluates the tolerance text as a pass rule when it is one of
 *   "A % + B sigma + C relative + D absolute"  (any non-empty subset of the
 *       terms): |value - reference| <= A/100 |ref| + B sigma_combined
 *       + C |ref| + D, with |ref| read as 1 when the reference is 0 (the
 *       quantity is then itself a deviation, e.g. D/D_ref - 1);
 *   several such conditions joined by " and ": all must hold;
 *   "... within [LO, HI] ...": LO <= value <= HI (for rules that are not a
 *       distance from this line's reference, e.g. a band between two
 *       references);
 *   "reported": no rule (shown only);
 * words after the terms (", in every voxel") are commentary. Anything else
 * is shown as text and judged only by the test's own exit status. */

/* A chi-square test of a sampler for the report: the statistic against its
 * expectation under the hypothesis, ndf +- sqrt(2 ndf), with the test's
 * rule p > p_min written as the interval of chi-square it accepts. The
 * quantity is formatted by printf from quantity_fmt and what follows. */
void sf_test_report_chi2(const char *test, const char *source, double chi2,
                         int ndf, double p_min, const char *quantity_fmt, ...)
    __attribute__((format(printf, 6, 7)));

#include "transport/task_run.h"

/* Histories [0, n) of src in w, run on two threads into a fresh tally over
 * the per-label targets of w's phantom (*map). The caller destroys both.
 * Aborts the test on failure. */
sf_tally *sf_test_run_per_label(const sf_world *w, const sf_source *src,
                                sf_stream_id id, uint64_t n,
                                sf_target_map **map);

/* Asserts that two tallies hold the same bits: histories, sums, sums of
 * squares, energy bookkeeping and counters. */
void sf_test_assert_same_tally(const sf_tally *a, const sf_tally *b);

#endif
