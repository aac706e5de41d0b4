/* Moller (e- e-) and Bhabha (e+ e-) scattering on free electrons at rest:
 * differential and integrated cross sections for the hard collisions that
 * produce secondary electrons above a threshold. T is the kinetic energy of
 * the projectile, W the kinetic energy given to the secondary electron, both
 * in MeV; cross sections per target electron in cm2 (differential in
 * cm2/MeV). Formulas as in ICRU Report 37 section 2.2 and Messel & Crawford
 * (1970) / EGS4 (Nelson, Hirayama & Rogers, SLAC-265, section 2.10). */
#ifndef SF_MOLLER_BHABHA_H
#define SF_MOLLER_BHABHA_H

/* The coefficients of the Moller bracket in e = W/T,
 *   1/e^2 + 1/(1-e)^2 + g2 - c/(e(1-e)),
 * g2 = (tau/(tau+1))^2, c = (2 tau+1)/(tau+1)^2, tau = T / m c^2. */
typedef struct sf_moller_coef {
    double g2, c;
} sf_moller_coef;

static inline sf_moller_coef sf_moller_coefficients(double tau)
{
    double g = tau / (tau + 1.0);
    sf_moller_coef m = {g * g,
                        (2.0 * tau + 1.0) / ((tau + 1.0) * (tau + 1.0))};
    return m;
}

/* The coefficients of the Bhabha bracket,
 *   1/e^2 - beta^2 (B1/e - B2 + B3 e - B4 e^2),
 * with y = 1/(tau+2): B1 = 2 - y^2, B2 = (1-2y)(3+y^2), B4 = (1-2y)^3,
 * B3 = B4 + (1-2y)^2 (EGS4, SLAC-265 section 2.10). */
typedef struct sf_bhabha_coef {
    double b1, b2, b3, b4;
} sf_bhabha_coef;

static inline sf_bhabha_coef sf_bhabha_coefficients(double tau)
{
    double y = 1.0 / (tau + 2.0), u = 1.0 - 2.0 * y;
    sf_bhabha_coef b;
    b.b1 = 2.0 - y * y;
    b.b2 = u * (3.0 + y * y);
    b.b4 = u * u * u;
    b.b3 = b.b4 + u * u;
    return b;
}

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

/* The first and second transport cross sections (sigma_cm2[l - 1], l = 1,
 * 2) of the projectile's own deflection in the collisions with
 * lo < W <= hi (hi clipped at T/2 for
 * Moller, T for Bhabha; accurate to 1e-6 up to T/2, and the kernel uses
 * at most 0.1 T): the integral of (1 - P_l(cos theta)) d(sigma)/dW,
 * cm2 per target electron, with cos theta of the binary collision,
 *     1 - cos^2 theta = 2 m c^2 W / (T (T - W + 2 m c^2)).
 * A condensed-history kernel that treats these collisions as soft adds
 * them to its multiple-scattering moments (docs/electron-transport.md). */
void sf_moller_deflection_transport(double T_MeV, double lo_MeV,
                                    double hi_MeV, double sigma_cm2[2]);
void sf_bhabha_deflection_transport(double T_MeV, double lo_MeV,
                                    double hi_MeV, double sigma_cm2[2]);

#endif
