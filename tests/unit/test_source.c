/* Sources: a region source emits uniformly per unit mass (labels of
 * different density are drawn in proportion to their mass, points lie in
 * the region's voxels), and a spectrum draws its lines in proportion to
 * their yields; chi-square tests with fixed seeds, P(chi2 > bound) = 0.001. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"
#include "transport/source.h"
#include "transport/world.h"

static void test_region_per_unit_mass(void **state)
{
    (void)state;
    int n = 10;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, 0.5, "water", 1.0, 4);
    for (int v = 0; v < n * n * n; ++v)
        ph->label[v] = (uint16_t)(1 + (v % 3 == 0) + (v % 5 == 0));
    ph->regions[2].density_g_cm3 = 3.0; /* three times denser */
    sf_phantom_update_masses(ph);
    uint16_t labels[2] = {1, 2};
    sf_source *s = NULL;
    assert_int_equal(sf_source_region(ph, labels, 2, SF_PARTICLE_PHOTON, &s), SF_OK);
    assert_int_equal(sf_source_set_energy(s, 0.1), SF_OK);
    double m1 = ph->regions[1].mass_kg, m2 = ph->regions[2].mass_kg;
    long count[4] = {0};
    sf_rng rng;
    const long N = 400000;
    sf_world_options opt;
    sf_world_options_default(&opt);
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    for (long i = 0; i < N; ++i) {
        sf_rng_init(&rng, 3, 4, (uint64_t)i, 0);
        sf_particle p;
        sf_source_sample(s, ph, &rng, &p);
        int64_t v = sf_world_voxel(w, p.pos_cm);
        assert_true(v >= 0);
        count[ph->label[v]]++;
        assert_true(p.energy_MeV == 0.1);
        assert_true(fabs(p.dir[0] * p.dir[0] + p.dir[1] * p.dir[1] +
                         p.dir[2] * p.dir[2] - 1) < 1e-12);
    }
    assert_int_equal(count[3], 0); /* label 3 is not a source */
    double e1 = N * m1 / (m1 + m2), e2 = N * m2 / (m1 + m2);
    double chi2 = pow(count[1] - e1, 2) / e1 + pow(count[2] - e2, 2) / e2;
    assert_true(chi2 < 10.83); /* 1 degree of freedom */
    sf_world_destroy(&w);
    sf_source_destroy(&s);
    sf_phantom_destroy(&ph);
}

static void test_spectrum(void **state)
{
    (void)state;
    double pos[3] = {0, 0, 0};
    sf_source *s = NULL;
    assert_int_equal(sf_source_point(pos, NULL, SF_PARTICLE_PHOTON, &s), SF_OK);
    const double E[4] = {0.0355, 0.1409, 0.3645, 0.6617};
    const double Y[4] = {0.066, 0.885, 0.815, 0.0};
    assert_int_equal(sf_source_set_spectrum(s, E, Y, 4), SF_OK);
    double mean = (E[0] * Y[0] + E[1] * Y[1] + E[2] * Y[2]) / (Y[0] + Y[1] + Y[2]);
    assert_true(fabs(s->mean_energy_MeV - mean) < 1e-12);
    long count[4] = {0};
    sf_rng rng;
    sf_rng_init(&rng, 1, 1, 0, 0);
    const long N = 300000;
    for (long i = 0; i < N; ++i) {
        sf_particle p;
        sf_source_sample(s, NULL, &rng, &p);
        int k = 0;
        while (k < 4 && E[k] != p.energy_MeV)
            ++k;
        assert_true(k < 4);
        count[k]++;
    }
    assert_int_equal(count[3], 0);
    double chi2 = 0, ysum = Y[0] + Y[1] + Y[2];
    for (int k = 0; k < 3; ++k) {
        double e = N * Y[k] / ysum;
        chi2 += pow(count[k] - e, 2) / e;
    }
    assert_true(chi2 < 13.82); /* 2 degrees of freedom */
    /* Bad spectra are refused with an error. */
    const double bad_E[1] = {25.0}, one[1] = {1.0};
    assert_int_equal(sf_source_set_spectrum(s, bad_E, one, 1), SF_ERR_VALUE);
    const double zero[2] = {0, 0};
    assert_int_equal(sf_source_set_spectrum(s, E, zero, 2), SF_ERR_VALUE);
    sf_source_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_per_unit_mass),
        cmocka_unit_test(test_spectrum)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
