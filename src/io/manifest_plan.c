/* Resolution of a manifest against a phantom into the task plan, and the
 * YAML echo of the validated configuration. */
#include "io/manifest.h"

#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "geometry/skeleton.h"
#include "io/manifest_yaml.h"

static int compare_label(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
}

static void free_sets(sf_label_set *s, size_t n)
{
    for (size_t i = 0; s && i < n; ++i) {
        free(s[i].labels);
        free(s[i].weights);
    }
    free(s);
}

void sf_manifest_plan_destroy(sf_task_plan **plan)
{
    if (!plan || !*plan)
        return;
    free_sets((*plan)->sources, (*plan)->n_sources);
    free_sets((*plan)->targets, (*plan)->n_targets);
    free((*plan)->tasks);
    free(*plan);
    *plan = NULL;
}

/* Sums the voxels and masses of the set's labels, each by its share
 * (weights NULL: all of it). */
static void add_masses(const sf_phantom *ph, sf_label_set *set)
{
    for (size_t i = 0; i < set->n_labels; ++i) {
        const sf_region *r = &ph->regions[set->labels[i]];
        double w = set->weights ? set->weights[i] : 1.0;
        set->voxels += r->voxels;
        set->mass_kg += w * r->mass_kg;
        /* NaN (no blood table) propagates: the set has no such mass. */
        set->mass_blood_kg += w * r->mass_kg * (1 + r->blood_fraction);
    }
}

/* Fills `set` from labels (copied, sorted) and sums voxels and masses. */
static sf_status fill_set(const sf_phantom *ph, const char *name,
                          const uint16_t *labels, size_t n, sf_label_set *set)
{
    snprintf(set->name, sizeof set->name, "%s", name);
    set->labels = malloc(n * sizeof *set->labels);
    if (!set->labels)
        SF_FAIL(SF_ERR_NOMEM, "manifest: out of memory");
    memcpy(set->labels, labels, n * sizeof *labels);
    qsort(set->labels, n, sizeof *set->labels, compare_label);
    set->n_labels = n;
    add_masses(ph, set);
    return SF_OK;
}

int sf_label_set_same(const sf_label_set *a, const sf_label_set *b)
{
    if (a->n_labels != b->n_labels || a->skeletal != b->skeletal ||
        !a->weights != !b->weights ||
        memcmp(a->labels, b->labels, a->n_labels * sizeof *a->labels) != 0)
        return 0;
    return !a->weights ||
           memcmp(a->weights, b->weights, a->n_labels * sizeof *a->weights) == 0;
}

/* A skeletal region (geometry/skeleton.h): the labels where it has mass,
 * with its share of each. */
static sf_status fill_skeletal(const sf_phantom *ph, sf_skeletal_region r,
                               sf_label_set *set)
{
    snprintf(set->name, sizeof set->name, "%s", sf_skeletal_name(r));
    set->skeletal = 1 + (int)r;
    set->labels = malloc(((size_t)ph->n_labels + 1) * sizeof *set->labels);
    set->weights = malloc(((size_t)ph->n_labels + 1) * sizeof *set->weights);
    if (!set->labels || !set->weights)
        SF_FAIL(SF_ERR_NOMEM, "manifest: out of memory");
    int all_whole = 1;
    for (int l = 0; l < ph->n_labels; ++l) {
        double w = sf_skeletal_weight(ph, l, r);
        if (!(w > 0))
            continue;
        set->labels[set->n_labels] = (uint16_t)l;
        set->weights[set->n_labels++] = w;
        all_whole &= w == 1.0;
    }
    add_masses(ph, set);
    /* Whole labels (cortical bone) make a plain union: the same region as
     * the manifest union of those labels, mapped by its labels. */
    if (all_whole) {
        free(set->weights);
        set->weights = NULL;
    }
    return SF_OK;
}

static const char *region_name(const sf_phantom *ph, int label, char *buf,
                               size_t n)
{
    if (ph->regions[label].name[0])
        return ph->regions[label].name;
    snprintf(buf, n, "label %d", label);
    return buf;
}

/* A manifest union first (it may deliberately shadow a phantom name), then
 * a phantom region name or label number. */
static sf_status resolve_item(const sf_manifest *m, const sf_phantom *ph,
                              const char *key, size_t i, const char *item,
                              int line, sf_label_set *set)
{
    for (size_t r = 0; r < m->n_regions; ++r)
        if (sf_strieq(m->regions[r].name, item)) {
            SF_TRY(fill_set(ph, m->regions[r].name, m->regions[r].labels,
                            m->regions[r].n_labels, set));
            if (set->voxels <= 0)
                return sf_manifest_fail_at(SF_ERR_VALUE, m->origin, line,
                                           "%s[%zu]: region '%s' (line %d) "
                                           "has no voxels in phantom %s", key,
                                           i, item, m->regions[r].line,
                                           ph->name);
            return SF_OK;
        }
    int label = sf_phantom_find_region(ph, item);
    int skeletal = sf_skeletal_find(item);
    if (label < 0 && skeletal >= 0) {
        if (!sf_phantom_has_spongiosa(ph))
            return sf_manifest_fail_at(SF_ERR_VALUE, m->origin, line,
                                       "%s[%zu]: '%s' is a skeletal region, "
                                       "which needs spongiosa fractions "
                                       "(ICRP 110 NAME_spongiosa.dat); "
                                       "phantom %s has none", key, i, item,
                                       ph->name);
        SF_TRY(fill_skeletal(ph, (sf_skeletal_region)skeletal, set));
        if (set->n_labels == 0)
            return sf_manifest_fail_at(SF_ERR_VALUE, m->origin, line,
                                       "%s[%zu]: skeletal region '%s' has no "
                                       "mass in phantom %s", key, i, item,
                                       ph->name);
        return SF_OK;
    }
    if (label < 0)
        return sf_manifest_fail_at(SF_ERR_VALUE, m->origin, line,
                                   "%s[%zu]: unknown region '%s' in phantom "
                                   "%s", key, i, item, ph->name);
    char buf[32];
    uint16_t l = (uint16_t)label;
    SF_TRY(fill_set(ph, region_name(ph, label, buf, sizeof buf), &l, 1, set));
    if (set->voxels <= 0)
        return sf_manifest_fail_at(SF_ERR_VALUE, m->origin, line,
                                   "%s[%zu]: region '%s' has no voxels in "
                                   "phantom %s", key, i, item, ph->name);
    return SF_OK;
}

static sf_status resolve_list(const sf_manifest *m, const sf_phantom *ph,
                              const char *key, const sf_manifest_list *list,
                              sf_label_set **out, size_t *n_out)
{
    size_t cap = list->kind == SF_LIST_ALL ? (size_t)ph->n_labels + 2 : list->n;
    sf_label_set *sets = calloc(cap ? cap : 1, sizeof *sets);
    if (!sets)
        SF_FAIL(SF_ERR_NOMEM, "manifest: out of memory");
    size_t n = 0;
    sf_status st = SF_OK;
    if (list->kind == SF_LIST_ALL) {
        for (int l = 0; l < ph->n_labels && st == SF_OK; ++l) {
            const sf_region *r = &ph->regions[l];
            if (r->medium < 0 || r->voxels <= 0 || !r->in_body)
                continue;
            char buf[32];
            uint16_t label = (uint16_t)l;
            st = fill_set(ph, region_name(ph, l, buf, sizeof buf), &label, 1,
                          &sets[n++]);
        }
        if (st == SF_OK && n == 0)
            st = sf_manifest_fail_at(SF_ERR_VALUE, m->origin, list->line,
                                     "%s: 'all' found no in-body region with "
                                     "voxels in phantom %s", key, ph->name);
        /* The skeletal targets, where the phantom resolves spongiosa. */
        int skeletal = !strcmp(key, "targets") && m->skeletal_targets &&
                       sf_phantom_has_spongiosa(ph);
        for (int r = 0; skeletal && r < SF_SKEL_N && st == SF_OK; ++r)
            if (sf_skeletal_is_target((sf_skeletal_region)r) &&
                sf_phantom_find_region(ph, sf_skeletal_name((sf_skeletal_region)r)) < 0)
                st = fill_skeletal(ph, (sf_skeletal_region)r, &sets[n++]);
    } else {
        for (size_t i = 0; i < list->n && st == SF_OK; ++i) {
            st = resolve_item(m, ph, key, i, list->items[i], list->lines[i],
                              &sets[n++]);
            /* "Liver" and "95" may name the same region. */
            for (size_t j = 0; j + 1 < n && st == SF_OK; ++j)
                if (sf_label_set_same(&sets[j], &sets[n - 1]))
                    st = sf_manifest_fail_at(
                        SF_ERR_VALUE, m->origin, list->lines[i],
                        "%s[%zu]: '%s' is the same region as '%s' (line %d)",
                        key, i, list->items[i], list->items[j],
                        list->lines[j]);
        }
    }
    if (st != SF_OK) {
        free_sets(sets, n);
        return st;
    }
    *out = sets;
    *n_out = n;
    return SF_OK;
}

static sf_status check_regions(const sf_manifest *m, const sf_phantom *ph)
{
    for (size_t r = 0; r < m->n_regions; ++r)
        for (size_t i = 0; i < m->regions[r].n_labels; ++i) {
            int l = m->regions[r].labels[i];
            if (l >= ph->n_labels || ph->regions[l].medium < 0)
                return sf_manifest_fail_at(SF_ERR_VALUE, m->origin,
                                           m->regions[r].line,
                                           "regions.%s: label %d is not a "
                                           "region of phantom %s",
                                           m->regions[r].name, l, ph->name);
        }
    return SF_OK;
}

/* Marks the sources whose dose maps are wanted. */
static sf_status resolve_dose_maps(const sf_manifest *m, const sf_phantom *ph,
                                   const sf_task_plan *plan, int *wanted)
{
    for (size_t s = 0; s < plan->n_sources; ++s)
        wanted[s] = m->dose_maps.kind == SF_LIST_ALL;
    if (m->dose_maps.kind != SF_LIST_ITEMS)
        return SF_OK;
    for (size_t i = 0; i < m->dose_maps.n; ++i) {
        sf_label_set set = { 0 };
        SF_TRY(resolve_item(m, ph, "dose_maps", i, m->dose_maps.items[i],
                            m->dose_maps.lines[i], &set));
        size_t s = 0;
        while (s < plan->n_sources && !sf_label_set_same(&set, &plan->sources[s]))
            ++s;
        free(set.labels);
        if (s == plan->n_sources)
            return sf_manifest_fail_at(SF_ERR_VALUE, m->origin,
                                       m->dose_maps.lines[i],
                                       "dose_maps[%zu]: '%s' is not one of "
                                       "the sources", i, m->dose_maps.items[i]);
        wanted[s] = 1;
    }
    return SF_OK;
}

static sf_status build_tasks(const sf_manifest *m, const int *wanted,
                             sf_task_plan *plan)
{
    size_t per_source = (size_t)m->n_particles * m->n_energies;
    if (plan->n_sources > UINT32_MAX / (per_source ? per_source : 1))
        return sf_manifest_fail_at(SF_ERR_VALUE, m->origin, m->sources.line,
                                   "sources: %zu sources x %zu tasks each is "
                                   "more than 2^32 tasks", plan->n_sources,
                                   per_source);
    plan->n_tasks = plan->n_sources * per_source;
    plan->n_campaign_tasks = plan->n_tasks;
    plan->tasks = calloc(plan->n_tasks ? plan->n_tasks : 1,
                         sizeof *plan->tasks);
    if (!plan->tasks)
        SF_FAIL(SF_ERR_NOMEM, "manifest: out of memory");
    /* The id is the position in this source-major, particle, energy order:
     * the same manifest and phantom always give the same ids. */
    uint32_t id = 0;
    for (size_t s = 0; s < plan->n_sources; ++s)
        for (int p = 0; p < m->n_particles; ++p)
            for (size_t e = 0; e < m->n_energies; ++e, ++id)
                plan->tasks[id] = (sf_task){
                    .id = id,
                    .source = (uint32_t)s,
                    .particle = m->particles[p],
                    .energy_index = (uint32_t)e,
                    .energy_MeV = m->energies_MeV[e],
                    .histories = m->histories[m->particles[p]],
                    .dose_map = wanted[s],
                };
    return SF_OK;
}

sf_status sf_manifest_load_phantom(const sf_manifest *m, sf_phantom **out)
{
    SF_TRY(sf_phantom_load(m->phantom_path, out));
    if (!m->spongiosa_path)
        return SF_OK;
    sf_status st = sf_phantom_read_spongiosa(*out, m->spongiosa_path);
    if (st != SF_OK)
        sf_phantom_destroy(out);
    return st;
}

sf_status sf_manifest_resolve(const sf_manifest *m, const sf_phantom *ph,
                              sf_task_plan **out)
{
    *out = NULL;
    sf_task_plan *plan = calloc(1, sizeof *plan);
    if (!plan)
        SF_FAIL(SF_ERR_NOMEM, "manifest: out of memory");
    int *wanted = NULL;
    sf_status st;
    SF_TRY_GOTO(st, check_regions(m, ph));
    SF_TRY_GOTO(st, resolve_list(m, ph, "sources", &m->sources,
                                 &plan->sources, &plan->n_sources));
    SF_TRY_GOTO(st, resolve_list(m, ph, "targets", &m->targets,
                                 &plan->targets, &plan->n_targets));
    wanted = calloc(plan->n_sources, sizeof *wanted);
    if (!wanted) {
        st = sf_error_set(SF_ERR_NOMEM, "manifest: out of memory");
        goto fail;
    }
    SF_TRY_GOTO(st, resolve_dose_maps(m, ph, plan, wanted));
    SF_TRY_GOTO(st, build_tasks(m, wanted, plan));
    free(wanted);
    *out = plan;
    return SF_OK;
fail:
    free(wanted);
    sf_manifest_plan_destroy(&plan);
    return st;
}

/* ---- echo ---------------------------------------------------------------- */

/* Shortest text that reads back as the same double; plain decimals for
 * everyday magnitudes ("10", not "1e+01"). */
static void print_double(FILE *f, double v)
{
    char buf[40];
    double a = v < 0 ? -v : v;
    int plain = a == 0 || (a >= 1e-4 && a < 1e15);
    for (int prec = 1; prec <= 17; ++prec) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v && (!plain || !strchr(buf, 'e')))
            break;
    }
    fputs(buf, f);
}

/* "key: v" on its own line, unless v is the key's default. */
static void print_unless_default(FILE *f, const char *key, double v,
                                 double dflt)
{
    if (v == dflt)
        return;
    fprintf(f, "%s: ", key);
    print_double(f, v);
    fputc('\n', f);
}

/* YAML double-quoted scalar, so names with ',', ':' or '#' survive. */
static void print_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; ++s) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", f);
        else if (*s == '\t')
            fputs("\\t", f);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\x%02x", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void print_list(FILE *f, const char *key, const sf_manifest_list *l)
{
    fprintf(f, "%s: ", key);
    if (l->kind == SF_LIST_ALL) {
        fputs("all\n", f);
        return;
    }
    if (l->kind == SF_LIST_NONE) {
        fputs("none\n", f);
        return;
    }
    fputc('[', f);
    for (size_t i = 0; i < l->n; ++i) {
        if (i)
            fputs(", ", f);
        print_quoted(f, l->items[i]);
    }
    fputs("]\n", f);
}

static void print_energies(FILE *f, const sf_manifest *m)
{
    fputc('[', f);
    for (size_t i = 0; i < m->n_energies; ++i) {
        if (i)
            fputs(", ", f);
        print_double(f, m->energies_MeV[i]);
    }
    fputc(']', f);
}

void sf_manifest_fprint(FILE *f, const sf_manifest *m)
{
    fprintf(f, "# saffron manifest, validated from %s\n", m->origin);
    fputs("name: ", f);
    print_quoted(f, m->name);
    fprintf(f, "\nseed: %lu\nphantom: ", (unsigned long)m->seed);
    print_quoted(f, m->phantom_path);
    fputc('\n', f);
    if (m->n_regions) {
        fputs("regions:\n", f);
        for (size_t r = 0; r < m->n_regions; ++r) {
            fputs("  ", f);
            print_quoted(f, m->regions[r].name);
            fputs(": [", f);
            for (size_t i = 0; i < m->regions[r].n_labels; ++i)
                fprintf(f, "%s%u", i ? ", " : "",
                        (unsigned)m->regions[r].labels[i]);
            fputs("]\n", f);
        }
    }
    print_list(f, "sources", &m->sources);
    print_list(f, "targets", &m->targets);
    fputs("particles: [", f);
    for (int p = 0; p < m->n_particles; ++p)
        fprintf(f, "%s%s", p ? ", " : "",
                sf_manifest_particle_name(m->particles[p]));
    fputs("]\nenergies_MeV: ", f);
    if (m->energy_preset[0]) {
        fprintf(f, "%s  # = ", m->energy_preset);
        print_energies(f, m);
    } else {
        print_energies(f, m);
    }
    fputc('\n', f);
    if (m->use_precision) {
        fputs("precision: {relative: ", f);
        print_double(f, m->precision.relative);
        fprintf(f, ", on: %s, max_histories: %llu",
                m->precision.on == SF_PRECISION_ALL ? "all" : "self",
                (unsigned long long)m->precision.max_histories);
        if (m->precision.cross_fire > 0) {
            fputs(", cross_fire: ", f);
            print_double(f, m->precision.cross_fire);
            fputs(", cross_fire_min_mass_kg: ", f);
            print_double(f, m->precision.cross_fire_min_mass_kg);
        }
        fputs("}\n", f);
    } else {
        /* The first particle's count is the default; others that differ
         * are overrides. */
        uint64_t base = m->histories[m->particles[0]];
        fprintf(f, "histories: %llu\n", (unsigned long long)base);
        int any = 0;
        for (int p = 1; p < m->n_particles; ++p) {
            uint64_t h = m->histories[m->particles[p]];
            if (h == base)
                continue;
            fprintf(f, "%s%s: %llu", any ? ", " : "particle_histories: {",
                    sf_manifest_particle_name(m->particles[p]),
                    (unsigned long long)h);
            any = 1;
        }
        if (any)
            fputs("}\n", f);
    }
    fprintf(f, "chunk_histories: %llu\n",
            (unsigned long long)m->chunk_histories);
    print_list(f, "dose_maps", &m->dose_maps);
    fprintf(f, "mode: %s\nelectron_cutoff_MeV: ",
            m->mode == SF_MODE_KERMA ? "kerma" : "coupled");
    print_double(f, m->electron_cutoff_MeV);
    fputc('\n', f);
    /* Only when on: canonical forms (and so results files) of manifests
     * written before the key existed stay the same. */
    if (m->range_rejection)
        fputs("range_rejection: true\n", f);
    if (!m->spin_effects)
        fputs("spin_effects: false\n", f);
    print_unless_default(f, "in_place_below_MeV", m->in_place_below_MeV,
                         SF_DEFAULT_IN_PLACE_BELOW_MEV);
    print_unless_default(f, "delta_ray_fraction", m->delta_ray_fraction,
                         SF_DEFAULT_DELTA_RAY_FRACTION);
    print_unless_default(f, "step_fraction", m->step_fraction,
                         SF_DEFAULT_ELECTRON_STEP_FRACTION);
    print_unless_default(f, "boundary_step", m->boundary_step,
                         SF_DEFAULT_ELECTRON_BOUNDARY_STEP);
    if (m->kerma_estimator == SF_KERMA_EXPECTED_VALUE)
        fputs("kerma_estimator: expected_value\n", f);
    if (!m->skeletal_targets)
        fputs("skeletal_targets: false\n", f);
    if (m->skeletal_photons == SF_SKELETAL_MASS_FRACTION)
        fputs("skeletal_photons: mass_fraction\n", f);
    if (m->spongiosa_path) {
        fputs("spongiosa: ", f);
        print_quoted(f, m->spongiosa_path);
        fputc('\n', f);
    }
    if (m->drf_path) {
        fputs("drf: ", f);
        print_quoted(f, m->drf_path);
        fputc('\n', f);
    }
}

static void print_sets(FILE *f, const char *key, const sf_label_set *s,
                       size_t n)
{
    fprintf(f, "%s:\n", key);
    for (size_t i = 0; i < n; ++i) {
        fprintf(f, "  - {index: %zu, name: ", i);
        print_quoted(f, s[i].name);
        fputs(", labels: [", f);
        for (size_t j = 0; j < s[i].n_labels; ++j)
            fprintf(f, "%s%u", j ? ", " : "", (unsigned)s[i].labels[j]);
        fprintf(f, "], voxels: %lld, mass_kg: ", (long long)s[i].voxels);
        print_double(f, s[i].mass_kg);
        if (s[i].weights) {
            fputs(", weights: [", f);
            for (size_t j = 0; j < s[i].n_labels; ++j) {
                fputs(j ? ", " : "", f);
                print_double(f, s[i].weights[j]);
            }
            fputs("]", f);
        }
        fputs("}\n", f);
    }
}

void sf_manifest_plan_fprint(FILE *f, const sf_manifest *m,
                             const sf_task_plan *plan)
{
    fprintf(f, "# plan: %zu sources x %d particles x %zu energies = %zu "
            "tasks, %zu targets\n", plan->n_sources, m->n_particles,
            m->n_energies, plan->n_campaign_tasks, plan->n_targets);
    if (plan->shard_count)
        fprintf(f, "# shard %u/%u: %zu of the tasks\n", plan->shard_index,
                plan->shard_count, plan->n_tasks);
    print_sets(f, "sources", plan->sources, plan->n_sources);
    print_sets(f, "targets", plan->targets, plan->n_targets);
    fputs("tasks:\n", f);
    for (size_t i = 0; i < plan->n_tasks; ++i) {
        const sf_task *t = &plan->tasks[i];
        fprintf(f, "  - {id: %lu, source: ", (unsigned long)t->id);
        print_quoted(f, plan->sources[t->source].name);
        fprintf(f, ", particle: %s, energy_MeV: ",
                sf_manifest_particle_name(t->particle));
        print_double(f, t->energy_MeV);
        fprintf(f, ", %s: %llu, dose_map: %s}\n",
                m->use_precision ? "max_histories" : "histories",
                (unsigned long long)t->histories,
                t->dose_map ? "true" : "false");
    }
}
