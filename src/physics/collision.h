/* Collision (electronic) stopping power of electrons and positrons:
 * the Bethe formula of ICRU Report 37 with Sternheimer's density-effect
 * correction, unrestricted and restricted to energy transfers below a
 * threshold. Stopping powers in MeV cm2/g, energies in MeV. */
#ifndef SF_COLLISION_H
#define SF_COLLISION_H

#include "core/error.h"
#include "physics/material.h"

/* Sternheimer's parametrisation of the density-effect correction
 * (Sternheimer, Berger & Seltzer, At. Data Nucl. Data Tables 30, 261
 * (1984)), in terms of X = log10(p / m c). */
typedef struct sf_density_effect {
    double C_bar;    /* -C of SBS 1984, > 0 */
    double X0, X1, a, m, delta0;
    double X_shift;  /* 0.5 log10(rho / rho_fit), see density_effect.c */
    int fitted;      /* 1: SBS 1984 fitted values, 0: general formula */
} sf_density_effect;

typedef struct sf_collision_params {
    double z_over_a;  /* sum w_i Z_i / A_i, mol/g */
    double I_MeV;     /* mean excitation energy */
    double density_g_cm3;
    sf_density_effect density_effect;
    const char *I_source;  /* "ESTAR material table" or "Bragg additivity" */
} sf_collision_params;

/* Mean excitation energy and density-effect parameters of a material at
 * density `density_g_cm3` (which may differ from the nominal one).
 * Materials whose composition matches one of the ICRU 37 / SBS 1984
 * reference materials (water, air) take its tabulated I and fitted
 * parameters; all others get I by Bragg additivity and the general
 * Sternheimer-Peierls parameters. */
sf_status sf_collision_params_init(const sf_material *m,
                                   double density_g_cm3,
                                   sf_collision_params *out);

/* Looks the material up in the table of reference materials; returns 1
 * and fills I and the parameters (fitted at `*rho_fit`) on a match. */
int sf_density_effect_lookup(const sf_material *m, double *I_eV,
                             double *rho_fit, sf_density_effect *out);

/* General Sternheimer-Peierls parameters (Sternheimer & Peierls, Phys.
 * Rev. B 3, 3681 (1971)) from I, the electron density and the phase. */
void sf_density_effect_general(double I_eV, double z_over_a,
                               double density_g_cm3, int condensed,
                               sf_density_effect *out);

/* Density-effect correction delta for an electron or positron of kinetic
 * energy T_MeV. */
double sf_density_effect_delta(const sf_density_effect *d, double T_MeV);

/* Unrestricted collision stopping power (Bethe formula with the Rohrlich-Carlson
 * F functions, ICRU 37). */
double sf_collision_stopping(const sf_collision_params *p, double T_MeV,
                             int positron);

/* Restricted collision stopping power: energy losses in collisions that
 * transfer less than cut_MeV to the secondary electron (Berger & Seltzer,
 * NASA SP-3012 (1964); ICRU 37), with Delta = cut / m c^2. Equals
 * the unrestricted value when the cut is at or above the maximum transfer
 * (T/2 for electrons, T for positrons). */
double sf_collision_stopping_restricted(const sf_collision_params *p,
                                        double T_MeV, double cut_MeV,
                                        int positron);

#endif
