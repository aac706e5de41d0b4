/* saffron compare: a results file against a reference SAF table (ICRP 133
 * layout or CSV). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/results_common.h"
#include "core/parse.h"
#include "io/results_read.h"
#include "results/compare.h"
#include "results/reference.h"

#define CMD "compare"
#define DEFAULT_SYSTEMATIC 0.05

typedef struct compare_args {
    const char *results, *reference, *mapping;
    double systematic;
    int quiet;
} compare_args;

static void compare_help(void)
{
    printf(
        "usage: saffron compare OUT.h5 REFERENCE [--mapping TABLE|icrp110|"
        "stylized|none]\n                       [--systematic FRACTION] "
        "[--summary-only]\n\n"
        "Compares every target <- source pair, particle and energy that OUT.h5 "
        "and the\nreference have in common: both SAFs (kg^-1), ratio = saffron "
        "/ reference and\nits 1-sigma uncertainty sigma = ratio x sqrt(u_saffron^2 "
        "+ u_reference^2)\n(a reference without uncertainties counts as exact). "
        "A pair is flagged '*'\nwhen |ratio - 1| > 3 sigma + FRACTION, the "
        "systematic allowance (default %.2f).\nA summary gives the median "
        "|ratio - 1| per particle and energy decade.\n\n"
        "REFERENCE is a file in the ICRP 133 SAF layout (regions named by the "
        "mapping\ntable: by default the phantom's, see docs/exports.md) or a CSV "
        "with columns\nsource, particle, energy_MeV, target, saf_per_kg "
        "[, saf_rel_unc] (names as in\nOUT.h5 unless --mapping is given).\n",
        DEFAULT_SYSTEMATIC);
}

static int parse_args(int argc, char **argv, compare_args *a)
{
    memset(a, 0, sizeof *a);
    a->systematic = DEFAULT_SYSTEMATIC;
    for (int i = 1; i < argc; ++i) {
        const char *o = argv[i];
        if (!strcmp(o, "--mapping")) {
            if (!(a->mapping = sf_cli_option_value(CMD, argc, argv, &i)))
                return 2;
        } else if (!strcmp(o, "--systematic")) {
            const char *v = sf_cli_option_value(CMD, argc, argv, &i);
            if (!v || sf_parse_double(v, "--systematic", &a->systematic) != SF_OK ||
                a->systematic < 0 || a->systematic >= 1)
                return sf_cli_usage(CMD, "--systematic needs a fraction in "
                                    "[0, 1), e.g. 0.05");
        } else if (!strcmp(o, "--summary-only")) {
            a->quiet = 1;
        } else if (o[0] == '-' || (a->results && a->reference)) {
            return sf_cli_usage(CMD, "unexpected argument '%s'", o);
        } else if (!a->results) {
            a->results = o;
        } else {
            a->reference = o;
        }
    }
    if (!a->reference)
        return sf_cli_usage(CMD, "needs OUT.h5 and REFERENCE");
    return 0;
}

static void print_rows(const sf_saf_table *s, const sf_compare_result *r)
{
    printf("%-9s %11s  %-12s %-12s %12s %12s %7s %7s  %s\n", "particle",
           "energy_MeV", "target", "source", "saffron_kg-1", "ref_kg-1",
           "ratio", "sigma", "flag");
    for (size_t i = 0; i < r->n_rows; ++i) {
        const sf_compare_row *row = &r->rows[i];
        printf("%-9s %11.5g  %-12s %-12s %12.4e %12.4e ", s->particles[row->particle],
               s->energies_MeV[row->energy], s->targets[row->target].name,
               s->sources[row->source].name, row->saffron, row->reference);
        if (row->kind == SF_COMPARE_RATIO)
            printf("%7.3f %7.3f  %s\n", row->ratio, row->sigma, row->flagged ? "*" : "");
        else
            printf("%7s %7s  0\n", "-", "-");
    }
}

static void print_summary(const sf_saf_table *s, const sf_compare_result *r,
                          double systematic)
{
    size_t flagged = 0, zero = 0;
    for (size_t i = 0; i < r->n_rows; ++i) {
        flagged += r->rows[i].flagged;
        zero += r->rows[i].kind == SF_COMPARE_ONE_ZERO;
    }
    printf("\nsummary: median |ratio - 1| per particle and energy band\n");
    printf("%-9s %-16s %7s %15s %8s\n", "particle", "band_MeV", "pairs",
           "median|r-1|", "flagged");
    for (size_t p = 0; p < r->n_particles; ++p)
        for (int b = 0; b < SF_COMPARE_BANDS; ++b) {
            const sf_compare_band *band = &r->bands[p * SF_COMPARE_BANDS + (size_t)b];
            if (band->pairs == 0)
                continue;
            char range[32];
            if (b + 1 < SF_COMPARE_BANDS)
                snprintf(range, sizeof range, "%g-%g", sf_compare_band_low(b),
                         sf_compare_band_low(b + 1));
            else
                snprintf(range, sizeof range, ">=%g", sf_compare_band_low(b));
            printf("%-9s %-16s %7zu %15.4f %8zu\n", s->particles[p], range,
                   band->pairs, band->median_abs_dev, band->flagged);
        }
    printf("%zu pairs compared, %zu flagged (|ratio - 1| > 3 sigma + %.3g), "
           "%zu with one value zero ('0'), %zu both zero, %zu not available\n",
           r->n_rows, flagged, systematic, zero, r->both_zero, r->unavailable);
}

int sf_cmd_compare(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        compare_help();
        return 0;
    }
    compare_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    int csv = 0;
    sf_saf_table *raw = NULL, *ours = NULL, *ref = NULL;
    sf_region_map *map = NULL;
    sf_results_meta meta;
    sf_compare_result res = {0};
    sf_status st = sf_results_load_saf(a.results, &raw, &meta);
    if (st == SF_OK)
        st = sf_reference_load(a.reference, &ref, &csv);
    if (st == SF_OK)
        st = sf_cli_load_mapping(a.mapping, meta.phantom, !csv, &map);
    if (st == SF_OK)
        st = sf_cli_apply_mapping(map, raw, &ours);
    if (st == SF_OK)
        st = sf_compare_tables(ours, ref, a.systematic, &res);
    if (st == SF_OK && res.n_rows + res.both_zero + res.unavailable == 0)
        st = sf_error_set(SF_ERR_VALUE, "%s and %s have no target <- source "
                          "pair, particle and energy in common (check the "
                          "region names, --mapping and the energies)",
                          a.results, a.reference);
    if (st == SF_OK) {
        printf("# %s vs %s (%s); ratio = saffron / reference\n", a.results,
               a.reference, csv ? "CSV" : "ICRP 133 layout");
        if (!a.quiet)
            print_rows(ours, &res);
        print_summary(ours, &res, a.systematic);
    }
    sf_compare_result_clear(&res);
    if (ours != raw)
        sf_saf_table_destroy(&ours);
    sf_saf_table_destroy(&raw);
    sf_saf_table_destroy(&ref);
    sf_region_map_destroy(&map);
    return st == SF_OK ? 0 : sf_cli_fail();
}
