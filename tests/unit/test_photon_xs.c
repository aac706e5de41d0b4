/* The photon cross-section grid's lookup (physics/photon_xs.h): the hash
 * over the bits of E starts every search at most a few grid points below
 * the answer, and the search returns the unique interval E_i <= E < E_i+1
 * (edges are stored as two points of equal energy), for energies all over
 * the range, at every grid point and next to it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "test_support.h"
#include "transport/task_run.h"

/* Grid points a search steps over from the hash's start. */
static int steps_from_hash(const sf_photon_xs *t, double E)
{
    int64_t key = sf_xs_hash_key(E) - t->hash_key_min;
    int j = key < 0 ? 0 : key >= t->n_hash ? t->n_hash - 1 : (int)key;
    sf_xs_point p = sf_photon_xs_locate(t, E);
    return p.i - t->hash[j];
}

/* The interval by bisection: the last i <= n-2 with E_i <= E. */
static int interval_by_bisection(const sf_photon_xs *t, double E)
{
    int lo = 0, hi = t->n_grid - 2;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (t->energy_MeV[mid] <= E)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Energies outside the range of the contract are not looked up. */
static void check_energy(const sf_photon_xs *t, double E, int *max_steps)
{
    if (E < SF_PHOTON_E_MIN_MEV || E > SF_PHOTON_E_MAX_MEV)
        return;
    sf_xs_point p = sf_photon_xs_locate(t, E);
    assert_int_equal(p.i, interval_by_bisection(t, E));
    assert_true(p.f >= 0.0 && p.f <= 1.0);
    int s = steps_from_hash(t, E);
    assert_true(s >= 0); /* the start is never above the answer */
    if (s > *max_steps)
        *max_steps = s;
}

static void test_locate(void **state)
{
    (void)state;
    /* Bone, for the Ca and P edges, beside water. */
    sf_phantom *ph = sf_test_box_phantom(4, 4, 4, 0.5, "water", 1.0, 3);
    ph->media = realloc(ph->media, 2 * sizeof *ph->media);
    assert_int_equal(sf_material_builtin("cortical_bone", &ph->media[1]), SF_OK);
    ph->regions[2].medium = 1;
    ph->regions[2].density_g_cm3 = 1.92;
    ph->n_media = 2;
    ph->label[0] = 2;
    sf_phantom_update_masses(ph);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    const sf_photon_xs *t = w->xs;

    int max_steps = 0, n_edges = 0;
    for (int i = 0; i < t->n_grid; ++i) {
        double e = t->energy_MeV[i];
        if (i + 1 < t->n_grid && t->energy_MeV[i + 1] == e)
            ++n_edges;
        check_energy(t, e, &max_steps);
        check_energy(t, nextafter(e, 0.0), &max_steps);
        check_energy(t, nextafter(e, INFINITY), &max_steps);
    }
    assert_true(n_edges >= 2); /* the search met edges */
    uint64_t x = UINT64_C(88172645463325252);
    for (int k = 0; k < 200000; ++k) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double u = (double)(x >> 11) * 0x1p-53;
        double E = SF_PHOTON_E_MIN_MEV *
                   pow(SF_PHOTON_E_MAX_MEV / SF_PHOTON_E_MIN_MEV, u);
        check_energy(t, E, &max_steps);
    }
    check_energy(t, SF_PHOTON_E_MIN_MEV, &max_steps);
    check_energy(t, SF_PHOTON_E_MAX_MEV, &max_steps);
    printf("%d grid points, %d edges, %d hash bins, at most %d steps\n",
           t->n_grid, n_edges, t->n_hash, max_steps);
    /* A bin is narrower than the grid's spacing: a lookup steps over at
     * most the bin's own points and an edge's pair. */
    assert_true(max_steps <= 3);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_locate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
