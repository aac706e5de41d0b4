/* The libraries behind export, compare and svalue on small tables whose
 * answers are computed by hand here. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "results/compare.h"
#include "results/convention.h"
#include "results/icrp133.h"
#include "results/region_map.h"
#include "results/saf_csv.h"
#include "results/spectrum.h"
#include "results/svalue.h"

static char *tmp_file(const char *name, const char *text)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", sf_test_tmpdir(), name);
    if (text) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* Two sources and three targets of one particle at two energies; masses
 * and values chosen so sums are easy to follow. */
static sf_saf_table *small_table(void)
{
    sf_saf_table *t;
    assert_int_equal(sf_saf_table_create(2, 1, 2, 3, &t), SF_OK);
    const char *src[2] = {"Kidney, left", "Kidney, right"};
    const char *tgt[3] = {"Kidney, left", "Kidney, right", "Liver"};
    double ms[2] = {0.15, 0.10}, mt[3] = {0.15, 0.10, 1.8};
    for (int i = 0; i < 2; ++i) {
        snprintf(t->sources[i].name, SF_SAF_NAME_MAX, "%s", src[i]);
        t->sources[i].id = 10 + i;
        t->sources[i].mass_kg = ms[i];
    }
    for (int i = 0; i < 3; ++i) {
        snprintf(t->targets[i].name, SF_SAF_NAME_MAX, "%s", tgt[i]);
        t->targets[i].id = 10 + i;
        t->targets[i].mass_kg = mt[i];
    }
    strcpy(t->particles[0], "photon");
    t->energies_MeV[0] = 0.1;
    t->energies_MeV[1] = 1.0;
    for (size_t s = 0; s < 2; ++s)
        for (size_t e = 0; e < 2; ++e)
            for (size_t g = 0; g < 3; ++g) {
                size_t i = sf_saf_index(t, s, 0, e, g);
                t->af[i] = 0.01 * (double)(1 + s + 2 * e + 3 * g);
                t->saf[i] = t->af[i] / mt[g];
                t->rel_unc[i] = 0.01 * (double)(1 + g);
            }
    return t;
}

static void mapping_combines_by_mass_and_summed_af(void **state)
{
    (void)state;
    sf_saf_table *t = small_table(), *m = NULL;
    sf_region_map *map = NULL;
    const char *path = tmp_file("map.txt",
                                "# test\nboth Kidneys 10; 11\n"
                                "target Liver liver   # by name\n");
    assert_int_equal(sf_region_map_load(path, &map), SF_OK);
    sf_map_report rep;
    assert_int_equal(sf_region_map_apply(map, t, &m, &rep), SF_OK);
    assert_int_equal(m->n_sources, 1);
    assert_int_equal(m->n_targets, 2);
    assert_string_equal(m->sources[0].name, "Kidneys");
    assert_true(fabs(m->sources[0].mass_kg - 0.25) < 1e-15);
    /* AF(Kidneys <- Kidneys) at energy 1 = sum_s m_s/M sum_t AF(t <- s). */
    for (size_t e = 0; e < 2; ++e) {
        double af = 0, var = 0;
        for (size_t s = 0; s < 2; ++s) {
            double w = (s == 0 ? 0.15 : 0.10) / 0.25, a = 0, v = 0;
            for (size_t g = 0; g < 2; ++g) {
                size_t i = sf_saf_index(t, s, 0, e, g);
                a += t->af[i];
                v += pow(t->af[i] * t->rel_unc[i], 2);
            }
            af += w * a;
            var += w * w * v;
        }
        size_t k = sf_saf_index(m, 0, 0, e, 0);
        assert_true(fabs(m->af[k] - af) < 1e-15);
        assert_true(fabs(m->saf[k] - af / 0.25) < 1e-14);
        assert_true(fabs(m->rel_unc[k] - sqrt(var) / af) < 1e-14);
    }
    sf_saf_table_destroy(&m);
    sf_region_map_destroy(&map);
    /* A one-to-one renaming keeps the file's values bit for bit. */
    path = tmp_file("map1.txt", "source KL 10\ntarget L Liver\n");
    assert_int_equal(sf_region_map_load(path, &map), SF_OK);
    assert_int_equal(sf_region_map_apply(map, t, &m, &rep), SF_OK);
    assert_int_equal(rep.sources_unused, 1);
    assert_true(m->saf[sf_saf_index(m, 0, 0, 1, 0)] == t->saf[sf_saf_index(t, 0, 0, 1, 2)]);
    sf_saf_table_destroy(&m);
    sf_region_map_destroy(&map);
    sf_saf_table_destroy(&t);
}

/* Labels and blood-inclusive masses as a results file gives them: sources
 * Kidney-L (label 10), a union of both kidneys (10, 11); targets Kidney-L,
 * the union, a breast-like region (label 12) inside the source union
 * {11, 12}. */
static sf_saf_table *labelled_table(void)
{
    sf_saf_table *t;
    assert_int_equal(sf_saf_table_create(3, 1, 1, 3, &t), SF_OK);
    const char *src[3] = {"Kidney-L", "Kids", "Whole"};
    const uint16_t labels[3][2] = {{10, 0}, {10, 11}, {11, 12}};
    const int n[3] = {1, 2, 2};
    const double mass[3] = {0.15, 0.25, 0.4}, blood[3] = {0.2, 0.34, 0.5};
    for (int i = 0; i < 3; ++i) {
        sf_saf_region *r = &t->sources[i];
        snprintf(r->name, sizeof r->name, "%s", src[i]);
        r->n_labels = n[i];
        memcpy(r->labels, labels[i], sizeof labels[i]);
        r->mass_kg = mass[i];
        r->mass_blood_kg = blood[i];
    }
    t->targets[0] = t->sources[0];
    t->targets[1] = t->sources[1];
    sf_saf_region *g = &t->targets[2];
    snprintf(g->name, sizeof g->name, "Gland");
    g->n_labels = 1;
    g->labels[0] = 12;
    g->mass_kg = 0.1;
    g->mass_blood_kg = 0.12;
    t->label_mass_kg = calloc(13, sizeof(double));
    t->n_label_masses = 13;
    t->label_mass_kg[10] = 0.15;
    t->label_mass_kg[11] = 0.10;
    t->label_mass_kg[12] = 0.30;
    strcpy(t->particles[0], "electron");
    t->energies_MeV[0] = 0.001;
    for (size_t s = 0; s < 3; ++s)
        for (size_t k = 0; k < 3; ++k) {
            size_t i = sf_saf_index(t, s, 0, 0, k);
            t->af[i] = 0.1 * (double)(1 + s + k);
            t->saf[i] = t->af[i] / t->targets[k].mass_kg;
            t->rel_unc[i] = 0.01;
        }
    return t;
}

static void convention_divides_self_pairs_by_the_blood_mass(void **state)
{
    (void)state;
    sf_saf_table *t = labelled_table();
    size_t no_blood = 9;
    sf_saf_table_apply_convention(t, SF_CONVENTION_ICRP133, &no_blood);
    assert_int_equal(no_blood, 0);
    for (size_t s = 0; s < 3; ++s)
        for (size_t k = 0; k < 3; ++k) {
            size_t i = sf_saf_index(t, s, 0, 0, k);
            int self = (s == 0 && k == 0) || (s == 1 && k == 1);
            double m = self ? t->targets[k].mass_blood_kg : t->targets[k].mass_kg;
            assert_true(t->saf[i] == t->af[i] / m);
            assert_true(sf_saf_pair_mass(t, s, k) == m);
        }
    /* E -> 0: 1/M for the same region, 0 for disjoint ones, the shared
     * mass over source mass over target mass for overlapping ones
     * (Gland = label 12 inside Whole = 11 + 12). */
    assert_true(sf_saf_zero_energy_limit(t, 1, 1) == 1 / 0.34);
    assert_true(sf_saf_zero_energy_limit(t, 0, 2) == 0.0);
    assert_true(fabs(sf_saf_zero_energy_limit(t, 2, 2) - 0.30 / 0.4 / 0.1) < 1e-12);
    /* Back to voxel masses; and a region without blood mass keeps its
     * voxel mass and is counted. */
    sf_saf_table_apply_convention(t, SF_CONVENTION_VOXEL, NULL);
    assert_true(t->saf[sf_saf_index(t, 1, 0, 0, 1)] == t->af[sf_saf_index(t, 1, 0, 0, 1)] / 0.25);
    t->targets[0].mass_blood_kg = NAN;
    sf_saf_table_apply_convention(t, SF_CONVENTION_ICRP133, &no_blood);
    assert_int_equal(no_blood, 1);
    assert_true(sf_saf_pair_mass(t, 0, 0) == 0.15);
    sf_convention c;
    assert_int_equal(sf_convention_parse("ICRP133", "--convention", &c), SF_OK);
    assert_int_equal(c, SF_CONVENTION_ICRP133);
    assert_int_not_equal(sf_convention_parse("blood", "--convention", &c), SF_OK);
    assert_non_null(strstr(sf_error_message(), "--convention blood"));
    sf_saf_table_destroy(&t);
}

static void a_union_takes_the_name_of_the_entry_with_its_labels(void **state)
{
    (void)state;
    sf_saf_table *t = labelled_table(), *m = NULL;
    sf_region_map *map = NULL;
    /* The entry lists the labels in another order than the union. */
    const char *path = tmp_file("umap.txt", "both Kidneys 11; 10\n"
                                            "target Gland 12\n");
    assert_int_equal(sf_region_map_load(path, &map), SF_OK);
    sf_map_report rep;
    assert_int_equal(sf_region_map_apply(map, t, &m, &rep), SF_OK);
    assert_int_equal(m->n_sources, 1);
    assert_int_equal(m->n_targets, 2);
    assert_string_equal(m->sources[0].name, "Kidneys");
    assert_int_equal(m->sources[0].n_labels, 2);
    assert_true(m->sources[0].mass_blood_kg == 0.34);
    assert_int_equal(rep.partial, 0);
    /* Renamed, not recombined: the union's own values. */
    assert_true(m->af[sf_saf_index(m, 0, 0, 0, 0)] == t->af[sf_saf_index(t, 1, 0, 0, 1)]);
    assert_true(m->saf[sf_saf_index(m, 0, 0, 0, 0)] == t->saf[sf_saf_index(t, 1, 0, 0, 1)]);
    assert_non_null(m->label_mass_kg);
    sf_saf_table_destroy(&m);
    sf_region_map_destroy(&map);
    sf_saf_table_destroy(&t);
}

static void mapping_errors_name_the_line(void **state)
{
    (void)state;
    sf_region_map *map = NULL;
    const char *path = tmp_file("bad.txt", "both Liver 95\nwhere Liver 95\n");
    assert_int_not_equal(sf_region_map_load(path, &map), SF_OK);
    assert_non_null(strstr(sf_error_message(), "bad.txt:2"));
    path = tmp_file("long.txt", "both Liver-and-more 95\n");
    assert_int_not_equal(sf_region_map_load(path, &map), SF_OK);
    assert_non_null(strstr(sf_error_message(), "10 characters"));
    assert_null(map);
}

static void icrp133_round_trip(void **state)
{
    (void)state;
    sf_saf_table *t = small_table();
    const char *names[3] = {"Kidney-L", "Kidney-R", "Liver"};
    for (int i = 0; i < 2; ++i)
        strcpy(t->sources[i].name, names[i]);
    for (int i = 0; i < 3; ++i)
        strcpy(t->targets[i].name, names[i]);
    t->saf[sf_saf_index(t, 1, 0, 0, 2)] = 0; /* Icut 2 for Liver <- Kidney-R */
    const char *path = tmp_file("t_photon.SAF", NULL);
    FILE *f = fopen(path, "wb");
    sf_icrp133_header h = {"Test phantom", NULL, "2026-12-06"};
    assert_int_equal(sf_icrp133_write(f, path, t, 0, &h), SF_OK);
    fclose(f);
    /* Records 9, 10, 11: Kidney-R is the source, every target in turn. */
    f = fopen(path, "rb");
    char line[512], rec[3][512];
    for (int r = 0; r < 11; ++r) {
        assert_non_null(fgets(line, sizeof line, f));
        if (r >= 8)
            strcpy(rec[r - 8], line);
    }
    fclose(f);
    size_t len = 22 + 3 * 10 + 13;
    for (int k = 0; k < 3; ++k) {
        assert_int_equal(strlen(rec[k]), len + 1);
        assert_int_equal(rec[k][len], '\n');
    }
    /* Cross-fire: E -> 0 limit 0; self: 1 / mass, ID 1; a zero at the
     * first energy moves Ecutoff and ID to the second (field 3). */
    assert_memory_equal(rec[0], "Kidney-L  <-Kidney-R   0.0      ", 32);
    assert_memory_equal(rec[1] + 22, " 1.000E+01", 10);
    assert_memory_equal(rec[1] + len - 13, "   0.000    1", 13);
    assert_memory_equal(rec[2] + 22, " 0.0       0.0      ", 20);
    assert_memory_equal(rec[2] + len - 13, "   1.000    3", 13);
    sf_saf_table *r = NULL;
    assert_int_equal(sf_icrp133_read(path, &r), SF_OK);
    assert_string_equal(r->particles[0], "photon");
    assert_int_equal(r->n_sources, 2);
    assert_int_equal(r->n_targets, 3);
    /* The E -> 0 column gives the self-irradiated targets' masses. */
    assert_true(fabs(r->targets[1].mass_kg - 0.10) < 1e-12);
    assert_true(isnan(r->targets[2].mass_kg));
    for (size_t s = 0; s < 2; ++s)
        for (size_t e = 0; e < 2; ++e)
            for (size_t g = 0; g < 3; ++g) {
                double a = t->saf[sf_saf_index(t, s, 0, e, g)];
                double b = r->saf[sf_saf_index(r, s, 0, e, g)];
                assert_true(fabs(b - a) <= 5e-4 * a); /* four digits */
                assert_true(isnan(r->rel_unc[sf_saf_index(r, s, 0, e, g)]));
            }
    sf_saf_table_destroy(&r);
    /* A record missing a value is reported with its line. */
    f = fopen(path, "rb");
    char text[8192] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *rec7 = strstr(text, "Kidney-R  <-Kidney-L");
    assert_non_null(rec7);
    memcpy(rec7 + 22, "       abc", 10);
    const char *bad = tmp_file("bad.SAF", text);
    assert_int_not_equal(sf_icrp133_read(bad, &r), SF_OK);
    assert_non_null(strstr(sf_error_message(), "bad.SAF:7"));
    /* Names that do not fit the field are refused, naming the region. */
    strcpy(t->targets[2].name, "Liver lobe");
    f = fopen(path, "wb");
    assert_int_not_equal(sf_icrp133_write(f, path, t, 0, &h), SF_OK);
    fclose(f);
    assert_non_null(strstr(sf_error_message(), "'Liver lobe'"));
    sf_saf_table_destroy(&t);
}

static void csv_round_trip_with_quoted_names(void **state)
{
    (void)state;
    sf_saf_table *t = small_table(), *r = NULL;
    strcpy(t->targets[2].name, "Liver \"whole\"");
    const char *path = tmp_file("t.csv", NULL);
    FILE *f = fopen(path, "w");
    sf_selection all;
    sf_selection_init(&all);
    assert_int_equal(sf_saf_csv_write(f, path, t, &all), SF_OK);
    fclose(f);
    assert_int_equal(sf_saf_csv_read(path, &r), SF_OK);
    assert_int_equal(r->n_sources, 2);
    assert_int_equal(r->n_targets, 3);
    assert_string_equal(r->sources[0].name, "Kidney, left");
    assert_string_equal(r->targets[2].name, "Liver \"whole\"");
    for (size_t i = 0; i < 12; ++i) {
        assert_true(fabs(r->saf[i] / t->saf[i] - 1) < 1e-9);
        assert_true(fabs(r->rel_unc[i] / t->rel_unc[i] - 1) < 1e-9);
    }
    sf_saf_table_destroy(&r);
    sf_saf_table_destroy(&t);
}

static void compare_flags_beyond_three_sigma_plus_allowance(void **state)
{
    (void)state;
    sf_saf_table *a = small_table(), *b = small_table();
    size_t i = sf_saf_index(b, 0, 0, 1, 0);       /* unc 1 % on both */
    b->saf[i] = a->saf[i] / 1.10;                 /* ratio 1.10 */
    size_t j = sf_saf_index(b, 1, 0, 0, 1);       /* unc 2 % */
    b->saf[j] = a->saf[j] / 1.08;                 /* ratio 1.08: within */
    size_t z = sf_saf_index(b, 1, 0, 1, 2);
    b->saf[z] = 0;                                /* one value zero */
    sf_compare_result res;
    assert_int_equal(sf_compare_tables(a, b, 0.05, &res), SF_OK);
    assert_int_equal(res.n_rows, 12);
    size_t flagged = 0, zero = 0;
    for (size_t k = 0; k < res.n_rows; ++k) {
        flagged += res.rows[k].flagged;
        zero += res.rows[k].kind == SF_COMPARE_ONE_ZERO;
        if (res.rows[k].kind == SF_COMPARE_RATIO && res.rows[k].flagged)
            assert_true(fabs(res.rows[k].ratio - 1.10) < 1e-12);
    }
    /* 1.10: |r-1| = 0.10 > 3 x 1.10 x sqrt(2) % + 5 % = 9.67 %; 1.08:
     * 0.08 < 3 x 1.08 x sqrt(8) % + 5 % = 14.2 %. */
    assert_int_equal(flagged, 1);
    assert_int_equal(zero, 1);
    /* Band 0.1-1 MeV: five ratios 1 and one 1.08: median 0. */
    assert_int_equal(res.bands[2].pairs, 6);
    assert_true(res.bands[2].median_abs_dev == 0);
    assert_int_equal(res.bands[3].pairs, 5);
    sf_compare_result_clear(&res);
    sf_saf_table_destroy(&a);
    sf_saf_table_destroy(&b);
}

static void svalue_of_a_two_line_spectrum(void **state)
{
    (void)state;
    sf_saf_table *t = small_table();
    const char *path = tmp_file("two.txt",
                                "nuclide Test-2\n"
                                "line photon 0.1 0.5   # tabulated\n"
                                "line photon 0.3 0.2   # interpolated\n");
    sf_spectrum *sp = NULL;
    sf_svalue_plan *plan = NULL;
    assert_int_equal(sf_spectrum_load(path, &sp), SF_OK);
    assert_string_equal(sp->nuclide, "Test-2");
    assert_int_equal(sf_svalue_prepare(t, sp, NULL, &plan), SF_OK);
    double s, u;
    assert_int_equal(sf_svalue_compute(plan, t, 0, 2, &s, &u), SF_OK);
    double f1 = t->saf[sf_saf_index(t, 0, 0, 0, 2)];
    double f2 = t->saf[sf_saf_index(t, 0, 0, 1, 2)];
    double w = log(0.3 / 0.1) / log(1.0 / 0.1);
    double f03 = exp((1 - w) * log(f1) + w * log(f2));
    double hand = 1.602176634e-13 * (0.5 * 0.1 * f1 + 0.2 * 0.3 * f03);
    assert_true(fabs(s / hand - 1) < 1e-14);
    /* First-order uncertainty: d S / d f_k x f_k x u_k, in quadrature. */
    double ga = 0.5 * 0.1 * f1 + 0.2 * 0.3 * (1 - w) * f03;
    double gb = 0.2 * 0.3 * w * f03;
    double uk = t->rel_unc[sf_saf_index(t, 0, 0, 0, 2)];
    double var = pow(ga * uk, 2) + pow(gb * uk, 2);
    assert_true(fabs(u - sqrt(var) / (hand / 1.602176634e-13)) < 1e-14);
    assert_true(plan->outside_fraction == 0);
    sf_svalue_plan_destroy(&plan);
    sf_spectrum_destroy(&sp);
    /* An electron line when the table has only photons is an error,
     * unless the S value is restricted to photons. */
    path = tmp_file("mixed.txt", "line photon 0.1 1\nbin electron 0 0.2 1\n");
    assert_int_equal(sf_spectrum_load(path, &sp), SF_OK);
    assert_int_not_equal(sf_svalue_prepare(t, sp, NULL, &plan), SF_OK);
    assert_non_null(strstr(sf_error_message(), "electron"));
    assert_int_equal(sf_svalue_prepare(t, sp, "photon", &plan), SF_OK);
    assert_int_equal(plan->skipped, 1);
    sf_svalue_plan_destroy(&plan);
    sf_spectrum_destroy(&sp);
    sf_saf_table_destroy(&t);
}

static void spectrum_errors_name_the_line(void **state)
{
    (void)state;
    sf_spectrum *sp = NULL;
    const char *cases[][2] = {
        {"nuclide X\nline neutron 1 1\n", "s.txt:2"},
        {"line photon 0.1\n", "s.txt:1"},
        {"bin electron 0.3 0.2 1\n", "low < high"},
        {"line photon -1 1\n", "positive"},
        {"# nothing\n", "no emissions"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        const char *path = tmp_file("s.txt", cases[i][0]);
        assert_int_not_equal(sf_spectrum_load(path, &sp), SF_OK);
        assert_null(sp);
        if (!strstr(sf_error_message(), cases[i][1]))
            fail_msg("case %zu: '%s' lacks '%s'", i, sf_error_message(), cases[i][1]);
    }
}

static void shipped_spectra_are_normalised(void **state)
{
    (void)state;
    const char *names[] = {"Lu-177", "Tc-99m", "I-131", "Y-90"};
    for (size_t i = 0; i < 4; ++i) {
        char path[4096];
        snprintf(path, sizeof path, "%s/spectra/%s.txt", sf_test_source_dir(), names[i]);
        sf_spectrum *sp = NULL;
        assert_int_equal(sf_spectrum_load(path, &sp), SF_OK);
        assert_string_equal(sp->nuclide, names[i]);
        double beta = 0;
        for (size_t k = 0; k < sp->n; ++k)
            if (sp->emissions[k].high_MeV > sp->emissions[k].low_MeV)
                beta += sp->emissions[k].yield;
        /* ICRP 107 beta-minus yields: 1 for Lu-177, I-131, Y-90 (0.999885). */
        if (i != 1)
            assert_true(fabs(beta - 1) < 2e-4);
        sf_spectrum_destroy(&sp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mapping_combines_by_mass_and_summed_af),
        cmocka_unit_test(mapping_errors_name_the_line),
        cmocka_unit_test(convention_divides_self_pairs_by_the_blood_mass),
        cmocka_unit_test(a_union_takes_the_name_of_the_entry_with_its_labels),
        cmocka_unit_test(icrp133_round_trip),
        cmocka_unit_test(csv_round_trip_with_quoted_names),
        cmocka_unit_test(compare_flags_beyond_three_sigma_plus_allowance),
        cmocka_unit_test(svalue_of_a_two_line_spectrum),
        cmocka_unit_test(spectrum_errors_name_the_line),
        cmocka_unit_test(shipped_spectra_are_normalised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
