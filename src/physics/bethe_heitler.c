/* Pair production cross sections (see bethe_heitler.h and
 * docs/physics-data.md, section "Pair production").
 *
 * Model, nuclear field, in four factors:
 *  1. the exact (no high-energy approximation) unscreened Born cross section
 *     of Bethe and Heitler, differential in the positron energy, valid down
 *     to threshold;
 *  2. minus the screening reduction, taken from the extreme-relativistic
 *     screened formula with the Thomas-Fermi screening functions of Butcher
 *     and Messel (it matters only where those formulas are valid: where
 *     screening is weak they give no reduction);
 *  3. times a Coulomb factor 1 + f_c(Z) g(k) whose Z dependence is the
 *     Davies-Bethe-Maximon f_c(Z) and whose energy dependence g(k) carries
 *     the known change of sign of the Coulomb correction between threshold
 *     (enhancement) and high energies (reduction);
 *  4. times a small radiative correction C_r(k).
 * Electron field (triplet): Z times the Z = 1 nuclear-field cross section
 * times the triplet-to-pair ratio for hydrogen of Hubbell, Gimm & Overbo.
 *
 * Units inside this file: energies in electron masses (k, E+, E-, p+, p-),
 * cross sections in units of alpha r_e^2 Z^2 until converted to barn.
 */
#include "physics/bethe_heitler.h"

#include <math.h>

/* alpha * r_e^2 in barn (CODATA 2018: alpha = 7.2973525693e-3,
 * r_e = 2.8179403262e-13 cm). */
#define ALPHA_RE2_BARN 5.7946522e-4
#define FINE_STRUCTURE 7.2973525693e-3

double sf_bh_coulomb_correction(int Z)
{
    /* Davies, Bethe & Maximon, Phys. Rev. 93 (1954) 788, eq. (36). */
    double a2 = FINE_STRUCTURE * Z * FINE_STRUCTURE * Z;
    return a2 * (1.0 / (1.0 + a2) + 0.20206 - 0.0369 * a2 +
                 0.0083 * a2 * a2 - 0.002 * a2 * a2 * a2);
}

/* Exact unscreened Born cross section d(sigma)/dE+ per alpha r_e^2 Z^2, in
 * units of the electron mass: Bethe & Heitler, Proc. R. Soc. A 146 (1934)
 * 83; formula 3D-0003 of Motz, Olsen & Koch, Rev. Mod. Phys. 41 (1969) 581.
 * Its integral over E+ reproduces Maximon's total (below) to 1e-5, which
 * the unit test checks. */
static double born_dsigma_dEp(double k, double Ep)
{
    double Em = k - Ep;
    if (Ep <= 1.0 || Em <= 1.0)
        return 0.0;
    double pp = sqrt(Ep * Ep - 1.0), pm = sqrt(Em * Em - 1.0);
    double pp2 = pp * pp, pm2 = pm * pm;
    double pp3 = pp2 * pp, pm3 = pm2 * pm;
    double ep = 2.0 * log(Ep + pp), em = 2.0 * log(Em + pm);
    double L = 2.0 * log((Ep * Em + pp * pm + 1.0) / k);
    double EE = Ep * Em;
    double t = -4.0 / 3.0 - 2.0 * EE * (pp2 + pm2) / (pp2 * pm2) +
               ep * Em / pp3 + em * Ep / pm3 - ep * em / (pp * pm) +
               L * (k * k * (EE * EE + pp2 * pm2) / (pp3 * pm3) -
                    8.0 * EE / (3.0 * pp * pm) -
                    k / (2.0 * pp * pm) *
                        ((EE - pp2) * ep / pp3 + (EE - pm2) * em / pm3 +
                         2.0 * k * EE / (pp2 * pm2)));
    return pp * pm / (k * k * k) * t;
}

/* Unscreened extreme-relativistic screening function in terms of the
 * screening variable delta: 4 ln(2 k eps (1-eps)) - 2 + (4/3) ln Z with
 * k eps (1-eps) = 136 / (Z^(1/3) delta) (Bethe-Heitler 1934 without
 * screening, in the notation of Butcher & Messel 1960). */
static double phi_unscreened(double delta)
{
    return 4.0 * log(272.0) - 2.0 - 4.0 * log(delta);
}

/* Thomas-Fermi screening functions, Butcher & Messel, Nucl. Phys. 20
 * (1960) 15 (as used in EGS4, SLAC-265 eqs. 2.7.14-2.7.15). */
static double phi_screened(int which, double delta)
{
    if (delta <= 1.0)
        return which == 1 ? 20.867 - 3.242 * delta + 0.625 * delta * delta
                          : 20.209 - 1.930 * delta - 0.086 * delta * delta;
    return 21.12 - 4.184 * log(delta + 0.952);
}

/* Screening reduction of the bracket. The Butcher-Messel fit has slope
 * 4.184 instead of 4 in ln(delta), so phi_unscreened - phi_screened has a
 * minimum (0.063) at delta = 3.808/0.184 = 20.7 and would grow again where
 * screening is physically negligible; beyond that point the reduction is
 * continued as 1/delta^2, the weak-screening behaviour. */
static double screening_reduction(int which, double delta)
{
    const double delta_c = 3.808 / 0.184;
    if (delta > delta_c) {
        double at_c = phi_unscreened(delta_c) - phi_screened(1, delta_c);
        double r = delta_c / delta;
        return at_c * r * r;
    }
    double d = phi_unscreened(delta) - phi_screened(which, delta);
    return d > 0.0 ? d : 0.0;
}

/* Born screened d(sigma)/d(eps) per alpha r_e^2 Z^2 (k in electron masses).
 * Screening term: extreme-relativistic form, Butcher & Messel eq. (2),
 * d(sigma)/d(eps) = [eps^2 + (1-eps)^2] Phi1 + (2/3) eps (1-eps) Phi2. */
static double screened_born(double k, double eps, int Z)
{
    double x = eps * (1.0 - eps);
    if (eps * k <= 1.0 || (1.0 - eps) * k <= 1.0)
        return 0.0;
    double exact = born_dsigma_dEp(k, eps * k) * k;
    double delta = 136.0 / (cbrt((double)Z) * k * x);
    double red = (eps * eps + (1.0 - eps) * (1.0 - eps)) *
                     screening_reduction(1, delta) +
                 (2.0 / 3.0) * x * screening_reduction(2, delta);
    /* The screening reduction comes from the extreme-relativistic theory;
     * weighting it by beta+ beta- (the pair velocities) switches it off
     * smoothly where that theory does not apply, near threshold, where
     * screening is negligible anyway (delta > 60 there). */
    double Ep = eps * k, Em = (1.0 - eps) * k;
    double beta2 = sqrt((1.0 - 1.0 / (Ep * Ep)) * (1.0 - 1.0 / (Em * Em)));
    double v = exact - red * beta2;
    return v > 0.0 ? v : 0.0;
}

/* Energy dependence g(k) of the Coulomb factor 1 + f_c(Z) g(k), at photon
 * energies in MeV. Hubbell, Gimm & Overbo, J. Phys. Chem. Ref. Data 9
 * (1980) 1023, combined exact low-energy Coulomb-corrected results of
 * Overbo, Mork & Olsen with the Davies-Bethe-Maximon high-energy limit;
 * the knots are the ratio of their Pb cross sections (as tabulated in XCOM)
 * to this file's C_r x screened Born ones, minus 1, divided by f_c(82).
 * The same g with f_c(50) reproduces their Sn values within 3% from 1.5 to
 * 20 MeV (unit test), which supports the f_c(Z) scaling. */
static const double g_knot_MeV[] = {1.25, 1.5, 2.0, 3.0, 4.0, 5.0,
                                    6.0,  8.0, 10.0, 15.0, 20.0};
static const double g_knot[] = {4.62738,  3.41815,  1.83328,  0.68071,
                                0.25260,  0.02197,  -0.10925, -0.24512,
                                -0.30558, -0.35394, -0.37218};

/* Monotone piecewise-cubic Hermite interpolation (Fritsch & Carlson, SIAM
 * J. Numer. Anal. 17 (1980) 238) of g in ln k; constant outside the knots. */
static double coulomb_g(double k_MeV)
{
    enum { N = sizeof g_knot_MeV / sizeof g_knot_MeV[0] };
    if (k_MeV <= g_knot_MeV[0])
        return g_knot[0];
    if (k_MeV >= g_knot_MeV[N - 1])
        return g_knot[N - 1];
    double t[N], slope[N - 1], m[N];
    for (int i = 0; i < N; ++i)
        t[i] = log(g_knot_MeV[i]);
    for (int i = 0; i < N - 1; ++i)
        slope[i] = (g_knot[i + 1] - g_knot[i]) / (t[i + 1] - t[i]);
    m[0] = slope[0];
    m[N - 1] = slope[N - 2];
    for (int i = 1; i < N - 1; ++i)
        m[i] = slope[i - 1] * slope[i] <= 0.0
                   ? 0.0
                   : 2.0 / (1.0 / slope[i - 1] + 1.0 / slope[i]);
    double u = log(k_MeV);
    int i = 0;
    while (i < N - 2 && u > t[i + 1])
        ++i;
    double h = t[i + 1] - t[i], s = (u - t[i]) / h;
    double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s);
    double h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
    return h00 * g_knot[i] + h10 * h * m[i] + h01 * g_knot[i + 1] +
           h11 * h * m[i + 1];
}

/* Radiative correction, rising from 0 near threshold to +1.7% at 10-20 MeV.
 * Mork & Olsen, Phys. Rev. 140 (1965) B1661, give about +1% at high
 * energies; the amplitude and the onset are set so that the model matches
 * the H and O cross sections of Hubbell, Gimm & Overbo (1980), where the
 * Coulomb correction is negligible, within 0.5% from 2 to 20 MeV. */
static double radiative_correction(double k_MeV)
{
    double r = 4.0 / k_MeV;
    double s = 1.0 - r * r;
    return 1.0 + 0.0168 * (s > 0.0 ? s : 0.0);
}

static double coulomb_factor(double k_MeV, int Z)
{
    double f = 1.0 + sf_bh_coulomb_correction(Z) * coulomb_g(k_MeV);
    return f > 0.05 ? f : 0.05; /* never reached for Z <= 98, k <= 20 MeV */
}

double sf_bh_dsigma_deps_barn(double k_MeV, double eps, int Z)
{
    if (Z < 1 || k_MeV <= 2.0 * SF_ELECTRON_MASS_MEV)
        return 0.0;
    double k = k_MeV / SF_ELECTRON_MASS_MEV;
    if (eps <= 1.0 / k || eps >= 1.0 - 1.0 / k)
        return 0.0;
    /* Evaluate on the eps <= 1/2 side so the result is exactly symmetric. */
    double e = eps <= 0.5 ? eps : 1.0 - eps;
    return ALPHA_RE2_BARN * Z * Z * screened_born(k, e, Z) *
           coulomb_factor(k_MeV, Z) * radiative_correction(k_MeV);
}

/* Gauss-Legendre nodes and weights on [-1, 1], 16 points. */
static const double gl_x[8] = {0.0950125098376374, 0.2816035507792589,
                               0.4580167776572274, 0.6178762444026438,
                               0.7554044083550030, 0.8656312023878318,
                               0.9445750230732326, 0.9894009349916499};
static const double gl_w[8] = {0.1894506104550685, 0.1826034150449236,
                               0.1691565193950025, 0.1495959888165767,
                               0.1246289712555339, 0.0951585116824928,
                               0.0622535239386479, 0.0271524594117541};

/* Integral of the screened Born cross section over eps in (1/k, 1/2],
 * doubled by symmetry. The substitution eps = 1/k + (1/2 - 1/k) (1-cos t)
 * removes the square-root behaviour at the lower end (p+ -> 0); the
 * t-range is split into panels of 16-point Gauss-Legendre. */
static double screened_born_total(double k, int Z)
{
    const int panels = 24;
    double a = 1.0 / k, half = 0.5 - a;
    double sum = 0.0;
    for (int p = 0; p < panels; ++p) {
        double t0 = 0.5 * M_PI * p / panels, t1 = 0.5 * M_PI * (p + 1) / panels;
        double c = 0.5 * (t0 + t1), h = 0.5 * (t1 - t0);
        for (int i = 0; i < 8; ++i)
            for (int s = -1; s <= 1; s += 2) {
                double t = c + s * h * gl_x[i];
                double eps = a + half * (1.0 - cos(t));
                sum += gl_w[i] * h * half * sin(t) * screened_born(k, eps, Z);
            }
    }
    return 2.0 * sum;
}

double sf_bh_sigma_nuclear_barn(double k_MeV, int Z)
{
    if (Z < 1 || k_MeV <= 2.0 * SF_ELECTRON_MASS_MEV)
        return 0.0;
    double k = k_MeV / SF_ELECTRON_MASS_MEV;
    return ALPHA_RE2_BARN * Z * Z * screened_born_total(k, Z) *
           coulomb_factor(k_MeV, Z) * radiative_correction(k_MeV);
}

/* Triplet-to-nuclear-pair ratio for hydrogen, sigma_trip / sigma_pair, from
 * the cross sections of Hubbell, Gimm & Overbo (1980) (Mork's triplet
 * calculation with Haug's near-threshold results, as tabulated in XCOM).
 * Below 3 MeV the triplet cross section is continued with the threshold law
 * sigma_trip ~ (k - 4m)^2, the slope of those same data between 3 and
 * 5 MeV (1.97). */
static const double trip_MeV[] = {3.0, 4.0, 5.0, 6.0, 7.0, 8.0,
                                  9.0, 10.0, 12.0, 15.0, 20.0};
static const double trip_ratio[] = {0.07993, 0.2008, 0.2979, 0.3721,
                                    0.4303,  0.4766, 0.5147, 0.5472,
                                    0.5993,  0.6550, 0.7166};

double sf_bh_sigma_electron_barn(double k_MeV, int Z)
{
    const double thr = 4.0 * SF_ELECTRON_MASS_MEV;
    enum { N = sizeof trip_MeV / sizeof trip_MeV[0] };
    if (Z < 1 || k_MeV <= thr)
        return 0.0;
    if (k_MeV < trip_MeV[0]) {
        double r = (k_MeV - thr) / (trip_MeV[0] - thr);
        return Z * trip_ratio[0] * sf_bh_sigma_nuclear_barn(trip_MeV[0], 1) *
               r * r;
    }
    double ratio = trip_ratio[N - 1];
    if (k_MeV < trip_MeV[N - 1]) {
        int i = 0;
        while (k_MeV > trip_MeV[i + 1])
            ++i;
        /* Linear in ln k: the ratio is a smooth function of ln k. */
        double s = log(k_MeV / trip_MeV[i]) / log(trip_MeV[i + 1] / trip_MeV[i]);
        ratio = trip_ratio[i] + s * (trip_ratio[i + 1] - trip_ratio[i]);
    }
    return Z * ratio * sf_bh_sigma_nuclear_barn(k_MeV, 1);
}
