/* Moller and Bhabha cross sections: closed forms of the differential cross
 * sections and of their zeroth and first moments above a cut. */
#include "physics/moller_bhabha.h"

#include <math.h>

#include "physics/electron_constants.h"

/* 2 pi r_e^2 m c^2 / beta^2 and the reduced kinematic quantities. */
typedef struct kinematics {
    double tau, beta2, prefactor;
} kinematics;

static kinematics kin(double T)
{
    kinematics k;
    k.tau = T / SF_EL_MC2_MEV;
    double gamma = k.tau + 1.0;
    k.beta2 = 1.0 - 1.0 / (gamma * gamma);
    k.prefactor = 2.0 * SF_EL_PI * SF_EL_RE_CM * SF_EL_RE_CM * SF_EL_MC2_MEV /
                  k.beta2;
    return k;
}

/* Moller (1932), as written in ICRU 37 and SLAC-265, with e = W/T:
 *   d(sigma)/de = 2 pi r_e^2 m c^2 / (beta^2 T)
 *       [1/e^2 + 1/(1-e)^2 + g2 - c/(e(1-e))]
 * (sf_moller_coefficients). */
double sf_moller_dcs(double T, double W)
{
    if (!(T > 0.0) || !(W > 0.0) || W > 0.5 * T)
        return 0.0;
    kinematics k = kin(T);
    sf_moller_coef m = sf_moller_coefficients(k.tau);
    double e = W / T;
    double bracket = 1.0 / (e * e) + 1.0 / ((1.0 - e) * (1.0 - e)) + m.g2 -
                     m.c / (e * (1.0 - e));
    return k.prefactor / (T * T) * bracket;
}

/* Term-by-term integral of the bracket over (ec, 1/2). */
double sf_moller_cross_section(double T, double cut)
{
    if (!(T > 0.0) || cut >= 0.5 * T)
        return 0.0;
    kinematics k = kin(T);
    sf_moller_coef m = sf_moller_coefficients(k.tau);
    double ec = cut / T;
    double integral = 1.0 / ec - 1.0 / (1.0 - ec) + m.g2 * (0.5 - ec) -
                      m.c * log((1.0 - ec) / ec);
    return k.prefactor / T * integral;
}

/* Integral of e times the bracket over (ec, 1/2), times T: the energy lost
 * in hard collisions (its complement is the restricted stopping power of
 * ICRU 37). */
double sf_moller_energy_loss(double T, double cut)
{
    if (!(T > 0.0) || cut >= 0.5 * T)
        return 0.0;
    kinematics k = kin(T);
    sf_moller_coef m = sf_moller_coefficients(k.tau);
    double ec = cut / T;
    double l2 = log(2.0 * (1.0 - ec));
    double integral = log(0.5 / ec) + 2.0 - 1.0 / (1.0 - ec) - l2 +
                      m.g2 * (0.125 - 0.5 * ec * ec) - m.c * l2;
    return k.prefactor * integral;
}

/* Bhabha (1936), SLAC-265 section 2.10:
 *   d(sigma)/de = 2 pi r_e^2 m c^2 / (beta^2 T)
 *       [1/e^2 - beta^2 (B1/e - B2 + B3 e - B4 e^2)]
 * (sf_bhabha_coefficients). */
double sf_bhabha_dcs(double T, double W)
{
    if (!(T > 0.0) || !(W > 0.0) || W > T)
        return 0.0;
    kinematics k = kin(T);
    sf_bhabha_coef b = sf_bhabha_coefficients(k.tau);
    double e = W / T;
    double bracket = 1.0 / (e * e) -
                     k.beta2 * (b.b1 / e - b.b2 + b.b3 * e - b.b4 * e * e);
    return k.prefactor / (T * T) * bracket;
}

double sf_bhabha_cross_section(double T, double cut)
{
    if (!(T > 0.0) || cut >= T)
        return 0.0;
    kinematics k = kin(T);
    sf_bhabha_coef b = sf_bhabha_coefficients(k.tau);
    double ec = cut / T;
    double integral = (1.0 / ec - 1.0) -
                      k.beta2 * (-b.b1 * log(ec) - b.b2 * (1.0 - ec) +
                                 0.5 * b.b3 * (1.0 - ec * ec) -
                                 b.b4 * (1.0 - ec * ec * ec) / 3.0);
    return k.prefactor / T * integral;
}

double sf_bhabha_energy_loss(double T, double cut)
{
    if (!(T > 0.0) || cut >= T)
        return 0.0;
    kinematics k = kin(T);
    sf_bhabha_coef b = sf_bhabha_coefficients(k.tau);
    double ec = cut / T;
    double integral = -log(ec) -
                      k.beta2 * (b.b1 * (1.0 - ec) -
                                 0.5 * b.b2 * (1.0 - ec * ec) +
                                 b.b3 * (1.0 - ec * ec * ec) / 3.0 -
                                 0.25 * b.b4 * (1.0 - ec * ec * ec * ec));
    return k.prefactor * integral;
}

/* Integral of e^2 times the Moller bracket over (0, ec), ec <= 1/2, times
 * T: term by term, 1 + e^2/(1-e)^2 + g2 e^2 - c e/(1-e). */
double sf_moller_soft_straggling(double T, double cut)
{
    if (!(T > 0.0) || !(cut > 0.0))
        return 0.0;
    kinematics k = kin(T);
    sf_moller_coef m = sf_moller_coefficients(k.tau);
    double ec = cut < 0.5 * T ? cut / T : 0.5;
    double l1 = log1p(-ec);
    double integral = ec + (1.0 / (1.0 - ec) + 2.0 * l1 - 1.0 + ec) +
                      m.g2 * ec * ec * ec / 3.0 + m.c * (ec + l1);
    return k.prefactor * T * integral;
}

double sf_bhabha_soft_straggling(double T, double cut)
{
    if (!(T > 0.0) || !(cut > 0.0))
        return 0.0;
    kinematics k = kin(T);
    sf_bhabha_coef b = sf_bhabha_coefficients(k.tau);
    double ec = cut < T ? cut / T : 1.0;
    double e2 = ec * ec, e3 = e2 * ec;
    double integral = ec - k.beta2 * (0.5 * b.b1 * e2 - b.b2 * e3 / 3.0 +
                                      0.25 * b.b3 * e3 * ec -
                                      0.2 * b.b4 * e3 * e2);
    return k.prefactor * T * integral;
}

/* (1 - P_l(cos theta)), l = 1, 2, of the projectile left with T - W. */
static void deflection_weights(double T, double W, double w[2])
{
    double s2 = 2.0 * SF_EL_MC2_MEV * W / (T * (T - W + 2.0 * SF_EL_MC2_MEV));
    w[0] = s2 / (1.0 + sqrt(1.0 - s2));
    w[1] = 1.5 * s2;
}

/* Simpson's rule in ln W: W d(sigma)/dW (1 - P_l) varies slowly there (the
 * cross section falls as 1/W^2, the weight grows as W). 256 intervals give
 * the integral to better than 1e-6 relative up to W = T/2 (unit test), far
 * below the tables' interpolation. Both orders from one evaluation of the
 * cross section per node: it is most of the cost, paid for every grid
 * energy of every medium at set-up. */
static void deflection_integrals(double (*dcs)(double, double), double T,
                                 double lo, double hi, double sigma[2])
{
    sigma[0] = sigma[1] = 0.0;
    if (!(T > 0.0) || !(lo > 0.0) || !(hi > lo))
        return;
    const int n = 256;
    double a = log(lo), h = (log(hi) - a) / n;
    for (int i = 0; i <= n; ++i) {
        /* The ends exactly: exp(log(T/2)) may round above T/2, where the
         * cross section is 0. */
        double W = i == 0 ? lo : i == n ? hi : exp(a + i * h);
        double wd = W * dcs(T, W), w[2];
        deflection_weights(T, W, w);
        for (int l = 0; l < 2; ++l)
            sigma[l] += wd * w[l] * (i == 0 || i == n ? 1.0 : (i % 2 ? 4.0 : 2.0));
    }
    for (int l = 0; l < 2; ++l)
        sigma[l] = sigma[l] * h / 3.0;
}

void sf_moller_deflection_transport(double T, double lo, double hi,
                                    double sigma[2])
{
    deflection_integrals(sf_moller_dcs, T, lo, fmin(hi, 0.5 * T), sigma);
}

void sf_bhabha_deflection_transport(double T, double lo, double hi,
                                    double sigma[2])
{
    deflection_integrals(sf_bhabha_dcs, T, lo, fmin(hi, T), sigma);
}
