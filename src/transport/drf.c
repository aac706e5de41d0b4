#include "transport/drf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/parse.h"
#include "core/sha256.h"
#include "geometry/skeleton.h"
#include "geometry/text_lines.h"
#include "physics/photon_data.h"

#define DRF_MAX_BYTES (64u << 20)
#define N_COLUMNS 4

static const char *const header[N_COLUMNS] = {
    "site", "target", "energy_MeV", "dose_per_fluence_Gy_cm2"};

void sf_drf_destroy(sf_drf_table **pt)
{
    if (!pt || !*pt)
        return;
    for (int i = 0; i < (*pt)->n; ++i) {
        free((*pt)->curve[i].E_MeV);
        free((*pt)->curve[i].D_Gy_cm2);
    }
    free((*pt)->curve);
    free(*pt);
    *pt = NULL;
}

const sf_drf_curve *sf_drf_find(const sf_drf_table *t, int label, int region)
{
    for (int i = 0; i < t->n; ++i)
        if (t->curve[i].label == label && t->curve[i].region == region)
            return &t->curve[i];
    return NULL;
}

double sf_drf_at(const sf_drf_curve *c, double E)
{
    int i = 0;
    while (i + 2 < c->n && E > c->E_MeV[i + 1])
        ++i;
    double e0 = c->E_MeV[i], e1 = c->E_MeV[i + 1];
    double d0 = c->D_Gy_cm2[i], d1 = c->D_Gy_cm2[i + 1];
    double u = log(E / e0) / log(e1 / e0);
    if (d0 > 0 && d1 > 0)
        return d0 * pow(d1 / d0, u);
    return d0 + u * (d1 - d0);
}

static sf_status check_header(const sf_text *t, const sf_csv_field *f, int n)
{
    int ok = n == N_COLUMNS;
    for (int k = 0; ok && k < N_COLUMNS; ++k) {
        char name[SF_CSV_FIELD_MAX];
        sf_strtrim_copy(name, sizeof name, f[k]);
        ok = sf_strieq(name, header[k]);
    }
    if (!ok)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected the header line "
                "'site,target,energy_MeV,dose_per_fluence_Gy_cm2'", t->path,
                t->line_no);
    return SF_OK;
}

/* The curve of (label, region), added when new. */
static sf_drf_curve *curve_of(sf_drf_table *d, int label, int region, int *cap)
{
    const sf_drf_curve *found = sf_drf_find(d, label, region);
    if (found)
        return d->curve + (found - d->curve);
    if (d->n == *cap) {
        int c = *cap ? 2 * *cap : 32;
        sf_drf_curve *g = realloc(d->curve, (size_t)c * sizeof *g);
        if (!g)
            return NULL;
        d->curve = g;
        *cap = c;
    }
    sf_drf_curve *c = &d->curve[d->n++];
    memset(c, 0, sizeof *c);
    c->label = label;
    c->region = region;
    return c;
}

static sf_status add_point(const sf_text *t, sf_drf_curve *c, double E, double D)
{
    for (int i = 0; i < c->n; ++i)
        if (c->E_MeV[i] == E)
            SF_FAIL(SF_ERR_VALUE, "%s:%d: %g MeV is given twice for this "
                    "site and target", t->path, t->line_no, E);
    double *e = realloc(c->E_MeV, (size_t)(c->n + 1) * sizeof *e);
    if (e)
        c->E_MeV = e;
    double *d = realloc(c->D_Gy_cm2, (size_t)(c->n + 1) * sizeof *d);
    if (d)
        c->D_Gy_cm2 = d;
    if (!e || !d)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    int i = c->n++;
    while (i > 0 && c->E_MeV[i - 1] > E) {
        c->E_MeV[i] = c->E_MeV[i - 1];
        c->D_Gy_cm2[i] = c->D_Gy_cm2[i - 1];
        --i;
    }
    c->E_MeV[i] = E;
    c->D_Gy_cm2[i] = D;
    return SF_OK;
}

static sf_status read_row(const sf_text *t, const sf_csv_field *f, int n,
                          const sf_phantom *ph, sf_drf_table *d, int *cap)
{
    if (n != N_COLUMNS)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %d fields, expected 4 (site, target, "
                "energy_MeV, dose_per_fluence_Gy_cm2)", t->path, t->line_no, n);
    char site[SF_CSV_FIELD_MAX], target[SF_CSV_FIELD_MAX], what[4400];
    sf_strtrim_copy(site, sizeof site, f[0]);
    sf_strtrim_copy(target, sizeof target, f[1]);
    int label = sf_phantom_find_region(ph, site);
    if (label < 0)
        SF_FAIL(SF_ERR_VALUE, "%s:%d: site '%s' is not a region of phantom "
                "%s (a region name or label number)", t->path, t->line_no,
                site, ph->name);
    int region = sf_skeletal_find(target);
    if (region < 0 || !sf_skeletal_is_target((sf_skeletal_region)region))
        SF_FAIL(SF_ERR_VALUE, "%s:%d: target '%s'; expected R-marrow or "
                "Endost-BS", t->path, t->line_no, target);
    double E, D;
    snprintf(what, sizeof what, "%s:%d: energy_MeV", t->path, t->line_no);
    SF_TRY(sf_parse_double(f[2], what, &E));
    snprintf(what, sizeof what, "%s:%d: dose_per_fluence_Gy_cm2", t->path,
             t->line_no);
    SF_TRY(sf_parse_double(f[3], what, &D));
    if (!(E >= SF_PHOTON_E_MIN_MEV && E <= SF_PHOTON_E_MAX_MEV) ||
        !(D >= 0 && isfinite(D)))
        SF_FAIL(SF_ERR_VALUE, "%s:%d: expected an energy in [%g, %g] MeV (the "
                "photon data's range) and a dose per fluence >= 0 Gy cm2, got "
                "%g and %g", t->path, t->line_no, SF_PHOTON_E_MIN_MEV,
                SF_PHOTON_E_MAX_MEV, E, D);
    sf_drf_curve *c = curve_of(d, label, region, cap);
    if (!c)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    return add_point(t, c, E, D);
}

static sf_status read_lines(sf_text *t, const sf_phantom *ph, sf_drf_table *d)
{
    sf_csv_field *f = malloc((N_COLUMNS + 1) * sizeof *f);
    if (!f)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    int cap = 0, seen_header = 0;
    sf_status st = SF_OK;
    for (char *line; st == SF_OK && (line = sf_text_next(t));) {
        sf_token tok;
        if (line[0] == '#' || sf_text_split(line, 0, &tok, 1) == 0)
            continue;
        int n = sf_csv_split(line, f, N_COLUMNS + 1);
        if (n < 0)
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: not a CSV line of 4 "
                              "fields (an unclosed quote or a field longer "
                              "than %d characters?)", t->path, t->line_no,
                              SF_CSV_FIELD_MAX - 1);
        else if (!seen_header++)
            st = check_header(t, f, n);
        else
            st = read_row(t, f, n, ph, d, &cap);
    }
    free(f);
    for (int i = 0; st == SF_OK && i < d->n; ++i)
        if (d->curve[i].n < 2)
            st = sf_error_set(SF_ERR_VALUE, "%s: site '%s', %s: one energy; "
                              "a response function needs two or more",
                              t->path, ph->regions[d->curve[i].label].name,
                              sf_skeletal_name((sf_skeletal_region)d->curve[i].region));
    if (st == SF_OK && d->n == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no response function (expected "
                          "lines 'site,target,energy_MeV,"
                          "dose_per_fluence_Gy_cm2' after the header)", t->path);
    return st;
}

sf_status sf_drf_load(const char *path, const sf_phantom *ph, sf_drf_table **out)
{
    *out = NULL;
    sf_drf_table *d = calloc(1, sizeof *d);
    if (!d)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    snprintf(d->path, sizeof d->path, "%s", path);
    sf_text t;
    sf_status st = sf_text_open(path, DRF_MAX_BYTES, &t);
    if (st == SF_OK) {
        sf_sha256_hex(t.buf, t.len, d->sha256);
        st = read_lines(&t, ph, d);
        sf_text_close(&t);
    }
    if (st != SF_OK) {
        sf_drf_destroy(&d);
        return st;
    }
    *out = d;
    return SF_OK;
}
