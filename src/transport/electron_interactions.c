/* Hard electron/positron interaction samplers (see electron_interactions.h). */
#include "transport/electron_interactions.h"

#include <math.h>

#include "physics/electron_constants.h"
#include "physics/moller_bhabha.h"

#define MC2 SF_EL_MC2_MEV

/* Moller: with e = W/T the cross section is (moller_bhabha.c)
 *   dsigma/de ~ 1/e^2 [1 + (e/(1-e))^2 + g2 e^2 - c e/(1-e)]
 * (sf_moller_coefficients; Moller 1932; SLAC-265
 * section 2.10, Nelson, Hirayama & Rogers 1985). e is drawn from 1/e^2 on
 * [ec, 1/2] and accepted with the bracket over its bound: with
 * r = e/(1-e) in [0,1], 1 + r^2 - c r <= max(1, 2 - c) = 2 - c (c <= 1)
 * and g2 e^2 <= g2/4. */
double sf_moller_sample(double T, double cut, sf_rng *rng)
{
    sf_moller_coef m = sf_moller_coefficients(T / MC2);
    double ec = cut / T;
    if (ec >= 0.5)
        return 0.5 * T;
    double bound = 2.0 - m.c + 0.25 * m.g2;
    for (int it = 0; it < 1000; ++it) {
        double e = ec / (1.0 - sf_rng_uniform(rng) * (1.0 - 2.0 * ec));
        double r = e / (1.0 - e);
        double f = 1.0 + r * r + m.g2 * e * e - m.c * r;
        if (sf_rng_uniform(rng) * bound <= f)
            return e * T;
    }
    return ec * T;
}

/* Bhabha (1936), SLAC-265 section 2.10 (sf_bhabha_coefficients):
 *   dsigma/de ~ 1/e^2 [1 - beta^2 (B1 e - B2 e^2 + B3 e^3 - B4 e^4)],
 * e = W/T in [ec, 1]; e from 1/e^2, accepted with the bracket (<= 1). */
double sf_bhabha_sample(double T, double cut, sf_rng *rng)
{
    double tau = T / MC2;
    double gamma = tau + 1.0;
    double beta2 = 1.0 - 1.0 / (gamma * gamma);
    sf_bhabha_coef b = sf_bhabha_coefficients(tau);
    double ec = cut / T;
    if (ec >= 1.0)
        return T;
    for (int it = 0; it < 1000; ++it) {
        double e = ec / (1.0 - sf_rng_uniform(rng) * (1.0 - ec));
        double f = 1.0 - beta2 * e * (b.b1 - e * (b.b2 - e * (b.b3 - e * b.b4)));
        if (sf_rng_uniform(rng) <= f)
            return e * T;
    }
    return ec * T;
}

double sf_binary_collision_cos(double T, double E_out)
{
    if (!(E_out > 0.0) || !(T > 0.0))
        return 1.0;
    double c2 = E_out * (T + 2.0 * MC2) / (T * (E_out + 2.0 * MC2));
    return c2 >= 1.0 ? 1.0 : sqrt(c2);
}

/* k drawn from the 1/k envelope between the cut and T, accepted with the
 * tabulated k dsigma/dk (electron_data.h) over its maximum at the two coarse
 * energies that bracket T (the bilinear interpolant never exceeds it). */
double sf_brems_sample_k(const sf_electron_medium *m, double T, double cut,
                         sf_rng *rng)
{
    const sf_electron_data *d = m->data;
    double x = (log(T) - d->log_e_min) * d->inv_dlog / d->brems_stride;
    int j = x > 0.0 ? (int)x : 0;
    if (j > d->n_brems_energy - 2)
        j = d->n_brems_energy - 2;
    double bound = m->brems_row_max[j] > m->brems_row_max[j + 1]
                       ? m->brems_row_max[j]
                       : m->brems_row_max[j + 1];
    double log_ratio = log(T / cut);
    for (int it = 0; it < 1000; ++it) {
        double k = cut * exp(sf_rng_uniform(rng) * log_ratio);
        double f = sf_electron_data_brems_k_dcs(d, T, k / T);
        if (sf_rng_uniform(rng) * bound <= f)
            return k;
    }
    return cut;
}

/* Angular distribution of the photon: the dipole (isotropic in the
 * electron's instantaneous rest frame) distribution boosted to the lab,
 * cos = (cos' + beta) / (1 + beta cos'), which gives the characteristic
 * opening angle m/E of relativistic bremsstrahlung (the approximation of
 * PENELOPE's low-energy model and of EGS4's fixed-angle default,
 * theta ~ m c^2 / E; Koch & Motz 2BS is not sampled). */
double sf_brems_sample_cos(double T, sf_rng *rng)
{
    double gamma = T / MC2 + 1.0;
    double beta = sqrt(1.0 - 1.0 / (gamma * gamma));
    double c = 2.0 * sf_rng_uniform(rng) - 1.0;
    return (c + beta) / (1.0 + beta * c);
}
