/* Bremsstrahlung cross section of electrons in the field of an atom.
 *
 * Construction (each piece cited where it is computed):
 *   1. the Bethe-Heitler Born cross section without screening, exact in the
 *      electron energies (Koch & Motz, Rev. Mod. Phys. 31, 920 (1959),
 *      formula 3BN);
 *   2. times the Elwert (1939) Coulomb factor, which corrects the Born
 *      approximation at low electron energies (Koch & Motz section II.B);
 *   3. minus the reduction due to screening by the atomic electrons, taken
 *      from the extreme-relativistic Bethe-Heitler formula with
 *      Thomas-Fermi screening (Koch & Motz formula 3BS) in the fitted form of
 *      Butcher & Messel, Nucl. Phys. 20, 15 (1960), as used in EGS4;
 *   4. atomic-electron bremsstrahlung through Z^2 -> Z (Z + eta(T)).
 */
#include "physics/bremsstrahlung.h"

#include <math.h>
#include <stddef.h>

#include "physics/electron_constants.h"
#include "physics/electron_elements.h"

/* Koch & Motz 3BN. Energies in m c^2, momenta in m c; E0, p0 before and
 * E, p after the emission of a photon k = E0 - E. Returns the curly bracket
 * times p/p0, so that d(sigma)/dk = Z^2 alpha r_e^2 / k * bn_bracket. */
static double bn_bracket(double E0, double k)
{
    double E = E0 - k;
    double p0 = sqrt(E0 * E0 - 1.0), p = sqrt(E * E - 1.0);
    double p02 = p0 * p0, p2 = p * p, p03 = p02 * p0, p3 = p2 * p;
    double eps0 = log((E0 + p0) / (E0 - p0));
    double eps = log((E + p) / (E - p));
    double L = 2.0 * log((E0 * E + p0 * p - 1.0) / k);
    double EE = E0 * E;
    double t = 4.0 / 3.0 - 2.0 * EE * (p2 + p02) / (p2 * p02) +
               eps0 * E / p03 + eps * E0 / p3 - eps * eps0 / (p0 * p);
    double tl = 8.0 / 3.0 * EE / (p0 * p) +
                k * k * (EE * EE + p02 * p2) / (p03 * p3) +
                k / (2.0 * p0 * p) *
                    (eps0 * (EE + p02) / p03 - eps * (EE + p2) / p3 +
                     2.0 * k * EE / (p2 * p02));
    return p / p0 * (t + L * tl);
}

/* Elwert factor (Elwert, Ann. Phys. 34, 178 (1939); discussed by Koch & Motz 1959):
 * (beta0/beta) [1 - exp(-2 pi Z alpha / beta0)] / [1 - exp(-2 pi Z alpha
 * / beta)]. */
static double elwert(int Z, double E0, double E)
{
    double beta0 = sqrt(1.0 - 1.0 / (E0 * E0));
    double beta = sqrt(1.0 - 1.0 / (E * E));
    double a = 2.0 * SF_EL_PI * Z * SF_EL_ALPHA;
    return beta0 / beta * (-expm1(-a / beta0)) / (-expm1(-a / beta));
}

/* Thomas-Fermi screening functions phi1, phi2 of the extreme-relativistic
 * Bethe-Heitler formula, Butcher-Messel fits with
 * delta = 136 Z^(-1/3) k / (E0 E) (energies in m c^2), and the deficit
 * phi_unscreened - phi_i, where phi_unscreened = 21.12 - 4.184 ln(delta)
 * is the delta >> 1 (no screening) limit of the same fit. The deficit
 * tends to 0 where screening is negligible and grows like
 * 4 ln(1/delta) towards complete screening. */
static void screening_deficit(int Z, double E0, double k, double *d1,
                              double *d2)
{
    double E = E0 - k;
    double delta = 136.0 / cbrt((double)Z) * k / (E0 * E);
    double unscreened = 21.12 - 4.184 * log(delta);
    double phi1, phi2;
    if (delta <= 1.0) {
        phi1 = 20.867 - 3.242 * delta + 0.625 * delta * delta;
        phi2 = 20.209 - 1.930 * delta - 0.086 * delta * delta;
    } else {
        phi1 = phi2 = 21.12 - 4.184 * log(delta + 0.952);
    }
    *d1 = unscreened - phi1;
    *d2 = unscreened - phi2;
}

double sf_brems_dcs_nuclear(int Z, double T, double k)
{
    if (!(T > 0.0) || !(k > 0.0) || k >= T || Z < 1)
        return 0.0;
    double E0 = 1.0 + T / SF_EL_MC2_MEV, kr = k / SF_EL_MC2_MEV;
    double E = E0 - kr;
    double d1, d2;
    screening_deficit(Z, E0, kr, &d1, &d2);
    double ratio = E / E0;
    /* Koch & Motz 3BS: the screened cross section is the unscreened one
     * less (1 + (E/E0)^2) d1 - (2/3)(E/E0) d2 in the same units. */
    double bracket = bn_bracket(E0, kr) * elwert(Z, E0, E) -
                     ((1.0 + ratio * ratio) * d1 - 2.0 / 3.0 * ratio * d2);
    if (bracket <= 0.0)
        return 0.0;
    double scale = SF_EL_ALPHA * SF_EL_RE_CM * SF_EL_RE_CM * Z * Z;
    return scale * bracket / k;
}

/* Atomic-electron bremsstrahlung relative to the nuclear one.
 * At high energies the ratio tends to the complete-screening value
 * xi = ln(1194 Z^(-2/3)) / ln(184.15 Z^(-1/3)) (Tsai, Rev. Mod. Phys. 46,
 * 815 (1974), the radiation logarithms L_rad and L'_rad). Towards low energies electron-electron
 * bremsstrahlung vanishes (no dipole radiation between equal charge/mass
 * particles; Haug, Z. Naturforsch. 30a, 1099 (1975)). Between the two
 * limits saffron uses the empirical interpolation eta = xi T / (T + T_e).
 * T_e = 0.5 MeV was tuned by hand so that the radiation yield of water
 * at 1 and 10 MeV agrees with ESTAR (Seltzer-Berger cross sections) to
 * about 2 %; it is not derived from theory (docs/electron-physics.md). */
#define EE_SCALE_MEV 0.5

double sf_brems_electron_factor(int Z, double T)
{
    double z3 = cbrt((double)Z);
    double xi = log(1194.0 / (z3 * z3)) / log(184.15 / z3);
    return xi * T / (T + EE_SCALE_MEV);
}

double sf_brems_dcs_atom(int Z, double T, double k)
{
    double n = sf_brems_dcs_nuclear(Z, T, k);
    return n * (1.0 + sf_brems_electron_factor(Z, T) / Z);
}

double sf_brems_k_dcs_material(const sf_material *m, double T, double k,
                               sf_brems_memo *memo)
{
    double s = 0.0;
    for (int i = 0; i < m->n_elements; ++i) {
        int Z = m->Z[i];
        s += m->mass_fraction[i] / sf_electron_atomic_weight(Z) *
             sf_brems_memo_dcs_atom(memo, Z, T, k);
    }
    return SF_EL_AVOGADRO * k * s;
}

/* 8-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz & Stegun
 * Table 25.4). */
static const double gl_x[4] = {0.1834346424956498, 0.5255324099163290,
                               0.7966664774136267, 0.9602898564975363};
static const double gl_w[4] = {0.3626837833783620, 0.3137066243368376,
                               0.2223810344533745, 0.1012285362903763};

/* Breakpoints in kappa = k/T: decades towards 0 (where k dsigma/dk varies
 * like ln k until screening flattens it) and towards 1 (the tip of the
 * spectrum, where the outgoing momentum vanishes like sqrt(1 - kappa)). */
static const double kappa_breaks[] = {
    0.0,  1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.05, 0.1,    0.2,    0.3,
    0.4,  0.5,  0.6,  0.7,  0.8,  0.9,  0.97, 0.99, 0.999,  0.9999, 1.0};
#define N_KAPPA_BREAKS (sizeof kappa_breaks / sizeof kappa_breaks[0])

/* Integral over a < kappa < b of k dsigma/dk * kappa^(-power) d kappa,
 * power 0 (energy moment / T) or 1 (number of photons). */
static double integrate_kappa(const sf_material *m, double T, double a,
                              double b, int power, sf_brems_memo *memo)
{
    double sum = 0.0;
    for (size_t s = 0; s + 1 < N_KAPPA_BREAKS; ++s) {
        double lo = fmax(a, kappa_breaks[s]), hi = fmin(b, kappa_breaks[s + 1]);
        if (hi <= lo)
            continue;
        double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
        for (int j = 0; j < 4; ++j)
            for (int sign = -1; sign <= 1; sign += 2) {
                double kappa = mid + sign * half * gl_x[j];
                double f = sf_brems_k_dcs_material(m, T, kappa * T, memo);
                if (power)
                    f /= kappa;
                sum += gl_w[j] * half * f;
            }
    }
    return sum;
}

double sf_brems_radiative_stopping(const sf_material *m, double T,
                                   double k_max, sf_brems_memo *memo)
{
    if (!(T > 0.0) || !(k_max > 0.0))
        return 0.0;
    double b = k_max >= T ? 1.0 : k_max / T;
    return T * integrate_kappa(m, T, 0.0, b, 0, memo);
}

double sf_brems_cross_section(const sf_material *m, double T, double k_cut,
                              sf_brems_memo *memo)
{
    if (!(T > 0.0) || k_cut >= T || !(k_cut > 0.0))
        return 0.0;
    return integrate_kappa(m, T, k_cut / T, 1.0, 1, memo);
}
