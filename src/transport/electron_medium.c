/* Per-medium tables of the condensed-history kernel (see electron_medium.h). */
#include "transport/electron_medium.h"

#include <stdlib.h>
#include <string.h>

#include "physics/elastic.h"
#include "physics/electron_constants.h"
#include "physics/moller_bhabha.h"

static sf_status alloc_row(double **row, int n)
{
    *row = calloc((size_t)n, sizeof(double));
    if (!*row)
        SF_FAIL(SF_ERR_NOMEM, "electron tables: out of memory");
    return SF_OK;
}

/* R_r(E_i) = R_r(E_0) + trapezoidal integral of E / S_r d(ln E); below the
 * first grid point S_r is extrapolated as a power law E^-p fitted to the
 * first two points (as the CSDA range of electron_data.c), which gives
 * R_r(E_0) = E_0 / ((1 + p) S_r(E_0)). Only differences above the electron
 * cut-off (>= 1 keV, the first grid point) are ever used. */
static void fill_restricted_range(sf_electron_medium *m, int p)
{
    const sf_electron_data *d = m->data;
    const double *E = d->energy_MeV;
    const double *S = d->table[p][SF_EQ_RESTRICTED_TOTAL];
    double *R = m->restricted_range[p];
    double h = 1.0 / d->inv_dlog;
    double slope = -log(S[1] / S[0]) * d->inv_dlog;
    if (slope < -0.5)
        slope = -0.5;
    R[0] = E[0] / ((1.0 + slope) * S[0]);
    for (int i = 1; i < d->n; ++i)
        R[i] = R[i - 1] + 0.5 * h * (E[i - 1] / S[i - 1] + E[i] / S[i]);
}

/* Soft-collision straggling per unit path: electrons per gram times the
 * second moment of the Moller/Bhabha transfers below the delta-ray cut. */
static void fill_straggling(sf_electron_medium *m, int p)
{
    const sf_electron_data *d = m->data;
    double electrons_per_g = SF_EL_AVOGADRO * d->collision.z_over_a;
    for (int i = 0; i < d->n; ++i) {
        double T = d->energy_MeV[i], cut = sf_electron_delta_cut(&d->cuts, T);
        m->straggling[p][i] =
            electrons_per_g * (p == SF_POSITRON
                                   ? sf_bhabha_soft_straggling(T, cut)
                                   : sf_moller_soft_straggling(T, cut));
    }
}

/* Where the delta-ray threshold grows with the energy (max(cut, F T),
 * electron_data.h), the collisions between the base cut and the threshold
 * are soft at high energy: their energy loss goes into the restricted
 * stopping power and the straggling, and the projectile's deflection in
 * them into the multiple-scattering moments here, so that the angular
 * diffusion is that of the base cut whatever the threshold. Without it a
 * higher threshold loses those deflections: at 1 MeV in water, 30 keV
 * instead of 10 lowered the 5 mm reference problem's central voxel by
 * 0.26 % (docs/electron-transport.md). Nothing is added where the
 * threshold is the base cut. */
static void add_soft_deflection(sf_electron_medium *m, int p)
{
    sf_electron_data *d = m->data;
    double electrons_per_g = SF_EL_AVOGADRO * d->collision.z_over_a;
    double base = d->cuts.delta_ray_MeV;
    for (int i = 0; i < d->n; ++i) {
        double T = d->energy_MeV[i], cut = sf_electron_delta_cut(&d->cuts, T);
        if (!(cut > base))
            continue;
        double s[2];
        if (p == SF_POSITRON)
            sf_bhabha_deflection_transport(T, base, cut, s);
        else
            sf_moller_deflection_transport(T, base, cut, s);
        d->table[p][SF_EQ_TRANSPORT1_XS][i] += electrons_per_g * s[0];
        d->table[p][SF_EQ_TRANSPORT2_XS][i] += electrons_per_g * s[1];
    }
}

/* d ln sigma / d ln E on the grid: centred differences inside, one-sided
 * at the ends. */
static void fill_log_slope(const sf_electron_medium *m, const double *sigma,
                           double *slope)
{
    int n = m->n;
    for (int i = 0; i < n; ++i) {
        int lo = i > 0 ? i - 1 : 0, hi = i < n - 1 ? i + 1 : n - 1;
        slope[i] = log(sigma[hi] / sigma[lo]) * m->inv_dlog / (hi - lo);
    }
}

/* Integral of sigma / S_r dE = integral of sigma E / S_r d(ln E) by the
 * trapezoidal rule on the grid (as the restricted range), from 0 at the
 * first grid point: only differences above the cut-off are used. */
static void fill_transport_path(const sf_electron_medium *m, int p,
                                const double *sigma, double *path)
{
    const sf_electron_data *d = m->data;
    const double *E = d->energy_MeV;
    const double *S = d->table[p][SF_EQ_RESTRICTED_TOTAL];
    double h = 1.0 / d->inv_dlog;
    path[0] = 0.0;
    for (int i = 1; i < d->n; ++i)
        path[i] = path[i - 1] + 0.5 * h * (sigma[i - 1] * E[i - 1] / S[i - 1] +
                                           sigma[i] * E[i] / S[i]);
}

/* Majorant of the (linearly interpolated) hard cross section over every
 * energy interval [E (1 - f), E] with E in [E_i, E_i+1]: the maximum over
 * the grid nodes from the one at or below E_(i-1) (1 - f) up to E_(i+1).
 * Node i covers [E_(i-1) (1-f), E_(i+1)] and node i+1 covers
 * [E_i (1-f), E_(i+2)]: both contain [E (1-f), E] for E in the interval, so
 * their linear interpolation is a majorant as well. */
static void fill_majorant(sf_electron_medium *m, int p)
{
    const double *xs = m->hard_xs[p];
    double *maj = m->hard_majorant[p];
    int n = m->n;
    int back = (int)ceil(-log(1.0 - m->step_fraction) * m->inv_dlog) + 2;
    for (int i = 0; i < n; ++i) {
        int lo = i - back, hi = i + 1;
        if (lo < 0)
            lo = 0;
        if (hi > n - 1)
            hi = n - 1;
        double v = 0.0;
        for (int j = lo; j <= hi; ++j)
            if (xs[j] > v)
                v = xs[j];
        maj[i] = v * (1.0 + 1e-12);
    }
    double *below = m->hard_majorant_below[p], v = 0.0;
    for (int i = 0; i < n; ++i) {
        int j = i + 1 < n ? i + 1 : n - 1;
        if (i == 0 && maj[0] > v)
            v = maj[0];
        if (maj[j] > v)
            v = maj[j];
        below[i] = v;
    }
}

sf_status sf_electron_medium_build(const sf_material *mat, double density,
                                   const sf_electron_medium_options *opt,
                                   sf_electron_medium **out)
{
    *out = NULL;
    double step_fraction = opt->step_fraction;
    if (!(step_fraction > 0.0 && step_fraction <= 0.5))
        SF_FAIL(SF_ERR_VALUE, "electron step fraction %g: expected a value "
                "in (0, 0.5]", step_fraction);
    sf_electron_medium *m = calloc(1, sizeof *m);
    if (!m)
        SF_FAIL(SF_ERR_NOMEM, "electron tables: out of memory");
    sf_status st = SF_OK;
    SF_TRY_GOTO(st, sf_electron_data_build_memo(mat, density, &opt->cuts,
                                                opt->brems_memo, &m->data));
    const sf_electron_data *d = m->data;
    m->n = d->n;
    m->log_e_min = d->log_e_min;
    m->inv_dlog = d->inv_dlog;
    m->step_fraction = step_fraction;
    /* A straggled loss stays below twice the mean except in the short-step
     * branch, whose losses are of the order of the delta-ray cut: the
     * kernel clamps at this fraction (which almost never binds) so that an
     * electron never loses more than it has. */
    m->loss_fraction_max = fmin(2.0 * step_fraction + 0.1, 0.9);
    /* sf_electron_data fills both particles with the electron elastic
     * moments of the Mott model; the transport's model may differ, and the
     * Mott factor of positrons differs in the sign of its alpha Z term
     * (elastic.h), so the rows are recomputed here for each particle. */
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
        for (int i = 0; i < d->n; ++i) {
            sf_elastic_moments el;
            sf_elastic_material_particle(mat, d->energy_MeV[i], p,
                                         opt->elastic, &el);
            double **t = m->data->table[p];
            t[SF_EQ_ELASTIC_XS][i] = el.sigma0;
            t[SF_EQ_TRANSPORT1_XS][i] = el.sigma1;
            t[SF_EQ_TRANSPORT2_XS][i] = el.sigma2;
            t[SF_EQ_SCREENING][i] = el.screening;
        }
        add_soft_deflection(m, p);
        if (opt->single_scattering)
            SF_TRY_GOTO(st, sf_elastic_single_build(mat, d->energy_MeV, d->n,
                                                    p, opt->elastic,
                                                    &m->single[p]));
    }
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
        SF_TRY_GOTO(st, alloc_row(&m->restricted_range[p], d->n));
        SF_TRY_GOTO(st, alloc_row(&m->hard_xs[p], d->n));
        SF_TRY_GOTO(st, alloc_row(&m->hard_majorant[p], d->n));
        SF_TRY_GOTO(st, alloc_row(&m->hard_majorant_below[p], d->n));
        SF_TRY_GOTO(st, alloc_row(&m->straggling[p], d->n));
        for (int l = 0; l < 2; ++l) {
            const double *sigma = d->table[p][l == 0 ? SF_EQ_TRANSPORT1_XS
                                                     : SF_EQ_TRANSPORT2_XS];
            SF_TRY_GOTO(st, alloc_row(&m->transport_slope[p][l], d->n));
            SF_TRY_GOTO(st, alloc_row(&m->transport_path[p][l], d->n));
            fill_log_slope(m, sigma, m->transport_slope[p][l]);
        }
        for (int i = 0; i < d->n; ++i)
            m->hard_xs[p][i] = d->table[p][SF_EQ_HARD_COLLISION_XS][i] +
                               d->table[p][SF_EQ_BREMS_XS][i];
        fill_restricted_range(m, p);
        for (int l = 0; l < 2; ++l)
            fill_transport_path(m, p,
                                d->table[p][l == 0 ? SF_EQ_TRANSPORT1_XS
                                                   : SF_EQ_TRANSPORT2_XS],
                                m->transport_path[p][l]);
        fill_majorant(m, p);
        fill_straggling(m, p);
    }
    SF_TRY_GOTO(st, alloc_row(&m->brems_row_max, d->n_brems_energy));
    for (int j = 0; j < d->n_brems_energy; ++j) {
        double v = 0.0;
        for (int k = 0; k < d->n_kappa; ++k)
            if (d->brems_k_dcs[(size_t)j * d->n_kappa + k] > v)
                v = d->brems_k_dcs[(size_t)j * d->n_kappa + k];
        m->brems_row_max[j] = v;
    }
    /* 64-byte aligned: one table cell is one cache line. */
    m->msc = aligned_alloc(64, sizeof *m->msc);
    if (!m->msc) {
        st = sf_error_set(SF_ERR_NOMEM, "electron tables: out of memory");
        goto fail;
    }
    sf_msc_table_init(m->msc);
    *out = m;
    return SF_OK;
fail:
    sf_electron_medium_destroy(&m);
    return st;
}

void sf_electron_medium_destroy(sf_electron_medium **pm)
{
    if (!pm || !*pm)
        return;
    sf_electron_medium *m = *pm;
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
        free(m->restricted_range[p]);
        free(m->hard_xs[p]);
        free(m->hard_majorant[p]);
        free(m->hard_majorant_below[p]);
        free(m->straggling[p]);
        sf_elastic_single_destroy(&m->single[p]);
        for (int l = 0; l < 2; ++l) {
            free(m->transport_slope[p][l]);
            free(m->transport_path[p][l]);
        }
    }
    free(m->brems_row_max);
    free(m->msc);
    sf_electron_data_destroy(&m->data);
    free(m);
    *pm = NULL;
}

size_t sf_electron_medium_bytes(const sf_electron_medium *m)
{
    if (!m)
        return 0;
    const sf_electron_data *d = m->data;
    size_t n = (size_t)d->n;
    return sizeof *m + sizeof *d +
           n * sizeof(double) * (1 + SF_N_ELECTRON_PARTICLES *
                                         (SF_N_ELECTRON_QUANTITIES + 8)) +
           (size_t)d->n_brems_energy * d->n_kappa * sizeof(double) +
           (size_t)d->n_brems_energy * sizeof(double) + sizeof(sf_msc_table) +
           sf_elastic_single_bytes(m->single[SF_ELECTRON]) +
           sf_elastic_single_bytes(m->single[SF_POSITRON]);
}
