/* saffron export: a results file's SAFs as CSV or ICRP 133 SAF files, its
 * dose maps as MetaImage or NIfTI images. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/results_common.h"
#include "core/parse.h"
#include "io/results_read.h"
#include "results/icrp133.h"
#include "results/image_write.h"
#include "results/saf_csv.h"

#define CMD "export"
#define MAX_TASKS 4096

typedef struct export_args {
    const char *results, *format, *out, *mapping;
    sf_convention convention;
    int convention_given;
    sf_selection sel;
    long tasks[MAX_TASKS];
    size_t n_tasks;
} export_args;

static void export_help(void)
{
    printf(
        "usage: saffron export OUT.h5 --format csv|icrp133|mhd|nii [--out PATH]\n"
        "                      [--source S]... [--target T]... [--particle P] "
        "[--energy E_MeV]\n"
        "                      [--task ID]... [--mapping TABLE|icrp110|"
        "stylized|none]\n"
        "                      [--convention icrp133|voxel]\n\n"
        "csv      one row per source, particle, energy and target: SAF (kg^-1), "
        "its relative\n         uncertainty, absorbed fraction, source and "
        "target masses (kg);\n         --out FILE (default OUT.csv).\n"
        "icrp133  one file per particle in the fixed-width layout of the ICRP "
        "133 SAF files,\n         regions named by a mapping table (default: the "
        "phantom's, for ICRP 110\n         AM/AF and builtin:stylized); --out "
        "PREFIX writes PREFIX_PARTICLE.SAF\n         (default prefix OUT), "
        "record for record as the published files.\n"
        "mhd, nii dose maps (Gy per emitted particle) and their relative "
        "uncertainty as\n         MetaImage or NIfTI-1 images in mm with the "
        "phantom geometry; --out PREFIX\n         writes PREFIX_task_ID_dose.* "
        "and PREFIX_task_ID_unc.* (default prefix OUT).\n\n"
        "--source, --target (repeatable; names or labels), --particle and "
        "--energy\nselect rows, files or maps; --task selects dose maps by "
        "task id.\n--convention: the mass self-irradiation SAFs divide by: "
        "icrp133, with the organ's\nblood (default for icrp133), or voxel, "
        "the voxel mass (default for csv).\nFormats, conventions and the "
        "mapping table: docs/exports.md.\n");
}

static int parse_args(int argc, char **argv, export_args *a)
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
        if (r == 1)
            continue;
        const char **dst = !strcmp(o, "--format") ? &a->format
                         : !strcmp(o, "--out") ? &a->out
                         : !strcmp(o, "--mapping") ? &a->mapping : NULL;
        if (dst) {
            if (!(*dst = sf_cli_option_value(CMD, argc, argv, &i)))
                return 2;
        } else if (!strcmp(o, "--task")) {
            const char *v = sf_cli_option_value(CMD, argc, argv, &i);
            long id;
            if (!v || a->n_tasks == MAX_TASKS ||
                sf_parse_int(v, "--task", 0, 1L << 40, &id) != SF_OK)
                return sf_cli_usage(CMD, "--task needs a task id (a "
                                    "non-negative integer)");
            a->tasks[a->n_tasks++] = id;
        } else if (o[0] == '-' || a->results) {
            return sf_cli_usage(CMD, "unexpected argument '%s'", o);
        } else {
            a->results = o;
        }
    }
    if (!a->results || !a->format)
        return sf_cli_usage(CMD, "needs OUT.h5 and --format");
    return 0;
}

static sf_status export_csv(const export_args *a, sf_saf_table *t)
{
    char path[4096];
    if (a->out)
        snprintf(path, sizeof path, "%s", a->out);
    else {
        sf_cli_output_stem(a->results, path, sizeof path - 4);
        strcat(path, ".csv");
    }
    FILE *f = fopen(path, "w");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot create (%s)", path, strerror(errno));
    sf_status st = sf_saf_csv_write(f, path, t, &a->sel);
    if (fclose(f) != 0 && st == SF_OK)
        st = sf_error_set(SF_ERR_IO, "%s: write error (disk full?)", path);
    if (st == SF_OK)
        printf("wrote %s\n", path);
    else
        remove(path);
    return st;
}

/* The date of record 1: the day the campaign ended, or began when it has
 * not ended, so that exporting one file twice gives the same bytes. */
static void results_date(const sf_results_meta *meta, char *date, size_t n)
{
    const char *when = strcmp(meta->end_time, "-") && meta->end_time[0]
                           ? meta->end_time : meta->start_time;
    snprintf(date, n, "%.10s", when[0] ? when : "0000-00-00");
}

static sf_status write_icrp133_file(const export_args *a, const sf_results_meta *meta,
                                    const sf_saf_table *t, size_t p)
{
    char stem[4000], path[4096], date[16], phantom[300], provenance[400];
    if (a->out)
        snprintf(stem, sizeof stem, "%s", a->out);
    else
        sf_cli_output_stem(a->results, stem, sizeof stem);
    snprintf(path, sizeof path, "%s_%s.SAF", stem, t->particles[p]);
    results_date(meta, date, sizeof date);
    const char *title = sf_icrp133_phantom_title(meta->phantom);
    snprintf(phantom, sizeof phantom, "%.250s", title ? title : meta->phantom);
    snprintf(provenance, sizeof provenance, "saffron %.40s (%.12s), campaign "
             "%.60s, %s convention", meta->saffron_version, meta->git_commit,
             meta->campaign, sf_convention_name((sf_convention)t->convention));
    sf_icrp133_header h = {phantom, provenance, date};
    FILE *f = fopen(path, "wb");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot create (%s)", path, strerror(errno));
    sf_status st = sf_icrp133_write(f, path, t, p, &h);
    if (fclose(f) != 0 && st == SF_OK)
        st = sf_error_set(SF_ERR_IO, "%s: write error (disk full?)", path);
    if (st == SF_OK)
        printf("wrote %s (%zu targets x %zu sources, %zu energies)\n", path,
               t->n_targets, t->n_sources, t->n_energies);
    else
        remove(path);
    return st;
}

static sf_status export_icrp133(export_args *a)
{
    if (!isnan(a->sel.energy_MeV))
        SF_FAIL(SF_ERR_USAGE, "--energy does not apply to --format icrp133 "
                "(its records hold every energy)");
    sf_saf_table *mapped = NULL, *t = NULL;
    sf_results_meta meta;
    sf_convention c = a->convention_given ? a->convention : SF_CONVENTION_ICRP133;
    sf_status st = sf_cli_results_table(a->results, a->mapping, 1, c, &mapped, &meta);
    if (st == SF_OK)
        st = sf_selection_check(&a->sel, mapped, a->results);
    if (st == SF_OK)
        st = sf_selection_subset(&a->sel, mapped, &t);
    for (size_t p = 0; st == SF_OK && p < t->n_particles; ++p)
        if (sf_selection_has_particle(&a->sel, t->particles[p]))
            st = write_icrp133_file(a, &meta, t, p);
    sf_saf_table_destroy(&t);
    sf_saf_table_destroy(&mapped);
    return st;
}

static int dose_selected(const export_args *a, const sf_dose_image *d)
{
    if (a->n_tasks > 0) {
        for (size_t i = 0; i < a->n_tasks; ++i)
            if (a->tasks[i] == d->task)
                return 1;
        return 0;
    }
    sf_saf_region r = {.id = -1};
    snprintf(r.name, sizeof r.name, "%s", d->source);
    return sf_selection_has_source(&a->sel, &r) &&
           sf_selection_has_particle(&a->sel, d->particle) &&
           (isnan(a->sel.energy_MeV) ||
            fabs(a->sel.energy_MeV - d->energy_MeV) <= 1e-6 * d->energy_MeV);
}

static sf_status write_images(const export_args *a, const sf_dose_image *d)
{
    char stem[4000], base[4096], desc[80];
    if (a->out)
        snprintf(stem, sizeof stem, "%s", a->out);
    else
        sf_cli_output_stem(a->results, stem, sizeof stem);
    int nii = !strcmp(a->format, "nii");
    const float *vol[2] = {d->dose_Gy, d->rel_unc};
    const char *kind[2] = {"dose", "unc"};
    for (int k = 0; k < 2; ++k) {
        snprintf(base, sizeof base, "%s_task_%ld_%s%s", stem, d->task, kind[k],
                 nii ? ".nii" : "");
        snprintf(desc, sizeof desc, "saffron task %ld %.20s %.8s %g MeV: %s", d->task,
                 d->source, d->particle, d->energy_MeV,
                 k == 0 ? "Gy per particle" : "relative 1 sigma");
        SF_TRY(nii ? sf_image_write_nifti(base, d, vol[k], desc)
                   : sf_image_write_mhd(base, d, vol[k]));
        printf("wrote %s%s\n", base, nii ? "" : ".mhd");
    }
    return SF_OK;
}

static sf_status export_images(const export_args *a)
{
    long *ids = NULL;
    size_t n = 0, written = 0;
    SF_TRY(sf_results_list_dose_maps(a->results, &ids, &n));
    sf_status st = SF_OK;
    for (size_t i = 0; st == SF_OK && i < a->n_tasks; ++i) {
        int found = 0;
        for (size_t k = 0; k < n; ++k)
            found |= ids[k] == a->tasks[i];
        if (!found)
            st = sf_error_set(SF_ERR_VALUE, "%s: task %ld has no dose map "
                              "(tasks with one: those of the manifest's "
                              "dose_maps:, once done)", a->results, a->tasks[i]);
    }
    for (size_t i = 0; st == SF_OK && i < n; ++i) {
        sf_dose_image d;
        st = sf_results_load_dose_map(a->results, ids[i], &d);
        if (st == SF_OK && dose_selected(a, &d)) {
            st = write_images(a, &d);
            written++;
        }
        if (st == SF_OK)
            sf_dose_image_clear(&d);
    }
    free(ids);
    if (st == SF_OK && written == 0)
        st = sf_error_set(SF_ERR_VALUE, "%s: no dose map %s (a campaign keeps "
                          "maps for the sources listed in dose_maps:)",
                          a->results, n ? "matches the selection" : "in the file");
    return st;
}

int sf_cmd_export(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        export_help();
        return 0;
    }
    export_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    int images = !strcmp(a.format, "mhd") || !strcmp(a.format, "nii");
    if (!images && strcmp(a.format, "csv") && strcmp(a.format, "icrp133"))
        return sf_cli_usage(CMD, "--format %s: expected csv, icrp133, mhd or nii",
                            a.format);
    if (images)
        return export_images(&a) == SF_OK ? 0 : sf_cli_fail();
    sf_status st;
    if (!strcmp(a.format, "csv")) {
        sf_saf_table *t = NULL;
        sf_convention c = a.convention_given ? a.convention : SF_CONVENTION_VOXEL;
        st = sf_cli_results_table(a.results, a.mapping, 0, c, &t, NULL);
        if (st == SF_OK)
            st = sf_selection_check(&a.sel, t, a.results);
        if (st == SF_OK)
            st = export_csv(&a, t);
        sf_saf_table_destroy(&t);
    } else {
        st = export_icrp133(&a);
    }
    return st == SF_OK ? 0 : sf_cli_fail();
}
