/* Incoherent scattering sampler.
 *
 * The angular distribution is
 *   d(sigma)/d(Omega) = KN(E, theta) * S(x, Z),
 * KN the Klein-Nishina cross section (Klein and Nishina, Z. Phys. 52 (1929)
 * 853) and S the incoherent scattering function (Hubbell et al., J. Phys.
 * Chem. Ref. Data 4 (1975) 471). It is sampled by composition and
 * rejection: eps = E'/E from KN, by Kahn's rejection technique (Kahn,
 * AECU-3259 (1954); Lux and Koblinger, Monte Carlo Particle Transport
 * Methods (1991)) below 1.5 MeV and the method of Butcher and Messel
 * (Nucl. Phys. 20 (1960) 15) as used in EGS4 (Nelson, Hirayama and Rogers,
 * SLAC-265 (1985), section 2.9) above, then the pair (eps, theta) is kept
 * with probability S(x,Z)/Z <= 1, as in the EGSnrc and Geant4 Livermore
 * models. Both KN samplers are exact.
 */
#include "physics/compton.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */

double sf_compton_energy(double E_MeV, double cos_theta)
{
    /* Compton (1923): E' = E / (1 + k (1 - cos theta)), k = E / m c^2. */
    return E_MeV / (1.0 + E_MeV / SF_ELECTRON_MASS_MEV * (1.0 - cos_theta));
}

/* Kahn's technique draws eta = E/E' = 1/eps in [1, 1 + 2k] with three
 * uniforms a trial and no logarithm or exponential: with probability
 * (1 + 2k)/(9 + 2k) eta is uniform and kept with 4 (1/eta - 1/eta^2),
 * otherwise eta = (1 + 2k)/(1 + 2k r) and kept with (cos^2 + 1/eta)/2. It
 * takes 1.6-1.7 trials below 1 MeV against Butcher and Messel's 1.3-1.5,
 * but a trial costs a third as many instructions (one logarithm a draw and
 * an exponential in most trials there); its efficiency falls above a few
 * MeV (1.9 trials at 4 MeV, 2.9 at 10 MeV), where the photon kernel spends
 * little of its time. */
#define SF_KAHN_K_MAX 3.0 /* 1.53 MeV */

static double kahn_sample(double k, sf_rng *rng, double *one_minus_cos)
{
    double b = 1.0 + 2.0 * k;
    double p_flat = b / (9.0 + 2.0 * k);
    for (;;) {
        double r1 = sf_rng_uniform32(rng);
        double r2 = sf_rng_uniform32(rng);
        double r3 = sf_rng_uniform32(rng);
        /* Both branches computed and one picked: r1 is a coin toss the
         * processor would mispredict (a select measured 3 % faster than
         * the branch at 140 keV). 1/eta of the second branch is d/b. */
        double d = 1.0 + 2.0 * k * r2;
        double eta_b = b / d;
        double c = 1.0 - (eta_b - 1.0) / k;
        double keep_a = 4.0 * (d - 1.0) / (d * d);
        double keep_b = 0.5 * (c * c + d / b);
        int flat = r1 <= p_flat;
        double eta = flat ? d : eta_b;
        double keep = flat ? keep_a : keep_b;
        if (r3 <= keep) {
            *one_minus_cos = (eta - 1.0) / k;
            return 1.0 / eta;
        }
    }
}

/* One Klein-Nishina draw of eps = E'/E in [eps0, 1], with 1 - cos(theta)
 * returned through one_minus_cos: Kahn's technique below SF_KAHN_K_MAX,
 * above it Butcher and Messel's. With k = E/mc^2 and eps0 = 1/(1 + 2k),
 * KN is proportional to (1/eps + eps) g(eps),
 *   g(eps) = 1 - eps sin^2(theta) / (1 + eps^2)  in [1/2, 1]
 * (SLAC-265 section 2.9). 1/eps + eps is sampled as a mixture of 1/eps
 * (weight alpha1 = ln(1/eps0)) and eps (weight alpha2 = (1 - eps0^2)/2),
 * and g is the rejection function (Butcher and Messel; SLAC-265 2.9). */
double sf_klein_nishina_sample(double k, sf_rng *rng, double *one_minus_cos)
{
    if (k < SF_KAHN_K_MAX)
        return kahn_sample(k, rng, one_minus_cos);
    double eps0 = 1.0 / (1.0 + 2.0 * k);
    double alpha1 = -log(eps0);
    double alpha2 = 0.5 * (1.0 - eps0 * eps0);
    for (;;) {
        double eps;
        if (sf_rng_uniform32(rng) * (alpha1 + alpha2) < alpha1)
            eps = exp(-alpha1 * sf_rng_uniform32(rng)); /* eps0^xi */
        else
            eps = sqrt(eps0 * eps0 +
                       (1.0 - eps0 * eps0) * sf_rng_uniform32(rng));
        /* From Compton's formula: 1 - cos(theta) = (1 - eps) / (k eps). */
        double t = (1.0 - eps) / (k * eps);
        double sin2 = t * (2.0 - t);
        if (sin2 < 0.0)
            sin2 = 0.0; /* rounding at eps = eps0 */
        double g = 1.0 - eps * sin2 / (1.0 + eps * eps);
        if (sf_rng_uniform32(rng) <= g) {
            *one_minus_cos = t;
            return eps;
        }
    }
}

void sf_compton_sample(const sf_element_photon *e, double E_MeV, sf_rng *rng,
                       double *E_scattered_MeV, double *cos_theta)
{
    double k = E_MeV / SF_ELECTRON_MASS_MEV;
    double x_per_sin = E_MeV / SF_HC_MEV_ANGSTROM; /* x at theta = pi */
    double inv_Z = 1.0 / e->Z;
    for (;;) {
        double t;
        double eps = sf_klein_nishina_sample(k, rng, &t);
        if (t > 2.0)
            t = 2.0;
        /* x = sin(theta/2)/lambda, sin(theta/2) = sqrt((1 - cos)/2). */
        double x = x_per_sin * sqrt(0.5 * t);
        /* Squeeze (photon_data.h): at large x, S/Z is known to exceed a
         * level, and a draw below it is accepted without the table lookup
         * (same draws, same decisions). */
        double u = sf_rng_uniform32(rng);
        /* The highest level whose x bound is passed: the bounds ascend
         * with the level, so it is the count of bounds passed, less one,
         * counted without a data-dependent exit (the scan that stopped at
         * the first bound not passed mispredicted about once a call). */
        int k = -1;
        for (int j = 0; j < e->s_squeeze_n; ++j)
            k += x >= e->s_squeeze_x[j];
        int squeezed = (k >= 0) & (u <= sf_s_squeeze_level[k < 0 ? 0 : k]);
        if (squeezed || u <= sf_element_scatter_function(e, x) * inv_Z) {
            *E_scattered_MeV = eps * E_MeV;
            *cos_theta = 1.0 - t;
            return;
        }
    }
}

sf_status sf_compton_mixture_build(const sf_photon_data *pd, int n,
                                   const int *Z, const double *mass_fraction,
                                   sf_element_photon *out)
{
    memset(out, 0, sizeof *out);
    size_t total = 0;
    double z_mix = 0.0;
    for (int i = 0; i < n; ++i) {
        const sf_element_photon *e = &pd->elem[Z[i]];
        if (e->n_x < 2 || !(e->atomic_weight_g_mol > 0))
            SF_FAIL(SF_ERR_VALUE, "incoherent scattering of a mixture: "
                    "element Z = %d has no S(x,Z) table or atomic weight", Z[i]);
        total += (size_t)e->n_x;
        z_mix += mass_fraction[i] / e->atomic_weight_g_mol * e->Z;
    }
    if (!(z_mix > 0))
        SF_FAIL(SF_ERR_VALUE, "incoherent scattering of a mixture: no "
                "electrons (mass fractions sum to %g)", z_mix);
    double *x = malloc(total * sizeof *x);
    if (!x)
        SF_FAIL(SF_ERR_NOMEM, "incoherent scattering of a mixture: out of "
                "memory for %zu x values", total);
    size_t m = 0;
    for (int i = 0; i < n; ++i) {
        const sf_element_photon *e = &pd->elem[Z[i]];
        memcpy(x + m, e->x_inv_angstrom, (size_t)e->n_x * sizeof *x);
        m += (size_t)e->n_x;
    }
    m = sf_sort_unique_doubles(x, total, 0.0);
    double *S = malloc(m * sizeof *S);
    if (!S) {
        free(x);
        SF_FAIL(SF_ERR_NOMEM, "incoherent scattering of a mixture: out of "
                "memory for %zu x values", m);
    }
    for (size_t j = 0; j < m; ++j) {
        double sum = 0.0;
        for (int i = 0; i < n; ++i) {
            const sf_element_photon *e = &pd->elem[Z[i]];
            sum += mass_fraction[i] / e->atomic_weight_g_mol *
                   sf_element_scatter_function(e, x[j]);
        }
        S[j] = sum / z_mix;
    }
    out->Z = 1;
    out->n_x = (int)m;
    out->x_inv_angstrom = x;
    out->scatter_function = S;
    sf_status st = sf_element_scatter_prepare(out);
    if (st != SF_OK)
        sf_compton_mixture_free(out);
    return st;
}

void sf_compton_mixture_free(sf_element_photon *e)
{
    free(e->x_inv_angstrom);
    free(e->scatter_function);
    free(e->s_log_ratio);
    memset(e, 0, sizeof *e);
}
