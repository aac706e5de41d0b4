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

/* Mott (spin and relativistic) correction: the ratio of the Mott to the
 * Rutherford cross section to first order in alpha Z, McKinley & Feshbach,
 * Phys. Rev. 74, 1759 (1948), with sin^2(theta/2) = mu:
 *   R(mu) = 1 - beta^2 mu + q (sqrt(mu) - mu),  q = +pi alpha Z beta (e-),
 *                                               q = -pi alpha Z beta (e+).
 * It is applied to the whole Z(Z+1) screened Rutherford cross section (as
 * the screening, the correction of the electron-electron part is
 * approximate). Accurate to a few % for alpha Z << 1 (Z <~ 30); it
 * underestimates the large-angle enhancement of heavy elements. */
void sf_elastic_mott_factor(int Z, double T, int positron,
                            sf_elastic_model model, double *b2, double *q)
{
    if (model == SF_ELASTIC_RUTHERFORD) {
        *b2 = 0.0;
        *q = 0.0;
        return;
    }
    reduced r = reduce(T);
    double beta = sqrt(r.beta2);
    *b2 = r.beta2;
    *q = (positron ? -1.0 : 1.0) * SF_EL_PI * SF_EL_ALPHA * Z * beta;
}

static double dcs_particle(int Z, double T, double mu, int positron)
{
    if (mu < 0.0 || mu > 1.0)
        return 0.0;
    double eta = sf_elastic_screening(Z, T), b2, q;
    sf_elastic_mott_factor(Z, T, positron, SF_ELASTIC_MOTT, &b2, &q);
    double d = mu + eta;
    double R = 1.0 - b2 * mu + q * (sqrt(mu) - mu);
    return SF_EL_PI * wentzel_a(Z, T) * R / (d * d);
}

double sf_elastic_dcs(int Z, double T, double mu)
{
    return dcs_particle(Z, T, mu, 0);
}

/* Closed-form moments of pi A R(mu)/(mu + eta)^2 over 0 <= mu <= 1, with
 * 1 - P1 = 2 mu and 1 - P2 = 6 mu (1 - mu). They need
 * J_a = integral_0^1 mu^a / (mu + eta)^2 dmu for a = 0, 1/2, ..., 3: with
 * L = ln(1 + 1/eta) and, for the half-integer powers (mu = u^2),
 * U = arctan(1/sqrt(eta)) / sqrt(eta),
 *   J_0 = 1/(eta (1 + eta)),            J_1/2 = U - 1/(1 + eta),
 *   J_1 = L - 1/(1 + eta),              J_3/2 = 2 - 3 eta U + eta/(1 + eta),
 *   J_2 = 1 - 2 eta L + eta^2 J_0,      J_5/2 = 2/3 - 4 eta + 5 eta^2 U
 *                                               - eta^2/(1 + eta),
 *   J_3 = 1/2 - 2 eta + 3 eta^2 L - eta^3 J_0.
 * Then, with R = 1 - b mu + q (sqrt(mu) - mu),
 *   sigma0 = pi A [J_0 - b J_1 + q (J_1/2 - J_1)],
 *   sigma1 = 2 pi A [J_1 - b J_2 + q (J_3/2 - J_2)],
 *   sigma2 = 6 pi A [J_1 - J_2 - b (J_2 - J_3)
 *                    + q (J_3/2 - J_2 - J_5/2 + J_3)].
 * Without the correction (b = q = 0) sigma1 = 2 pi A [L - 1/(1 + eta)] and
 * sigma2 = 6 pi A [(1 + 2 eta) L - 2], the screened Rutherford values. */
void sf_elastic_atom_model(int Z, double T, int positron,
                           sf_elastic_model model, sf_elastic_moments *out)
{
    double eta = sf_elastic_screening(Z, T), b, q;
    sf_elastic_mott_factor(Z, T, positron, model, &b, &q);
    double piA = SF_EL_PI * wentzel_a(Z, T);
    double L = log1p(1.0 / eta), c = sqrt(eta);
    double U = atan(1.0 / c) / c, e1 = 1.0 / (1.0 + eta);
    double J0 = 1.0 / (eta * (1.0 + eta));
    double Jh = U - e1;
    double J1 = L - e1;
    double J3h = 2.0 - 3.0 * eta * U + eta * e1;
    double J2 = 1.0 - 2.0 * eta * L + eta * eta * J0;
    double J5h = 2.0 / 3.0 - 4.0 * eta + 5.0 * eta * eta * U - eta * eta * e1;
    double J3 = 0.5 - 2.0 * eta + 3.0 * eta * eta * L - eta * eta * eta * J0;
    out->screening = eta;
    out->sigma0 = piA * (J0 - b * J1 + q * (Jh - J1));
    out->sigma1 = 2.0 * piA * (J1 - b * J2 + q * (J3h - J2));
    /* J1 - J2 = (1 + 2 eta) L - 2 + ...: the bracket tends to 1/(3 eta^2)
     * for eta >> 1 and then loses about 2 log10(eta) digits: harmless for
     * the eta of 1 keV - 20 MeV. */
    out->sigma2 = 6.0 * piA * (J1 - J2 - b * (J2 - J3) +
                               q * (J3h - J2 - J5h + J3));
}

void sf_elastic_atom(int Z, double T, sf_elastic_moments *out)
{
    sf_elastic_atom_model(Z, T, 0, SF_ELASTIC_MOTT, out);
}

void sf_elastic_material_particle(const sf_material *m, double T,
                                  int positron, sf_elastic_model model,
                                  sf_elastic_moments *out)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, wlog = 0.0, wsum = 0.0;
    for (int i = 0; i < m->n_elements; ++i) {
        int Z = m->Z[i];
        double atoms_per_g = SF_EL_AVOGADRO * m->mass_fraction[i] /
                             sf_electron_atomic_weight(Z);
        sf_elastic_moments a;
        sf_elastic_atom_model(Z, T, positron, model, &a);
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

void sf_elastic_material(const sf_material *m, double T,
                         sf_elastic_moments *out)
{
    sf_elastic_material_particle(m, T, 0, SF_ELASTIC_MOTT, out);
}

/* Wentzel part by inversion: its distribution function is
 * F(mu) = mu (1 + eta) / (mu + eta), so mu = u eta / (1 + eta - u). The
 * factor R(mu) = 1 - b2 mu + q (sqrt(mu) - mu) is then accepted by
 * rejection against its maximum over [0, 1], 1 + max(q, 0)/4 (q (s - s^2)
 * peaks at s = sqrt(mu) = 1/2); R stays positive (b2 < 1, |q| < 1 for the
 * Z this first-order factor is meant for). */
double sf_elastic_sample_mu(double eta, double b2, double q, sf_rng *rng)
{
    double r_max = 1.0 + (q > 0.0 ? 0.25 * q : 0.0);
    for (;;) {
        double u = sf_rng_uniform(rng);
        double mu = u * eta / (1.0 + eta - u);
        if (mu > 1.0)
            mu = 1.0;
        if (b2 == 0.0 && q == 0.0)
            return mu;
        double R = 1.0 - b2 * mu + q * (sqrt(mu) - mu);
        if (sf_rng_uniform(rng) * r_max <= R)
            return mu;
    }
}
