/* Photon cross sections of a set of materials on one common energy grid,
 * ready for the transport kernel.
 *
 * The grid is a uniform logarithmic grid (SF_XS_POINTS_PER_DECADE) merged
 * with the absorption edges of every element present; an edge is stored as
 * two points of equal energy (value below, then above), so a lookup never
 * falls inside it. Values are interpolated linearly in energy between grid
 * points: on this grid that reproduces the log-log interpolation of the
 * element tables to better than 1e-4 (tests/validation/test_xcom.c). A hash
 * over the bits of E finds the interval in O(1) (sf_photon_xs_locate).
 *
 * Element cross sections are per gram of the element (cm2/g); a material's
 * mass attenuation coefficient is sum_k w_k sigma_k (mixture rule).
 */
#ifndef SF_PHOTON_XS_H
#define SF_PHOTON_XS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "physics/material.h"
#include "physics/photon_data.h"

#define SF_XS_POINTS_PER_DECADE 500

typedef struct sf_xs_point {
    int i;      /* interval [E_i, E_i+1) */
    double f;   /* (E - E_i) / (E_i+1 - E_i) */
} sf_xs_point;

typedef struct sf_xs_material {
    int n_elements;
    int slot[SF_MAX_MAT_ELEMENTS];          /* index into sf_photon_xs.Z */
    double mass_fraction[SF_MAX_MAT_ELEMENTS];
} sf_xs_material;

typedef struct sf_photon_xs {
    int n_grid;
    double *energy_MeV;

    /* bins of sf_xs_hash_key(E) - hash_key_min -> grid interval of the
     * bin's lowest energy */
    int n_hash;
    int *hash;
    int64_t hash_key_min;

    int n_elements;
    int *Z;                 /* element of each slot */
    double *element_xs;     /* [slot][process][grid], cm2/g */

    int n_materials;
    sf_xs_material *materials;
    double *material_total; /* [material][grid], mu/rho in cm2/g */
    /* [material][grid][process], mu/rho of each process in cm2/g: the
     * collision kernel picks the process from these (one cache line per
     * grid point) instead of summing every element's five rows. */
    double *material_proc;
} sf_photon_xs;

/* Builds the tables for materials[0..n-1] (their elements must be loaded in
 * pd). */
sf_status sf_photon_xs_build(const sf_photon_data *pd,
                             const sf_material *materials, int n,
                             sf_photon_xs **out);
void sf_photon_xs_destroy(sf_photon_xs **t);

/* Bytes held by the tables (for memory reports). */
size_t sf_photon_xs_bytes(const sf_photon_xs *t);

/* The slot of element Z in t, or -1 when the grid does not hold it. */
int sf_photon_xs_slot(const sf_photon_xs *t, int Z);

/* Mantissa bits kept by the hash key: bins 2^-8 wide relative to E, fewer
 * than the 0.46 % between grid points, so a lookup steps at most over a
 * bin's one or two grid points. */
#define SF_XS_HASH_MANTISSA_BITS 8

/* The exponent and top mantissa bits of E > 0: positive doubles order like
 * their bit patterns, so this is a monotone key in place of ln E, at the
 * cost of a shift instead of a logarithm. */
static inline int64_t sf_xs_hash_key(double E_MeV)
{
    uint64_t bits;
    memcpy(&bits, &E_MeV, sizeof bits);
    return (int64_t)(bits >> (52 - SF_XS_HASH_MANTISSA_BITS));
}

/* E must lie in [SF_PHOTON_E_MIN_MEV, SF_PHOTON_E_MAX_MEV]. The interval
 * found is the last i with E_i <= E (capped at the grid's last interval),
 * whichever bin the search starts from. */
static inline sf_xs_point sf_photon_xs_locate(const sf_photon_xs *t,
                                              double E_MeV)
{
    int64_t key = sf_xs_hash_key(E_MeV) - t->hash_key_min;
    int j = key < 0 ? 0 : key >= t->n_hash ? t->n_hash - 1 : (int)key;
    int i = t->hash[j];
    const double *e = t->energy_MeV;
    while (i + 2 < t->n_grid && e[i + 1] <= E_MeV)
        ++i;
    while (i > 0 && e[i] > E_MeV)
        --i;
    sf_xs_point p = {i, (E_MeV - e[i]) / (e[i + 1] - e[i])};
    return p;
}

static inline double sf_xs_interp(const double *row, sf_xs_point p)
{
    return row[p.i] + p.f * (row[p.i + 1] - row[p.i]);
}

static inline const double *sf_photon_xs_element_row(const sf_photon_xs *t,
                                                     int slot,
                                                     sf_photon_process proc)
{
    return t->element_xs + ((size_t)slot * SF_NPROC + proc) * t->n_grid;
}

/* The SF_NPROC process values of a material at grid point i; those of
 * point i+1 follow. */
static inline const double *sf_photon_xs_material_proc(const sf_photon_xs *t,
                                                       int material, int i)
{
    return t->material_proc + ((size_t)material * t->n_grid + i) * SF_NPROC;
}

static inline const double *sf_photon_xs_total_row(const sf_photon_xs *t,
                                                   int material)
{
    return t->material_total + (size_t)material * t->n_grid;
}

#endif
