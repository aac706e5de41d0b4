#include "results/region_map.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "geometry/text_lines.h"

#define MAP_MAX_BYTES (4u << 20)

static void free_entries(sf_region_map *m)
{
    for (size_t i = 0; i < m->n_entries; ++i)
        free(m->entries[i].items);
    free(m->entries);
}

void sf_region_map_destroy(sf_region_map **pm)
{
    if (!pm || !*pm)
        return;
    free_entries(*pm);
    free(*pm);
    *pm = NULL;
}

static int parse_kind(const char *s, size_t n, sf_map_kind *k)
{
    static const struct { const char *name; sf_map_kind kind; } kinds[] = {
        {"source", SF_MAP_SOURCE}, {"target", SF_MAP_TARGET},
        {"both", SF_MAP_BOTH}};
    for (size_t i = 0; i < 3; ++i)
        if (strlen(kinds[i].name) == n && !strncmp(s, kinds[i].name, n)) {
            *k = kinds[i].kind;
            return 0;
        }
    return -1;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; ++s)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

/* Splits "a; b; c" into items. */
static sf_status parse_items(const sf_text *t, char *list, sf_map_entry *e)
{
    size_t cap = 1;
    for (const char *c = list; *c; ++c)
        cap += *c == ';';
    e->items = calloc(cap, sizeof *e->items);
    if (!e->items)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    char *save = NULL;
    for (char *tok = strtok_r(list, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        sf_map_item *it = &e->items[e->n_items];
        sf_strtrim_copy(it->name, sizeof it->name, tok);
        if (!it->name[0])
            continue;
        it->label = all_digits(it->name) ? strtol(it->name, NULL, 10) : -1;
        e->n_items++;
    }
    if (e->n_items == 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: entry '%s' lists no region (expected "
                "region names or labels separated by ';')", t->path,
                t->line_no, e->name);
    return SF_OK;
}

static sf_status parse_entry(const sf_text *t, char *line, sf_map_entry *e)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    sf_token tok[2];
    int n = sf_text_split(line, 0, tok, 2);
    if (n == 0)
        return SF_OK;
    if (n < 2 || parse_kind(tok[0].s, tok[0].n, &e->kind) != 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected 'source|target|both NAME "
                "REGION; REGION; ...'", t->path, t->line_no);
    if (tok[1].n > SF_MAPPED_NAME_MAX || !sf_token_copy(&tok[1], e->name, sizeof e->name))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: name '%.*s' is longer than %d "
                "characters (the ICRP 133 name field)", t->path, t->line_no,
                (int)tok[1].n, tok[1].s, SF_MAPPED_NAME_MAX);
    return parse_items(t, (char *)tok[1].s + tok[1].n, e);
}

sf_status sf_region_map_load(const char *path, sf_region_map **out)
{
    *out = NULL;
    sf_region_map *m = calloc(1, sizeof *m);
    if (!m)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    snprintf(m->path, sizeof m->path, "%s", path);
    sf_text t;
    sf_status st = sf_text_open(path, MAP_MAX_BYTES, &t);
    if (st != SF_OK) {
        free(m);
        return st;
    }
    size_t cap = 0;
    for (char *line; st == SF_OK && (line = sf_text_next(&t));) {
        if (m->n_entries == cap) {
            cap = cap ? 2 * cap : 64;
            sf_map_entry *e = realloc(m->entries, cap * sizeof *e);
            if (!e) {
                st = sf_error_set(SF_ERR_NOMEM, "%s: out of memory", path);
                break;
            }
            m->entries = e;
        }
        sf_map_entry *e = &m->entries[m->n_entries];
        memset(e, 0, sizeof *e);
        st = parse_entry(&t, line, e);
        if (e->n_items > 0)
            m->n_entries++;
        else
            free(e->items);
    }
    sf_text_close(&t);
    if (st == SF_OK && m->n_entries == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no entries (expected lines "
                          "'source|target|both NAME REGION; ...')", path);
    if (st != SF_OK) {
        sf_region_map_destroy(&m);
        return st;
    }
    *out = m;
    return SF_OK;
}

static long find_item(const sf_saf_region *r, size_t n, const sf_map_item *it)
{
    for (size_t i = 0; i < n; ++i)
        if ((it->label >= 0 && r[i].id == it->label) ||
            (it->label < 0 && sf_strieq(r[i].name, it->name)))
            return (long)i;
    return -1;
}

static int compare_u16(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
}

/* The region of the table whose labels are exactly the entry's (a manifest
 * union such as Kidneys = 89..94 under its own name), or -1; entries that
 * name regions rather than labels have none. */
static long find_label_set(const sf_saf_region *r, size_t n,
                           const sf_map_entry *e)
{
    uint16_t labels[SF_SAF_LABELS_MAX];
    if (e->n_items > SF_SAF_LABELS_MAX)
        return -1;
    for (size_t j = 0; j < e->n_items; ++j) {
        if (e->items[j].label < 0 || e->items[j].label > 65535)
            return -1;
        labels[j] = (uint16_t)e->items[j].label;
    }
    qsort(labels, e->n_items, sizeof labels[0], compare_u16);
    long found = -1;
    for (size_t i = 0; i < n; ++i)
        if (r[i].n_labels == (int)e->n_items &&
            !memcmp(r[i].labels, labels, e->n_items * sizeof labels[0])) {
            /* Of regions with the same labels (C-bone-V and C-bone-S),
             * the one of the entry's name. */
            if (sf_strieq(r[i].name, e->name))
                return (long)i;
            if (found < 0)
                found = (long)i;
        }
    return found;
}

/* One side (sources or targets) of the mapping: for each usable entry the
 * indices of its regions in the table. */
typedef struct side {
    size_t n;              /* mapped regions */
    const sf_map_entry **entry;
    size_t *start;         /* members of mapped region k: idx[start[k]..start[k+1]) */
    size_t *idx;
    int *used;             /* per region of the table */
} side;

static void side_free(side *s)
{
    free(s->entry);
    free(s->start);
    free(s->idx);
    free(s->used);
}

static sf_status build_side(const sf_region_map *m, sf_map_kind kind,
                            const sf_saf_region *r, size_t nr, side *s,
                            sf_map_report *rep)
{
    size_t total = 0;
    for (size_t i = 0; i < m->n_entries; ++i)
        total += m->entries[i].n_items;
    s->entry = calloc(m->n_entries + 1, sizeof *s->entry);
    s->start = calloc(m->n_entries + 1, sizeof *s->start);
    s->idx = calloc(total + 1, sizeof *s->idx);
    s->used = calloc(nr + 1, sizeof *s->used);
    if (!s->entry || !s->start || !s->idx || !s->used)
        SF_FAIL(SF_ERR_NOMEM, "out of memory applying %s", m->path);
    size_t k = 0, pos = 0;
    for (size_t i = 0; i < m->n_entries; ++i) {
        const sf_map_entry *e = &m->entries[i];
        if (!(e->kind & kind))
            continue;
        size_t found = 0;
        long whole = find_label_set(r, nr, e);
        if (whole >= 0) {
            s->used[whole] = 1;
            s->entry[k] = e;
            s->start[k] = pos;
            s->idx[pos++] = (size_t)whole;
            s->start[++k] = pos;
            continue;
        }
        for (size_t j = 0; j < e->n_items; ++j) {
            long at = find_item(r, nr, &e->items[j]);
            if (at >= 0)
                s->idx[pos + found++] = (size_t)at;
        }
        if (found == 0)
            continue;
        if (found < e->n_items) {
            if (rep->partial++ == 0)
                snprintf(rep->first_partial, sizeof rep->first_partial, "%s", e->name);
            continue;
        }
        for (size_t j = 0; j < found; ++j)
            s->used[s->idx[pos + j]] = 1;
        s->entry[k] = e;
        s->start[k] = pos;
        pos += found;
        s->start[++k] = pos;
    }
    s->n = k;
    return SF_OK;
}

static size_t count_unused(const side *s, size_t nr)
{
    size_t n = 0;
    for (size_t i = 0; i < nr; ++i)
        n += !s->used[i];
    return n;
}

static double sum_mass(const sf_saf_region *r, const side *s, size_t k)
{
    double m = 0;
    for (size_t j = s->start[k]; j < s->start[k + 1]; ++j)
        m += r[s->idx[j]].mass_kg;
    return m;
}

/* The labels of a mapped region: those of its members, when every member's
 * are known (members are distinct regions of one table: their labels do
 * not repeat unless the results list overlapping unions, which merge). */
static void union_labels(sf_saf_region *dst, const side *s, size_t k,
                         const sf_saf_region *r)
{
    int n = 0;
    dst->n_labels = -1;
    for (size_t j = s->start[k]; j < s->start[k + 1]; ++j) {
        const sf_saf_region *m = &r[s->idx[j]];
        if (m->n_labels < 0 || n + m->n_labels > SF_SAF_LABELS_MAX)
            return;
        memcpy(dst->labels + n, m->labels, (size_t)m->n_labels * sizeof m->labels[0]);
        n += m->n_labels;
    }
    qsort(dst->labels, (size_t)n, sizeof dst->labels[0], compare_u16);
    int u = 0;
    for (int i = 0; i < n; ++i)
        if (u == 0 || dst->labels[i] != dst->labels[u - 1])
            dst->labels[u++] = dst->labels[i];
    dst->n_labels = u;
}

static void set_region(sf_saf_region *dst, const side *s, size_t k,
                       const sf_saf_region *r)
{
    snprintf(dst->name, sizeof dst->name, "%s", s->entry[k]->name);
    size_t n = s->start[k + 1] - s->start[k];
    dst->id = n == 1 ? r[s->idx[s->start[k]]].id : -1;
    dst->mass_kg = sum_mass(r, s, k);
    dst->mass_blood_kg = 0;
    for (size_t j = s->start[k]; j < s->start[k + 1]; ++j)
        dst->mass_blood_kg += r[s->idx[j]].mass_blood_kg;
    union_labels(dst, s, k, r);
}

/* Combines the values of mapped source ks and target kt at one particle
 * and energy (see the header). */
static void combine(const sf_saf_table *in, const side *src, const side *tgt,
                    size_t ks, size_t kt, size_t p, size_t e, sf_saf_table *out,
                    size_t at)
{
    size_t ns = src->start[ks + 1] - src->start[ks];
    size_t nt = tgt->start[kt + 1] - tgt->start[kt];
    if (ns == 1 && nt == 1) {
        /* Exactly the file's values: a one-to-one renaming loses nothing. */
        size_t i = sf_saf_index(in, src->idx[src->start[ks]], p, e,
                                tgt->idx[tgt->start[kt]]);
        out->saf[at] = in->saf[i];
        out->rel_unc[at] = in->rel_unc[i];
        out->af[at] = in->af[i];
        return;
    }
    double ms = sum_mass(in->sources, src, ks), mt = sum_mass(in->targets, tgt, kt);
    double af = 0, var = 0;
    for (size_t a = src->start[ks]; a < src->start[ks + 1]; ++a) {
        size_t s = src->idx[a];
        double w = in->sources[s].mass_kg / ms, af_s = 0, var_s = 0;
        for (size_t b = tgt->start[kt]; b < tgt->start[kt + 1]; ++b) {
            size_t i = sf_saf_index(in, s, p, e, tgt->idx[b]);
            af_s += in->af[i];
            var_s += (in->af[i] * in->rel_unc[i]) * (in->af[i] * in->rel_unc[i]);
        }
        af += w * af_s;
        var += w * w * var_s;
    }
    out->af[at] = af;
    out->saf[at] = mt > 0 ? af / mt : NAN;
    out->rel_unc[at] = af > 0 ? sqrt(var) / af : (isnan(af) ? NAN : 0);
}

sf_status sf_region_map_apply(const sf_region_map *m, const sf_saf_table *in,
                              sf_saf_table **out, sf_map_report *report)
{
    *out = NULL;
    memset(report, 0, sizeof *report);
    side src = {0}, tgt = {0};
    sf_saf_table *t = NULL;
    sf_status st = build_side(m, SF_MAP_SOURCE, in->sources, in->n_sources, &src, report);
    if (st == SF_OK)
        st = build_side(m, SF_MAP_TARGET, in->targets, in->n_targets, &tgt, report);
    if (st == SF_OK && (src.n == 0 || tgt.n == 0))
        st = sf_error_set(SF_ERR_VALUE, "%s: none of its %s names any %s of "
                          "the results (check the names or labels)", m->path,
                          src.n == 0 ? "source entries" : "target entries",
                          src.n == 0 ? "source" : "target");
    if (st == SF_OK)
        st = sf_saf_table_create(src.n, in->n_particles, in->n_energies, tgt.n, &t);
    if (st == SF_OK && (st = sf_saf_table_copy_axes(t, in)) != SF_OK)
        sf_saf_table_destroy(&t);
    if (st == SF_OK) {
        report->sources_unused = count_unused(&src, in->n_sources);
        report->targets_unused = count_unused(&tgt, in->n_targets);
        for (size_t k = 0; k < src.n; ++k)
            set_region(&t->sources[k], &src, k, in->sources);
        for (size_t k = 0; k < tgt.n; ++k)
            set_region(&t->targets[k], &tgt, k, in->targets);
        for (size_t ks = 0; ks < src.n; ++ks)
            for (size_t p = 0; p < in->n_particles; ++p)
                for (size_t e = 0; e < in->n_energies; ++e)
                    for (size_t kt = 0; kt < tgt.n; ++kt)
                        combine(in, &src, &tgt, ks, kt, p, e, t,
                                sf_saf_index(t, ks, p, e, kt));
        *out = t;
    }
    side_free(&src);
    side_free(&tgt);
    return st;
}
