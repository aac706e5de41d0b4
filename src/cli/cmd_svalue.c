/* saffron svalue: S values (Gy per Bq s) from a results file's SAFs and a
 * radionuclide's decay spectrum. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/results_common.h"
#include "core/text_width.h"
#include "io/results_read.h"
#include "results/share_path.h"
#include "results/svalue.h"

#define CMD "svalue"

typedef struct svalue_args {
    const char *results, *spectrum, *mapping;
    sf_convention convention;
    int convention_given;
    sf_selection sel;
} svalue_args;

static void svalue_help(void)
{
    printf(
        "usage: saffron svalue OUT.h5 --spectrum FILE|NUCLIDE [--source S]... "
        "[--target T]...\n                      [--particle P] [--mapping "
        "TABLE|icrp110|stylized|none]\n"
        "                      [--convention voxel|icrp133]\n\n"
        "Prints S(target <- source) in Gy per (Bq s): the sum over the "
        "spectrum's\nemissions of yield x energy x SAF x 1.602176634e-13 J/MeV, "
        "SAFs interpolated\nlog-log between the campaign's energies (held at "
        "the end values outside them,\nwith the share of energy that needed it "
        "reported), and its relative 1-sigma\nuncertainty. NUCLIDE names a "
        "shipped spectrum: Lu-177, Tc-99m, I-131, Y-90\n(spectra/, from ICRP "
        "Publication 107). --particle restricts the spectrum to\none particle "
        "(a partial S value). --convention: the mass of a self-irradiated "
        "target,\nvoxel (default) or icrp133 (with its blood, as ICRP 133; "
        "docs/exports.md).\nSpectrum format: docs/svalues.md.\n");
}

static int parse_args(int argc, char **argv, svalue_args *a)
{
    memset(a, 0, sizeof *a);
    sf_selection_init(&a->sel);
    for (int i = 1; i < argc; ++i) {
        const char *o = argv[i];
        int r = sf_cli_selection_option(CMD, argc, argv, &i, &a->sel);
        if (r == 0)
            r = sf_cli_convention_option(CMD, argc, argv, &i, &a->convention,
                                         &a->convention_given);
        if (r == 2)
            return 2;
        if (r == 1) {
            if (!strcmp(o, "--energy"))
                return sf_cli_usage(CMD, "--energy does not apply (the "
                                    "spectrum gives the energies)");
            continue;
        }
        if (!strcmp(o, "--spectrum") || !strcmp(o, "--mapping")) {
            const char **dst = o[2] == 's' ? &a->spectrum : &a->mapping;
            if (!(*dst = sf_cli_option_value(CMD, argc, argv, &i)))
                return 2;
        } else if (o[0] == '-' || a->results) {
            return sf_cli_usage(CMD, "unexpected argument '%s'", o);
        } else {
            a->results = o;
        }
    }
    if (!a->results || !a->spectrum)
        return sf_cli_usage(CMD, "needs OUT.h5 and --spectrum");
    return 0;
}

static sf_status spectrum_path(const char *arg, char *buf, size_t n)
{
    if (access(arg, F_OK) == 0 || strchr(arg, '/')) {
        snprintf(buf, n, "%s", arg);
        return SF_OK;
    }
    char rel[256];
    snprintf(rel, sizeof rel, "spectra/%.200s.txt", arg);
    if (sf_share_path(rel, buf, n) != SF_OK)
        SF_FAIL(SF_ERR_IO, "--spectrum %s: no such file, and no shipped "
                "spectrum of that name (shipped: Lu-177, Tc-99m, I-131, Y-90)",
                arg);
    return SF_OK;
}

/* The widest name of the selected regions, at least that of the header. */
static size_t name_width(const sf_selection *sel, const sf_saf_region *r,
                         size_t n, int targets, const char *header)
{
    size_t w = sf_text_width(header);
    for (size_t i = 0; i < n; ++i)
        if (targets ? sf_selection_has_target(sel, &r[i])
                    : sf_selection_has_source(sel, &r[i]))
            w = sf_text_max_width(r[i].name, 1, 0, w);
    return w;
}

static sf_status print_values(const svalue_args *a, sf_svalue_plan *plan,
                              const sf_saf_table *t)
{
    size_t wt = name_width(&a->sel, t->targets, t->n_targets, 1, "target");
    size_t ws = name_width(&a->sel, t->sources, t->n_sources, 0, "source");
    sf_fprint_padded(stdout, "target", wt, 0);
    putchar(' ');
    sf_fprint_padded(stdout, "source", ws, 0);
    printf(" %15s %9s\n", "S_Gy_per_Bq_s", "rel_unc");
    for (size_t s = 0; s < t->n_sources; ++s) {
        if (!sf_selection_has_source(&a->sel, &t->sources[s]))
            continue;
        for (size_t g = 0; g < t->n_targets; ++g) {
            if (!sf_selection_has_target(&a->sel, &t->targets[g]))
                continue;
            double value, unc;
            SF_TRY(sf_svalue_compute(plan, t, s, g, &value, &unc));
            sf_fprint_padded(stdout, t->targets[g].name, wt, 0);
            putchar(' ');
            sf_fprint_padded(stdout, t->sources[s].name, ws, 0);
            printf(" %15.6e %9.4f\n", value, unc);
        }
    }
    return SF_OK;
}

static void print_header(const svalue_args *a, const sf_spectrum *sp,
                         const sf_svalue_plan *plan, const sf_saf_table *t)
{
    printf("# S values, Gy per (Bq s): %s (%s) in %s\n",
           sp->nuclide[0] ? sp->nuclide : "spectrum", sp->path, a->results);
    printf("# emitted energy per decay %.6g MeV%s%s; %.3g %% of it at energies "
           "outside the SAF table (%g to %g MeV), where SAFs are held at the "
           "end values\n", plan->energy_per_decay_MeV,
           a->sel.particle ? " of " : "", a->sel.particle ? a->sel.particle : "",
           100 * plan->outside_fraction, t->energies_MeV[0],
           t->energies_MeV[t->n_energies - 1]);
    if (plan->skipped)
        printf("# partial S values: %zu emissions of other particles left "
               "out (--particle %s)\n", plan->skipped, a->sel.particle);
}

int sf_cmd_svalue(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        svalue_help();
        return 0;
    }
    svalue_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    char path[4096];
    sf_spectrum *sp = NULL;
    sf_saf_table *t = NULL;
    sf_svalue_plan *plan = NULL;
    sf_status st = spectrum_path(a.spectrum, path, sizeof path);
    if (st == SF_OK)
        st = sf_spectrum_load(path, &sp);
    if (st == SF_OK)
        st = sf_cli_results_table(a.results, a.mapping, 0, a.convention, &t, NULL);
    if (st == SF_OK)
        st = sf_selection_check(&a.sel, t, a.results);
    if (st == SF_OK)
        st = sf_svalue_prepare(t, sp, a.sel.particle, &plan);
    if (st == SF_OK) {
        print_header(&a, sp, plan, t);
        st = print_values(&a, plan, t);
    }
    sf_svalue_plan_destroy(&plan);
    sf_saf_table_destroy(&t);
    sf_spectrum_destroy(&sp);
    return st == SF_OK ? 0 : sf_cli_fail();
}
