/* saffron compare: a results file against a reference SAF table (ICRP 133
 * layout or CSV). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/json.h"
#include "cli/results_common.h"
#include "core/text_width.h"
#include "core/parse.h"
#include "io/results_read.h"
#include "results/compare.h"
#include "results/reference.h"

#define CMD "compare"
#define DEFAULT_SYSTEMATIC 0.05

typedef struct compare_args {
    const char *results, *reference, *mapping;
    double systematic;
    int quiet, json;
    sf_convention convention;
    int convention_given;
} compare_args;

static void compare_help(void)
{
    printf(
        "usage: saffron compare OUT.h5 REFERENCE [--mapping TABLE|icrp110|"
        "stylized|none]\n                       [--systematic FRACTION] "
        "[--summary-only] [--json]\n"
        "                       [--convention icrp133|voxel]\n\n"
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
        "[, saf_rel_unc] (names as in\nOUT.h5 unless --mapping is given).\n\n"
        "--convention: the mass saffron's self-irradiation SAFs divide by: "
        "icrp133, with\nthe organ's blood, as the ICRP 133 files (the default "
        "against a file in their\nlayout), or voxel, the voxel mass (the "
        "default against a CSV).\n"
        "The side-by-side summary at the end gives, per particle and kind "
        "(self-\nirradiation, cross-fire), the pairs, the median |ratio - 1|, "
        "how many are within\n2 %% and the worst pairs; --json prints it "
        "alone, as JSON.\n", DEFAULT_SYSTEMATIC);
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
        } else if (!strcmp(o, "--json")) {
            a->json = 1;
        } else if (!strcmp(o, "--convention")) {
            if (sf_cli_convention_option(CMD, argc, argv, &i, &a->convention,
                                         &a->convention_given) != 1)
                return 2;
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

/* Widths of the target and source columns: the longest name of the
 * table's regions, at least the header's. */
static void name_widths(const sf_saf_table *s, size_t *wt, size_t *ws)
{
    *wt = sf_text_max_width(s->targets[0].name, s->n_targets,
                            sizeof s->targets[0], 6);
    *ws = sf_text_max_width(s->sources[0].name, s->n_sources,
                            sizeof s->sources[0], 6);
}

static void print_pair(const sf_saf_table *s, size_t target, size_t source,
                       size_t wt, size_t ws)
{
    sf_fprint_padded(stdout, s->targets[target].name, wt, 0);
    putchar(' ');
    sf_fprint_padded(stdout, s->sources[source].name, ws, 0);
}

static void print_rows(const sf_saf_table *s, const sf_compare_result *r)
{
    size_t wt, ws;
    name_widths(s, &wt, &ws);
    printf("%-9s %11s  ", "particle", "energy_MeV");
    sf_fprint_padded(stdout, "target", wt, 0);
    putchar(' ');
    sf_fprint_padded(stdout, "source", ws, 0);
    printf(" %12s %12s %7s %7s  %s\n", "saffron_kg-1", "ref_kg-1", "ratio",
           "sigma", "flag");
    for (size_t i = 0; i < r->n_rows; ++i) {
        const sf_compare_row *row = &r->rows[i];
        printf("%-9s %11.5g  ", s->particles[row->particle],
               s->energies_MeV[row->energy]);
        print_pair(s, row->target, row->source, wt, ws);
        printf(" %12.4e %12.4e ", row->saffron, row->reference);
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

static const char *kind_name(int self)
{
    return self ? "self" : "cross-fire";
}

static void print_worst(const sf_saf_table *s, const sf_compare_result *r,
                        const sf_compare_summary *sum)
{
    size_t wt, ws;
    name_widths(s, &wt, &ws);
    printf("\nworst pairs (largest |ratio - 1|):\n");
    printf("  %-9s %-10s %11s  ", "particle", "kind", "energy_MeV");
    sf_fprint_padded(stdout, "target", wt, 0);
    putchar(' ');
    sf_fprint_padded(stdout, "source", ws, 0);
    printf(" %7s %7s\n", "ratio", "sigma");
    for (size_t k = 0; k < sum->n_groups; ++k) {
        const sf_compare_group *g = &sum->groups[k];
        for (size_t w = 0; w < g->n_worst; ++w) {
            const sf_compare_row *row = &r->rows[g->worst[w]];
            printf("  %-9s %-10s %11.5g  ", s->particles[g->particle],
                   kind_name(g->self), s->energies_MeV[row->energy]);
            print_pair(s, row->target, row->source, wt, ws);
            printf(" %7.3f %7.3f\n", row->ratio, row->sigma);
        }
    }
}

/* Targets whose mass the reference gives (1 / its E -> 0 value for
 * self-irradiation) and differs from the one saffron divides by. */
static void print_masses(const sf_saf_table *s, const sf_saf_table *ref)
{
    size_t compared = 0, differ = 0;
    size_t w = sf_text_max_width(ref->targets[0].name, ref->n_targets,
                                 sizeof ref->targets[0], 6);
    for (size_t g = 0; g < ref->n_targets; ++g) {
        long k = sf_saf_find_target(s, ref->targets[g].name);
        long src = sf_saf_find_source(s, ref->targets[g].name);
        if (k < 0 || src < 0 || !(ref->targets[g].mass_kg > 0))
            continue;
        double ours = sf_saf_pair_mass(s, (size_t)src, (size_t)k);
        double ratio = ours / ref->targets[g].mass_kg;
        compared++;
        if (fabs(ratio - 1) <= 0.005)
            continue;
        if (differ++ == 0) {
            printf("\nself-irradiation masses that differ by more than 0.5 %%"
                   " (kg; reference: 1 / its 0.0 column):\n  ");
            sf_fprint_padded(stdout, "target", w, 0);
            printf(" %12s %12s %7s\n", "saffron", "reference", "ratio");
        }
        printf("  ");
        sf_fprint_padded(stdout, ref->targets[g].name, w, 0);
        printf(" %12.5g %12.5g %7.3f\n", ours, ref->targets[g].mass_kg, ratio);
    }
    if (compared)
        printf("%zu self-irradiation target masses compared, %zu differ by "
               "more than 0.5 %%\n", compared, differ);
}

static void print_side_by_side(const sf_saf_table *s, const sf_compare_result *r,
                               const sf_compare_summary *sum, sf_convention c)
{
    printf("\nside by side (saffron in the %s convention):\n",
           sf_convention_name(c));
    printf("  %-9s %-10s %7s %12s %10s %8s %9s\n", "particle", "kind", "pairs",
           "median|r-1|", "within 2%", "flagged", "one zero");
    for (size_t k = 0; k < sum->n_groups; ++k) {
        const sf_compare_group *g = &sum->groups[k];
        printf("  %-9s %-10s %7zu %12.4f %10zu %8zu %9zu\n",
               s->particles[g->particle], kind_name(g->self), g->pairs,
               g->median_abs_dev, g->within_2pc, g->flagged, g->one_zero);
    }
    print_worst(s, r, sum);
}

static void json_row(const sf_saf_table *s, const sf_compare_row *row)
{
    printf("{\"target\": ");
    sf_json_string(stdout, s->targets[row->target].name);
    printf(", \"source\": ");
    sf_json_string(stdout, s->sources[row->source].name);
    printf(", \"energy_MeV\": ");
    sf_json_double(stdout, s->energies_MeV[row->energy]);
    printf(", \"saffron_per_kg\": ");
    sf_json_double(stdout, row->saffron);
    printf(", \"reference_per_kg\": ");
    sf_json_double(stdout, row->reference);
    printf(", \"ratio\": ");
    sf_json_double(stdout, row->ratio);
    printf(", \"sigma\": ");
    sf_json_double(stdout, row->sigma);
    printf("}");
}

static void print_json(const compare_args *a, const sf_saf_table *s,
                       const sf_compare_result *r, const sf_compare_summary *sum,
                       sf_convention c)
{
    size_t flagged = 0;
    for (size_t i = 0; i < r->n_rows; ++i)
        flagged += r->rows[i].flagged;
    printf("{\"results\": ");
    sf_json_string(stdout, a->results);
    printf(", \"reference\": ");
    sf_json_string(stdout, a->reference);
    printf(", \"convention\": \"%s\", \"systematic\": ", sf_convention_name(c));
    sf_json_double(stdout, a->systematic);
    printf(", \"rows\": %zu, \"flagged\": %zu, \"both_zero\": %zu, "
           "\"not_available\": %zu, \"groups\": [", r->n_rows, flagged,
           r->both_zero, r->unavailable);
    for (size_t k = 0; k < sum->n_groups; ++k) {
        const sf_compare_group *g = &sum->groups[k];
        printf("%s\n  {\"particle\": \"%s\", \"kind\": \"%s\", \"pairs\": %zu, "
               "\"median_abs_dev\": ", k ? "," : "", s->particles[g->particle],
               kind_name(g->self), g->pairs);
        sf_json_double(stdout, g->median_abs_dev);
        printf(", \"within_2pc\": %zu, \"flagged\": %zu, \"one_zero\": %zu, "
               "\"worst\": [", g->within_2pc, g->flagged, g->one_zero);
        for (size_t w = 0; w < g->n_worst; ++w) {
            printf(w ? ", " : "");
            json_row(s, &r->rows[g->worst[w]]);
        }
        printf("]}");
    }
    printf("]}\n");
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
    sf_saf_table *ours = NULL, *ref = NULL;
    sf_compare_result res = {0};
    sf_compare_summary sum = {0};
    sf_status st = sf_reference_load(a.reference, &ref, &csv);
    sf_convention c = a.convention_given ? a.convention
                    : csv ? SF_CONVENTION_VOXEL : SF_CONVENTION_ICRP133;
    if (st == SF_OK)
        st = sf_cli_results_table(a.results, a.mapping, !csv, c, &ours, NULL);
    if (st == SF_OK)
        st = sf_compare_tables(ours, ref, a.systematic, &res);
    if (st == SF_OK && res.n_rows + res.both_zero + res.unavailable == 0)
        st = sf_error_set(SF_ERR_VALUE, "%s and %s have no target <- source "
                          "pair, particle and energy in common (check the "
                          "region names, --mapping and the energies)",
                          a.results, a.reference);
    if (st == SF_OK)
        st = sf_compare_summarize(ours, &res, &sum);
    if (st == SF_OK && a.json) {
        print_json(&a, ours, &res, &sum, (sf_convention)ours->convention);
    } else if (st == SF_OK) {
        printf("# %s vs %s (%s); ratio = saffron / reference\n", a.results,
               a.reference, csv ? "CSV" : "ICRP 133 layout");
        if (!a.quiet)
            print_rows(ours, &res);
        print_summary(ours, &res, a.systematic);
        print_masses(ours, ref);
        print_side_by_side(ours, &res, &sum, (sf_convention)ours->convention);
    }
    sf_compare_summary_clear(&sum);
    sf_compare_result_clear(&res);
    sf_saf_table_destroy(&ours);
    sf_saf_table_destroy(&ref);
    return st == SF_OK ? 0 : sf_cli_fail();
}
