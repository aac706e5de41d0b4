/* Collision stopping power of electrons and positrons (ICRU Report 37). */
#include "physics/collision.h"

#include <math.h>

#include "physics/electron_constants.h"
#include "physics/electron_elements.h"

/* Below this density (g/cm3) a material is treated as a gas: gas-phase
 * I values of the constituents and the gas branch of Sternheimer-Peierls. */
#define GAS_DENSITY_LIMIT 0.01

sf_status sf_collision_params_init(const sf_material *m,
                                   double density_g_cm3,
                                   sf_collision_params *out)
{
    if (!(density_g_cm3 > 0.0) || !isfinite(density_g_cm3))
        SF_FAIL(SF_ERR_VALUE, "material '%s': density %g g/cm3, expected a "
                "positive number", m->name, density_g_cm3);
    int condensed = density_g_cm3 >= GAS_DENSITY_LIMIT;
    double I_eV, rho_fit;
    out->z_over_a = sf_electron_z_over_a(m);
    out->density_g_cm3 = density_g_cm3;
    if (sf_density_effect_lookup(m, &I_eV, &rho_fit, &out->density_effect)) {
        /* The fitted delta depends on density through the plasma energy
         * (proportional to sqrt(rho)) in the combination beta gamma h nu_p;
         * shifting X by 0.5 log10(rho/rho_fit) is exact in the high-energy
         * limit delta = 2 ln(beta gamma h nu_p / I) - 1. */
        out->density_effect.X_shift = 0.5 * log10(density_g_cm3 / rho_fit);
        out->I_source = "ICRU 37 reference material";
    } else {
        SF_TRY(sf_electron_mean_excitation_mixture_eV(m, condensed, &I_eV));
        sf_density_effect_general(I_eV, out->z_over_a, density_g_cm3,
                                  condensed, &out->density_effect);
        out->I_source = "Bragg additivity";
    }
    out->I_MeV = I_eV * 1e-6;
    return SF_OK;
}

/* F-(tau) for electrons, from the Moller cross section (Rohrlich &
 * Carlson, Phys. Rev. 93, 38 (1954); ICRU Report 37 section 2). */
static double f_minus(double tau, double beta2)
{
    double tp1 = tau + 1.0;
    return 1.0 - beta2 +
           (tau * tau / 8.0 - (2.0 * tau + 1.0) * log(2.0)) / (tp1 * tp1);
}

/* F+(tau) for positrons, from the Bhabha cross section (Rohrlich &
 * Carlson 1954; ICRU Report 37 section 2). */
static double f_plus(double tau, double beta2)
{
    double y = 1.0 / (tau + 2.0);
    return 2.0 * log(2.0) -
           beta2 / 12.0 * (23.0 + 14.0 * y + 10.0 * y * y + 4.0 * y * y * y);
}

/* Restricted F-(tau, D), D = cut / (m c^2) <= tau/2 (ICRU 37 section 2;
 * Berger & Seltzer 1964): energy transfers below D only. */
static double f_minus_restricted(double tau, double beta2, double D)
{
    double tp1 = tau + 1.0;
    return -1.0 - beta2 + log((tau - D) * D) + tau / (tau - D) +
           (0.5 * D * D + (2.0 * tau + 1.0) * log(1.0 - D / tau)) /
               (tp1 * tp1);
}

/* Restricted F+(tau, D), D <= tau (Berger & Seltzer 1964;
 * ICRU 37 section 2). */
static double f_plus_restricted(double tau, double beta2, double D)
{
    double y = 1.0 / (tau + 2.0);
    double D2 = D * D, D3 = D2 * D, D4 = D3 * D;
    return log(tau * D) -
           beta2 / tau *
               (tau + 2.0 * D - 1.5 * D2 * y - (D - D3 / 3.0) * y * y -
                (0.5 * D2 - tau * D3 / 3.0 + 0.25 * D4) * y * y * y);
}

/* Bethe formula as written in ICRU Report 37 (unrestricted and restricted):
 *   S/rho = 2 pi r_e^2 m c^2 N_A (Z/A) / beta^2
 *           * [ln(tau^2 (tau+2) / (2 (I/mc^2)^2)) + F(tau) - delta]
 * and, restricted,  [ln(2 (tau+2) / (I/mc^2)^2) + F(tau, D) - delta]. */
static double bethe(const sf_collision_params *p, double T, double cut,
                    int positron, int restricted)
{
    double tau = T / SF_EL_MC2_MEV;
    double gamma = tau + 1.0;
    double beta2 = 1.0 - 1.0 / (gamma * gamma);
    double i_red = p->I_MeV / SF_EL_MC2_MEV;
    double delta = sf_density_effect_delta(&p->density_effect, T);
    double bracket;
    if (!restricted) {
        bracket = log(tau * tau * (tau + 2.0) / (2.0 * i_red * i_red)) +
                  (positron ? f_plus(tau, beta2) : f_minus(tau, beta2));
    } else {
        double D = cut / SF_EL_MC2_MEV;
        bracket = log(2.0 * (tau + 2.0) / (i_red * i_red)) +
                  (positron ? f_plus_restricted(tau, beta2, D)
                            : f_minus_restricted(tau, beta2, D));
    }
    double S = SF_EL_BETHE_K * p->z_over_a / beta2 * (bracket - delta);
    /* The Bethe formula turns negative a little above I/2; the electron
     * data never evaluate it there (the grid starts at 1 keV), but guard
     * any direct caller. */
    return S > 0.0 ? S : 0.0;
}

double sf_collision_stopping(const sf_collision_params *p, double T_MeV,
                             int positron)
{
    return bethe(p, T_MeV, 0.0, positron, 0);
}

double sf_collision_stopping_restricted(const sf_collision_params *p,
                                        double T_MeV, double cut_MeV,
                                        int positron)
{
    double max_transfer = positron ? T_MeV : 0.5 * T_MeV;
    if (cut_MeV >= max_transfer)
        return bethe(p, T_MeV, 0.0, positron, 0);
    return bethe(p, T_MeV, cut_MeV, positron, 1);
}
