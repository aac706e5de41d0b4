/* Building the per-material electron and positron tables. */
#include "physics/electron_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physics/bremsstrahlung.h"
#include "physics/elastic.h"
#include "physics/electron_constants.h"
#include "physics/electron_elements.h"
#include "physics/elements.h"
#include "physics/moller_bhabha.h"

static const char *const quantity_names[SF_N_ELECTRON_QUANTITIES] = {
    "collision",          "radiative",         "total",
    "restricted_collision", "restricted_radiative", "restricted_total",
    "csda_range",         "radiation_yield",   "hard_collision_xs",
    "brems_xs",           "elastic_xs",        "transport1_xs",
    "transport2_xs",      "screening",         "density_effect"};

const char *sf_electron_quantity_name(sf_electron_quantity q)
{
    return (q >= 0 && q < SF_N_ELECTRON_QUANTITIES) ? quantity_names[q]
                                                     : "unknown";
}

/* The bremsstrahlung integrals are smooth in ln T; they are computed on
 * every BREMS_STRIDE-th grid point (50 per decade) and interpolated
 * log-log in between, which keeps the build near 0.1 s per element. */
#define BREMS_STRIDE 4

/* kappa grid of the tabulated spectrum: 0 (evaluated at KAPPA_ZERO), four
 * points per decade from 1e-5 to 0.1, then steps of 0.05 up to 1
 * (evaluated at 1 - KAPPA_TIP_GAP, where the spectrum ends). */
#define KAPPA_ZERO 1e-9
#define KAPPA_TIP_GAP 1e-6
#define N_KAPPA_LOG 16
#define N_KAPPA_LIN 18
#define N_KAPPA (1 + N_KAPPA_LOG + N_KAPPA_LIN + 1)

static sf_status check_inputs(const sf_material *m, double density,
                              const sf_electron_cuts *cuts)
{
    if (!m)
        SF_FAIL(SF_ERR_VALUE, "electron data: no material given");
    if (m->n_elements < 1 || m->n_elements > SF_MAX_MAT_ELEMENTS)
        SF_FAIL(SF_ERR_VALUE, "material '%s': %d elements, expected 1..%d",
                m->name, m->n_elements, SF_MAX_MAT_ELEMENTS);
    double sum = 0.0;
    for (int i = 0; i < m->n_elements; ++i) {
        if (m->Z[i] < 1 || m->Z[i] > SF_Z_MAX)
            SF_FAIL(SF_ERR_VALUE, "material '%s': element Z=%d, expected "
                    "1..%d", m->name, m->Z[i], SF_Z_MAX);
        if (!(m->mass_fraction[i] >= 0.0))
            SF_FAIL(SF_ERR_VALUE, "material '%s': mass fraction %g of Z=%d, "
                    "expected >= 0", m->name, m->mass_fraction[i], m->Z[i]);
        sum += m->mass_fraction[i];
    }
    if (fabs(sum - 1.0) > 1e-6)
        SF_FAIL(SF_ERR_VALUE, "material '%s': mass fractions sum to %.9g, "
                "expected 1", m->name, sum);
    if (!(density > 0.0) || !isfinite(density))
        SF_FAIL(SF_ERR_VALUE, "material '%s': density %g g/cm3, expected > 0",
                m->name, density);
    if (cuts) {
        if (!(cuts->delta_ray_fraction >= 0.0 &&
              cuts->delta_ray_fraction <= SF_ELECTRON_DELTA_RAY_FRACTION_MAX))
            SF_FAIL(SF_ERR_VALUE, "electron data: delta-ray threshold fraction "
                    "%g of the kinetic energy, expected 0 (fixed threshold) "
                    "to %g", cuts->delta_ray_fraction,
                    SF_ELECTRON_DELTA_RAY_FRACTION_MAX);
        if (!(cuts->delta_ray_max_MeV >= 0.0 &&
              cuts->delta_ray_max_MeV <= SF_ELECTRON_E_MAX_MEV))
            SF_FAIL(SF_ERR_VALUE, "electron data: largest delta-ray threshold "
                    "%g MeV, expected 0 (none) to %g MeV",
                    cuts->delta_ray_max_MeV, SF_ELECTRON_E_MAX_MEV);
        const double c[2] = {cuts->delta_ray_MeV, cuts->photon_MeV};
        const char *what[2] = {"delta-ray cut", "photon cut"};
        for (int i = 0; i < 2; ++i)
            if (!(c[i] >= SF_ELECTRON_E_MIN_MEV &&
                  c[i] <= SF_ELECTRON_E_MAX_MEV))
                SF_FAIL(SF_ERR_VALUE, "electron data: %s %g MeV, expected "
                        "%g to %g MeV", what[i], c[i], SF_ELECTRON_E_MIN_MEV,
                        SF_ELECTRON_E_MAX_MEV);
    }
    return SF_OK;
}

static sf_status allocate(sf_electron_data *d)
{
    d->energy_MeV = malloc((size_t)d->n * sizeof(double));
    if (!d->energy_MeV)
        SF_FAIL(SF_ERR_NOMEM, "electron data: out of memory");
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p)
        for (int q = 0; q < SF_N_ELECTRON_QUANTITIES; ++q) {
            d->table[p][q] = calloc((size_t)d->n, sizeof(double));
            if (!d->table[p][q])
                SF_FAIL(SF_ERR_NOMEM, "electron data: out of memory");
        }
    d->kappa = malloc(N_KAPPA * sizeof(double));
    d->brems_k_dcs = malloc((size_t)d->n_brems_energy * N_KAPPA *
                            sizeof(double));
    if (!d->kappa || !d->brems_k_dcs)
        SF_FAIL(SF_ERR_NOMEM, "electron data: out of memory");
    return SF_OK;
}

/* Grid index of the i-th coarse (bremsstrahlung) point. */
static int coarse_index(const sf_electron_data *d, int j)
{
    int i = j * d->brems_stride;
    return i < d->n ? i : d->n - 1;
}

/* Interpolates coarse values c[j] onto the fine grid, log-log where both
 * neighbours are positive and linearly otherwise (thresholds). */
static void refine(const sf_electron_data *d, const double *c, double *t)
{
    for (int j = 0; j + 1 < d->n_brems_energy; ++j) {
        int i0 = coarse_index(d, j), i1 = coarse_index(d, j + 1);
        for (int i = i0; i <= i1; ++i) {
            double f = (double)(i - i0) / (i1 - i0);
            if (c[j] > 0.0 && c[j + 1] > 0.0)
                t[i] = c[j] * pow(c[j + 1] / c[j], f);
            else
                t[i] = c[j] + f * (c[j + 1] - c[j]);
        }
    }
}

static void fill_kappa(double *kappa)
{
    int k = 0;
    kappa[k++] = 0.0;
    for (int i = 0; i < N_KAPPA_LOG; ++i)
        kappa[k++] = pow(10.0, -5.0 + 0.25 * i);
    for (int i = 0; i < N_KAPPA_LIN; ++i)
        kappa[k++] = 0.1 + 0.05 * i;
    kappa[k++] = 1.0;
}

static sf_status fill_radiative(const sf_material *m, sf_electron_data *d,
                                sf_brems_memo *memo)
{
    int nc = d->n_brems_energy;
    double *c = malloc(3 * (size_t)nc * sizeof(double));
    if (!c)
        SF_FAIL(SF_ERR_NOMEM, "electron data: out of memory");
    double *rad = c, *rad_res = c + nc, *xs = c + 2 * nc;
    for (int j = 0; j < nc; ++j) {
        double T = d->energy_MeV[coarse_index(d, j)];
        rad[j] = sf_brems_radiative_stopping(m, T, T, memo);
        rad_res[j] =
            sf_brems_radiative_stopping(m, T, d->cuts.photon_MeV, memo);
        xs[j] = sf_brems_cross_section(m, T, d->cuts.photon_MeV, memo);
        for (int k = 0; k < N_KAPPA; ++k) {
            double kappa = d->kappa[k];
            if (kappa < KAPPA_ZERO)
                kappa = KAPPA_ZERO;
            if (kappa > 1.0 - KAPPA_TIP_GAP)
                kappa = 1.0 - KAPPA_TIP_GAP;
            d->brems_k_dcs[j * N_KAPPA + k] =
                sf_brems_k_dcs_material(m, T, kappa * T, memo);
        }
    }
    /* Positron bremsstrahlung is taken equal to the electron one (see
     * docs/electron-physics.md: the difference is below 10 % above 1 MeV
     * and radiative losses are negligible below). */
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
        refine(d, rad, d->table[p][SF_EQ_RADIATIVE]);
        refine(d, rad_res, d->table[p][SF_EQ_RESTRICTED_RADIATIVE]);
        refine(d, xs, d->table[p][SF_EQ_BREMS_XS]);
    }
    free(c);
    return SF_OK;
}

static void fill_collision_and_elastic(const sf_material *m,
                                       sf_electron_data *d)
{
    double electrons_per_g = SF_EL_AVOGADRO * d->collision.z_over_a;
    for (int i = 0; i < d->n; ++i) {
        double T = d->energy_MeV[i];
        double cut = sf_electron_delta_cut(&d->cuts, T);
        sf_elastic_moments el;
        sf_elastic_material(m, T, &el);
        for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
            double **t = d->table[p];
            t[SF_EQ_COLLISION][i] = sf_collision_stopping(&d->collision, T, p);
            t[SF_EQ_RESTRICTED_COLLISION][i] =
                sf_collision_stopping_restricted(&d->collision, T, cut, p);
            t[SF_EQ_HARD_COLLISION_XS][i] =
                electrons_per_g *
                (p == SF_POSITRON ? sf_bhabha_cross_section(T, cut)
                                  : sf_moller_cross_section(T, cut));
            t[SF_EQ_DENSITY_EFFECT][i] =
                sf_density_effect_delta(&d->collision.density_effect, T);
            t[SF_EQ_ELASTIC_XS][i] = el.sigma0;
            t[SF_EQ_TRANSPORT1_XS][i] = el.sigma1;
            t[SF_EQ_TRANSPORT2_XS][i] = el.sigma2;
            t[SF_EQ_SCREENING][i] = el.screening;
        }
    }
}

/* CSDA range R(T) = R(E_min) + integral from E_min to T of dE / S_tot
 * (ICRU 37), by the trapezoidal rule in ln E on the grid. Below
 * E_min = 1 keV the total stopping power is extrapolated as the power law
 * S ~ E^(-p) fitted to the first two grid points, which gives
 * R(E_min) = E_min / ((1 + p) S(E_min)); see docs/electron-physics.md.
 * Radiation yield Y(T) = (1/T) integral_0^T S_rad/S_tot dE (ICRU 37), the ratio being taken constant below E_min. */
static void fill_range_and_yield(sf_electron_data *d)
{
    double h = 1.0 / d->inv_dlog;
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
        double **t = d->table[p];
        for (int i = 0; i < d->n; ++i) {
            t[SF_EQ_TOTAL][i] = t[SF_EQ_COLLISION][i] + t[SF_EQ_RADIATIVE][i];
            t[SF_EQ_RESTRICTED_TOTAL][i] = t[SF_EQ_RESTRICTED_COLLISION][i] +
                                           t[SF_EQ_RESTRICTED_RADIATIVE][i];
        }
        const double *E = d->energy_MeV, *S = t[SF_EQ_TOTAL],
                     *rad = t[SF_EQ_RADIATIVE];
        double slope = -log(S[1] / S[0]) * d->inv_dlog;
        double range = E[0] / ((1.0 + slope) * S[0]);
        double radiated = E[0] * rad[0] / S[0];
        t[SF_EQ_CSDA_RANGE][0] = range;
        t[SF_EQ_RADIATION_YIELD][0] = radiated / E[0];
        for (int i = 1; i < d->n; ++i) {
            range += 0.5 * h * (E[i - 1] / S[i - 1] + E[i] / S[i]);
            radiated += 0.5 * h * (E[i - 1] * rad[i - 1] / S[i - 1] +
                                   E[i] * rad[i] / S[i]);
            t[SF_EQ_CSDA_RANGE][i] = range;
            t[SF_EQ_RADIATION_YIELD][i] = radiated / E[i];
        }
    }
}

sf_status sf_electron_data_build(const sf_material *m, double density_g_cm3,
                                 const sf_electron_cuts *cuts,
                                 sf_electron_data **out)
{
    return sf_electron_data_build_memo(m, density_g_cm3, cuts, NULL, out);
}

sf_status sf_electron_data_build_memo(const sf_material *m,
                                      double density_g_cm3,
                                      const sf_electron_cuts *cuts,
                                      sf_brems_memo *memo,
                                      sf_electron_data **out)
{
    *out = NULL;
    SF_TRY(check_inputs(m, density_g_cm3, cuts));
    sf_electron_data *d = calloc(1, sizeof *d);
    if (!d)
        SF_FAIL(SF_ERR_NOMEM, "electron data: out of memory");
    sf_status st;
    snprintf(d->material, sizeof d->material, "%s", m->name);
    d->density_g_cm3 = density_g_cm3;
    d->cuts = cuts ? *cuts
                   : (sf_electron_cuts){SF_ELECTRON_DEFAULT_DELTA_RAY_CUT_MEV,
                                        SF_ELECTRON_DEFAULT_PHOTON_CUT_MEV, 0.0, 0.0};
    SF_TRY_GOTO(st, sf_collision_params_init(m, density_g_cm3, &d->collision));

    double decades = log10(SF_ELECTRON_E_MAX_MEV / SF_ELECTRON_E_MIN_MEV);
    d->n = (int)ceil(SF_ELECTRON_POINTS_PER_DECADE * decades - 1e-9) + 1;
    d->log_e_min = log(SF_ELECTRON_E_MIN_MEV);
    d->inv_dlog = (d->n - 1) /
                  log(SF_ELECTRON_E_MAX_MEV / SF_ELECTRON_E_MIN_MEV);
    d->brems_stride = BREMS_STRIDE;
    d->n_brems_energy = (d->n - 1 + BREMS_STRIDE - 1) / BREMS_STRIDE + 1;
    d->n_kappa = N_KAPPA;
    SF_TRY_GOTO(st, allocate(d));
    for (int i = 0; i < d->n; ++i)
        d->energy_MeV[i] = exp(d->log_e_min + i / d->inv_dlog);
    d->energy_MeV[d->n - 1] = SF_ELECTRON_E_MAX_MEV;
    fill_kappa(d->kappa);

    fill_collision_and_elastic(m, d);
    SF_TRY_GOTO(st, fill_radiative(m, d, memo));
    fill_range_and_yield(d);
    *out = d;
    return SF_OK;
fail:
    sf_electron_data_destroy(&d);
    return st;
}

void sf_electron_data_destroy(sf_electron_data **dp)
{
    if (!dp || !*dp)
        return;
    sf_electron_data *d = *dp;
    free(d->energy_MeV);
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p)
        for (int q = 0; q < SF_N_ELECTRON_QUANTITIES; ++q)
            free(d->table[p][q]);
    free(d->kappa);
    free(d->brems_k_dcs);
    free(d);
    *dp = NULL;
}

double sf_electron_data_brems_k_dcs(const sf_electron_data *d, double E_MeV,
                                    double kappa)
{
    /* Position among the coarse energies (every brems_stride-th point). */
    double x = (log(E_MeV) - d->log_e_min) * d->inv_dlog / d->brems_stride;
    int j = 0;
    double fe = 0.0;
    if (x > 0.0) {
        j = (int)x;
        if (j >= d->n_brems_energy - 1) {
            j = d->n_brems_energy - 2;
            fe = 1.0;
        } else {
            double x0 = coarse_index(d, j) / (double)d->brems_stride;
            double x1 = coarse_index(d, j + 1) / (double)d->brems_stride;
            fe = (x - x0) / (x1 - x0);
        }
    }
    if (kappa <= 0.0)
        kappa = 0.0;
    if (kappa >= 1.0)
        kappa = 1.0;
    int k = 0;
    while (k < d->n_kappa - 2 && d->kappa[k + 1] <= kappa)
        ++k;
    double fk = (kappa - d->kappa[k]) / (d->kappa[k + 1] - d->kappa[k]);
    const double *a = d->brems_k_dcs + (size_t)j * d->n_kappa;
    const double *b = a + d->n_kappa;
    double va = a[k] + fk * (a[k + 1] - a[k]);
    double vb = b[k] + fk * (b[k + 1] - b[k]);
    return va + fe * (vb - va);
}
