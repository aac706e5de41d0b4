#include "cli/results_common.h"

#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/parse.h"
#include "results/share_path.h"

const char *sf_cli_option_value(const char *command, int argc, char **argv,
                                int *i)
{
    if (*i + 1 >= argc) {
        sf_cli_usage(command, "%s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int sf_cli_selection_option(const char *command, int argc, char **argv,
                            int *i, sf_selection *sel)
{
    const char *opt = argv[*i];
    int is_source = !strcmp(opt, "--source"), is_target = !strcmp(opt, "--target");
    if (!is_source && !is_target && strcmp(opt, "--particle") &&
        strcmp(opt, "--energy"))
        return 0;
    const char *v = sf_cli_option_value(command, argc, argv, i);
    if (!v)
        return 2;
    size_t *n = is_source ? &sel->n_sources : &sel->n_targets;
    if (is_source || is_target) {
        if (*n == SF_SELECTION_MAX) {
            sf_cli_usage(command, "more than %d %s options", SF_SELECTION_MAX, opt);
            return 2;
        }
        (is_source ? sel->sources : sel->targets)[(*n)++] = v;
    } else if (!strcmp(opt, "--particle")) {
        sel->particle = v;
    } else if (sf_parse_double(v, "--energy", &sel->energy_MeV) != SF_OK ||
               !(sel->energy_MeV > 0)) {
        sf_cli_usage(command, "--energy %s: expected an energy in MeV", v);
        return 2;
    }
    return 1;
}

/* The shipped table for a phantom specification, or NULL. */
static const char *default_table(const char *phantom)
{
    if (!strncmp(phantom, "builtin:stylized", 16))
        return "stylized";
    size_t n = strlen(phantom);
    while (n > 0 && phantom[n - 1] == '/')
        --n;
    if (n >= 2 && (n == 2 || phantom[n - 3] == '/') &&
        (!strncmp(phantom + n - 2, "AM", 2) || !strncmp(phantom + n - 2, "AF", 2)))
        return "icrp110";
    return NULL;
}

sf_status sf_cli_load_mapping(const char *option, const char *phantom,
                              int want_default, sf_region_map **m)
{
    *m = NULL;
    const char *name = option ? option : (want_default ? default_table(phantom) : NULL);
    if (!name || !strcmp(name, "none"))
        return SF_OK;
    char path[4096];
    if (!strcmp(name, "icrp110") || !strcmp(name, "stylized")) {
        char rel[64];
        snprintf(rel, sizeof rel, "mappings/%s-icrp133.txt", name);
        SF_TRY(sf_share_path(rel, path, sizeof path));
    } else {
        snprintf(path, sizeof path, "%s", name);
    }
    return sf_region_map_load(path, m);
}

sf_status sf_cli_apply_mapping(const sf_region_map *m, sf_saf_table *in,
                               sf_saf_table **out)
{
    if (!m) {
        *out = in;
        return SF_OK;
    }
    sf_map_report rep;
    SF_TRY(sf_region_map_apply(m, in, out, &rep));
    if (rep.partial)
        fprintf(stderr, "saffron: note: %zu entr%s of %s (first: %s) name "
                "regions only some of which are in the results; left out\n",
                rep.partial, rep.partial == 1 ? "y" : "ies", m->path,
                rep.first_partial);
    if (rep.sources_unused || rep.targets_unused)
        fprintf(stderr, "saffron: note: %zu source and %zu target regions of "
                "the results have no name in %s; left out\n",
                rep.sources_unused, rep.targets_unused, m->path);
    return SF_OK;
}

int sf_cli_convention_option(const char *command, int argc, char **argv,
                             int *i, sf_convention *c, int *given)
{
    if (strcmp(argv[*i], "--convention"))
        return 0;
    const char *v = sf_cli_option_value(command, argc, argv, i);
    if (!v)
        return 2;
    if (sf_convention_parse(v, "--convention", c) != SF_OK) {
        sf_cli_usage(command, "--convention %s: expected icrp133 or voxel", v);
        return 2;
    }
    *given = 1;
    return 1;
}

sf_status sf_cli_results_table(const char *results, const char *mapping,
                               int want_default_mapping, sf_convention c,
                               sf_saf_table **out, sf_results_meta *meta)
{
    *out = NULL;
    sf_results_meta local;
    sf_results_meta *m = meta ? meta : &local;
    sf_saf_table *raw = NULL, *mapped = NULL;
    sf_region_map *map = NULL;
    sf_status st = sf_results_load_saf(results, &raw, m);
    if (st == SF_OK)
        st = sf_cli_load_mapping(mapping, m->phantom, want_default_mapping, &map);
    if (st == SF_OK)
        st = sf_cli_apply_mapping(map, raw, &mapped);
    if (st == SF_OK) {
        size_t no_blood = 0;
        sf_saf_table_use_convention(mapped, c, &no_blood);
        if (no_blood)
            fprintf(stderr, "saffron: note: %zu self-irradiation pair%s of "
                    "%s ha%s no blood-inclusive target mass (a file older than "
                    "/target_mass_blood_kg, or a medium without a blood "
                    "fraction); the voxel mass is used there\n", no_blood,
                    no_blood == 1 ? "" : "s", results, no_blood == 1 ? "s" : "ve");
        *out = mapped;
        mapped = NULL;
    }
    if (mapped != raw)
        sf_saf_table_destroy(&mapped);
    if (*out != raw)
        sf_saf_table_destroy(&raw);
    sf_region_map_destroy(&map);
    return st;
}

void sf_cli_output_stem(const char *results_path, char *buf, size_t n)
{
    snprintf(buf, n, "%s", results_path);
    size_t len = strlen(buf);
    if (len > 3 && !strcmp(buf + len - 3, ".h5"))
        buf[len - 3] = '\0';
}
