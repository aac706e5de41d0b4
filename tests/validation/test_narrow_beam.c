/* Narrow-beam attenuation: the fraction of a pencil beam that crosses a
 * water slab without any interaction must equal exp(-mu t), with mu from
 * the element tables (which reproduce NIST XCOM, see test_xcom.c).
 * Tolerance: 3 sigma of the binomial uncertainty of the run itself.
 * A column of cortical bone beside the beam, in the same majorant blocks
 * (transport/majorant_grid.h), raises the Woodcock majorant along the beam
 * above water's, so the test also checks that virtual collisions leave the
 * water attenuation unchanged. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_support.h"
#include "physics/material.h"
#include "transport/task_run.h"

static void check_transmission(double E_MeV, double mean_free_paths,
                               uint32_t task_id)
{
    sf_material water;
    assert_int_equal(sf_material_builtin("water", &water), SF_OK);
    sf_photon_data *pd = NULL;
    assert_int_equal(sf_photon_data_load(sf_photon_data_default_dir(), water.Z,
                                         water.n_elements, &pd), SF_OK);
    sf_mu_rho mu;
    sf_material_mu_rho(pd, &water, E_MeV, &mu);
    double mu_cm = mu.total_cm2_g * 1.0;
    sf_photon_data_destroy(&pd);

    int nz = 20;
    double thickness = mean_free_paths / mu_cm;
    sf_phantom *ph = sf_test_box_phantom(2, 1, nz, thickness / nz, "water",
                                         1.0, 3);
    /* Two columns: water (x < 1 cm) with the beam, and bone beside it,
     * narrower than one majorant block so that both share every block;
     * only the primary's straight path matters for the uncollided
     * fraction. */
    ph->spacing_cm[0] = 1.0;
    ph->spacing_cm[1] = 1000.0;
    sf_material bone;
    assert_int_equal(sf_material_builtin("cortical_bone", &bone), SF_OK);
    ph->media = realloc(ph->media, 2 * sizeof *ph->media);
    ph->media[1] = bone;
    ph->n_media = 2;
    ph->regions[2].medium = 1;
    ph->regions[2].density_g_cm3 = 1.92;
    for (int z = 0; z < nz; ++z)
        ph->label[1 + 2 * z] = 2;
    sf_phantom_update_masses(ph);

    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA; /* the photon kernel alone */
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    double start[3] = {0.5, 500.0, 1e-12}, dir[3] = {0, 0, 1};
    sf_source *src = NULL;
    assert_int_equal(sf_source_point(start, dir, SF_PARTICLE_PHOTON, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E_MeV), SF_OK);
    sf_target_map *map = NULL;
    const uint64_t N = 400000;
    sf_stream_id id = {12345u, task_id};
    sf_tally *t = sf_test_run_per_label(w, src, id, N, &map);

    double expected = exp(-mu_cm * thickness);
    double measured = (double)t->counter[SF_COUNT_UNCOLLIDED_ESCAPES] / (double)N;
    double sigma = sqrt(expected * (1 - expected) / (double)N);
    printf("E = %g MeV, %g mfp: mu = %.5g /cm, transmission %.5f, expected "
           "%.5f, diff %.2f sigma, %.2f virtual collisions per history, "
           "balance error %.2e\n", E_MeV, mean_free_paths, mu_cm, measured,
           expected, (measured - expected) / sigma,
           (double)t->counter[SF_COUNT_VIRTUAL_COLLISIONS] / (double)N,
           sf_tally_balance_error(t));
    char quantity[96];
    snprintf(quantity, sizeof quantity, "uncollided transmission, water, "
             "%g MeV, %g mean free paths", E_MeV, mean_free_paths);
    /* sigma: the binomial uncertainty of N histories, as the test uses. */
    sf_test_report("narrow_beam", quantity, measured, sigma, expected, 0.0,
                   "fraction", "exp(-mu t), mu/rho of the photon data "
                   "(NIST XCOM within 1 %, test_xcom)", "3 sigma");
    assert_true(t->counter[SF_COUNT_VIRTUAL_COLLISIONS] > 0);
    assert_true(fabs(measured - expected) < 3 * sigma);
    assert_true(sf_tally_balance_error(t) <= 1e-9);

    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

static void test_30keV(void **state) { (void)state; check_transmission(0.03, 0.5, 1); }
static void test_100keV(void **state) { (void)state; check_transmission(0.1, 1.0, 2); }
static void test_1MeV(void **state) { (void)state; check_transmission(1.0, 1.5, 3); }
static void test_10MeV(void **state) { (void)state; check_transmission(10.0, 2.0, 4); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_30keV), cmocka_unit_test(test_100keV),
        cmocka_unit_test(test_1MeV), cmocka_unit_test(test_10MeV)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
