/* Per-medium tables of the condensed-history electron/positron kernel,
 * derived once per phantom medium from the electron data
 * (physics/electron_data.h), all per unit mass (g/cm2, cm2/g) so that one
 * table serves every label made of the medium whatever its density: the
 * kernel multiplies by the label density (Fano-consistent scaling).
 *
 *  - restricted range R_r(E) = integral dE / S_r(E) (g/cm2), S_r the
 *    restricted total stopping power (soft collisions below the delta-ray
 *    cut plus soft bremsstrahlung below the photon cut): the path over which
 *    the continuous loss takes E to E', R_r(E) - R_r(E'), exactly for the
 *    tabulated S_r (trapezoidal rule in ln E, like the CSDA range);
 *  - hard cross section (Moller/Bhabha above the delta-ray cut plus
 *    bremsstrahlung above the photon cut) and a majorant of it over the
 *    energies one step can span (E (1 - f_max) .. E), for the
 *    fictitious-interaction sampling of hard events (the "integral scheme"
 *    of EGSnrc, Kawrakow & Rogers, PIRS-701, section 2.4.3);
 *  - the maximum over kappa of the bremsstrahlung k dsigma/dk table, per
 *    coarse energy, for the rejection sampler of the photon energy;
 *  - the soft-collision straggling dOmega^2/dtau (MeV2 cm2/g), the variance
 *    of the continuous loss per unit path (transport/soft_loss.h).
 *
 * Lookups: locate once (one log), then interpolate every table linearly in
 * ln E at that point. No allocation, no failure. */
#ifndef SF_ELECTRON_MEDIUM_H
#define SF_ELECTRON_MEDIUM_H

#include <math.h>
#include <stddef.h>

#include "core/error.h"
#include "physics/electron_data.h"
#include "physics/material.h"
#include "physics/msc.h"
#include "transport/elastic_single.h"

typedef struct sf_electron_medium {
    sf_electron_data *data;     /* owned */
    int n;
    double log_e_min, inv_dlog;
    double step_fraction;       /* f_max: largest mean loss of a step */
    /* Largest fractional loss of a step once straggled (> step_fraction). */
    double loss_fraction_max;
    double *restricted_range[SF_N_ELECTRON_PARTICLES]; /* g/cm2 */
    double *hard_xs[SF_N_ELECTRON_PARTICLES];          /* cm2/g */
    double *hard_majorant[SF_N_ELECTRON_PARTICLES];    /* cm2/g */
    /* hard_majorant_below[p][i] = max of hard_majorant[p][j] over j <= i+1
     * (cm2/g): bounds the majorant of every step that starts at or below
     * the interval i, for the in-place slowing-down's shortcut. */
    double *hard_majorant_below[SF_N_ELECTRON_PARTICLES];
    double *straggling[SF_N_ELECTRON_PARTICLES];       /* MeV2 cm2/g */
    /* d ln sigma_l / d ln E of the first and second transport cross
     * sections (l = 1, 2), for the electron-step algorithm's energy-loss
     * corrections (electron_step.h). */
    double *transport_slope[SF_N_ELECTRON_PARTICLES][2];
    /* Integral of sigma_l / S_r dE from the first grid point to E (l = 1,
     * 2): the number of l-th transport mean free paths of the continuous
     * slowing down, so that a step's G_l = s / lambda_l is a difference
     * of two lookups, exact whatever the step's energy loss. */
    double *transport_path[SF_N_ELECTRON_PARTICLES][2];
    /* Twice the restricted range (g/cm2) at the world's low-energy
     * range-rejection threshold (0 when it is off); set by the world. */
    double reject_path[SF_N_ELECTRON_PARTICLES];
    /* Restricted range (g/cm2) at the world's electron cut-off; set by the
     * world. */
    double range_at_cut[SF_N_ELECTRON_PARTICLES];
    double *brems_row_max;      /* [n_brems_energy], cm2/g */
    sf_msc_table *msc;          /* multiple-scattering sampler table */
    /* Single-scattering reference mode only (NULL otherwise). */
    sf_elastic_single *single[SF_N_ELECTRON_PARTICLES];
} sf_electron_medium;

/* What the tables of a medium are built for. */
typedef struct sf_electron_medium_options {
    sf_electron_cuts cuts;      /* production thresholds */
    double step_fraction;       /* (0, 0.5]: largest mean loss of a step */
    sf_elastic_model elastic;   /* elastic cross section (physics/elastic.h) */
    int single_scattering;      /* 1: also the single-scattering tables */
    sf_brems_memo *brems_memo;  /* shared by the media of a world, or NULL */
} sf_electron_medium_options;

/* Builds the tables of material m. The density-effect correction is
 * evaluated at `density_g_cm3` (normally the medium's nominal density);
 * per-label densities only scale path lengths. */
sf_status sf_electron_medium_build(const sf_material *m, double density_g_cm3,
                                   const sf_electron_medium_options *opt,
                                   sf_electron_medium **out);
void sf_electron_medium_destroy(sf_electron_medium **m);
size_t sf_electron_medium_bytes(const sf_electron_medium *m);

/* A position on the energy grid: interval i, fraction f. */
typedef struct sf_egrid_point {
    int i;
    double f;
} sf_egrid_point;

/* From x = (ln E - ln E_min) / d(ln E), clamped to the grid. */
static inline sf_egrid_point sf_electron_medium_at_x(
    const sf_electron_medium *m, double x)
{
    /* Clamps by selects rather than branches (several calls a step, each
     * a data-dependent test): x <= 0 or NaN gives (0, 0), x >= n - 1 gives
     * (n - 2, 1), as the interpolant's ends. */
    const double top = m->n - 1;
    double xc = x > 0.0 ? x : 0.0;
    xc = xc < top ? xc : top;
    int i = (int)xc;
    sf_egrid_point g;
    g.i = i < m->n - 2 ? i : m->n - 2;
    g.f = xc - g.i;
    return g;
}

static inline double sf_electron_medium_x(const sf_electron_medium *m,
                                          double E_MeV)
{
    return (log(E_MeV) - m->log_e_min) * m->inv_dlog;
}

static inline double sf_egrid_interp(const double *t, sf_egrid_point g)
{
    return t[g.i] + g.f * (t[g.i + 1] - t[g.i]);
}

/* Kinetic energy whose restricted range is R (g/cm2): bisection on the
 * monotonic table, then linear in ln E (the inverse of the interpolant). */
static inline double sf_electron_medium_energy_from_range(
    const sf_electron_medium *m, int particle, double R)
{
    const double *r = m->restricted_range[particle];
    if (!(R > r[0]))
        return exp(m->log_e_min);
    if (R >= r[m->n - 1])
        return m->data->energy_MeV[m->n - 1];
    int lo = 0, hi = m->n - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) >> 1;
        if (r[mid] <= R)
            lo = mid;
        else
            hi = mid;
    }
    double f = (R - r[lo]) / (r[hi] - r[lo]);
    return exp(m->log_e_min + (lo + f) / m->inv_dlog);
}

/* The same inverse when a node i_hint with r[i_hint] <= R is known (the
 * interval of the step's initial energy: a step spans a few intervals):
 * a short downward scan instead of the bisection. Also returns the grid
 * position x = (ln E - ln E_min) / d(ln E) of the result. */
static inline double sf_electron_medium_energy_from_range_near(
    const sf_electron_medium *m, int particle, double R, int i_hint,
    double *x_out)
{
    const double *r = m->restricted_range[particle];
    if (!(R > r[0])) {
        *x_out = 0.0;
        return exp(m->log_e_min);
    }
    if (R >= r[m->n - 1]) {
        *x_out = m->n - 1;
        return m->data->energy_MeV[m->n - 1];
    }
    int i = i_hint < m->n - 2 ? i_hint : m->n - 2;
    while (r[i] > R)
        --i; /* stops: r[0] < R */
    while (r[i + 1] <= R)
        ++i; /* only if the hint was low; stops: R < r[n-1] */
    double x = i + (R - r[i]) / (r[i + 1] - r[i]);
    *x_out = x;
    return exp(m->log_e_min + x / m->inv_dlog);
}

#endif
