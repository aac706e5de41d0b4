/* Sternheimer density-effect correction: fitted parameters for reference
 * materials, the general Sternheimer-Peierls formula for all others. */
#include <math.h>
#include <stddef.h>

#include "physics/collision.h"
#include "physics/electron_constants.h"

/* Reference materials of ICRU 37 with their I value (eV), density and the
 * Sternheimer, Berger & Seltzer (1984) fitted parameters (At. Data Nucl.
 * Data Tables 30, 261). Compositions are those of NIST
 * ESTAR. Only materials whose parameters were checked against two
 * independent transcriptions are listed. */
typedef struct reference_material {
    const char *name;
    int n;
    int Z[4];
    double w[4];
    double I_eV, rho;
    double C_bar, X0, X1, a, m, delta0;
} reference_material;

static const reference_material references[] = {
    {"water (liquid)", 2, {1, 8}, {0.111894, 0.888106}, 75.0, 1.0,
     3.5017, 0.2400, 2.8004, 0.09116, 3.4773, 0.0},
    {"air (dry, near sea level)", 4, {6, 7, 8, 18},
     {0.000124, 0.755267, 0.231781, 0.012827}, 85.7, 1.20479e-3,
     10.5961, 1.7418, 4.2759, 0.10914, 3.3994, 0.0},
};

/* A fraction below this is treated as absent when comparing compositions;
 * the tolerance on each fraction accepts rounding of published recipes. */
#define TRACE_FRACTION 1e-3
#define FRACTION_TOLERANCE 5e-3

static double fraction_of(const sf_material *m, int Z)
{
    for (int i = 0; i < m->n_elements; ++i)
        if (m->Z[i] == Z)
            return m->mass_fraction[i];
    return 0.0;
}

static double reference_fraction(const reference_material *r, int Z)
{
    for (int i = 0; i < r->n; ++i)
        if (r->Z[i] == Z)
            return r->w[i];
    return 0.0;
}

static int matches(const sf_material *m, const reference_material *r)
{
    for (int i = 0; i < r->n; ++i)
        if (fabs(fraction_of(m, r->Z[i]) - r->w[i]) > FRACTION_TOLERANCE)
            return 0;
    for (int i = 0; i < m->n_elements; ++i)
        if (m->mass_fraction[i] >= TRACE_FRACTION &&
            reference_fraction(r, m->Z[i]) == 0.0)
            return 0;
    return 1;
}

int sf_density_effect_lookup(const sf_material *m, double *I_eV,
                             double *rho_fit, sf_density_effect *out)
{
    for (size_t k = 0; k < sizeof references / sizeof references[0]; ++k) {
        const reference_material *r = &references[k];
        if (!matches(m, r))
            continue;
        *I_eV = r->I_eV;
        *rho_fit = r->rho;
        *out = (sf_density_effect){.C_bar = r->C_bar, .X0 = r->X0,
                                   .X1 = r->X1, .a = r->a, .m = r->m,
                                   .delta0 = r->delta0, .X_shift = 0.0,
                                   .fitted = 1};
        return 1;
    }
    return 0;
}

/* Sternheimer & Peierls (1971) as tabulated in SBS 1984 section 3 and ICRU
 * 37 section 4.3: C_bar = 2 ln(I / h nu_p) + 1 with the plasma energy
 * h nu_p = 28.816 sqrt(rho Z/A) eV; X0 and X1 from the ranges of C_bar;
 * m = 3 and a chosen so that delta is continuous at X0. */
void sf_density_effect_general(double I_eV, double z_over_a,
                               double density_g_cm3, int condensed,
                               sf_density_effect *out)
{
    double plasma_eV = 28.816 * sqrt(density_g_cm3 * z_over_a);
    double C = 2.0 * log(I_eV / plasma_eV) + 1.0;
    double X0, X1;
    if (condensed) {
        if (I_eV < 100.0) {
            X1 = 2.0;
            X0 = C < 3.681 ? 0.2 : 0.326 * C - 1.0;
        } else {
            X1 = 3.0;
            X0 = C < 5.215 ? 0.2 : 0.326 * C - 1.5;
        }
    } else {
        X1 = 4.0;
        if (C < 10.0)
            X0 = 1.6;
        else if (C < 10.5)
            X0 = 1.7;
        else if (C < 11.0)
            X0 = 1.8;
        else if (C < 11.5)
            X0 = 1.9;
        else if (C < 12.25)
            X0 = 2.0;
        else if (C < 13.804) {
            X0 = 2.0;
            X1 = 5.0;
        } else {
            X0 = 0.326 * C - 2.5;
            X1 = 5.0;
        }
    }
    double m = 3.0;
    double a = (C - 2.0 * log(10.0) * X0) / pow(X1 - X0, m);
    *out = (sf_density_effect){.C_bar = C, .X0 = X0, .X1 = X1, .a = a,
                               .m = m, .delta0 = 0.0, .X_shift = 0.0,
                               .fitted = 0};
}

/* Sternheimer's parametrisation (SBS 1984; ICRU 37):
 *   delta = 2 ln10 X - C_bar + a (X1 - X)^m   for X0 <= X < X1,
 *   delta = 2 ln10 X - C_bar                  for X >= X1,
 *   delta = delta0 10^(2 (X - X0))            for X < X0 (conductors). */
double sf_density_effect_delta(const sf_density_effect *d, double T_MeV)
{
    double tau = T_MeV / SF_EL_MC2_MEV;
    double X = 0.5 * log10(tau * (tau + 2.0)) + d->X_shift;
    double two_ln10 = 2.0 * log(10.0);
    if (X < d->X0)
        return d->delta0 > 0.0 ? d->delta0 * pow(10.0, 2.0 * (X - d->X0))
                               : 0.0;
    double delta = two_ln10 * X - d->C_bar;
    if (X < d->X1)
        delta += d->a * pow(d->X1 - X, d->m);
    return delta > 0.0 ? delta : 0.0;
}
