/* The bremsstrahlung memo (physics/brems_memo.h) shares per-atom cross
 * sections across the media of a world build; the tables must be bitwise
 * those built without it, whatever order and cuts the media come in. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "physics/bremsstrahlung.h"
#include "physics/electron_data.h"

static sf_material builtin(const char *name)
{
    sf_material m;
    assert_int_equal(sf_material_builtin(name, &m), SF_OK);
    return m;
}

static void assert_same_tables(const sf_electron_data *a,
                               const sf_electron_data *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->n_brems_energy, b->n_brems_energy);
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p)
        for (int q = 0; q < SF_N_ELECTRON_QUANTITIES; ++q)
            assert_memory_equal(a->table[p][q], b->table[p][q],
                                (size_t)a->n * sizeof(double));
    assert_memory_equal(a->brems_k_dcs, b->brems_k_dcs,
                        (size_t)a->n_brems_energy * a->n_kappa * sizeof(double));
}

/* Media sharing elements, built in turn with one memo (two cut sets, so
 * the memo also meets nodes it has not seen in the order it has not seen
 * them), against each built alone without it. The memo knows only H, C, N
 * and O: the other elements go through the direct path. */
static void test_memo_gives_the_same_bits(void **state)
{
    (void)state;
    const char *names[] = {"soft_tissue", "cortical_bone", "water", "lung",
                           "air"};
    const sf_electron_cuts cuts[2] = {{0.01, 0.01, 0.0, 0.0}, {0.02, 0.005, 0.0, 0.0}};
    const int Z[] = {1, 6, 7, 8};
    sf_brems_memo *memo = NULL;
    assert_int_equal(sf_brems_memo_create(Z, 4, &memo), SF_OK);
    for (int c = 0; c < 2; ++c)
        for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
            sf_material m = builtin(names[i]);
            sf_electron_data *direct = NULL, *memoised = NULL;
            assert_int_equal(sf_electron_data_build(&m, m.density_g_cm3,
                                                    &cuts[c], &direct),
                             SF_OK);
            assert_int_equal(sf_electron_data_build_memo(
                                 &m, m.density_g_cm3, &cuts[c], memo,
                                 &memoised),
                             SF_OK);
            assert_same_tables(direct, memoised);
            sf_electron_data_destroy(&direct);
            sf_electron_data_destroy(&memoised);
        }
    sf_brems_memo_destroy(&memo);
    assert_null(memo);
    sf_brems_memo_destroy(&memo);
}

/* Single values: a repeated request returns the first one; elements the
 * memo does not hold and a NULL memo compute directly. */
static void test_values(void **state)
{
    (void)state;
    const int Z[] = {8, 8, 0, 200}; /* a duplicate and two invalid ones */
    sf_brems_memo *memo = NULL;
    assert_int_equal(sf_brems_memo_create(Z, 4, &memo), SF_OK);
    const double T[] = {0.05, 1.0, 0.05, 7.0};
    for (int r = 0; r < 2; ++r)
        for (int i = 0; i < 4; ++i)
            for (double kappa = 0.01; kappa < 1.0; kappa += 0.07) {
                double k = kappa * T[i];
                for (int z = 1; z <= 20; z += 7) {
                    double want = sf_brems_dcs_atom(z, T[i], k);
                    assert_true(sf_brems_memo_dcs_atom(memo, z, T[i], k) == want);
                    assert_true(sf_brems_memo_dcs_atom(NULL, z, T[i], k) == want);
                }
                assert_true(sf_brems_memo_dcs_atom(memo, 8, T[i], k) ==
                            sf_brems_dcs_atom(8, T[i], k));
            }
    sf_brems_memo_destroy(&memo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo_gives_the_same_bits),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
