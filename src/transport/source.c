#include "transport/source.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/kinematics.h"
#include "physics/photon_data.h"

static sf_source *source_new(int particle)
{
    sf_source *s = calloc(1, sizeof *s);
    if (s)
        s->particle = particle;
    return s;
}

/* Counting sort of the source voxels by label: one pass to count, one to
 * fill, so memory is 4 bytes per source voxel. */
static sf_status collect_voxels(const sf_phantom *ph, sf_source *s,
                                const int *label_slot)
{
    int64_t nvox = (int64_t)ph->nx * ph->ny * ph->nz;
    int64_t *count = calloc((size_t)s->n_labels + 1, sizeof *count);
    if (!count)
        SF_FAIL(SF_ERR_NOMEM, "source: out of memory");
    for (int64_t v = 0; v < nvox; ++v) {
        int slot = label_slot[ph->label[v]];
        if (slot >= 0)
            count[slot + 1]++;
    }
    for (int i = 0; i < s->n_labels; ++i)
        count[i + 1] += count[i];
    s->label_first = count;
    s->voxels = malloc((size_t)count[s->n_labels] * sizeof *s->voxels + 1);
    int64_t *fill = malloc((size_t)s->n_labels * sizeof *fill);
    if (!s->voxels || !fill) {
        free(fill);
        SF_FAIL(SF_ERR_NOMEM, "source: out of memory for %lld voxels",
                (long long)count[s->n_labels]);
    }
    memcpy(fill, count, (size_t)s->n_labels * sizeof *fill);
    for (int64_t v = 0; v < nvox; ++v) {
        int slot = label_slot[ph->label[v]];
        if (slot >= 0)
            s->voxels[fill[slot]++] = (uint32_t)v;
    }
    free(fill);
    return SF_OK;
}

sf_status sf_source_region(const sf_phantom *ph, const uint16_t *labels,
                           int n, int particle, sf_source **out)
{
    return sf_source_region_weighted(ph, labels, NULL, n, particle, out);
}

sf_status sf_source_region_weighted(const sf_phantom *ph,
                                    const uint16_t *labels,
                                    const double *weights, int n, int particle,
                                    sf_source **out)
{
    *out = NULL;
    if (n <= 0)
        SF_FAIL(SF_ERR_VALUE, "source: empty set of labels");
    if ((int64_t)ph->nx * ph->ny * ph->nz > (int64_t)UINT32_MAX)
        SF_FAIL(SF_ERR_VALUE, "source: phantom '%s' has more than 2^32 voxels",
                ph->name);
    sf_source *s = source_new(particle);
    int *label_slot = malloc((size_t)ph->n_labels * sizeof *label_slot);
    double *mass = malloc((size_t)n * sizeof *mass);
    sf_status st = SF_OK;
    if (!s || !label_slot || !mass) {
        st = sf_error_set(SF_ERR_NOMEM, "source: out of memory");
        goto fail;
    }
    s->shape = SF_SOURCE_REGION;
    s->labels = malloc((size_t)n * sizeof *s->labels);
    if (!s->labels) {
        st = sf_error_set(SF_ERR_NOMEM, "source: out of memory");
        goto fail;
    }
    for (int l = 0; l < ph->n_labels; ++l)
        label_slot[l] = -1;
    for (int i = 0; i < n; ++i) {
        uint16_t l = labels[i];
        if (l >= ph->n_labels || ph->regions[l].voxels <= 0) {
            st = sf_error_set(SF_ERR_VALUE, "source: label %u has no voxels in "
                              "phantom '%s'", l, ph->name);
            goto fail;
        }
        double w = weights ? weights[i] : 1.0;
        if (label_slot[l] >= 0 || !(w > 0))
            continue; /* a label listed twice counts once */
        label_slot[l] = s->n_labels;
        s->labels[s->n_labels] = l;
        mass[s->n_labels] = w * ph->regions[l].mass_kg;
        s->mass_kg += w * ph->regions[l].mass_kg;
        s->n_labels++;
    }
    if (!(s->mass_kg > 0)) {
        st = sf_error_set(SF_ERR_VALUE, "source: the source region has zero "
                          "mass in phantom '%s'", ph->name);
        goto fail;
    }
    SF_TRY_GOTO(st, sf_alias_build(mass, s->n_labels, &s->label_alias));
    SF_TRY_GOTO(st, collect_voxels(ph, s, label_slot));
    free(label_slot);
    free(mass);
    *out = s;
    return SF_OK;
fail:
    free(label_slot);
    free(mass);
    sf_source_destroy(&s);
    return st;
}

sf_status sf_source_point(const double position_cm[3],
                          const double *direction_or_null, int particle,
                          sf_source **out)
{
    *out = NULL;
    sf_source *s = source_new(particle);
    if (!s)
        SF_FAIL(SF_ERR_NOMEM, "source: out of memory");
    memcpy(s->position_cm, position_cm, sizeof s->position_cm);
    s->shape = SF_SOURCE_POINT;
    if (direction_or_null) {
        const double *d = direction_or_null;
        double norm = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        if (!(norm > 0)) {
            free(s);
            SF_FAIL(SF_ERR_VALUE, "source: pencil-beam direction is zero");
        }
        for (int k = 0; k < 3; ++k)
            s->direction[k] = d[k] / norm;
        s->shape = SF_SOURCE_PENCIL;
    }
    *out = s;
    return SF_OK;
}

sf_status sf_source_set_spectrum(sf_source *s, const double *energy_MeV,
                                 const double *yield, int n)
{
    if (n <= 0)
        SF_FAIL(SF_ERR_VALUE, "source spectrum: no lines");
    double *E = malloc((size_t)n * sizeof *E);
    double *Y = malloc((size_t)n * sizeof *Y);
    if (!E || !Y) {
        free(E);
        free(Y);
        SF_FAIL(SF_ERR_NOMEM, "source spectrum: out of memory");
    }
    double sum_y = 0, sum_ey = 0;
    for (int i = 0; i < n; ++i) {
        if (!(energy_MeV[i] >= SF_PHOTON_E_MIN_MEV &&
              energy_MeV[i] <= SF_PHOTON_E_MAX_MEV)) {
            free(E);
            free(Y);
            SF_FAIL(SF_ERR_VALUE, "source energy %g MeV is outside %g to %g "
                    "MeV", energy_MeV[i], SF_PHOTON_E_MIN_MEV,
                    SF_PHOTON_E_MAX_MEV);
        }
        E[i] = energy_MeV[i];
        Y[i] = yield[i];
        sum_y += yield[i] > 0 ? yield[i] : 0;
        sum_ey += yield[i] > 0 ? yield[i] * energy_MeV[i] : 0;
    }
    sf_alias alias;
    sf_status st = sf_alias_build(Y, n, &alias);
    if (st != SF_OK) {
        free(E);
        free(Y);
        return st;
    }
    free(s->line_MeV);
    free(s->line_yield);
    sf_alias_free(&s->line_alias);
    s->n_lines = n;
    s->line_MeV = E;
    s->line_yield = Y;
    s->line_alias = alias;
    s->mean_energy_MeV = sum_ey / sum_y;
    return SF_OK;
}

sf_status sf_source_set_energy(sf_source *s, double energy_MeV)
{
    double one = 1.0;
    return sf_source_set_spectrum(s, &energy_MeV, &one, 1);
}

void sf_source_destroy(sf_source **ps)
{
    if (!ps || !*ps)
        return;
    sf_source *s = *ps;
    free(s->labels);
    sf_alias_free(&s->label_alias);
    free(s->label_first);
    free(s->voxels);
    free(s->line_MeV);
    free(s->line_yield);
    sf_alias_free(&s->line_alias);
    free(s);
    *ps = NULL;
}

void sf_source_sample_begin(const sf_source *s, sf_rng *rng, sf_source_draw *d)
{
    if (s->n_lines == 1) {
        d->energy_MeV = s->line_MeV[0];
    } else {
        double u1 = sf_rng_uniform(rng), u2 = sf_rng_uniform(rng);
        d->energy_MeV = s->line_MeV[sf_alias_draw(&s->line_alias, u1, u2)];
    }
    d->entry = 0;
    if (s->shape != SF_SOURCE_REGION)
        return;
    double u1 = sf_rng_uniform(rng), u2 = sf_rng_uniform(rng);
    int64_t slot = sf_alias_draw(&s->label_alias, u1, u2);
    int64_t first = s->label_first[slot];
    int64_t count = s->label_first[slot + 1] - first;
    int64_t k = (int64_t)(sf_rng_uniform(rng) * (double)count);
    if (k >= count)
        k = count - 1;
    d->entry = first + k;
}

void sf_source_sample_end(const sf_source *s, const sf_phantom *ph, sf_rng *rng,
                          const sf_source_draw *d, sf_particle *out)
{
    out->type = s->particle;
    out->generation = 0;
    out->energy_MeV = d->energy_MeV;
    if (s->shape == SF_SOURCE_REGION) {
        /* Voxel indices fit 32 bits (source.h), and so does the division,
         * several times faster than a 64-bit one. */
        uint32_t v = s->voxels[d->entry];
        uint32_t nx = (uint32_t)ph->nx, nxy = nx * (uint32_t)ph->ny;
        uint32_t iz = v / nxy, rem = v % nxy;
        uint32_t iy = rem / nx, ix = rem % nx;
        uint32_t idx[3] = {ix, iy, iz};
        for (int a = 0; a < 3; ++a)
            out->pos_cm[a] = ph->origin_cm[a] +
                             ((double)idx[a] + sf_rng_uniform32(rng)) * ph->spacing_cm[a];
    } else {
        memcpy(out->pos_cm, s->position_cm, sizeof out->pos_cm);
    }
    if (s->shape == SF_SOURCE_PENCIL)
        memcpy(out->dir, s->direction, sizeof out->dir);
    else
        sf_isotropic_direction(rng, out->dir);
}

void sf_source_sample(const sf_source *s, const sf_phantom *ph, sf_rng *rng,
                      sf_particle *out)
{
    sf_source_draw d;
    sf_source_sample_begin(s, rng, &d);
    sf_source_sample_end(s, ph, rng, &d, out);
}
