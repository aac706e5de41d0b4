/* saffron plot: PNG pictures of a results file through gnuplot: SAF versus
 * energy for targets of a source (optionally against a reference, with a
 * ratio panel), or a slice of a dose map with the region outlines. */
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/results_common.h"
#include "core/parse.h"
#include "geometry/phantom.h"
#include "io/results_read.h"
#include "results/gnuplot.h"
#include "results/reference.h"
#include "results/slice_plot.h"

#define CMD "plot"
#define DEFAULT_TARGETS 4

typedef struct plot_args {
    const char *results, *kind, *out, *reference, *mapping, *phantom, *axis;
    long task, index;
    sf_convention convention;
    int convention_given;
    sf_selection sel;
} plot_args;

static void plot_help(void)
{
    printf(
        "usage: saffron plot OUT.h5 saf --source S [--target T]... [--particle P]\n"
        "                    [--reference FILE [--mapping TABLE|none]] "
        "[--out FILE.png]\n"
        "                    [--convention icrp133|voxel]\n"
        "       saffron plot OUT.h5 slice --task ID [--axis x|y|z] [--index K]\n"
        "                    [--phantom P] [--out FILE.png]\n\n"
        "saf    SAF (kg^-1) versus energy (MeV), log-log, with 1-sigma bars, "
        "for the\n       targets given (default: the source itself and the 3 "
        "targets with the\n       highest SAF at the top energy) of one source "
        "and particle (default: the\n       first). --reference overlays a "
        "reference table (ICRP 133 layout or CSV,\n       as for 'saffron "
        "compare') and adds a panel of saffron / reference. --convention: "
        "the mass\n       self-irradiation SAFs divide by (default icrp133 "
        "against an ICRP 133 file,\n       else voxel; docs/exports.md).\n"
        "slice  one plane of a task's dose map (Gy per emitted particle, log "
        "colour scale)\n       with the region outlines; --axis y (default) "
        "cuts coronal planes, z\n       transverse, x sagittal; --index picks "
        "the plane (default: the one with\n       the most dose). The phantom "
        "is the campaign's, or --phantom P.\n\n"
        "Drawn by gnuplot (Debian gnuplot-nox) with scripts/plot-saf.gp and\n"
        "scripts/plot-slice.gp; default output OUT_saf_SOURCE.png or "
        "OUT_task_ID.png.\n");
}

static int parse_args(int argc, char **argv, plot_args *a)
{
    memset(a, 0, sizeof *a);
    a->task = a->index = -1;
    a->axis = "y";
    sf_selection_init(&a->sel);
    for (int i = 1; i < argc; ++i) {
        const char *o = argv[i];
        int r = sf_cli_selection_option(CMD, argc, argv, &i, &a->sel);
        if (r == 0)
            r = sf_cli_convention_option(CMD, argc, argv, &i, &a->convention,
                                         &a->convention_given);
        if (r == 2)
            return 2;
        if (r == 1)
            continue;
        const char **dst = !strcmp(o, "--out") ? &a->out
                         : !strcmp(o, "--reference") ? &a->reference
                         : !strcmp(o, "--mapping") ? &a->mapping
                         : !strcmp(o, "--phantom") ? &a->phantom
                         : !strcmp(o, "--axis") ? &a->axis : NULL;
        long *num = !strcmp(o, "--task") ? &a->task
                  : !strcmp(o, "--index") ? &a->index : NULL;
        if (dst) {
            if (!(*dst = sf_cli_option_value(CMD, argc, argv, &i)))
                return 2;
        } else if (num) {
            const char *v = sf_cli_option_value(CMD, argc, argv, &i);
            if (!v || sf_parse_int(v, o, 0, 1L << 40, num) != SF_OK)
                return sf_cli_usage(CMD, "%s needs a non-negative integer", o);
        } else if (o[0] == '-' || a->kind) {
            return sf_cli_usage(CMD, "unexpected argument '%s'", o);
        } else if (!a->results) {
            a->results = o;
        } else {
            a->kind = o;
        }
    }
    if (!a->kind || (strcmp(a->kind, "saf") && strcmp(a->kind, "slice")))
        return sf_cli_usage(CMD, "needs OUT.h5 and what to draw: saf or slice");
    if (!strcmp(a->kind, "saf") && a->sel.n_sources != 1)
        return sf_cli_usage(CMD, "saf needs exactly one --source");
    if (!strcmp(a->kind, "slice") && a->task < 0)
        return sf_cli_usage(CMD, "slice needs --task ID");
    if (strlen(a->axis) != 1 || !strchr("xyz", a->axis[0]))
        return sf_cli_usage(CMD, "--axis %s: expected x, y or z", a->axis);
    return 0;
}

static void output_path(const plot_args *a, const char *what, char *buf,
                        size_t n)
{
    if (a->out) {
        snprintf(buf, n, "%s", a->out);
        return;
    }
    char stem[4000];
    sf_cli_output_stem(a->results, stem, sizeof stem);
    snprintf(buf, n, "%.3800s_%.200s.png", stem, what);
    for (char *c = buf + strlen(stem); *c; ++c)
        if (*c == ' ' || *c == ',' || *c == '/')
            *c = '_';
}

/* ---- SAF versus energy --------------------------------------------------- */

/* Default targets: the source itself, then the highest SAFs at the top
 * energy. */
static size_t pick_targets(const sf_saf_table *t, size_t s, size_t p,
                           size_t *out)
{
    size_t n = 0, e = t->n_energies - 1;
    long self = sf_saf_find_target(t, t->sources[s].name);
    if (self >= 0)
        out[n++] = (size_t)self;
    while (n < DEFAULT_TARGETS && n < t->n_targets) {
        long best = -1;
        for (size_t g = 0; g < t->n_targets; ++g) {
            int taken = 0;
            for (size_t k = 0; k < n; ++k)
                taken |= out[k] == g;
            double v = t->saf[sf_saf_index(t, s, p, e, g)];
            if (!taken && v > 0 &&
                (best < 0 || v > t->saf[sf_saf_index(t, s, p, e, (size_t)best)]))
                best = (long)g;
        }
        if (best < 0)
            break;
        out[n++] = (size_t)best;
    }
    return n;
}

static int write_saf_series(sf_plot_dir *dir, int k, const sf_saf_table *t,
                            size_t s, size_t p, size_t g)
{
    char name[64];
    snprintf(name, sizeof name, "saf_%d.dat", k);
    FILE *f = sf_plot_data_file(dir, name);
    if (!f)
        return -1;
    for (size_t e = 0; e < t->n_energies; ++e) {
        size_t i = sf_saf_index(t, s, p, e, g);
        double v = t->saf[i], u = isfinite(t->rel_unc[i]) ? t->rel_unc[i] : 0;
        if (v > 0)
            fprintf(f, "%.9g %.9g %.9g %.9g\n", t->energies_MeV[e], v,
                    v * fmax(1 - u, 0.01), v * (1 + u));
    }
    return fclose(f) != 0 ? -1 : 0;
}

/* Reference values and ratios of one target; returns the number of
 * reference points written, or -1. */
static int write_reference_series(sf_plot_dir *dir, int k, const sf_saf_table *t,
                                  size_t s, size_t p, size_t g,
                                  const sf_saf_table *ref)
{
    char name[2][64];
    snprintf(name[0], sizeof name[0], "ref_%d.dat", k);
    snprintf(name[1], sizeof name[1], "ratio_%d.dat", k);
    FILE *fr = sf_plot_data_file(dir, name[0]), *fq = sf_plot_data_file(dir, name[1]);
    long rs = sf_saf_find_source(ref, t->sources[s].name);
    long rg = sf_saf_find_target(ref, t->targets[g].name);
    long rp = sf_saf_find_particle(ref, t->particles[p]);
    int n = 0;
    for (size_t e = 0; fr && fq && rs >= 0 && rg >= 0 && rp >= 0 && e < ref->n_energies; ++e) {
        size_t ri = sf_saf_index(ref, (size_t)rs, (size_t)rp, e, (size_t)rg);
        double rv = ref->saf[ri];
        if (!(rv > 0))
            continue;
        fprintf(fr, "%.9g %.9g\n", ref->energies_MeV[e], rv);
        n++;
        long oe = sf_saf_find_energy(t, ref->energies_MeV[e]);
        if (oe < 0)
            continue;
        size_t oi = sf_saf_index(t, s, p, (size_t)oe, g);
        if (!(t->saf[oi] > 0))
            continue;
        double ratio = t->saf[oi] / rv;
        double ur = isfinite(ref->rel_unc[ri]) ? ref->rel_unc[ri] : 0;
        double uo = isfinite(t->rel_unc[oi]) ? t->rel_unc[oi] : 0;
        fprintf(fq, "%.9g %.9g %.9g\n", ref->energies_MeV[e], ratio,
                ratio * hypot(uo, ur));
    }
    /* gnuplot stops on an empty file: a point far outside keeps it valid. */
    if (fr && n == 0)
        fprintf(fr, "NaN NaN\n");
    if (fq)
        fprintf(fq, "NaN NaN NaN\n");
    int bad = !fr || !fq;
    if (fr)
        bad |= fclose(fr) != 0;
    if (fq)
        bad |= fclose(fq) != 0;
    return bad ? -1 : n;
}

static sf_status saf_series(const plot_args *a, sf_plot_dir *dir,
                            const sf_saf_table *t, const sf_saf_table *ref)
{
    long s = sf_saf_find_source(t, a->sel.sources[0]);
    long p = a->sel.particle ? sf_saf_find_particle(t, a->sel.particle) : 0;
    size_t targets[SF_SELECTION_MAX], n = 0;
    for (size_t g = 0; g < t->n_targets && a->sel.n_targets; ++g)
        if (sf_selection_has_target(&a->sel, &t->targets[g]) && n < SF_SELECTION_MAX)
            targets[n++] = g;
    if (a->sel.n_targets == 0)
        n = pick_targets(t, (size_t)s, (size_t)p, targets);
    if (n == 0)
        SF_FAIL(SF_ERR_VALUE, "%s: no target of %s has a positive SAF to plot",
                a->results, t->sources[s].name);
    int ref_points = 0;
    fprintf(dir->vars_file, "n = %zu\narray names[%zu]\n", n, n);
    for (size_t k = 0; k < n; ++k) {
        sf_plot_var_array(dir, "names", (int)k + 1, t->targets[targets[k]].name);
        int r = ref ? write_reference_series(dir, (int)k + 1, t, (size_t)s,
                                             (size_t)p, targets[k], ref) : 0;
        if (r < 0 || write_saf_series(dir, (int)k + 1, t, (size_t)s, (size_t)p, targets[k]))
            SF_FAIL(SF_ERR_IO, "%s: cannot write the plot data", dir->path);
        ref_points += r;
    }
    if (ref && ref_points == 0)
        SF_FAIL(SF_ERR_VALUE, "%s has no SAF for these targets of %s (%s); "
                "check the names and --mapping", a->reference,
                t->sources[s].name, t->particles[p]);
    char title[512];
    snprintf(title, sizeof title, "SAF, %s source: %s (%s)", t->particles[p],
             t->sources[s].name, a->results);
    sf_plot_var_string(dir, "plot_title", title);
    sf_plot_var_string(dir, "particle", t->particles[p]);
    fprintf(dir->vars_file, "has_ref = %d\n", ref != NULL);
    return SF_OK;
}

static sf_status plot_saf(plot_args *a)
{
    sf_saf_table *t = NULL, *ref = NULL;
    sf_plot_dir dir = {0};
    int ref_csv = 0;
    char out[4096], what[200];
    sf_status st = SF_OK;
    if (a->reference)
        st = sf_reference_load(a->reference, &ref, &ref_csv);
    sf_convention c = a->convention_given ? a->convention
                    : ref && !ref_csv ? SF_CONVENTION_ICRP133 : SF_CONVENTION_VOXEL;
    if (st == SF_OK)
        st = sf_cli_results_table(a->results, a->mapping, a->reference && !ref_csv,
                                  c, &t, NULL);
    if (st == SF_OK)
        st = sf_selection_check(&a->sel, t, a->results);
    if (st == SF_OK)
        st = sf_plot_dir_create(&dir);
    if (st == SF_OK) {
        snprintf(what, sizeof what, "saf_%.150s", a->sel.sources[0]);
        output_path(a, what, out, sizeof out);
        sf_plot_var_string(&dir, "out", out);
        if (ref)
            sf_plot_var_string(&dir, "ref_label", a->reference);
        st = saf_series(a, &dir, t, ref);
    }
    if (st == SF_OK)
        st = sf_plot_run(&dir, "plot-saf.gp");
    if (st == SF_OK)
        printf("wrote %s\n", out);
    sf_plot_dir_remove(&dir);
    sf_saf_table_destroy(&t);
    sf_saf_table_destroy(&ref);
    return st;
}

/* ---- dose-map slice ------------------------------------------------------ */

/* The campaign's phantom: a relative path in the manifest is relative to
 * the manifest's directory. */
static void campaign_phantom(const sf_results_meta *m, char *buf, size_t n)
{
    if (m->phantom[0] == '/' || !strncmp(m->phantom, "builtin:", 8)) {
        snprintf(buf, n, "%s", m->phantom);
        return;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", m->manifest_file);
    snprintf(buf, n, "%s/%s", dirname(dir), m->phantom);
}

static sf_status load_phantom(const plot_args *a, const sf_dose_image *d,
                              sf_phantom **ph)
{
    char spec[4096];
    if (a->phantom) {
        snprintf(spec, sizeof spec, "%s", a->phantom);
    } else {
        sf_saf_table *t = NULL;
        sf_results_meta meta;
        SF_TRY(sf_results_load_saf(a->results, &t, &meta));
        sf_saf_table_destroy(&t);
        campaign_phantom(&meta, spec, sizeof spec);
    }
    if (sf_phantom_load(spec, ph) != SF_OK)
        SF_FAIL(SF_ERR_IO, "cannot load the campaign's phantom %s (%s); give "
                "it with --phantom", spec, sf_error_message());
    if ((*ph)->nx != d->nx || (*ph)->ny != d->ny || (*ph)->nz != d->nz) {
        sf_phantom_destroy(ph);
        SF_FAIL(SF_ERR_VALUE, "phantom %s has %dx%dx%d voxels, the dose map "
                "%dx%dx%d: not the campaign's phantom", spec, (*ph)->nx,
                (*ph)->ny, (*ph)->nz, d->nx, d->ny, d->nz);
    }
    return SF_OK;
}

static sf_status plot_slice(const plot_args *a)
{
    sf_dose_image d;
    SF_TRY(sf_results_load_dose_map(a->results, a->task, &d));
    sf_phantom *ph = NULL;
    sf_plot_dir dir = {0};
    int axis = a->axis[0] - 'x';
    long k = a->index >= 0 ? a->index : sf_slice_hottest(&d, axis);
    char out[4096], what[64], title[512];
    sf_status st = load_phantom(a, &d, &ph);
    if (st == SF_OK)
        st = sf_plot_dir_create(&dir);
    if (st == SF_OK) {
        snprintf(what, sizeof what, "task_%ld", a->task);
        output_path(a, what, out, sizeof out);
        sf_plot_var_string(&dir, "out", out);
        snprintf(title, sizeof title, "Dose per emitted %s, %s source, %g MeV "
                 "(task %ld), plane %c = %ld", d.particle, d.source,
                 d.energy_MeV, a->task, a->axis[0], k);
        sf_plot_var_string(&dir, "plot_title", title);
        st = sf_slice_write(&dir, &d, ph, axis, k);
    }
    if (st == SF_OK)
        st = sf_plot_run(&dir, "plot-slice.gp");
    if (st == SF_OK)
        printf("wrote %s\n", out);
    sf_plot_dir_remove(&dir);
    sf_phantom_destroy(&ph);
    sf_dose_image_clear(&d);
    return st;
}

int sf_cmd_plot(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        plot_help();
        return 0;
    }
    plot_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    sf_status st = !strcmp(a.kind, "saf") ? plot_saf(&a) : plot_slice(&a);
    return st == SF_OK ? 0 : sf_cli_fail();
}
