#include "results/saf_csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/parse.h"
#include "results/convention.h"
#include "geometry/text_lines.h"

#define CSV_MAX_BYTES (1u << 30)
#define CSV_MAX_FIELDS 32

static void write_name(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; ++s) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void write_number(FILE *out, double v)
{
    if (isnan(v))
        fputs(",nan", out);
    else
        fprintf(out, ",%.10g", v);
}

sf_status sf_saf_csv_write(FILE *out, const char *where, const sf_saf_table *t,
                           const sf_selection *sel)
{
    fputs("source,particle,energy_MeV,target,saf_per_kg,saf_rel_unc,"
          "absorbed_fraction,source_mass_kg,target_mass_kg\n", out);
    for (size_t s = 0; s < t->n_sources; ++s) {
        if (!sf_selection_has_source(sel, &t->sources[s]))
            continue;
        for (size_t p = 0; p < t->n_particles; ++p) {
            if (!sf_selection_has_particle(sel, t->particles[p]))
                continue;
            for (size_t e = 0; e < t->n_energies; ++e) {
                if (!sf_selection_has_energy(sel, t, e))
                    continue;
                for (size_t g = 0; g < t->n_targets; ++g) {
                    if (!sf_selection_has_target(sel, &t->targets[g]))
                        continue;
                    size_t i = sf_saf_index(t, s, p, e, g);
                    write_name(out, t->sources[s].name);
                    fprintf(out, ",%s,%.10g,", t->particles[p], t->energies_MeV[e]);
                    write_name(out, t->targets[g].name);
                    write_number(out, t->saf[i]);
                    write_number(out, t->rel_unc[i]);
                    write_number(out, t->af[i]);
                    write_number(out, t->sources[s].mass_kg);
                    write_number(out, sf_saf_pair_mass(t, s, g));
                    fputc('\n', out);
                }
            }
        }
    }
    if (ferror(out))
        SF_FAIL(SF_ERR_IO, "%s: write error (disk full?)", where);
    return SF_OK;
}

/* ---- reading ------------------------------------------------------------ */

enum { C_SOURCE, C_PARTICLE, C_ENERGY, C_TARGET, C_SAF, C_UNC, C_COUNT };
static const char *const column_names[C_COUNT] = {
    "source", "particle", "energy_MeV", "target", "saf_per_kg", "saf_rel_unc"};

typedef struct csv_row {
    size_t s, p, e, t;
    double saf, unc;
} csv_row;

typedef struct csv_data {
    csv_row *rows;
    size_t n_rows, cap_rows;
    sf_saf_region *src, *tgt;
    size_t n_src, n_tgt, cap_src, cap_tgt;
    char (*part)[SF_SAF_PARTICLE_MAX];
    size_t n_part;
    double *energy;
    size_t n_energy, cap_energy;
} csv_data;

static void csv_data_free(csv_data *d)
{
    free(d->rows);
    free(d->src);
    free(d->tgt);
    free(d->part);
    free(d->energy);
}

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? 2 * *cap : 64;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static long intern_region(sf_saf_region **r, size_t *n, size_t *cap,
                          const char *name)
{
    for (size_t i = 0; i < *n; ++i)
        if (!strcmp((*r)[i].name, name))
            return (long)i;
    if (grow((void **)r, cap, *n, sizeof **r))
        return -1;
    sf_saf_region *x = &(*r)[*n];
    snprintf(x->name, sizeof x->name, "%s", name);
    x->id = -1;
    x->mass_kg = NAN;
    return (long)(*n)++;
}

static long intern_energy(csv_data *d, double e)
{
    for (size_t i = 0; i < d->n_energy; ++i)
        if (fabs(d->energy[i] - e) <= 1e-9 * e)
            return (long)i;
    if (grow((void **)&d->energy, &d->cap_energy, d->n_energy, sizeof(double)))
        return -1;
    d->energy[d->n_energy] = e;
    return (long)d->n_energy++;
}

static long intern_particle(csv_data *d, const char *name)
{
    for (size_t i = 0; i < d->n_part; ++i)
        if (sf_strieq(d->part[i], name))
            return (long)i;
    if (d->n_part == 8)
        return -1;
    snprintf(d->part[d->n_part], SF_SAF_PARTICLE_MAX, "%s", name);
    return (long)d->n_part++;
}

static sf_status find_columns(const sf_text *t, const sf_csv_field *f, int n,
                              int col[C_COUNT])
{
    for (int c = 0; c < C_COUNT; ++c) {
        col[c] = -1;
        for (int i = 0; i < n; ++i)
            if (sf_strieq(f[i], column_names[c]))
                col[c] = i;
        if (col[c] < 0 && c != C_UNC)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: the header has no column '%s' "
                    "(expected at least source, particle, energy_MeV, target, "
                    "saf_per_kg)", t->path, t->line_no, column_names[c]);
    }
    return SF_OK;
}

static sf_status parse_value(const sf_text *t, const char *text,
                             const char *what, double *v)
{
    if (sf_strieq(text, "nan") || !text[0]) {
        *v = NAN;
        return SF_OK;
    }
    char label[64];
    snprintf(label, sizeof label, "%s", what);
    if (sf_parse_double(text, label, v) != SF_OK)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s '%s' is not a number", t->path,
                t->line_no, what, text);
    return SF_OK;
}

static sf_status read_row(const sf_text *t, const sf_csv_field *f, int n,
                          const int col[C_COUNT], csv_data *d)
{
    for (int c = 0; c < C_COUNT; ++c)
        if (col[c] >= n)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: %d fields; the header has more",
                    t->path, t->line_no, n);
    csv_row r;
    double e, unc = NAN;
    SF_TRY(parse_value(t, f[col[C_ENERGY]], "energy_MeV", &e));
    SF_TRY(parse_value(t, f[col[C_SAF]], "saf_per_kg", &r.saf));
    if (col[C_UNC] >= 0)
        SF_TRY(parse_value(t, f[col[C_UNC]], "saf_rel_unc", &unc));
    if (!(e > 0))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: energy_MeV must be positive", t->path,
                t->line_no);
    /* An SAF or an uncertainty below zero is no measurement: a damaged or
     * misread file, refused rather than compared. */
    if (r.saf < 0 || isinf(r.saf) || unc < 0 || isinf(unc))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: saf_per_kg %g, saf_rel_unc %g: expected "
                "non-negative numbers (or nan, empty: unknown)", t->path,
                t->line_no, r.saf, unc);
    r.unc = unc;
    long s = intern_region(&d->src, &d->n_src, &d->cap_src, f[col[C_SOURCE]]);
    long g = intern_region(&d->tgt, &d->n_tgt, &d->cap_tgt, f[col[C_TARGET]]);
    long p = intern_particle(d, f[col[C_PARTICLE]]);
    long k = intern_energy(d, e);
    if (s < 0 || g < 0 || k < 0 ||
        grow((void **)&d->rows, &d->cap_rows, d->n_rows, sizeof r))
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    if (p < 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: more than 8 particle names", t->path,
                t->line_no);
    r.s = (size_t)s;
    r.t = (size_t)g;
    r.p = (size_t)p;
    r.e = (size_t)k;
    d->rows[d->n_rows++] = r;
    return SF_OK;
}

static sf_status read_rows(sf_text *t, csv_data *d)
{
    sf_csv_field *f = malloc(CSV_MAX_FIELDS * sizeof *f);
    if (!f)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    int col[C_COUNT];
    int have_header = 0;
    sf_status st = SF_OK;
    for (char *line; st == SF_OK && (line = sf_text_next(t));) {
        if (!line[0] || line[0] == '#')
            continue;
        int n = sf_csv_split(line, f, CSV_MAX_FIELDS);
        if (n < 0)
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: not a CSV record (an "
                              "unclosed quote, more than %d fields or a "
                              "field over %d characters)", t->path, t->line_no,
                              CSV_MAX_FIELDS, SF_CSV_FIELD_MAX - 1);
        else if (!have_header)
            st = find_columns(t, f, n, col), have_header = 1;
        else
            st = read_row(t, f, n, col, d);
    }
    free(f);
    if (st == SF_OK && d->n_rows == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no data rows", t->path);
    return st;
}

static int cmp_energy(const void *a, const void *b, void *ctx)
{
    const double *e = ctx;
    double x = e[*(const size_t *)a], y = e[*(const size_t *)b];
    return (x > y) - (x < y);
}

/* Sorts the energies ascending and returns the new position of each. */
static size_t *sort_energies(csv_data *d)
{
    size_t n = d->n_energy;
    size_t *order = malloc(n * sizeof *order), *pos = malloc(n * sizeof *pos);
    double *sorted = malloc(n * sizeof *sorted);
    if (!order || !pos || !sorted) {
        free(order);
        free(pos);
        free(sorted);
        return NULL;
    }
    for (size_t i = 0; i < n; ++i)
        order[i] = i;
    /* Insertion sort: a table has tens to a hundred energies. */
    for (size_t i = 1; i < n; ++i)
        for (size_t j = i; j > 0 && cmp_energy(&order[j - 1], &order[j], d->energy) > 0; --j) {
            size_t tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    for (size_t i = 0; i < n; ++i) {
        sorted[i] = d->energy[order[i]];
        pos[order[i]] = i;
    }
    memcpy(d->energy, sorted, n * sizeof *sorted);
    free(sorted);
    free(order);
    return pos;
}

static sf_status build_table(const char *path, csv_data *d, sf_saf_table **out)
{
    size_t *pos = sort_energies(d);
    if (!pos)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    sf_saf_table *t;
    sf_status st = sf_saf_table_create(d->n_src, d->n_part, d->n_energy, d->n_tgt, &t);
    if (st != SF_OK) {
        free(pos);
        return st;
    }
    memcpy(t->sources, d->src, d->n_src * sizeof *d->src);
    memcpy(t->targets, d->tgt, d->n_tgt * sizeof *d->tgt);
    memcpy(t->particles, d->part, d->n_part * sizeof *d->part);
    memcpy(t->energies_MeV, d->energy, d->n_energy * sizeof(double));
    for (size_t i = 0; i < d->n_rows; ++i) {
        const csv_row *r = &d->rows[i];
        size_t k = sf_saf_index(t, r->s, r->p, pos[r->e], r->t);
        t->saf[k] = r->saf;
        t->rel_unc[k] = r->unc;
    }
    free(pos);
    *out = t;
    return SF_OK;
}

sf_status sf_saf_csv_read(const char *path, sf_saf_table **out)
{
    *out = NULL;
    sf_text t;
    SF_TRY(sf_text_open(path, CSV_MAX_BYTES, &t));
    csv_data d = {0};
    d.part = calloc(8, sizeof *d.part);
    sf_status st = d.part ? read_rows(&t, &d)
                          : sf_error_set(SF_ERR_NOMEM, "%s: out of memory", path);
    sf_text_close(&t);
    if (st == SF_OK)
        st = build_table(path, &d, out);
    csv_data_free(&d);
    return st;
}
