/* Per-material electron and positron data, computed at start-up from the
 * formulas of collision.h, bremsstrahlung.h, moller_bhabha.h and elastic.h
 * and tabulated on a logarithmic energy grid for the transport kernel.
 *
 * Lookups interpolate linearly in ln E between grid points (200 per decade,
 * so the interpolation error is below 1e-4), never allocate and never
 * fail: energies outside the grid are clamped to its ends. Units: MeV,
 * g/cm2 (ranges), MeV cm2/g (stopping powers), cm2/g (cross sections per
 * unit mass; multiply by the density for 1/cm). See docs/electron-physics.md.
 */
#ifndef SF_ELECTRON_DATA_H
#define SF_ELECTRON_DATA_H

#include <math.h>

#include "core/error.h"
#include "physics/brems_memo.h"
#include "physics/collision.h"
#include "physics/material.h"

#define SF_ELECTRON_E_MIN_MEV 1.0e-3
#define SF_ELECTRON_E_MAX_MEV 20.0
#define SF_ELECTRON_POINTS_PER_DECADE 200

typedef enum sf_electron_particle {
    SF_ELECTRON = 0,
    SF_POSITRON = 1,
    SF_N_ELECTRON_PARTICLES
} sf_electron_particle;

/* Tabulated quantities; "restricted" ones leave out the losses that the
 * transport simulates as discrete events above the cuts. */
typedef enum sf_electron_quantity {
    SF_EQ_COLLISION = 0,       /* collision stopping power, MeV cm2/g */
    SF_EQ_RADIATIVE,           /* radiative stopping power, MeV cm2/g */
    SF_EQ_TOTAL,               /* total stopping power, MeV cm2/g */
    SF_EQ_RESTRICTED_COLLISION,/* transfers below cuts.delta_ray_MeV */
    SF_EQ_RESTRICTED_RADIATIVE,/* photons below cuts.photon_MeV */
    SF_EQ_RESTRICTED_TOTAL,    /* sum of the two, MeV cm2/g */
    SF_EQ_CSDA_RANGE,          /* g/cm2 */
    SF_EQ_RADIATION_YIELD,     /* fraction of T radiated, CSDA */
    SF_EQ_HARD_COLLISION_XS,   /* Moller/Bhabha above the cut, cm2/g */
    SF_EQ_BREMS_XS,            /* photons above the cut, cm2/g */
    SF_EQ_ELASTIC_XS,          /* screened Rutherford total, cm2/g */
    SF_EQ_TRANSPORT1_XS,       /* first transport cross section, cm2/g */
    SF_EQ_TRANSPORT2_XS,       /* second transport cross section, cm2/g */
    SF_EQ_SCREENING,           /* Moliere screening parameter (mixture) */
    SF_EQ_DENSITY_EFFECT,      /* Sternheimer delta */
    SF_N_ELECTRON_QUANTITIES
} sf_electron_quantity;

/* Production thresholds of the condensed-history transport: secondary
 * electrons (kinetic energy) and bremsstrahlung photons above these are
 * simulated as discrete events. */
typedef struct sf_electron_cuts {
    double delta_ray_MeV;
    double photon_MeV;
    /* A delta-ray threshold that grows with the projectile's kinetic
     * energy T: max(delta_ray_MeV, delta_ray_fraction T) (0: fixed). Every
     * table and sampler takes the threshold at the projectile's energy, so
     * the collisions at each energy are still split once between the
     * continuous loss and the hard events; what changes is how many hard
     * events end the steps of fast electrons (docs/electron-transport.md). */
    double delta_ray_fraction;
    /* The largest value of delta_ray_fraction T (MeV; 0: no cap): a delta
     * ray above it would carry its energy a visible fraction of a voxel
     * away from the track, which the continuous loss cannot do (the world
     * takes it from the voxel size). */
    double delta_ray_max_MeV;
} sf_electron_cuts;

/* Largest delta_ray_fraction accepted (the world, the manifest and the
 * tables check against it). */
#define SF_ELECTRON_DELTA_RAY_FRACTION_MAX 0.1

/* The Moller/Bhabha production threshold (MeV) of a projectile of T MeV. */
static inline double sf_electron_delta_cut(const sf_electron_cuts *c, double T)
{
    double scaled = c->delta_ray_fraction * T;
    if (c->delta_ray_max_MeV > 0.0 && scaled > c->delta_ray_max_MeV)
        scaled = c->delta_ray_max_MeV;
    return scaled > c->delta_ray_MeV ? scaled : c->delta_ray_MeV;
}

/* Thresholds used when the caller passes NULL. */
#define SF_ELECTRON_DEFAULT_DELTA_RAY_CUT_MEV 0.01
#define SF_ELECTRON_DEFAULT_PHOTON_CUT_MEV 0.01

typedef struct sf_electron_data {
    char material[SF_MATERIAL_NAME_MAX];
    double density_g_cm3;
    sf_electron_cuts cuts;
    sf_collision_params collision;  /* I value, density-effect parameters */

    /* Energy grid: ln E_i = log_e_min + i / inv_dlog, i = 0..n-1. */
    int n;
    double log_e_min, inv_dlog;
    double *energy_MeV;
    double *table[SF_N_ELECTRON_PARTICLES][SF_N_ELECTRON_QUANTITIES];

    /* Bremsstrahlung spectrum k dsigma/dk (cm2/g) for photon sampling, on
     * n_brems_energy energies (every brems_stride-th grid point, the last
     * grid point included) times n_kappa values of kappa = k/T. */
    int brems_stride, n_brems_energy, n_kappa;
    double *kappa;
    double *brems_k_dcs;  /* [i_energy * n_kappa + i_kappa] */
} sf_electron_data;

/* Builds the tables of a material at the given density (> 0; it may differ
 * from m->density_g_cm3, e.g. from a CT calibration). cuts may be NULL for
 * the defaults; each cut must lie in [1 keV, 20 MeV]. */
sf_status sf_electron_data_build(const sf_material *m, double density_g_cm3,
                                 const sf_electron_cuts *cuts,
                                 sf_electron_data **out);

/* The same tables, bit for bit, with the per-atom bremsstrahlung cross
 * sections shared through a memo (NULL: none) across the media of a world
 * (physics/brems_memo.h). */
sf_status sf_electron_data_build_memo(const sf_material *m,
                                      double density_g_cm3,
                                      const sf_electron_cuts *cuts,
                                      sf_brems_memo *memo,
                                      sf_electron_data **out);

/* Frees the tables; accepts NULL and clears the handle. */
void sf_electron_data_destroy(sf_electron_data **d);

/* Name of a quantity ("collision", "csda_range", ...). */
const char *sf_electron_quantity_name(sf_electron_quantity q);

/* Interpolated value of a tabulated quantity at kinetic energy E_MeV. */
static inline double sf_electron_data_lookup(const sf_electron_data *d,
                                             sf_electron_particle particle,
                                             sf_electron_quantity q,
                                             double E_MeV)
{
    const double *t = d->table[particle][q];
    double x = (log(E_MeV) - d->log_e_min) * d->inv_dlog;
    if (!(x > 0.0))
        return t[0];
    int i = (int)x;
    if (i >= d->n - 1)
        return t[d->n - 1];
    double f = x - i;
    return t[i] + f * (t[i + 1] - t[i]);
}

/* Shorthands for the most used lookups. */
static inline double sf_electron_data_total_stopping(
    const sf_electron_data *d, sf_electron_particle p, double E_MeV)
{
    return sf_electron_data_lookup(d, p, SF_EQ_TOTAL, E_MeV);
}

static inline double sf_electron_data_restricted_stopping(
    const sf_electron_data *d, sf_electron_particle p, double E_MeV)
{
    return sf_electron_data_lookup(d, p, SF_EQ_RESTRICTED_TOTAL, E_MeV);
}

static inline double sf_electron_data_range(const sf_electron_data *d,
                                            sf_electron_particle p,
                                            double E_MeV)
{
    return sf_electron_data_lookup(d, p, SF_EQ_CSDA_RANGE, E_MeV);
}

/* First transport mean free path lambda_1 in cm. */
static inline double sf_electron_data_lambda1_cm(const sf_electron_data *d,
                                                 sf_electron_particle p,
                                                 double E_MeV)
{
    return 1.0 / (d->density_g_cm3 *
                  sf_electron_data_lookup(d, p, SF_EQ_TRANSPORT1_XS, E_MeV));
}

/* Kinetic energy whose CSDA range is range_g_cm2 (inverse of
 * sf_electron_data_range): bisection over the monotonic range table, then
 * linear interpolation in ln E. Clamped to the grid. */
static inline double sf_electron_data_energy_from_range(
    const sf_electron_data *d, sf_electron_particle p, double range_g_cm2)
{
    const double *r = d->table[p][SF_EQ_CSDA_RANGE];
    if (!(range_g_cm2 > r[0]))
        return d->energy_MeV[0];
    if (range_g_cm2 >= r[d->n - 1])
        return d->energy_MeV[d->n - 1];
    int lo = 0, hi = d->n - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (r[mid] <= range_g_cm2)
            lo = mid;
        else
            hi = mid;
    }
    double f = (range_g_cm2 - r[lo]) / (r[hi] - r[lo]);
    return exp(d->log_e_min + (lo + f) / d->inv_dlog);
}

/* Bremsstrahlung k dsigma/dk (cm2/g) at electron energy E and kappa = k/E,
 * bilinear in (ln E, kappa). */
double sf_electron_data_brems_k_dcs(const sf_electron_data *d, double E_MeV,
                                    double kappa);

#endif
