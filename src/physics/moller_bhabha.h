/* Moller (e- e-) and Bhabha (e+ e-) scattering on free electrons at rest:
 * differential and integrated cross sections for the hard collisions that
 * produce secondary electrons above a threshold. T is the kinetic energy of
 * the projectile, W the kinetic energy given to the secondary electron, both
 * in MeV; cross sections per target electron in cm2 (differential in
 * cm2/MeV). Formulas as in ICRU Report 37 section 2.2 and Messel & Crawford
 * (1970) / EGS4 (Nelson, Hirayama & Rogers, SLAC-265, section 2.10). */
#ifndef SF_MOLLER_BHABHA_H
#define SF_MOLLER_BHABHA_H

/* d(sigma)/dW for Moller scattering, W in (0, T/2]: the secondary is by
 * convention the slower of the two outgoing electrons. 0 outside. */
double sf_moller_dcs(double T_MeV, double W_MeV);

/* Integral of d(sigma)/dW over cut < W <= T/2 (0 when cut >= T/2). */
double sf_moller_cross_section(double T_MeV, double cut_MeV);

/* Integral of W d(sigma)/dW over cut < W <= T/2, MeV cm2. */
double sf_moller_energy_loss(double T_MeV, double cut_MeV);

/* d(sigma)/dW for Bhabha scattering, W in (0, T]. 0 outside. */
double sf_bhabha_dcs(double T_MeV, double W_MeV);

/* Integral of d(sigma)/dW over cut < W <= T (0 when cut >= T). */
double sf_bhabha_cross_section(double T_MeV, double cut_MeV);

/* Integral of W d(sigma)/dW over cut < W <= T, MeV cm2. */
double sf_bhabha_energy_loss(double T_MeV, double cut_MeV);

/* Energy-loss straggling of the soft collisions: the integral of
 * W^2 d(sigma)/dW over 0 < W <= min(cut, T/2) (Moller) or min(cut, T)
 * (Bhabha), MeV2 cm2 per target electron. For a small cut it tends to
 * Bohr's 2 pi r_e^2 m c^2 cut / beta^2. */
double sf_moller_soft_straggling(double T_MeV, double cut_MeV);
double sf_bhabha_soft_straggling(double T_MeV, double cut_MeV);

#endif
