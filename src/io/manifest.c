/* Manifest parsing: libyaml pass (lines, duplicates, syntax; manifest_yaml.c),
 * shape check against the key table below, libcyaml load of the fixed-shape
 * keys against a schema, then conversion of every scalar with the strict
 * sf_parse_* functions.
 *
 * Every scalar is a STRING in the libcyaml schema: Debian's libcyaml 1.3.1
 * reads "1e6" as 1 and "3.7" as 3 in integer fields, accepts "0.01MeV" in a
 * float field and wraps "-5" into unsigned ones. Keys whose value may be a
 * word or a list (sources: all | [...]) and `regions:` (whose keys are the
 * user's names) cannot be described by a libcyaml 1.3 schema; the schema
 * ignores them and they are read from the libyaml pass. */
#include "io/manifest.h"

#include <ctype.h>
#include <math.h>
#include <cyaml/cyaml.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/energy_grids.h"
#include "core/parse.h"
#include "io/manifest_yaml.h"
#include "physics/electron_data.h"

/* Energies the physics data cover, per particle (MeV). */
static const struct { double min, max; } energy_range[SF_N_PARTICLE_TYPES] = {
    [SF_PARTICLE_PHOTON] = { 0.001, 20.0 },
    [SF_PARTICLE_ELECTRON] = { 0.001, 20.0 },
    [SF_PARTICLE_POSITRON] = { 0.001, 20.0 },
};

static const char *const particle_names[SF_N_PARTICLE_TYPES] = {
    "photon", "electron", "positron"
};

#define DEFAULT_CHUNK_HISTORIES 100000u
#define DEFAULT_ELECTRON_CUTOFF_MEV 0.001

const char *sf_manifest_particle_name(sf_particle_type p)
{
    return (p >= 0 && p < SF_N_PARTICLE_TYPES) ? particle_names[p] : "?";
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ctx {
    const char *origin;
    const sf_yaml_tree *tree;
    sf_manifest *m;
} ctx;

static const sf_yaml_node *node(const ctx *c, int i) { return &c->tree->nodes[i]; }

/* Child `i` (0-based) of node `parent`. */
static int child_at(const ctx *c, int parent, size_t i)
{
    int k = node(c, parent)->first_child;
    while (k >= 0 && i-- > 0)
        k = node(c, k)->next_sibling;
    return k;
}

/* ---- libcyaml load of the fixed-shape keys ------------------------------ */

typedef struct raw_precision {
    char *relative;
    char *on;
    char *max_histories;
    char *cross_fire;
    char *cross_fire_min_mass_kg;
} raw_precision;

typedef struct raw_particle_histories {
    char *count[SF_N_PARTICLE_TYPES];
} raw_particle_histories;

typedef struct raw_manifest {
    char *name;
    char *seed;
    char *phantom;
    char **particles;
    unsigned particles_count;
    char *histories;
    raw_particle_histories *particle_histories;
    raw_precision *precision;
    char *chunk_histories;
    char *mode;
    char *electron_cutoff_MeV;
    char *range_rejection;
    char *spin_effects;
    char *in_place_below_MeV;
    char *delta_ray_fraction;
    char *step_fraction;
    char *boundary_step;
    char *kerma_estimator;
    char *skeletal_targets;
    char *skeletal_photons;
    char *drf;
    char *spongiosa;
} raw_manifest;

#define STR_FIELD(key, flags, type, member) \
    CYAML_FIELD_STRING_PTR(key, (flags), type, member, 0, CYAML_UNLIMITED)

static const cyaml_schema_value_t string_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t precision_fields[] = {
    STR_FIELD("relative", CYAML_FLAG_DEFAULT, raw_precision, relative),
    STR_FIELD("on", CYAML_FLAG_OPTIONAL, raw_precision, on),
    STR_FIELD("max_histories", CYAML_FLAG_DEFAULT, raw_precision,
              max_histories),
    STR_FIELD("cross_fire", CYAML_FLAG_OPTIONAL, raw_precision, cross_fire),
    STR_FIELD("cross_fire_min_mass_kg", CYAML_FLAG_OPTIONAL, raw_precision,
              cross_fire_min_mass_kg),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t particle_history_fields[] = {
    STR_FIELD("photon", CYAML_FLAG_OPTIONAL, raw_particle_histories,
              count[SF_PARTICLE_PHOTON]),
    STR_FIELD("electron", CYAML_FLAG_OPTIONAL, raw_particle_histories,
              count[SF_PARTICLE_ELECTRON]),
    STR_FIELD("positron", CYAML_FLAG_OPTIONAL, raw_particle_histories,
              count[SF_PARTICLE_POSITRON]),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t manifest_fields[] = {
    STR_FIELD("name", CYAML_FLAG_DEFAULT, raw_manifest, name),
    STR_FIELD("seed", CYAML_FLAG_DEFAULT, raw_manifest, seed),
    STR_FIELD("phantom", CYAML_FLAG_DEFAULT, raw_manifest, phantom),
    CYAML_FIELD_SEQUENCE("particles", CYAML_FLAG_POINTER, raw_manifest,
                         particles, &string_entry, 0, CYAML_UNLIMITED),
    STR_FIELD("histories", CYAML_FLAG_OPTIONAL, raw_manifest, histories),
    CYAML_FIELD_MAPPING_PTR("particle_histories", CYAML_FLAG_OPTIONAL,
                            raw_manifest, particle_histories,
                            particle_history_fields),
    CYAML_FIELD_MAPPING_PTR("precision", CYAML_FLAG_OPTIONAL, raw_manifest,
                            precision, precision_fields),
    STR_FIELD("chunk_histories", CYAML_FLAG_OPTIONAL, raw_manifest,
              chunk_histories),
    STR_FIELD("mode", CYAML_FLAG_OPTIONAL, raw_manifest, mode),
    STR_FIELD("electron_cutoff_MeV", CYAML_FLAG_OPTIONAL, raw_manifest,
              electron_cutoff_MeV),
    STR_FIELD("range_rejection", CYAML_FLAG_OPTIONAL, raw_manifest,
              range_rejection),
    STR_FIELD("spin_effects", CYAML_FLAG_OPTIONAL, raw_manifest,
              spin_effects),
    STR_FIELD("in_place_below_MeV", CYAML_FLAG_OPTIONAL, raw_manifest,
              in_place_below_MeV),
    STR_FIELD("delta_ray_fraction", CYAML_FLAG_OPTIONAL, raw_manifest,
              delta_ray_fraction),
    STR_FIELD("step_fraction", CYAML_FLAG_OPTIONAL, raw_manifest,
              step_fraction),
    STR_FIELD("boundary_step", CYAML_FLAG_OPTIONAL, raw_manifest,
              boundary_step),
    STR_FIELD("kerma_estimator", CYAML_FLAG_OPTIONAL, raw_manifest,
              kerma_estimator),
    STR_FIELD("skeletal_targets", CYAML_FLAG_OPTIONAL, raw_manifest,
              skeletal_targets),
    STR_FIELD("skeletal_photons", CYAML_FLAG_OPTIONAL, raw_manifest,
              skeletal_photons),
    STR_FIELD("drf", CYAML_FLAG_OPTIONAL, raw_manifest, drf),
    STR_FIELD("spongiosa", CYAML_FLAG_OPTIONAL, raw_manifest, spongiosa),
    /* Word-or-list and free-key values: read from the libyaml pass. */
    CYAML_FIELD_IGNORE("regions", CYAML_FLAG_OPTIONAL),
    CYAML_FIELD_IGNORE("sources", CYAML_FLAG_DEFAULT),
    CYAML_FIELD_IGNORE("targets", CYAML_FLAG_OPTIONAL),
    CYAML_FIELD_IGNORE("energies_MeV", CYAML_FLAG_DEFAULT),
    CYAML_FIELD_IGNORE("dose_maps", CYAML_FLAG_OPTIONAL),
    CYAML_FIELD_END
};

static const cyaml_schema_value_t manifest_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, raw_manifest, manifest_fields),
};

typedef struct log_capture {
    char text[512];
} log_capture;

/* libcyaml prints to stderr unless given a log function; library code must
 * not print, so its messages are kept and put into the error line. */
static void capture_cyaml_log(cyaml_log_t level, void *ctx_, const char *fmt,
                              va_list args)
{
    log_capture *lc = ctx_;
    if (level < CYAML_LOG_WARNING)
        return;
    size_t used = strlen(lc->text);
    if (used + 3 >= sizeof lc->text)
        return;
    if (used) {
        strcpy(lc->text + used, "; ");
        used += 2;
    }
    vsnprintf(lc->text + used, sizeof lc->text - used, fmt, args);
    size_t len = strlen(lc->text);
    while (len > 0 && (lc->text[len - 1] == '\n' || lc->text[len - 1] == ' '))
        lc->text[--len] = '\0';
}

static sf_status load_typed(const ctx *c, const char *text,
                            const cyaml_config_t *cfg, log_capture *lc,
                            raw_manifest **raw)
{
    cyaml_err_t err = cyaml_load_data((const uint8_t *)text, strlen(text),
                                      cfg, &manifest_schema,
                                      (cyaml_data_t **)raw, NULL);
    if (err != CYAML_OK)
        /* The libyaml pass has checked keys and kinds, so this is rare and
         * libcyaml gives no line: report its own words. */
        return sf_manifest_fail_at(SF_ERR_FORMAT, c->origin, 1,
                                   "manifest: libcyaml: %s%s%s",
                                   cyaml_strerror(err),
                                   lc->text[0] ? ": " : "", lc->text);
    return SF_OK;
}

/* ---- conversion ---------------------------------------------------------- */

/* Line of the value of top-level key `key` (or of the key if absent). */
static int line_of(const ctx *c, int parent, const char *key)
{
    int k = sf_manifest_yaml_find(c->tree, parent, key);
    return k >= 0 ? node(c, k)->line : node(c, parent)->line;
}

/* A number of field `field` on line `line`; an error names both. */
static sf_status parse_double_at(const ctx *c, const char *text,
                                 const char *field, int line, double *out)
{
    if (sf_parse_double(text, field, out) != SF_OK)
        return sf_manifest_prefix_error(SF_ERR_VALUE, c->origin, line);
    return SF_OK;
}

static sf_status parse_count_at(const ctx *c, const char *text,
                                const char *field, int line, uint64_t min,
                                uint64_t max, uint64_t *out)
{
    if (sf_parse_count(text, field, max, out) != SF_OK)
        return sf_manifest_prefix_error(SF_ERR_VALUE, c->origin, line);
    if (*out < min)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                   "%s: %s is too small, expected at least "
                                   "%llu", field, text,
                                   (unsigned long long)min);
    return SF_OK;
}

static sf_status convert_name(const ctx *c, const raw_manifest *raw)
{
    int line = line_of(c, 0, "name");
    size_t len = strlen(raw->name);
    if (len == 0 || len >= SF_MANIFEST_NAME_MAX)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                   "name: expected 1 to %d characters",
                                   SF_MANIFEST_NAME_MAX - 1);
    /* The name becomes part of output file names. */
    for (const char *p = raw->name; *p; ++p)
        if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "name: '%s' has '%c'; expected "
                                       "letters, digits, '.', '_' or '-'",
                                       raw->name, *p);
    memcpy(c->m->name, raw->name, len + 1);
    return SF_OK;
}

/* Relative paths are relative to the manifest, so a job directory can be
 * moved or run from anywhere (malloc'ed; NULL when out of memory). */
static char *relative_to_manifest(const char *origin, const char *spec)
{
    const char *slash = strrchr(origin, '/');
    if (strncmp(spec, "builtin:", 8) == 0 || spec[0] == '/' || !slash)
        return strdup(spec);
    size_t dir = (size_t)(slash - origin);
    size_t n = dir + 1 + strlen(spec) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%.*s/%s", (int)dir, origin, spec);
    return path;
}

static sf_status convert_phantom(const ctx *c, const raw_manifest *raw)
{
    sf_manifest *m = c->m;
    m->phantom_line = line_of(c, 0, "phantom");
    char spec[4096];
    if (strlen(raw->phantom) >= sizeof spec)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, m->phantom_line,
                                   "phantom: longer than %zu characters",
                                   sizeof spec - 1);
    sf_strtrim_copy(spec, sizeof spec, raw->phantom);
    if (!spec[0])
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, m->phantom_line,
                                   "phantom: empty; expected builtin:NAME, "
                                   "a directory or an .mhd file");
    m->phantom = strdup(spec);
    m->phantom_path = relative_to_manifest(c->origin, spec);
    if (!m->phantom || !m->phantom_path)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
    return SF_OK;
}

static int is_keyword(const char *s)
{
    return strcmp(s, "all") == 0 || strcmp(s, "none") == 0;
}

static sf_status convert_regions(const ctx *c)
{
    sf_manifest *m = c->m;
    int r = sf_manifest_yaml_find(c->tree, 0, "regions");
    if (r < 0)
        return SF_OK;
    size_t n = (size_t)node(c, r)->n_children;
    m->regions = calloc(n ? n : 1, sizeof *m->regions);
    if (!m->regions)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
    for (int k = node(c, r)->first_child; k >= 0; k = node(c, k)->next_sibling) {
        const sf_yaml_node *kn = node(c, k);
        if (!isalpha((unsigned char)kn->key[0]) || is_keyword(kn->key) ||
            strlen(kn->key) >= SF_REGION_NAME_MAX)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, kn->key_line,
                                       "regions.%s: expected a name that "
                                       "starts with a letter, is not 'all' "
                                       "or 'none' and has under %d "
                                       "characters", kn->key,
                                       SF_REGION_NAME_MAX);
        for (size_t j = 0; j < m->n_regions; ++j)
            if (sf_strieq(m->regions[j].name, kn->key))
                return sf_manifest_fail_at(
                    SF_ERR_VALUE, c->origin, kn->key_line,
                    "regions.%s: same name as '%s' (line %d); names are "
                    "case-insensitive", kn->key, m->regions[j].name,
                    m->regions[j].line);
        sf_manifest_region *reg = &m->regions[m->n_regions++];
        reg->name = strdup(kn->key);
        reg->line = kn->key_line;
        size_t nl = (size_t)kn->n_children;
        reg->labels = calloc(nl ? nl : 1, sizeof *reg->labels);
        if (!reg->name || !reg->labels)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
        if (nl == 0)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, kn->line,
                                       "regions.%s: empty list; expected "
                                       "labels", kn->key);
        for (size_t i = 0; i < nl; ++i) {
            const sf_yaml_node *it = node(c, child_at(c, k, i));
            char field[160];
            snprintf(field, sizeof field, "regions.%s[%zu]", kn->key, i);
            uint64_t v;
            SF_TRY(parse_count_at(c, it->value, field, it->line, 0, 65535, &v));
            for (size_t j = 0; j < reg->n_labels; ++j)
                if (reg->labels[j] == v)
                    return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                               it->line, "%s: label %llu is "
                                               "listed twice", field,
                                               (unsigned long long)v);
            reg->labels[reg->n_labels++] = (uint16_t)v;
        }
    }
    return SF_OK;
}

/* sources, targets, dose_maps: a keyword or a list of names or labels. */
static sf_status convert_list(const ctx *c, const char *key, int allow_none,
                              sf_list_kind absent, sf_manifest_list *out)
{
    int k = sf_manifest_yaml_find(c->tree, 0, key);
    out->kind = absent;
    if (k < 0)
        return SF_OK;
    const sf_yaml_node *kn = node(c, k);
    out->line = kn->key_line;
    if (kn->kind == SF_YAML_SCALAR) {
        if (strcmp(kn->value, "all") == 0) {
            out->kind = SF_LIST_ALL;
        } else if (allow_none && strcmp(kn->value, "none") == 0) {
            out->kind = SF_LIST_NONE;
        } else {
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, kn->line,
                                       "%s: '%s' is not %s; write a single "
                                       "region as a list: [%s]", key,
                                       kn->value,
                                       allow_none ? "'none' or 'all'" : "'all'",
                                       kn->value);
        }
        return SF_OK;
    }
    size_t n = (size_t)kn->n_children;
    if (n == 0)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, kn->line,
                                   "%s: empty list; expected at least one "
                                   "region%s", key,
                                   allow_none ? " (or 'none')" : " (or 'all')");
    out->kind = SF_LIST_ITEMS;
    out->items = calloc(n, sizeof *out->items);
    out->lines = calloc(n, sizeof *out->lines);
    if (!out->items || !out->lines)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
    for (size_t i = 0; i < n; ++i) {
        const sf_yaml_node *it = node(c, child_at(c, k, i));
        char item[SF_REGION_NAME_MAX];
        if (strlen(it->value) >= sizeof item)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, it->line,
                                       "%s[%zu]: longer than %zu characters",
                                       key, i, sizeof item - 1);
        sf_strtrim_copy(item, sizeof item, it->value);
        if (!item[0] || is_keyword(item))
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, it->line,
                                       "%s[%zu]: expected a region name or "
                                       "label%s", key, i,
                                       item[0] ? "; 'all' and 'none' stand "
                                       "alone, not in a list" : "");
        for (size_t j = 0; j < out->n; ++j)
            if (sf_strieq(out->items[j], item))
                return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, it->line,
                                           "%s[%zu]: '%s' is already listed "
                                           "on line %d", key, i, item,
                                           out->lines[j]);
        out->items[out->n] = strdup(item);
        out->lines[out->n] = it->line;
        if (!out->items[out->n])
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
        out->n++;
    }
    return SF_OK;
}

static sf_status convert_particles(const ctx *c, const raw_manifest *raw)
{
    sf_manifest *m = c->m;
    int k = sf_manifest_yaml_find(c->tree, 0, "particles");
    int seen[SF_N_PARTICLE_TYPES] = { 0 };
    if (raw->particles_count == 0)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, node(c, k)->line,
                                   "particles: empty list; expected photon, "
                                   "electron and/or positron");
    for (unsigned i = 0; i < raw->particles_count; ++i) {
        int line = node(c, child_at(c, k, i))->line;
        char word[32];
        sf_strtrim_copy(word, sizeof word, raw->particles[i]);
        int p = -1;
        for (int j = 0; j < SF_N_PARTICLE_TYPES; ++j)
            if (strcmp(word, particle_names[j]) == 0)
                p = j;
        if (p < 0)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "particles[%u]: '%s' is not a "
                                       "particle; expected photon, electron "
                                       "or positron", i, raw->particles[i]);
        if (seen[p]++)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "particles[%u]: '%s' is listed twice",
                                       i, word);
    }
    for (int j = 0; j < SF_N_PARTICLE_TYPES; ++j)
        if (seen[j])
            m->particles[m->n_particles++] = (sf_particle_type)j;
    return SF_OK;
}

typedef struct energy_item {
    double E;
    int line;
} energy_item;

static int compare_energy(const void *a, const void *b)
{
    double x = ((const energy_item *)a)->E, y = ((const energy_item *)b)->E;
    return (x > y) - (x < y);
}

static sf_status check_energy(const ctx *c, double E, const char *field,
                              const char *text, int line)
{
    for (int i = 0; i < c->m->n_particles; ++i) {
        sf_particle_type p = c->m->particles[i];
        if (!(E >= energy_range[p].min && E <= energy_range[p].max))
            return sf_manifest_fail_at(
                SF_ERR_VALUE, c->origin, line,
                "%s: %s MeV is outside the %s data range [%g, %g] MeV",
                field, text, particle_names[p], energy_range[p].min,
                energy_range[p].max);
    }
    return SF_OK;
}

static sf_status convert_energies(const ctx *c)
{
    sf_manifest *m = c->m;
    int k = sf_manifest_yaml_find(c->tree, 0, "energies_MeV");
    const sf_yaml_node *kn = node(c, k);
    if (kn->kind == SF_YAML_SCALAR) {
        double grid[SF_ENERGY_GRID_MAX];
        size_t n_grid = sf_energy_grid(kn->value, grid);
        if (n_grid == 0)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, kn->line,
                                       "energies_MeV: '%s' is not a preset; "
                                       "expected 'opendose', 'icrp133' or a "
                                       "list such as [0.1, 1.0]", kn->value);
        snprintf(m->energy_preset, sizeof m->energy_preset, "%s", kn->value);
        m->n_energies = n_grid;
        m->energies_MeV = malloc(n_grid * sizeof *m->energies_MeV);
        if (!m->energies_MeV)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
        memcpy(m->energies_MeV, grid, n_grid * sizeof *grid);
        for (size_t i = 0; i < m->n_energies; ++i) {
            char text[32];
            snprintf(text, sizeof text, "%g", m->energies_MeV[i]);
            SF_TRY(check_energy(c, m->energies_MeV[i], "energies_MeV", text,
                                kn->line));
        }
        return SF_OK;
    }
    size_t n = (size_t)kn->n_children;
    if (n == 0)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, kn->line,
                                   "energies_MeV: empty list; expected "
                                   "energies in MeV, 'opendose' or "
                                   "'icrp133'");
    energy_item *items = calloc(n, sizeof *items);
    if (!items)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
    sf_status st = SF_OK;
    for (size_t i = 0; i < n && st == SF_OK; ++i) {
        const sf_yaml_node *it = node(c, child_at(c, k, i));
        char field[48];
        snprintf(field, sizeof field, "energies_MeV[%zu]", i);
        items[i].line = it->line;
        st = parse_double_at(c, it->value, field, it->line, &items[i].E);
        if (st == SF_OK)
            st = check_energy(c, items[i].E, field, it->value, it->line);
    }
    /* Tasks run in ascending energy whatever the written order. */
    if (st == SF_OK)
        qsort(items, n, sizeof *items, compare_energy);
    for (size_t i = 1; i < n && st == SF_OK; ++i)
        if (items[i].E == items[i - 1].E)
            st = sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                     items[i].line > items[i - 1].line
                                         ? items[i].line : items[i - 1].line,
                                     "energies_MeV: %g MeV is listed twice "
                                     "(lines %d and %d)", items[i].E,
                                     items[i - 1].line, items[i].line);
    if (st == SF_OK) {
        m->energies_MeV = malloc(n * sizeof *m->energies_MeV);
        if (!m->energies_MeV)
            st = sf_error_set(SF_ERR_NOMEM, "%s: out of memory", c->origin);
    }
    if (st == SF_OK) {
        for (size_t i = 0; i < n; ++i)
            m->energies_MeV[i] = items[i].E;
        m->n_energies = n;
    }
    free(items);
    return st;
}

/* precision.KEY: a relative standard error in (0, 1). */
static sf_status parse_relative_error(const ctx *c, int line, const char *text,
                                      const char *key, double *out)
{
    char field[64];
    snprintf(field, sizeof field, "precision.%s", key);
    SF_TRY(parse_double_at(c, text, field, line, out));
    if (!(*out > 0.0 && *out < 1.0))
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                   "%s: %s is outside (0, 1); 0.01 means 1 %%",
                                   field, text);
    return SF_OK;
}

/* precision.cross_fire and cross_fire_min_mass_kg (on: self only). */
static sf_status convert_cross_fire(const ctx *c, int pk,
                                    const raw_precision *rp)
{
    sf_manifest *m = c->m;
    if (rp->cross_fire_min_mass_kg && !rp->cross_fire)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                   line_of(c, pk, "cross_fire_min_mass_kg"),
                                   "precision.cross_fire_min_mass_kg: only "
                                   "with precision.cross_fire");
    if (!rp->cross_fire)
        return SF_OK;
    int line = line_of(c, pk, "cross_fire");
    double x;
    SF_TRY(parse_relative_error(c, line, rp->cross_fire, "cross_fire", &x));
    if (m->precision.on != SF_PRECISION_SELF)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                   "precision.cross_fire: only with on: self "
                                   "(on: all already holds every target to "
                                   "precision.relative)");
    m->precision.cross_fire = x;
    if (rp->cross_fire_min_mass_kg) {
        line = line_of(c, pk, "cross_fire_min_mass_kg");
        double kg;
        SF_TRY(parse_double_at(c, rp->cross_fire_min_mass_kg,
                               "precision.cross_fire_min_mass_kg", line, &kg));
        if (!(kg >= 0.0 && kg < 1e6))
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "precision.cross_fire_min_mass_kg: %s "
                                       "is outside [0, 1e6) kg",
                                       rp->cross_fire_min_mass_kg);
        m->precision.cross_fire_min_mass_kg = kg;
    }
    return SF_OK;
}

static sf_status convert_histories(const ctx *c, const raw_manifest *raw)
{
    sf_manifest *m = c->m;
    int hl = line_of(c, 0, "histories");
    int pl = line_of(c, 0, "precision");
    if (raw->histories && raw->precision)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, hl > pl ? hl : pl,
                                   "%s: give either histories (line %d) or "
                                   "precision (line %d), not both",
                                   hl > pl ? "histories" : "precision", hl, pl);
    if (!raw->histories && !raw->precision)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, node(c, 0)->line,
                                   "histories: missing; expected histories "
                                   "(a count per task) or precision (a "
                                   "stopping rule)");
    if (raw->histories) {
        uint64_t h;
        SF_TRY(parse_count_at(c, raw->histories, "histories", hl, 1,
                              UINT64_MAX, &h));
        for (int p = 0; p < SF_N_PARTICLE_TYPES; ++p)
            m->histories[p] = h;
    } else {
        int pk = sf_manifest_yaml_find(c->tree, 0, "precision");
        const raw_precision *rp = raw->precision;
        int line = line_of(c, pk, "relative");
        double r;
        SF_TRY(parse_relative_error(c, line, rp->relative, "relative", &r));
        m->use_precision = 1;
        m->precision.relative = r;
        m->precision.on = SF_PRECISION_SELF;
        if (rp->on) {
            line = line_of(c, pk, "on");
            if (strcmp(rp->on, "all") == 0)
                m->precision.on = SF_PRECISION_ALL;
            else if (strcmp(rp->on, "self") != 0)
                return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                           "precision.on: '%s'; expected "
                                           "self or all", rp->on);
        }
        SF_TRY(parse_count_at(c, rp->max_histories, "precision.max_histories",
                              line_of(c, pk, "max_histories"), 1, UINT64_MAX,
                              &m->precision.max_histories));
        for (int p = 0; p < SF_N_PARTICLE_TYPES; ++p)
            m->histories[p] = m->precision.max_histories;
        SF_TRY(convert_cross_fire(c, pk, rp));
    }
    if (raw->particle_histories) {
        int pk = sf_manifest_yaml_find(c->tree, 0, "particle_histories");
        if (m->use_precision)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                       node(c, pk)->key_line,
                                       "particle_histories: only with "
                                       "histories, not with precision");
        for (int p = 0; p < SF_N_PARTICLE_TYPES; ++p) {
            const char *text = raw->particle_histories->count[p];
            if (!text)
                continue;
            char field[64];
            snprintf(field, sizeof field, "particle_histories.%s",
                     particle_names[p]);
            int line = line_of(c, pk, particle_names[p]);
            int used = 0;
            for (int i = 0; i < m->n_particles; ++i)
                used |= m->particles[i] == (sf_particle_type)p;
            if (!used)
                return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                           "%s: %s is not in particles",
                                           field, particle_names[p]);
            SF_TRY(parse_count_at(c, text, field, line, 1, UINT64_MAX,
                                  &m->histories[p]));
        }
    }
    return SF_OK;
}

/* A true/false key; absent: dflt. */
static sf_status convert_flag(const ctx *c, const char *key, const char *raw,
                              int dflt, int *out)
{
    *out = dflt;
    if (!raw)
        return SF_OK;
    if (strcmp(raw, "true") == 0)
        *out = 1;
    else if (strcmp(raw, "false") == 0)
        *out = 0;
    else
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line_of(c, 0, key),
                                   "%s: '%s'; expected true or false", key,
                                   raw);
    return SF_OK;
}

/* A number of the coupled-mode physics (key: text): parsed, within
 * [lo, hi] or [lo, hi) when hi_open (else "key: text is outside range"),
 * and refused in kerma mode, which transports no electrons. */
static sf_status coupled_number(const ctx *c, const char *text,
                                const char *key, double lo, double hi,
                                int hi_open, const char *range, double *out)
{
    int line = line_of(c, 0, key);
    double v;
    SF_TRY(parse_double_at(c, text, key, line, &v));
    if (!(v >= lo && (hi_open ? v < hi : v <= hi)))
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                   "%s: %s is outside %s", key, text, range);
    if (c->m->mode == SF_MODE_KERMA)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                   "%s needs mode: coupled (kerma mode "
                                   "transports no electrons)", key);
    *out = v;
    return SF_OK;
}

static sf_status convert_options(const ctx *c, const raw_manifest *raw)
{
    sf_manifest *m = c->m;
    m->chunk_histories = DEFAULT_CHUNK_HISTORIES;
    if (raw->chunk_histories)
        SF_TRY(parse_count_at(c, raw->chunk_histories, "chunk_histories",
                              line_of(c, 0, "chunk_histories"), 1, UINT64_MAX,
                              &m->chunk_histories));
    m->mode = SF_MODE_COUPLED;
    if (raw->mode) {
        if (strcmp(raw->mode, "kerma") == 0)
            m->mode = SF_MODE_KERMA;
        else if (strcmp(raw->mode, "coupled") != 0)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                       line_of(c, 0, "mode"),
                                       "mode: '%s'; expected coupled or "
                                       "kerma", raw->mode);
    }
    m->electron_cutoff_MeV = DEFAULT_ELECTRON_CUTOFF_MEV;
    if (raw->electron_cutoff_MeV) {
        int line = line_of(c, 0, "electron_cutoff_MeV");
        double e;
        SF_TRY(parse_double_at(c, raw->electron_cutoff_MeV,
                               "electron_cutoff_MeV", line, &e));
        double lo = energy_range[SF_PARTICLE_ELECTRON].min;
        double hi = energy_range[SF_PARTICLE_ELECTRON].max;
        if (!(e >= lo && e <= hi))
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "electron_cutoff_MeV: %s is outside "
                                       "the electron data range [%g, %g] MeV",
                                       raw->electron_cutoff_MeV, lo, hi);
        m->electron_cutoff_MeV = e;
    }
    SF_TRY(convert_flag(c, "range_rejection", raw->range_rejection, 0,
                        &m->range_rejection));
    if (m->range_rejection && m->mode == SF_MODE_KERMA)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                   line_of(c, 0, "range_rejection"),
                                   "range_rejection: true needs mode: "
                                   "coupled (kerma mode transports no "
                                   "electrons)");
    SF_TRY(convert_flag(c, "spin_effects", raw->spin_effects, 1,
                        &m->spin_effects));
    if (!m->spin_effects && m->mode == SF_MODE_KERMA)
        return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                   line_of(c, 0, "spin_effects"),
                                   "spin_effects: false needs mode: coupled "
                                   "(kerma mode transports no electrons)");
    m->in_place_below_MeV = SF_DEFAULT_IN_PLACE_BELOW_MEV;
    if (raw->in_place_below_MeV)
        SF_TRY(coupled_number(c, raw->in_place_below_MeV, "in_place_below_MeV",
                              0.0, 20.0, 1, "[0, 20) MeV (0: off)",
                              &m->in_place_below_MeV));
    m->delta_ray_fraction = SF_DEFAULT_DELTA_RAY_FRACTION;
    if (raw->delta_ray_fraction)
        SF_TRY(coupled_number(c, raw->delta_ray_fraction, "delta_ray_fraction",
                              0.0, SF_ELECTRON_DELTA_RAY_FRACTION_MAX, 0,
                              "[0, 0.1] (0: a fixed 10 keV threshold)",
                              &m->delta_ray_fraction));
    m->step_fraction = SF_DEFAULT_ELECTRON_STEP_FRACTION;
    if (raw->step_fraction)
        SF_TRY(coupled_number(c, raw->step_fraction, "step_fraction", 0.01,
                              0.5, 0, "[0.01, 0.5]", &m->step_fraction));
    m->boundary_step = SF_DEFAULT_ELECTRON_BOUNDARY_STEP;
    if (raw->boundary_step)
        SF_TRY(coupled_number(c, raw->boundary_step, "boundary_step", 0.0,
                              1.0, 0, "[0, 1] (0: no boundary limit)",
                              &m->boundary_step));
    m->kerma_estimator = SF_KERMA_ANALOGUE;
    if (raw->kerma_estimator) {
        int line = line_of(c, 0, "kerma_estimator");
        if (strcmp(raw->kerma_estimator, "expected_value") == 0)
            m->kerma_estimator = SF_KERMA_EXPECTED_VALUE;
        else if (strcmp(raw->kerma_estimator, "analogue") != 0)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "kerma_estimator: '%s'; expected "
                                       "analogue or expected_value",
                                       raw->kerma_estimator);
        if (m->kerma_estimator != SF_KERMA_ANALOGUE &&
            m->mode != SF_MODE_KERMA)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "kerma_estimator: expected_value "
                                       "needs mode: kerma (coupled mode "
                                       "transports the electrons)");
    }
    SF_TRY(convert_flag(c, "skeletal_targets", raw->skeletal_targets, 1,
                        &m->skeletal_targets));
    m->skeletal_photons = SF_SKELETAL_KERMA;
    if (raw->skeletal_photons) {
        if (strcmp(raw->skeletal_photons, "mass_fraction") == 0)
            m->skeletal_photons = SF_SKELETAL_MASS_FRACTION;
        else if (strcmp(raw->skeletal_photons, "kerma") != 0)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                       line_of(c, 0, "skeletal_photons"),
                                       "skeletal_photons: '%s'; expected "
                                       "kerma or mass_fraction",
                                       raw->skeletal_photons);
    }
    if (raw->spongiosa) {
        char spec[4096];
        sf_strtrim_copy(spec, sizeof spec, raw->spongiosa);
        if (!spec[0] || strlen(raw->spongiosa) >= sizeof spec)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                       line_of(c, 0, "spongiosa"),
                                       "spongiosa: expected the path of a "
                                       "table of region marrow and bone "
                                       "fractions");
        m->spongiosa_path = relative_to_manifest(c->origin, spec);
        if (!m->spongiosa_path)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
    }
    if (raw->drf) {
        int line = line_of(c, 0, "drf");
        char spec[4096];
        sf_strtrim_copy(spec, sizeof spec, raw->drf);
        if (!spec[0] || strlen(raw->drf) >= sizeof spec)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "drf: expected the path of a CSV of "
                                       "skeletal response functions");
        if (m->skeletal_photons == SF_SKELETAL_MASS_FRACTION)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin, line,
                                       "drf: response functions replace the "
                                       "kerma of skeletal_photons: kerma, "
                                       "not mass_fraction");
        m->drf_path = relative_to_manifest(c->origin, spec);
        if (!m->drf_path)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", c->origin);
    }
    return SF_OK;
}

/* With an explicit source list, every dose map must name one of them. */
static sf_status check_dose_maps(const ctx *c)
{
    const sf_manifest *m = c->m;
    if (m->dose_maps.kind != SF_LIST_ITEMS || m->sources.kind != SF_LIST_ITEMS)
        return SF_OK;
    for (size_t i = 0; i < m->dose_maps.n; ++i) {
        int found = 0;
        for (size_t j = 0; j < m->sources.n && !found; ++j)
            found = sf_strieq(m->dose_maps.items[i], m->sources.items[j]);
        if (!found)
            return sf_manifest_fail_at(SF_ERR_VALUE, c->origin,
                                       m->dose_maps.lines[i],
                                       "dose_maps[%zu]: '%s' is not one of "
                                       "the sources", i, m->dose_maps.items[i]);
    }
    return SF_OK;
}

static sf_status convert(const ctx *c, const raw_manifest *raw)
{
    uint64_t seed;
    SF_TRY(convert_name(c, raw));
    SF_TRY(parse_count_at(c, raw->seed, "seed", line_of(c, 0, "seed"), 0,
                          UINT32_MAX, &seed));
    c->m->seed = (uint32_t)seed;
    SF_TRY(convert_phantom(c, raw));
    SF_TRY(convert_regions(c));
    SF_TRY(convert_list(c, "sources", 0, SF_LIST_ALL, &c->m->sources));
    SF_TRY(convert_list(c, "targets", 0, SF_LIST_ALL, &c->m->targets));
    SF_TRY(convert_particles(c, raw));
    SF_TRY(convert_energies(c));
    SF_TRY(convert_histories(c, raw));
    SF_TRY(convert_list(c, "dose_maps", 1, SF_LIST_NONE, &c->m->dose_maps));
    SF_TRY(check_dose_maps(c));
    return convert_options(c, raw);
}

/* ---- public entry points ------------------------------------------------- */

sf_status sf_manifest_parse(const char *text, const char *origin,
                            const sf_manifest **out)
{
    *out = NULL;
    if (!origin || !*origin)
        origin = "<manifest>";
    if (!text)
        SF_FAIL(SF_ERR_USAGE, "%s: no manifest text", origin);
    sf_manifest *m = calloc(1, sizeof *m);
    if (!m)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", origin);
    m->origin = strdup(origin);
    m->text = strdup(text);
    const sf_manifest *cm = m;
    if (!m->origin || !m->text) {
        sf_manifest_destroy(&cm);
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", origin);
    }

    sf_status st;
    sf_yaml_tree tree = { 0 };
    raw_manifest *raw = NULL;
    log_capture lc = { "" };
    const cyaml_config_t cfg = {
        .log_fn = capture_cyaml_log,
        .log_ctx = &lc,
        .mem_fn = cyaml_mem,
        .log_level = CYAML_LOG_WARNING,
        .flags = CYAML_CFG_DEFAULT,
    };
    ctx c = { m->origin, &tree, m };
    SF_TRY_GOTO(st, sf_manifest_yaml_read(text, strlen(text), m->origin,
                                          &tree));
    SF_TRY_GOTO(st, sf_manifest_keys_check(&tree, m->origin));
    SF_TRY_GOTO(st, load_typed(&c, text, &cfg, &lc, &raw));
    SF_TRY_GOTO(st, convert(&c, raw));
    cyaml_free(&cfg, &manifest_schema, raw, 0);
    sf_manifest_yaml_free(&tree);
    *out = m;
    return SF_OK;
fail:
    if (raw)
        cyaml_free(&cfg, &manifest_schema, raw, 0);
    sf_manifest_yaml_free(&tree);
    sf_manifest_destroy(&cm);
    return st;
}

sf_status sf_manifest_read_text(const char *path, char **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot open the manifest", path);
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    sf_status st = SF_OK;
    while (text) {
        len += fread(text + len, 1, cap - 1 - len, f);
        if (len < cap - 1)
            break;
        /* Manifests are small; a huge file is a mistake, not a manifest. */
        if (cap >= ((size_t)16 << 20)) {
            st = sf_error_set(SF_ERR_FORMAT, "%s: larger than 16 MiB; not a "
                              "manifest", path);
            break;
        }
        char *bigger = realloc(text, 2 * cap);
        if (!bigger) {
            free(text);
            text = NULL;
            break;
        }
        text = bigger;
        cap *= 2;
    }
    if (!text)
        st = sf_error_set(SF_ERR_NOMEM, "%s: out of memory", path);
    else if (st == SF_OK && ferror(f))
        st = sf_error_set(SF_ERR_IO, "%s: read error", path);
    fclose(f);
    if (st == SF_OK) {
        text[len] = '\0';
        if (strlen(text) != len)
            st = sf_error_set(SF_ERR_FORMAT, "%s: contains a NUL byte; not a "
                              "text manifest", path);
    }
    if (st != SF_OK)
        free(text);
    else
        *out = text;
    return st;
}

sf_status sf_manifest_load(const char *path, const sf_manifest **out)
{
    *out = NULL;
    char *text = NULL;
    SF_TRY(sf_manifest_read_text(path, &text));
    sf_status st = sf_manifest_parse(text, path, out);
    free(text);
    return st;
}

static void free_list(sf_manifest_list *l)
{
    for (size_t i = 0; i < l->n; ++i)
        free(l->items[i]);
    free(l->items);
    free(l->lines);
}

void sf_manifest_destroy(const sf_manifest **mp)
{
    if (!mp || !*mp)
        return;
    /* The manifest is handed out const so nobody changes it after
     * validation; only its owner frees it. */
    sf_manifest *m = (sf_manifest *)*mp;
    free(m->origin);
    free(m->text);
    free(m->phantom);
    free(m->phantom_path);
    free(m->drf_path);
    free(m->spongiosa_path);
    for (size_t i = 0; i < m->n_regions; ++i) {
        free(m->regions[i].name);
        free(m->regions[i].labels);
    }
    free(m->regions);
    free_list(&m->sources);
    free_list(&m->targets);
    free_list(&m->dose_maps);
    free(m->energies_MeV);
    free(m);
    *mp = NULL;
}
