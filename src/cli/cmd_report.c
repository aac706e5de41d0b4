/* saffron report: one self-contained HTML page about a results file
 * (results/report.h, docs/report.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/results_common.h"
#include "io/results.h"
#include "results/reference.h"
#include "results/report.h"

#define CMD "report"
#define MAX_REFERENCES 16

typedef struct report_args {
    const char *results, *out, *mapping;
    const char *references[MAX_REFERENCES];
    size_t n_references;
    sf_convention convention;
    int convention_given;
} report_args;

static void report_help(void)
{
    printf(
        "usage: saffron report OUT.h5 [-o OUT.html] [--reference FILE ...]\n"
        "                      [--mapping TABLE|icrp110|stylized|none]\n"
        "                      [--convention icrp133|voxel]\n\n"
        "Writes one self-contained HTML page (default OUT.html) about a "
        "results file:\nsummary and progress, provenance, the phantom with "
        "the source regions, SAF\nagainst energy per source and particle, the "
        "comparison with reference tables,\nfigures of merit and a map of "
        "relative uncertainties, and the dose maps.\nFigures are inline; the "
        "page loads nothing and reads offline. It works on a\nfile still "
        "being written or left by a killed run, and says so.\n\n"
        "--reference takes one or more files (ICRP 133 layout or CSV, as for "
        "'saffron\ncompare'); --mapping names the results' regions as the "
        "references do (default:\nthe phantom's table for an ICRP 133 "
        "reference); --convention the mass self-irradiation SAFs divide by "
        "(default:\nicrp133, with the blood, when a reference is in the ICRP "
        "133 layout, else\nvoxel). docs/report.md describes the page.\n");
}

static int parse_args(int argc, char **argv, report_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; ++i) {
        const char *o = argv[i];
        int c = sf_cli_convention_option(CMD, argc, argv, &i, &a->convention,
                                         &a->convention_given);
        if (c == 2)
            return 2;
        if (c == 1)
            continue;
        if (!strcmp(o, "-o") || !strcmp(o, "--out")) {
            if (!(a->out = sf_cli_option_value(CMD, argc, argv, &i)))
                return 2;
        } else if (!strcmp(o, "--mapping")) {
            if (!(a->mapping = sf_cli_option_value(CMD, argc, argv, &i)))
                return 2;
        } else if (!strcmp(o, "--reference")) {
            if (i + 1 >= argc || argv[i + 1][0] == '-')
                return sf_cli_usage(CMD, "--reference needs a file");
            /* the files up to the next option */
            while (i + 1 < argc && argv[i + 1][0] != '-') {
                if (a->n_references == MAX_REFERENCES)
                    return sf_cli_usage(CMD, "more than %d reference files",
                                        MAX_REFERENCES);
                a->references[a->n_references++] = argv[++i];
            }
        } else if (o[0] == '-' || a->results) {
            return sf_cli_usage(CMD, "unexpected argument '%s'", o);
        } else {
            a->results = o;
        }
    }
    if (!a->results)
        return sf_cli_usage(CMD, "needs OUT.h5 (before --reference, whose "
                            "files run up to the next option)");
    return 0;
}

/* The references and the mapping, loaded as `saffron compare` loads them. */
static sf_status load_references(const report_args *a,
                                 sf_saf_table **tables,
                                 sf_report_reference *refs,
                                 sf_region_map **map, int *any_icrp133)
{
    *any_icrp133 = 0;
    for (size_t i = 0; i < a->n_references; ++i) {
        refs[i] = (sf_report_reference){a->references[i], NULL, 0};
        SF_TRY(sf_reference_load(a->references[i], &tables[i],
                                 &refs[i].is_csv));
        refs[i].table = tables[i];
        *any_icrp133 |= !refs[i].is_csv;
    }
    if (a->n_references == 0 && !a->mapping)
        return SF_OK;
    sf_results_provenance prov;
    SF_TRY(sf_results_provenance_read(a->results, &prov));
    sf_status st = sf_cli_load_mapping(a->mapping, prov.phantom, *any_icrp133,
                                       map);
    sf_results_provenance_free(&prov);
    return st;
}

int sf_cmd_report(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        report_help();
        return 0;
    }
    report_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    char out[4096];
    if (a.out) {
        snprintf(out, sizeof out, "%s", a.out);
    } else {
        char stem[4000];
        sf_cli_output_stem(a.results, stem, sizeof stem);
        snprintf(out, sizeof out, "%s.html", stem);
    }
    sf_saf_table *tables[MAX_REFERENCES] = {0};
    sf_report_reference refs[MAX_REFERENCES];
    sf_region_map *map = NULL;
    int any_icrp133 = 0;
    sf_status st = load_references(&a, tables, refs, &map, &any_icrp133);
    /* as `saffron compare`: the ICRP 133 files divide by the blood-inclusive
     * mass, a CSV of saffron's by the voxel mass */
    sf_report_options o = {
        a.results, out, refs, a.n_references, map,
        a.convention_given ? a.convention
        : any_icrp133      ? SF_CONVENTION_ICRP133
                           : SF_CONVENTION_VOXEL};
    sf_report_info info;
    if (st == SF_OK)
        st = sf_report_write(&o, &info);
    if (st == SF_OK)
        printf("wrote %s: %.1f kB, %zu figures, %.1f s\n", out,
               info.bytes / 1024.0, info.figures, info.seconds);
    for (size_t i = 0; i < a.n_references; ++i)
        sf_saf_table_destroy(&tables[i]);
    sf_region_map_destroy(&map);
    return st == SF_OK ? 0 : sf_cli_fail();
}
