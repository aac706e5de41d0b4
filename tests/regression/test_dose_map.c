/* Dose maps: byte-identical for 1, 2 and 4 threads; the energy they hold
 * equals the energy the region tallies hold (deposited + below cut-off, to
 * the fixed-point rounding); the dose of a homogeneous box under uniform
 * emission in full absorption is the emitted energy per unit mass. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "test_support.h"
#include "transport/task_run.h"

static void run(sf_phantom *ph, int mode, int threads, double E, uint64_t N,
                sf_dose_map **dose, sf_tally **tally)
{
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = mode;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    uint16_t labels[2] = {1, 2};
    sf_source *src = NULL;
    assert_int_equal(sf_source_region(ph, labels, 2, SF_PARTICLE_PHOTON, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E), SF_OK);
    sf_target_map *map = NULL;
    assert_int_equal(sf_target_map_per_label(ph, &map), SF_OK);
    assert_int_equal(sf_tally_create(map->n_targets, tally), SF_OK);
    assert_int_equal(sf_dose_map_create((int64_t)ph->nx * ph->ny * ph->nz, dose), SF_OK);
    sf_stream_id id = {77u, 5u};
    assert_int_equal(sf_task_run_dose(w, src, map, id, 0, N, threads, *tally, *dose), SF_OK);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
}

static void test_threads_and_energy(void **state)
{
    (void)state;
    int n = 12;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, 0.5, "water", 1.0, 3);
    for (int v = 0; v < n * n * n; v += 5)
        ph->label[v] = 2;
    sf_phantom_update_masses(ph);
    sf_dose_map *d[3];
    sf_tally *t[3];
    int threads[3] = {1, 2, 4};
    for (int i = 0; i < 3; ++i)
        run(ph, SF_MODE_COUPLED, threads[i], 0.5, 3000, &d[i], &t[i]);
    size_t bytes = (size_t)d[0]->n_voxels * sizeof(uint64_t);
    for (int i = 1; i < 3; ++i) {
        assert_memory_equal(d[0]->sum, d[i]->sum, bytes);
        assert_memory_equal(d[0]->sum2_lo, d[i]->sum2_lo, bytes);
        assert_memory_equal(d[0]->sum2_hi, d[i]->sum2_hi, bytes);
    }
    double in_map = 0;
    for (int64_t v = 0; v < d[0]->n_voxels; ++v)
        in_map += (double)d[0]->sum[v] / SF_DOSE_SCALE;
    double in_tally = sf_tally_energy_MeV(t[0], SF_ENERGY_DEPOSITED) +
                      sf_tally_energy_MeV(t[0], SF_ENERGY_CUTOFF);
    printf("energy in the dose map %.9f MeV, in the tallies %.9f MeV\n",
           in_map, in_tally);
    assert_true(fabs(in_map / in_tally - 1) < 1e-6);
    for (int i = 0; i < 3; ++i) {
        sf_dose_map_destroy(&d[i]);
        sf_tally_destroy(&t[i]);
    }
    sf_phantom_destroy(&ph);
}

static void test_full_absorption_dose(void **state)
{
    (void)state;
    /* Water at 500 g/cm3: 30 keV photons and their electrons stop within a
     * voxel or two, nothing escapes: every voxel's dose is E0 / total mass
     * in expectation. */
    int n = 6;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, 1.0, "water", 500.0, 3);
    ph->label[0] = 2;
    sf_phantom_update_masses(ph);
    sf_dose_map *d = NULL;
    sf_tally *t = NULL;
    const uint64_t N = 20000;
    run(ph, SF_MODE_COUPLED, 2, 0.03, N, &d, &t);
    double mass_kg = 0;
    for (int l = 1; l < 3; ++l)
        mass_kg += ph->regions[l].mass_kg;
    double expect = 0.03 * 1.602176634e-13 / mass_kg;
    double voxel_kg = 1.0 * 500.0 / 1000;
    int outliers = 0;
    for (int64_t v = 0; v < d->n_voxels; ++v) {
        double g, r;
        sf_dose_map_voxel(d, v, voxel_kg, &g, &r);
        if (fabs(g / expect - 1) > 4 * r + 1e-9)
            ++outliers;
    }
    printf("voxels beyond 4 sigma of E0/M: %d of %lld\n", outliers,
           (long long)d->n_voxels);
    assert_true(outliers <= 1);
    sf_dose_map_destroy(&d);
    sf_tally_destroy(&t);
    sf_phantom_destroy(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_and_energy),
        cmocka_unit_test(test_full_absorption_dose)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
