/* Screened Rutherford elastic scattering (Wentzel model) with Moliere's
 * screening parameter. */
#include "physics/elastic.h"

#include <math.h>

#include "physics/electron_constants.h"
#include "physics/electron_elements.h"

typedef struct reduced {
    double p2beta2; /* (p/mc)^2 beta^2 */
    double beta2;
} reduced;

static reduced reduce(double T)
{
    double tau = T / SF_EL_MC2_MEV;
    double p2 = tau * (tau + 2.0);
    double beta2 = p2 / ((tau + 1.0) * (tau + 1.0));
    return (reduced){p2 * beta2, beta2};
}

/* Moliere, Z. Naturforsch. 2a, 133 (1947), as written by Bethe (Phys. Rev.
 * 89, 1256 (1953)):
 *   eta = (1/4) (hbar / (p a_TF))^2 [1.13 + 3.76 (alpha Z / beta)^2],
 * a_TF = 0.885 a_0 Z^(-1/3). With hbar/(m c a_0) = alpha,
 * hbar/(p a_TF) = alpha Z^(1/3) / (0.885 p/mc). */
double sf_elastic_screening(int Z, double T)
{
    reduced r = reduce(T);
    double z3 = cbrt((double)Z);
    double x = SF_EL_ALPHA * z3 / 0.885;
    double az = SF_EL_ALPHA * Z;
    double p2 = r.p2beta2 / r.beta2;
    return 0.25 * x * x / p2 * (1.13 + 3.76 * az * az / r.beta2);
}

/* Wentzel (1927) screened Rutherford with Z(Z+1) for scattering by the
 * atomic electrons:
 *   dsigma/dOmega = Z(Z+1) r_e^2 / (p beta / mc)^2 / (1 - cos theta + 2 eta)^2
 * so that dsigma/dmu = pi A / (mu + eta)^2 with A = Z(Z+1) r_e^2 /
 * (p beta/mc)^2. */
static double wentzel_a(int Z, double T)
{
    reduced r = reduce(T);
    return (double)Z * (Z + 1) * SF_EL_RE_CM * SF_EL_RE_CM / r.p2beta2;
}

double sf_elastic_dcs(int Z, double T, double mu)
{
    if (mu < 0.0 || mu > 1.0)
        return 0.0;
    double eta = sf_elastic_screening(Z, T);
    double d = mu + eta;
    return SF_EL_PI * wentzel_a(Z, T) / (d * d);
}

/* Closed-form moments of pi A/(mu + eta)^2 over 0 <= mu <= 1, with
 * 1 - P1 = 2 mu and 1 - P2 = 6 mu (1 - mu):
 *   sigma0 = pi A / (eta (1 + eta)),
 *   sigma1 = 2 pi A [ln(1 + 1/eta) - 1/(1 + eta)],
 *   sigma2 = 6 pi A [(1 + 2 eta) ln(1 + 1/eta) - 2]. */
void sf_elastic_atom(int Z, double T, sf_elastic_moments *out)
{
    double eta = sf_elastic_screening(Z, T);
    double piA = SF_EL_PI * wentzel_a(Z, T);
    double l = log1p(1.0 / eta);
    out->screening = eta;
    out->sigma0 = piA / (eta * (1.0 + eta));
    out->sigma1 = 2.0 * piA * (l - 1.0 / (1.0 + eta));
    /* The bracket tends to 1/(3 eta^2) for eta >> 1 and then loses about
     * 2 log10(eta) digits: harmless for the eta of 1 keV - 20 MeV. */
    out->sigma2 = 6.0 * piA * ((1.0 + 2.0 * eta) * l - 2.0);
}

void sf_elastic_material(const sf_material *m, double T,
                         sf_elastic_moments *out)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, wlog = 0.0, wsum = 0.0;
    for (int i = 0; i < m->n_elements; ++i) {
        int Z = m->Z[i];
        double atoms_per_g = SF_EL_AVOGADRO * m->mass_fraction[i] /
                             sf_electron_atomic_weight(Z);
        sf_elastic_moments a;
        sf_elastic_atom(Z, T, &a);
        s0 += atoms_per_g * a.sigma0;
        s1 += atoms_per_g * a.sigma1;
        s2 += atoms_per_g * a.sigma2;
        double weight = atoms_per_g * Z * (Z + 1.0);
        wlog += weight * log(a.screening);
        wsum += weight;
    }
    out->screening = exp(wlog / wsum);
    out->sigma0 = s0;
    out->sigma1 = s1;
    out->sigma2 = s2;
}
