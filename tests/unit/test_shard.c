/* Shards: parsing "i/N", and the deal of tasks to shards (a partition of
 * the campaign, stable ids, the same particle/energy mix in every shard). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#include "farm/shard.h"
#include "geometry/phantom.h"
#include "io/manifest.h"

static const char *const manifest_text =
    "name: shards\n"
    "seed: 1\n"
    "phantom: builtin:stylized\n"
    "sources: [Liver, Kidneys, Lungs, Spleen, Brain]\n"
    "particles: [photon, electron]\n"
    "energies_MeV: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]\n"
    "histories: 1e4\n";

static void parse_accepts_and_rejects(void **state)
{
    (void)state;
    sf_shard s;
    assert_int_equal(sf_shard_parse("3/8", "--shard", &s), SF_OK);
    assert_int_equal(s.index, 3);
    assert_int_equal(s.count, 8);
    assert_int_equal(sf_shard_parse("0/1", "--shard", &s), SF_OK);
    const char *bad[] = {"8/8", "3", "/4", "-1/4", "1/0", "a/4", "1/4x",
                         "1.5/4", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; ++i) {
        assert_int_not_equal(sf_shard_parse(bad[i], "--shard", &s), SF_OK);
        assert_non_null(strstr(sf_error_message(), "--shard"));
    }
}

typedef struct fixture {
    const sf_manifest *m;
    sf_phantom *ph;
} fixture;

static sf_task_plan *resolve(const fixture *f)
{
    sf_task_plan *p = NULL;
    assert_int_equal(sf_manifest_resolve(f->m, f->ph, &p), SF_OK);
    return p;
}

static void shards_partition_the_campaign(void **state)
{
    fixture *f = *state;
    sf_task_plan *whole = resolve(f);
    size_t n = whole->n_tasks; /* 5 sources x 2 particles x 9 energies */
    assert_int_equal(n, 90);
    const uint32_t counts[] = {1, 2, 3, 7, 10, 90};
    for (size_t c = 0; c < sizeof counts / sizeof *counts; ++c) {
        uint32_t N = counts[c];
        int *owner = calloc(n, sizeof *owner);
        for (size_t t = 0; t < n; ++t)
            owner[t] = -1;
        for (uint32_t i = 0; i < N; ++i) {
            sf_task_plan *p = resolve(f);
            assert_int_equal(sf_shard_select(p, f->m, (sf_shard){i, N}), SF_OK);
            assert_int_equal(p->n_campaign_tasks, n);
            /* Equal shares: n / N, one more for the first n % N in a lap. */
            assert_true(p->n_tasks == n / N || p->n_tasks == n / N + 1);
            for (size_t k = 0; k < p->n_tasks; ++k) {
                const sf_task *t = &p->tasks[k];
                assert_true(k == 0 || t->id > p->tasks[k - 1].id);
                assert_memory_equal(t, &whole->tasks[t->id], sizeof *t);
                assert_int_equal(owner[t->id], -1);
                owner[t->id] = (int)i;
            }
            sf_manifest_plan_destroy(&p);
        }
        for (size_t t = 0; t < n; ++t)
            assert_int_equal(owner[t], (int)sf_shard_of_task(
                                           whole, f->m, &whole->tasks[t], N));
        free(owner);
    }
    sf_manifest_plan_destroy(&whole);
}

/* With 10 shards of 90 tasks, each shard gets 9 tasks covering both
 * particles and spread over the energies (not, say, all the 5 MeV ones). */
static void shards_mix_particles_and_energies(void **state)
{
    fixture *f = *state;
    for (uint32_t i = 0; i < 10; ++i) {
        sf_task_plan *p = resolve(f);
        assert_int_equal(sf_shard_select(p, f->m, (sf_shard){i, 10}), SF_OK);
        int particles[SF_N_PARTICLE_TYPES] = {0};
        double lowest = 1e9, highest = 0;
        for (size_t k = 0; k < p->n_tasks; ++k) {
            particles[p->tasks[k].particle]++;
            double e = p->tasks[k].energy_MeV;
            lowest = e < lowest ? e : lowest;
            highest = e > highest ? e : highest;
        }
        assert_true(particles[SF_PARTICLE_PHOTON] >= 4);
        assert_true(particles[SF_PARTICLE_ELECTRON] >= 4);
        assert_true(lowest <= 0.05 && highest >= 1);
        sf_manifest_plan_destroy(&p);
    }
}

static void too_many_shards_is_an_error(void **state)
{
    fixture *f = *state;
    sf_task_plan *p = resolve(f);
    assert_int_equal(sf_shard_select(p, f->m, (sf_shard){0, 91}), SF_ERR_VALUE);
    assert_non_null(strstr(sf_error_message(), "91 shards for 90 tasks"));
    sf_manifest_plan_destroy(&p);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || sf_manifest_parse(manifest_text, "shards.yaml", &f->m) != SF_OK ||
        sf_phantom_load(f->m->phantom_path, &f->ph) != SF_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sf_phantom_destroy(&f->ph);
    sf_manifest_destroy(&f->m);
    free(f);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_accepts_and_rejects),
        cmocka_unit_test(shards_partition_the_campaign),
        cmocka_unit_test(shards_mix_particles_and_energies),
        cmocka_unit_test(too_many_shards_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
