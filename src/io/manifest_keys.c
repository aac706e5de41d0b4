/* The keys a manifest may have and the kind of value each takes, checked
 * on the libyaml pass so that an unknown key, a missing one or a mapping
 * where a list belongs is reported with its line. The libcyaml schema in
 * manifest.c must list the same keys; docs/manifest.md documents them. */
#include <stdio.h>
#include <string.h>

#include "io/manifest_yaml.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ctx {
    const char *origin;
    const sf_yaml_tree *tree;
} ctx;

static const sf_yaml_node *node(const ctx *c, int i) { return &c->tree->nodes[i]; }

typedef enum shape { SCALAR, LIST, LIST_OR_WORD, MAPPING } shape;

typedef struct key_spec {
    const char *key;
    shape shape;
    int required;
    const char *expect; /* completes "expected ..." */
} key_spec;

static const key_spec top_keys[] = {
    { "name", SCALAR, 1, "a campaign name" },
    { "seed", SCALAR, 1, "an integer from 0 to 4294967295" },
    { "phantom", SCALAR, 1, "a phantom (builtin:stylized, a directory or an "
                            ".mhd file)" },
    { "regions", MAPPING, 0, "a mapping of names to lists of labels" },
    { "sources", LIST_OR_WORD, 1, "a list of regions or 'all'" },
    { "targets", LIST_OR_WORD, 0, "a list of regions or 'all'" },
    { "particles", LIST, 1, "a list of photon, electron, positron" },
    { "energies_MeV", LIST_OR_WORD, 1, "a list of energies, 'opendose' or 'icrp133'" },
    { "histories", SCALAR, 0, "a count of histories per task" },
    { "particle_histories", MAPPING, 0, "a mapping of particles to counts" },
    { "precision", MAPPING, 0, "{relative: R, on: self|all, "
                               "max_histories: N[, cross_fire: R2, "
                               "cross_fire_min_mass_kg: M]}" },
    { "chunk_histories", SCALAR, 0, "a count of histories" },
    { "dose_maps", LIST_OR_WORD, 0, "'none', 'all' or a list of sources" },
    { "mode", SCALAR, 0, "coupled or kerma" },
    { "electron_cutoff_MeV", SCALAR, 0, "an energy in MeV" },
    { "range_rejection", SCALAR, 0, "true or false" },
    { "spin_effects", SCALAR, 0, "true or false" },
    { "in_place_below_MeV", SCALAR, 0, "an energy in MeV" },
    { "delta_ray_fraction", SCALAR, 0, "a fraction in [0, 0.1]" },
    { "step_fraction", SCALAR, 0, "a fraction in [0.01, 0.5]" },
    { "boundary_step", SCALAR, 0, "a fraction in [0, 1]" },
    { "kerma_estimator", SCALAR, 0, "analogue or expected_value" },
    { "skeletal_targets", SCALAR, 0, "true or false" },
    { "skeletal_photons", SCALAR, 0, "kerma or mass_fraction" },
    { "drf", SCALAR, 0, "the path of a CSV of skeletal response functions" },
    { "spongiosa", SCALAR, 0, "the path of a table of region marrow and bone fractions" },
};

static const key_spec precision_keys[] = {
    { "relative", SCALAR, 1, "a relative standard error in (0, 1)" },
    { "on", SCALAR, 0, "self or all" },
    { "max_histories", SCALAR, 1, "a count of histories" },
    { "cross_fire", SCALAR, 0, "a relative standard error in (0, 1)" },
    { "cross_fire_min_mass_kg", SCALAR, 0, "a mass in kg" },
};

static const key_spec particle_history_keys[] = {
    { "photon", SCALAR, 0, "a count of histories" },
    { "electron", SCALAR, 0, "a count of histories" },
    { "positron", SCALAR, 0, "a count of histories" },
};

static int shape_matches(shape s, sf_yaml_kind k)
{
    switch (s) {
    case SCALAR: return k == SF_YAML_SCALAR;
    case LIST: return k == SF_YAML_SEQUENCE;
    case LIST_OR_WORD: return k == SF_YAML_SEQUENCE || k == SF_YAML_SCALAR;
    case MAPPING: return k == SF_YAML_MAPPING;
    }
    return 0;
}

static sf_status list_items_are_scalars(const ctx *c, int list,
                                        const char *field)
{
    size_t i = 0;
    for (int k = node(c, list)->first_child; k >= 0;
         k = node(c, k)->next_sibling, ++i)
        if (node(c, k)->kind != SF_YAML_SCALAR)
            return sf_manifest_fail_at(SF_ERR_FORMAT, c->origin,
                                       node(c, k)->line,
                                       "%s[%zu]: expected a single value, "
                                       "found %s", field, i,
                                       sf_manifest_yaml_kind_name(
                                           node(c, k)->kind));
    return SF_OK;
}

static sf_status check_keys(const ctx *c, int map, const char *prefix,
                            const key_spec *spec, size_t n)
{
    for (int k = node(c, map)->first_child; k >= 0; k = node(c, k)->next_sibling) {
        const sf_yaml_node *kn = node(c, k);
        char field[160];
        snprintf(field, sizeof field, "%s%s", prefix, kn->key);
        const key_spec *s = NULL;
        for (size_t i = 0; i < n && !s; ++i)
            if (strcmp(spec[i].key, kn->key) == 0)
                s = &spec[i];
        if (!s) {
            char known[512] = "";
            for (size_t i = 0; i < n; ++i)
                snprintf(known + strlen(known), sizeof known - strlen(known),
                         "%s%s", i ? ", " : "", spec[i].key);
            return sf_manifest_fail_at(SF_ERR_FORMAT, c->origin, kn->key_line,
                                       "%s: unknown key; expected one of %s",
                                       field, known);
        }
        if (!shape_matches(s->shape, kn->kind))
            return sf_manifest_fail_at(SF_ERR_FORMAT, c->origin, kn->line,
                                       "%s: expected %s, found %s", field,
                                       s->expect,
                                       sf_manifest_yaml_kind_name(kn->kind));
        if (kn->kind == SF_YAML_SEQUENCE)
            SF_TRY(list_items_are_scalars(c, k, field));
    }
    for (size_t i = 0; i < n; ++i)
        if (spec[i].required && sf_manifest_yaml_find(c->tree, map, spec[i].key) < 0)
            return sf_manifest_fail_at(SF_ERR_FORMAT, c->origin,
                                       node(c, map)->line,
                                       "%s%s: missing; expected %s", prefix,
                                       spec[i].key, spec[i].expect);
    return SF_OK;
}

sf_status sf_manifest_keys_check(const sf_yaml_tree *tree, const char *origin)
{
    const ctx cc = { origin, tree }, *c = &cc;
    if (node(c, 0)->kind != SF_YAML_MAPPING)
        return sf_manifest_fail_at(SF_ERR_FORMAT, c->origin, node(c, 0)->line,
                                   "manifest: expected a mapping of keys "
                                   "(name, phantom, sources, ...), found %s",
                                   sf_manifest_yaml_kind_name(node(c, 0)->kind));
    SF_TRY(check_keys(c, 0, "", top_keys, N_OF(top_keys)));
    int p = sf_manifest_yaml_find(c->tree, 0, "precision");
    if (p >= 0)
        SF_TRY(check_keys(c, p, "precision.", precision_keys,
                          N_OF(precision_keys)));
    int ph = sf_manifest_yaml_find(c->tree, 0, "particle_histories");
    if (ph >= 0)
        SF_TRY(check_keys(c, ph, "particle_histories.", particle_history_keys,
                          N_OF(particle_history_keys)));
    int r = sf_manifest_yaml_find(c->tree, 0, "regions");
    if (r >= 0)
        for (int k = node(c, r)->first_child; k >= 0; k = node(c, k)->next_sibling) {
            char field[160];
            snprintf(field, sizeof field, "regions.%s", node(c, k)->key);
            if (node(c, k)->kind != SF_YAML_SEQUENCE)
                return sf_manifest_fail_at(SF_ERR_FORMAT, c->origin,
                                           node(c, k)->line,
                                           "%s: expected a list of labels, "
                                           "found %s", field,
                                           sf_manifest_yaml_kind_name(
                                               node(c, k)->kind));
            SF_TRY(list_items_are_scalars(c, k, field));
        }
    return SF_OK;
}
