/* Incoherent scattering sampler.
 *
 * The angular distribution is
 *   d(sigma)/d(Omega) = KN(E, theta) * S(x, Z),
 * KN the Klein-Nishina cross section (Klein and Nishina, Z. Phys. 52 (1929)
 * 853) and S the incoherent scattering function (Hubbell et al., J. Phys.
 * Chem. Ref. Data 4 (1975) 471). It is sampled by composition and
 * rejection: eps = E'/E from KN with the method of Butcher and Messel
 * (Nucl. Phys. 20 (1960) 15) as used in EGS4 (Nelson, Hirayama and Rogers,
 * SLAC-265 (1985), section 2.9), then the pair (eps, theta) is kept with
 * probability S(x,Z)/Z <= 1, as in the EGSnrc and Geant4 Livermore models.
 */
#include "physics/compton.h"

#include <math.h>

#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */

double sf_compton_energy(double E_MeV, double cos_theta)
{
    /* Compton (1923): E' = E / (1 + k (1 - cos theta)), k = E / m c^2. */
    return E_MeV / (1.0 + E_MeV / SF_ELECTRON_MASS_MEV * (1.0 - cos_theta));
}

/* One Klein-Nishina draw of eps = E'/E in [eps0, 1], with 1 - cos(theta)
 * returned through one_minus_cos. With k = E/mc^2 and eps0 = 1/(1 + 2k),
 * KN is proportional to (1/eps + eps) g(eps),
 *   g(eps) = 1 - eps sin^2(theta) / (1 + eps^2)  in [1/2, 1]
 * (SLAC-265 section 2.9). 1/eps + eps is sampled as a mixture of 1/eps
 * (weight alpha1 = ln(1/eps0)) and eps (weight alpha2 = (1 - eps0^2)/2),
 * and g is the rejection function (Butcher and Messel; SLAC-265 2.9). */
double sf_klein_nishina_sample(double k, sf_rng *rng, double *one_minus_cos)
{
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
