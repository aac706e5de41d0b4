/* The figure of merit 1 / (rel_unc^2 x CPU s): its definition, the choice
 * of the self and smallest targets, the summary statistics of `saffron
 * status`, and /tasks_fom as a results file stores it for a tally whose
 * uncertainties are worked out by hand here. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "io/results.h"
#include "io/results_read.h"
#include "results/fom.h"
#include "results/median.h"

static void value_is_one_over_rel_squared_cpu(void **state)
{
    (void)state;
    assert_true(fabs(sf_fom_value(0.1, 2.0) - 50.0) < 1e-12);
    assert_true(fabs(sf_fom_value(0.01, 0.5) - 2e4) < 1e-8);
    /* Undefined: no uncertainty (no score, one history), no CPU time. */
    assert_true(isnan(sf_fom_value(0, 1)));
    assert_true(isnan(sf_fom_value(0.1, 0)));
    assert_true(isnan(sf_fom_value(NAN, 1)));
    assert_true(isnan(sf_fom_value(0.1, INFINITY)));
}

static void smallest_target_is_least_mass_with_a_score(void **state)
{
    (void)state;
    /* Target 3 is lightest but has no score; 1 and 4 tie at 0.2 kg. */
    double rel[5] = {0.01, 0.1, 0.02, 0.5, 0.2};
    double score[5] = {3.0, 1e-3, 2.0, 0.0, 1e-3};
    double mass[5] = {2.0, 0.2, 1.0, 0.01, 0.2};
    sf_fom f;
    sf_fom_of_task(rel, score, mass, 5, 2, 4.0, &f);
    assert_int_equal(f.self_target, 2);
    assert_int_equal(f.smallest_target, 1);
    assert_true(fabs(f.self - 1 / (0.02 * 0.02 * 4.0)) < 1e-9);
    assert_true(fabs(f.smallest - 1 / (0.1 * 0.1 * 4.0)) < 1e-12);
    /* No target equal to the source; nothing scored at all. */
    sf_fom_of_task(rel, score, mass, 5, -1, 4.0, &f);
    assert_int_equal(f.self_target, -1);
    assert_true(isnan(f.self));
    double none[5] = {0};
    sf_fom_of_task(none, none, mass, 5, 0, 4.0, &f);
    assert_int_equal(f.smallest_target, -1);
    assert_true(isnan(f.smallest) && isnan(f.self));
}

static sf_saf_region region(const char *name, int id, double mass_kg)
{
    sf_saf_region r;
    sf_saf_region_init(&r);
    snprintf(r.name, sizeof r.name, "%s", name);
    r.id = id;
    r.mass_kg = mass_kg;
    return r;
}

static void self_target_by_label_or_union_name(void **state)
{
    (void)state;
    sf_saf_region t[3] = {region("Liver", 4, 2.0), region("Abdomen", -1, 0.5),
                          region("Kidneys", 5, 0.3)};
    sf_saf_region liver = region("liver-by-label", 4, 2.0);
    sf_saf_region abdomen = region("Abdomen", -1, 0.5);
    sf_saf_region chest = region("Chest", -1, 1.9);
    assert_int_equal(sf_fom_self_target(&liver, t, 3), 0);
    assert_int_equal(sf_fom_self_target(&abdomen, t, 3), 1);
    assert_int_equal(sf_fom_self_target(&chest, t, 3), -1);
}

static void stats_skip_nan_and_find_the_minimum(void **state)
{
    (void)state;
    double v[6] = {5, NAN, 1, 9, 3, NAN}, scratch[6];
    sf_fom_stats s;
    sf_fom_stats_of(v, 6, scratch, &s);
    assert_int_equal(s.n_valid, 4);
    assert_true(s.median == 4.0); /* (3 + 5) / 2 */
    assert_true(s.min == 1.0);
    assert_int_equal(s.argmin, 2);
    sf_fom_stats_of(v, 1, scratch, &s);
    assert_true(s.median == 5.0 && s.min == 5.0 && s.argmin == 0);
    double all_nan[2] = {NAN, NAN};
    sf_fom_stats_of(all_nan, 2, scratch, &s);
    assert_int_equal(s.n_valid, 0);
    assert_true(isnan(s.median) && isnan(s.min) && s.argmin == -1);
    double odd[3] = {7, 2, 4};
    assert_true(sf_median_sort(odd, 3) == 4.0);
    assert_true(isnan(sf_median_sort(odd, 0)));
}

/* A results file of the stylized phantom with the union Abdomen (Kidneys
 * and Spleen) among sources and targets; one task of each source is
 * committed with a tally made here, with CPU time 2 s:
 * - per history the target of the source gets 1, 2, 3, 4 MeV: mean 2.5,
 *   variance of the mean 1.25 / 3, rel^2 = 1/15, FOM = 15 / 2 = 7.5;
 * - Thyroid (the lightest target) gets 0.5 MeV in the last history only:
 *   mean 0.125, mean of squares 0.0625, rel^2 = 1, FOM = 0.5. */
static void results_file_stores_what_the_tally_gives(void **state)
{
    (void)state;
    const char *text =
        "name: fom\nseed: 3\nphantom: builtin:stylized:1.2\n"
        "regions:\n  Abdomen: [5, 6]\n  Chest: [3, 7]\n"
        "sources: [Liver, Abdomen, Chest]\n"
        "targets: [Liver, Abdomen, Thyroid, Lungs]\n"
        "particles: [photon]\nenergies_MeV: [0.1]\nhistories: 4\n"
        "chunk_histories: 4\nmode: kerma\n";
    const sf_manifest *m = NULL;
    sf_phantom *ph = NULL;
    sf_task_plan *plan = NULL;
    assert_int_equal(sf_manifest_parse(text, "fom.yaml", &m), SF_OK);
    assert_int_equal(sf_phantom_load(m->phantom_path, &ph), SF_OK);
    assert_int_equal(sf_manifest_resolve(m, ph, &plan), SF_OK);
    assert_int_equal(plan->n_tasks, 3);
    char path[4096];
    snprintf(path, sizeof path, "%s/fom.h5", sf_test_tmpdir());
    sf_results_info info = {.ph = ph, .physics_data_sha256 = "x",
                            .phantom_sha256 = "y", .ranks = 1, .threads = 1};
    sf_results *r = NULL;
    assert_int_equal(sf_results_create(path, m, plan, &info, &r), SF_OK);
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create((int)plan->n_targets, &t), SF_OK);
    /* Tasks 0 (Liver) and 2 (Chest, in no target: its energy goes to
     * Lungs) are done; task 1 (Abdomen) stays pending. */
    int scored[3] = {0, -1, 3};
    uint32_t done[2] = {0, 2};
    for (int k = 0; k < 2; ++k) {
        sf_tally_clear(t);
        t->histories = 4;
        for (int h = 0; h < 4; ++h) {
            sf_tally_score_history(t, scored[done[k]], 1.0 + h);
            sf_tally_score_energy(t, 0, 1.0);
        }
        sf_tally_score_history(t, 2, 0.5);
        sf_task_progress p = {.seq = 1, .chunks_base = 1, .histories_done = 4,
                              .state = SF_TASK_DONE, .cpu_seconds = 2.0};
        assert_int_equal(sf_results_commit_task(r, done[k], &p, t), SF_OK);
        char diff[512];
        assert_int_equal(sf_results_check_task(r, done[k], &p, t, diff,
                                               sizeof diff), SF_OK);
        assert_string_equal(diff, "");
    }
    assert_int_equal(sf_results_close(&r, "complete"), SF_OK);

    sf_results_fom f;
    assert_int_equal(sf_results_load_fom(path, &f), SF_OK);
    assert_int_equal(f.origin, SF_FOM_STORED);
    assert_int_equal(f.n_tasks, 3);
    const sf_fom *liver = &f.tasks[0].fom, *abdomen = &f.tasks[1].fom,
                 *chest = &f.tasks[2].fom;
    assert_int_equal(liver->self_target, 0);
    assert_true(fabs(liver->self - 7.5) < 1e-12);
    assert_int_equal(liver->smallest_target, 2); /* Thyroid */
    assert_string_equal(f.targets[2].name, "Thyroid");
    assert_true(fabs(liver->smallest - 0.5) < 1e-12);
    /* Pending: which target is the source is known, nothing else. */
    assert_int_equal(f.tasks[1].state, SF_TASK_PENDING);
    assert_int_equal(abdomen->self_target, 1);
    assert_true(isnan(abdomen->self) && isnan(abdomen->smallest));
    assert_int_equal(abdomen->smallest_target, -1);
    /* Chest is a union that no target equals. */
    assert_int_equal(chest->self_target, -1);
    assert_true(isnan(chest->self));
    assert_int_equal(chest->smallest_target, 2);
    assert_true(fabs(chest->smallest - 0.5) < 1e-12);
    sf_results_fom_clear(&f);
    sf_tally_destroy(&t);
    sf_manifest_plan_destroy(&plan);
    sf_phantom_destroy(&ph);
    sf_manifest_destroy(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(value_is_one_over_rel_squared_cpu),
        cmocka_unit_test(smallest_target_is_least_mass_with_a_score),
        cmocka_unit_test(self_target_by_label_or_union_name),
        cmocka_unit_test(stats_skip_nan_and_find_the_minimum),
        cmocka_unit_test(results_file_stores_what_the_tally_gives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
