/* Electron physics building blocks: Moller/Bhabha closed forms against
 * quadrature, the split of the collision stopping power into restricted and
 * hard parts, bremsstrahlung and elastic integrals, the density effect, the
 * tables (monotonic range, inverse range), the multiple-scattering
 * sampler's moments and input validation. Materials are
 * built by hand so that the test depends on the electron modules only. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "physics/bremsstrahlung.h"
#include "physics/collision.h"
#include "physics/elastic.h"
#include "physics/electron_constants.h"
#include "physics/electron_data.h"
#include "physics/electron_elements.h"
#include "physics/moller_bhabha.h"
#include "physics/msc.h"
#include "transport/rng.h"

static sf_material water(void)
{
    sf_material m = {.name = "water", .n_elements = 2, .Z = {1, 8},
                     .mass_fraction = {0.111894, 0.888106},
                     .density_g_cm3 = 1.0};
    return m;
}

/* ICRU 44 cortical bone (no reference-material match: exercises Bragg
 * additivity and the general Sternheimer-Peierls parameters). */
static sf_material bone(void)
{
    sf_material m = {.name = "bone", .n_elements = 9,
                     .Z = {1, 6, 7, 8, 11, 12, 15, 16, 20},
                     .mass_fraction = {0.034, 0.155, 0.042, 0.435, 0.001,
                                       0.002, 0.103, 0.003, 0.225},
                     .density_g_cm3 = 1.92};
    return m;
}

/* Composite Simpson rule of f(x) over [a, b] in the variable u = ln x. */
typedef double (*fn)(const void *ctx, double x);

static double simpson_log(fn f, const void *ctx, double a, double b, int n)
{
    double la = log(a), h = (log(b) - la) / n, s = 0.0;
    for (int i = 0; i <= n; ++i) {
        /* The ends exactly: the cross sections vanish just beyond them. */
        double x = i == 0 ? a : i == n ? b : exp(la + i * h);
        double w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        s += w * f(ctx, x) * x;
    }
    return s * h / 3.0;
}

typedef struct dcs_ctx {
    double T;
    int positron, moment;
    int l; /* deflection_integrand's Legendre order */
} dcs_ctx;

static double dcs_integrand(const void *c, double W)
{
    const dcs_ctx *x = c;
    double v = x->positron ? sf_bhabha_dcs(x->T, W) : sf_moller_dcs(x->T, W);
    return x->moment ? W * v : v;
}

static void assert_rel(double got, double ref, double tol)
{
    if (fabs(got / ref - 1.0) > tol)
        fail_msg("%.10g vs %.10g: relative difference %.3g > %.3g", got, ref,
                 got / ref - 1.0, tol);
}

/* Closed-form integrals of the Moller and Bhabha cross sections and their
 * energy moments equal the quadrature of the differential ones. */
static void test_moller_bhabha_closed_forms(void **state)
{
    (void)state;
    const double T[] = {0.005, 0.05, 0.5, 5.0, 20.0};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; ++i)
        for (int pos = 0; pos <= 1; ++pos) {
            double cut = 0.1 * T[i] * (pos ? 2.0 : 1.0) / 2.0 + 1e-4 * T[i];
            double top = pos ? T[i] : 0.5 * T[i];
            dcs_ctx c0 = {T[i], pos, 0, 0}, c1 = {T[i], pos, 1, 0};
            double s0 = simpson_log(dcs_integrand, &c0, cut, top, 4000);
            double s1 = simpson_log(dcs_integrand, &c1, cut, top, 4000);
            double xs = pos ? sf_bhabha_cross_section(T[i], cut)
                            : sf_moller_cross_section(T[i], cut);
            double el = pos ? sf_bhabha_energy_loss(T[i], cut)
                            : sf_moller_energy_loss(T[i], cut);
            assert_rel(xs, s0, 1e-8);
            assert_rel(el, s1, 1e-8);
        }
    /* Above the kinematic limit there is no hard collision. */
    assert_true(sf_moller_cross_section(0.1, 0.05) == 0.0);
    assert_true(sf_bhabha_cross_section(0.1, 0.1) == 0.0);
    /* Small transfers: both reduce to free-electron Rutherford,
     * 2 pi r_e^2 m c^2 / (beta^2 W^2). */
    double T0 = 1.0, W = 1e-7, tau = T0 / SF_EL_MC2_MEV;
    double beta2 = tau * (tau + 2.0) / ((tau + 1.0) * (tau + 1.0));
    double ruth = 2.0 * SF_EL_PI * SF_EL_RE_CM * SF_EL_RE_CM *
                  SF_EL_MC2_MEV / (beta2 * W * W);
    assert_rel(sf_moller_dcs(T0, W), ruth, 1e-5);
    assert_rel(sf_bhabha_dcs(T0, W), ruth, 1e-5);
}

/* Restricted stopping power (Berger & Seltzer 1964, ICRU 37) plus the energy lost
 * in hard Moller/Bhabha collisions above the cut equals the unrestricted
 * Bethe stopping power: the two derive from the same
 * cross sections. The hard part is integrated numerically from the
 * differential cross section. */
static void test_restricted_plus_hard_is_total(void **state)
{
    (void)state;
    sf_material m = water();
    sf_collision_params p;
    assert_int_equal(sf_collision_params_init(&m, 1.0, &p), SF_OK);
    double electrons_per_g = SF_EL_AVOGADRO * p.z_over_a;
    const double T[] = {0.02, 0.1, 1.0, 10.0, 20.0};
    const double cuts[] = {0.001, 0.01, 0.1};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; ++i)
        for (size_t j = 0; j < sizeof cuts / sizeof cuts[0]; ++j)
            for (int pos = 0; pos <= 1; ++pos) {
                double top = pos ? T[i] : 0.5 * T[i];
                if (cuts[j] >= top)
                    continue;
                dcs_ctx c = {T[i], pos, 1, 0};
                double hard = electrons_per_g *
                              simpson_log(dcs_integrand, &c, cuts[j], top,
                                          4000);
                double res = sf_collision_stopping_restricted(&p, T[i],
                                                              cuts[j], pos);
                double full = sf_collision_stopping(&p, T[i], pos);
                assert_rel(res + hard, full, 1e-6);
            }
    /* A cut at or above the largest transfer restricts nothing. */
    assert_rel(sf_collision_stopping_restricted(&p, 1.0, 0.5, 0),
               sf_collision_stopping(&p, 1.0, 0), 1e-12);
}

/* Restricted radiative stopping power plus the photons above the cut make
 * the unrestricted one; the spectrum is positive and ends at k = T. */
static void test_brems_split_and_spectrum(void **state)
{
    (void)state;
    sf_material m = bone();
    const double T[] = {0.01, 0.3, 3.0, 20.0};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; ++i) {
        double kc = 0.1 * T[i];
        double full = sf_brems_radiative_stopping(&m, T[i], T[i], NULL);
        double low = sf_brems_radiative_stopping(&m, T[i], kc, NULL);
        /* Energy above kc by quadrature of k dsigma/dk. */
        double s = 0.0;
        int n = 20000;
        for (int j = 0; j < n; ++j) {
            double k = kc + (T[i] - kc) * (j + 0.5) / n;
            s += sf_brems_k_dcs_material(&m, T[i], k, NULL);
        }
        s *= (T[i] - kc) / n;
        assert_rel(low + s, full, 2e-4);
        assert_true(sf_brems_k_dcs_material(&m, T[i], 0.5 * T[i], NULL) > 0.0);
        assert_true(sf_brems_dcs_atom(8, T[i], T[i] * 1.0001) == 0.0);
        assert_true(sf_brems_cross_section(&m, T[i], kc, NULL) > 0.0);
    }
    /* Non-relativistic Born limit (of Koch & Motz 3BN): dsigma/dk =
     * 16/3 Z^2 alpha r_e^2 / (k p0^2) ln((p0 + p)/(p0 - p)), times the
     * Elwert factor; checked for hydrogen at 1 keV where screening and
     * relativistic terms are below 1 %. */
    double T0 = 0.001, k = 0.0005;
    double p0 = sqrt(2.0 * T0 / SF_EL_MC2_MEV);
    double p1 = sqrt(2.0 * (T0 - k) / SF_EL_MC2_MEV);
    double b0 = sqrt(1.0 - 1.0 / pow(1.0 + T0 / SF_EL_MC2_MEV, 2));
    double b1 = sqrt(1.0 - 1.0 / pow(1.0 + (T0 - k) / SF_EL_MC2_MEV, 2));
    double a = 2.0 * SF_EL_PI * SF_EL_ALPHA;
    double elwert = b0 / b1 * (1.0 - exp(-a / b0)) / (1.0 - exp(-a / b1));
    double nr = 16.0 / 3.0 * SF_EL_ALPHA * SF_EL_RE_CM * SF_EL_RE_CM /
                (k * p0 * p0) * log((p0 + p1) / (p0 - p1)) * elwert;
    assert_rel(sf_brems_dcs_nuclear(1, T0, k), nr, 0.01);
}

typedef struct el_ctx {
    int Z;
    double T;
    int moment;
} el_ctx;

static double elastic_integrand(const void *c, double mu)
{
    const el_ctx *x = c;
    double w = x->moment == 0 ? 1.0
               : x->moment == 1 ? 2.0 * mu
                                : 6.0 * mu * (1.0 - mu);
    return w * sf_elastic_dcs(x->Z, x->T, mu);
}

/* Closed-form screened-Rutherford moments against quadrature in mu. */
static void test_elastic_moments(void **state)
{
    (void)state;
    const int Z[] = {1, 8, 20, 82};
    const double T[] = {0.001, 0.1, 10.0};
    for (size_t i = 0; i < sizeof Z / sizeof Z[0]; ++i)
        for (size_t j = 0; j < sizeof T / sizeof T[0]; ++j) {
            sf_elastic_moments a;
            sf_elastic_atom(Z[i], T[j], &a);
            double lo = 1e-6 * fmin(a.screening, 1.0);
            double got[3] = {a.sigma0, a.sigma1, a.sigma2};
            for (int mom = 0; mom < 3; ++mom) {
                el_ctx c = {Z[i], T[j], mom};
                double s = simpson_log(elastic_integrand, &c, lo, 1.0, 20000);
                /* The piece below lo: dcs ~ constant there. */
                s += (mom == 0 ? lo : 0.0) * sf_elastic_dcs(Z[i], T[j], 0.0);
                assert_rel(got[mom], s, 2e-3);
            }
            assert_true(a.sigma2 > a.sigma1 && a.sigma1 > 0.0);
        }
    /* Screening weakens with energy. */
    assert_true(sf_elastic_screening(8, 1.0) < sf_elastic_screening(8, 0.1));
}

/* The Mott factor: for oxygen at 1 MeV it lowers sigma1 of electrons by
 * ~7 % (McKinley-Feshbach, the -beta^2 mu term dominating the alpha Z one)
 * and that of positrons by more (the alpha Z term changes sign). */
static void test_elastic_mott(void **state)
{
    (void)state;
    sf_material o = {0};
    o.n_elements = 1;
    o.Z[0] = 8;
    o.mass_fraction[0] = 1.0;
    sf_elastic_moments e, p;
    sf_elastic_material_particle(&o, 1.0, 0, SF_ELASTIC_MOTT, &e);
    sf_elastic_material_particle(&o, 1.0, 1, SF_ELASTIC_MOTT, &p);
    /* Screened Rutherford sigma1 per gram, from the closed form. */
    double eta = sf_elastic_screening(8, 1.0);
    double tau = 1.0 / SF_EL_MC2_MEV, p2 = tau * (tau + 2.0);
    double beta2 = p2 / ((tau + 1.0) * (tau + 1.0));
    double piA = SF_EL_PI * 72.0 * SF_EL_RE_CM * SF_EL_RE_CM / (p2 * beta2);
    double s1 = 2.0 * piA * (log1p(1.0 / eta) - 1.0 / (1.0 + eta)) *
                SF_EL_AVOGADRO / sf_electron_atomic_weight(8);
    double r = e.sigma1 / s1;
    assert_true(r > 0.91 && r < 0.95);
    assert_true(p.sigma1 < e.sigma1 && p.sigma2 < e.sigma2);
}

/* The two-moment modified Wentzel distribution of one step reproduces
 * <mu> = (1 - exp(-t1))/2 and <P2> = exp(-t2), analytically (mixture
 * parameters) and by sampling, in case I (lambda1/lambda2 ~ 2.7, water at
 * 1 MeV) and case II (lambda1/lambda2 = 2.3, small steps). */
static void test_msc_moments(void **state)
{
    (void)state;
    const double t1[] = {0.002, 0.05, 0.3, 1.0, 3.0, 0.01, 0.05};
    const double k[] = {2.72, 2.72, 2.72, 2.72, 2.72, 2.3, 2.3};
    for (size_t i = 0; i < sizeof t1 / sizeof t1[0]; ++i) {
        double m1 = 0.5 * (-expm1(-t1[i]));
        double P2 = exp(-k[i] * t1[i]);
        sf_msc_mw p = sf_msc_mw_params(t1[i], k[i] * t1[i]);
        assert_true(p.B >= 0.0 && p.B <= 1.0);
        double a1 = (1 - p.B) * sf_msc_wentzel_mean_mu(p.A) + p.B * p.mu_delta;
        double a2 = (1 - p.B) * sf_msc_wentzel_mean_mu2(p.A) +
                    p.B * p.mu_delta * p.mu_delta;
        assert_rel(a1, m1, 1e-6);
        assert_rel(1 - 6 * a1 + 6 * a2, P2, 1e-5);
        sf_rng rng;
        sf_rng_init(&rng, 7u, (uint32_t)i, 0, 0);
        const int n = 200000;
        double s1 = 0, s2 = 0, q1 = 0, q2 = 0;
        for (int j = 0; j < n; ++j) {
            double c = sf_msc_sample_cos_theta(t1[i], k[i] * t1[i], &rng);
            double mu = 0.5 * (1 - c), P = 1.5 * c * c - 0.5;
            s1 += mu;
            q1 += mu * mu;
            s2 += P;
            q2 += P * P;
        }
        s1 /= n;
        s2 /= n;
        double e1 = sqrt((q1 / n - s1 * s1) / n), e2 = sqrt((q2 / n - s2 * s2) / n);
        if (fabs(s1 - m1) > 5 * e1 + 1e-12 || fabs(s2 - P2) > 5 * e2 + 1e-12)
            fail_msg("t1 %g: <mu> %g vs %g (+-%g), <P2> %g vs %g (+-%g)", t1[i],
                     s1, m1, e1, s2, P2, e2);
    }
}

/* delta is continuous at X0 and X1, vanishes at low energy and follows
 * the high-energy limit 2 ln10 X - C_bar, for fitted (water) and general
 * (bone) parameters; compressing a material raises delta. */
static void test_density_effect(void **state)
{
    (void)state;
    sf_material mats[2] = {water(), bone()};
    for (int k = 0; k < 2; ++k) {
        sf_collision_params p;
        assert_int_equal(
            sf_collision_params_init(&mats[k], mats[k].density_g_cm3, &p),
            SF_OK);
        assert_int_equal(p.density_effect.fitted, k == 0);
        const sf_density_effect *d = &p.density_effect;
        double Xs[2] = {d->X0, d->X1};
        for (int j = 0; j < 2; ++j) {
            /* T with log10(p/mc) = X: p = 10^X, T = sqrt(p^2+1) - 1. */
            double lo = pow(10.0, Xs[j] - 1e-7), hi = pow(10.0, Xs[j] + 1e-7);
            double Tlo = SF_EL_MC2_MEV * (sqrt(lo * lo + 1.0) - 1.0);
            double Thi = SF_EL_MC2_MEV * (sqrt(hi * hi + 1.0) - 1.0);
            /* The published SBS 1984 parameters are rounded: water's delta
             * jumps by 2.4e-4 at X0. */
            assert_true(fabs(sf_density_effect_delta(d, Tlo) -
                             sf_density_effect_delta(d, Thi)) < 1e-3);
        }
        assert_true(sf_density_effect_delta(d, 0.001) == 0.0);
    }
    sf_material w = water();
    sf_collision_params p1, p2;
    assert_int_equal(sf_collision_params_init(&w, 1.0, &p1), SF_OK);
    assert_int_equal(sf_collision_params_init(&w, 2.0, &p2), SF_OK);
    /* delta depends on density through beta gamma sqrt(rho): at twice the
     * density it equals the nominal-density value at sqrt(2) times the
     * momentum. */
    double T = 5.0, tau = T / SF_EL_MC2_MEV;
    double p_2 = 2.0 * tau * (tau + 2.0);
    double T2 = SF_EL_MC2_MEV * (sqrt(p_2 + 1.0) - 1.0);
    double d1 = sf_density_effect_delta(&p1.density_effect, T2);
    double d2 = sf_density_effect_delta(&p2.density_effect, T);
    assert_true(d2 > 0.0 && fabs(d2 - d1) < 1e-9);
}

/* Bragg additivity with the ICRU 37 condensed-phase constituent values. */
static void test_mean_excitation(void **state)
{
    (void)state;
    sf_material b = bone();
    double I;
    assert_int_equal(sf_electron_mean_excitation_mixture_eV(&b, 1, &I),
                     SF_OK);
    assert_true(I > 95.0 && I < 125.0);
    /* Water by Bragg additivity (H 19.2, O 106 eV) is within 1 eV of the
     * ICRU 37 value 75 eV. */
    sf_material w = water();
    assert_int_equal(sf_electron_mean_excitation_mixture_eV(&w, 1, &I),
                     SF_OK);
    assert_true(fabs(I - 75.0) < 1.0);
    assert_true(fabs(sf_electron_atomic_weight(8) - 15.999) < 1e-9);
    assert_true(sf_electron_mean_excitation_eV(99) == 0.0);
}

/* The CSDA range grows with energy, the inverse lookup undoes it, the
 * radiation yield stays within (0, 1), the restricted stopping power is
 * below the unrestricted one and lookups agree with direct formulas. */
static void test_tables(void **state)
{
    (void)state;
    sf_material m = bone();
    sf_electron_cuts cuts = {0.02, 0.005, 0.0, 0.0};
    sf_electron_data *d = NULL;
    assert_int_equal(sf_electron_data_build(&m, 1.92, &cuts, &d), SF_OK);
    for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
        const double *R = d->table[p][SF_EQ_CSDA_RANGE];
        for (int i = 1; i < d->n; ++i)
            assert_true(R[i] > R[i - 1]);
        for (double E = 0.0015; E < 19.0; E *= 1.37) {
            double r = sf_electron_data_range(d, p, E);
            assert_rel(sf_electron_data_energy_from_range(d, p, r), E, 1e-9);
            double y = sf_electron_data_lookup(d, p, SF_EQ_RADIATION_YIELD, E);
            assert_true(y > 0.0 && y < 1.0);
            assert_true(sf_electron_data_restricted_stopping(d, p, E) <=
                        sf_electron_data_total_stopping(d, p, E));
            assert_rel(sf_electron_data_lookup(d, p, SF_EQ_COLLISION, E),
                       sf_collision_stopping(&d->collision, E, p), 2e-5);
            assert_rel(sf_electron_data_lookup(d, p, SF_EQ_RADIATIVE, E),
                       sf_brems_radiative_stopping(&m, E, E, NULL), 2e-4);
            assert_true(sf_electron_data_lambda1_cm(d, p, E) > 0.0);
        }
        /* No Moller collision above the cut below twice the cut. */
        assert_true(sf_electron_data_lookup(d, p, SF_EQ_HARD_COLLISION_XS,
                                            0.01) == 0.0 || p == SF_POSITRON);
    }
    /* The tabulated spectrum reproduces the formula at table nodes. */
    double T = d->energy_MeV[8 * d->brems_stride];
    assert_rel(sf_electron_data_brems_k_dcs(d, T, 0.35),
               sf_brems_k_dcs_material(&m, T, 0.35 * T, NULL), 1e-9);
    sf_electron_data_destroy(&d);
    assert_null(d);
    sf_electron_data_destroy(&d);
}

/* A threshold that grows with the energy, max(10 keV, 0.02 T): the tables
 * take the threshold at each grid energy. Below 0.5 MeV they are those of
 * the fixed 10 keV threshold; above, those of a fixed threshold of 0.02 T
 * at that energy; and at every energy the restricted collision stopping
 * power plus the hard collisions' share is the unrestricted one (the split
 * moves, the sum does not). */
static void test_energy_scaled_delta_cut(void **state)
{
    (void)state;
    sf_material m = water();
    sf_electron_cuts fixed = {0.01, 0.01, 0.0, 0.0}, scaled = {0.01, 0.01, 0.02, 0.0};
    sf_electron_data *a = NULL, *b = NULL;
    assert_int_equal(sf_electron_data_build(&m, 1.0, &fixed, &a), SF_OK);
    assert_int_equal(sf_electron_data_build(&m, 1.0, &scaled, &b), SF_OK);
    assert_rel(sf_electron_delta_cut(&scaled, 0.3), 0.01, 1e-15);
    assert_rel(sf_electron_delta_cut(&scaled, 4.0), 0.08, 1e-15);
    double electrons_per_g = SF_EL_AVOGADRO * b->collision.z_over_a;
    for (int i = 0; i < b->n; ++i) {
        double T = b->energy_MeV[i], cut = sf_electron_delta_cut(&scaled, T);
        for (int p = 0; p < SF_N_ELECTRON_PARTICLES; ++p) {
            const double *ra = a->table[p][SF_EQ_RESTRICTED_COLLISION];
            const double *rb = b->table[p][SF_EQ_RESTRICTED_COLLISION];
            const double *ha = a->table[p][SF_EQ_HARD_COLLISION_XS];
            const double *hb = b->table[p][SF_EQ_HARD_COLLISION_XS];
            if (T <= 0.5) {
                assert_true(ra[i] == rb[i] && ha[i] == hb[i]);
                continue;
            }
            assert_rel(rb[i], sf_collision_stopping_restricted(&b->collision, T, cut, p), 1e-12);
            assert_rel(hb[i], electrons_per_g * (p ? sf_bhabha_cross_section(T, cut)
                                                   : sf_moller_cross_section(T, cut)),
                       1e-12);
            assert_true(rb[i] > ra[i] && hb[i] < ha[i]);
            if (T < 19.0 && T > 0.6 && p == 0) {
                dcs_ctx c = {T, p, 1, 0};
                double hard = electrons_per_g *
                              simpson_log(dcs_integrand, &c, cut, 0.5 * T, 4000);
                assert_rel(rb[i] + hard, b->table[p][SF_EQ_COLLISION][i], 1e-6);
            }
        }
    }
    sf_electron_data_destroy(&a);
    sf_electron_data_destroy(&b);
    sf_electron_cuts bad = {0.01, 0.01, 0.2, 0.0};
    assert_int_equal(sf_electron_data_build(&m, 1.0, &bad, &a), SF_ERR_VALUE);
    assert_non_null(strstr(sf_error_message(), "fraction 0.2"));
}

/* d(sigma)/dW times the projectile's deflection in a binary collision,
 * 1 - P_l(cos theta) with cos^2 theta = (T - W)(T + 2m) / (T (T - W + 2m)),
 * written here from the kinematics directly. */
static double deflection_integrand(const void *c, double W)
{
    const dcs_ctx *x = c;
    const double m = SF_EL_MC2_MEV;
    double mu2 = (x->T - W) * (x->T + 2.0 * m) / (x->T * (x->T - W + 2.0 * m));
    return dcs_integrand(c, W) *
           (x->l == 1 ? 1.0 - sqrt(mu2) : 1.5 * (1.0 - mu2));
}

/* The l-th of sf_{moller,bhabha}_deflection_transport's two orders. */
static double deflection_transport(int positron, double T, double lo,
                                   double hi, int l)
{
    double s[2];
    if (positron)
        sf_bhabha_deflection_transport(T, lo, hi, s);
    else
        sf_moller_deflection_transport(T, lo, hi, s);
    return s[l - 1];
}

/* The transport cross sections of the soft collisions' deflection against
 * a fine quadrature of the differential cross sections; their small-W
 * limit, 2 pi r_e^2 m c^2 / beta^2 x 3 m / (T (T + 2m)) ln(hi / lo) for
 * l = 2 (Rutherford times 1 - P_2 = 3 m W / (T (T + 2m))); nothing over an
 * empty interval; the kinematic limit of Moller at T/2. */
static void test_deflection_transport(void **state)
{
    (void)state;
    const double T[] = {0.5, 2.0, 5.0, 20.0};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; ++i)
        for (int pos = 0; pos <= 1; ++pos)
            for (int l = 1; l <= 2; ++l) {
                /* Up to T/2: the kernel uses at most 0.1 T (above, the
                 * Bhabha weight has a square-root end point at W = T). */
                const double hi[] = {0.03, 0.1 * T[i], 0.5 * T[i]};
                for (size_t j = 0; j < 3; ++j) {
                    dcs_ctx c = {T[i], pos, 0, l};
                    double ref = simpson_log(deflection_integrand, &c, 0.01, hi[j], 4000);
                    double got = deflection_transport(pos, T[i], 0.01, hi[j], l);
                    assert_rel(got, ref, 1e-6);
                }
            }
    double T0 = 10.0, tau = T0 / SF_EL_MC2_MEV, m = SF_EL_MC2_MEV;
    double beta2 = tau * (tau + 2.0) / ((tau + 1.0) * (tau + 1.0));
    double limit = 2.0 * SF_EL_PI * SF_EL_RE_CM * SF_EL_RE_CM * m / beta2 *
                   3.0 * m / (T0 * (T0 + 2.0 * m)) * log(2.0);
    assert_rel(deflection_transport(0, T0, 1e-4, 2e-4, 2), limit, 1e-4);
    assert_rel(deflection_transport(1, T0, 1e-4, 2e-4, 2), limit, 1e-4);
    assert_true(deflection_transport(0, 1.0, 0.02, 0.02, 1) == 0.0);
    assert_true(deflection_transport(0, 1.0, 0.6, 0.9, 1) == 0.0);
    assert_true(deflection_transport(0, 1.0, 0.01, 0.9, 1) ==
                deflection_transport(0, 1.0, 0.01, 0.5, 1));
}

static void test_invalid_inputs(void **state)
{
    (void)state;
    sf_material m = water();
    sf_electron_data *d = NULL;
    sf_electron_cuts bad = {0.0001, 0.01, 0.0, 0.0};
    assert_int_equal(sf_electron_data_build(&m, 1.0, &bad, &d), SF_ERR_VALUE);
    assert_non_null(strstr(sf_error_message(), "delta-ray cut"));
    assert_null(d);
    assert_int_equal(sf_electron_data_build(&m, -1.0, NULL, &d),
                     SF_ERR_VALUE);
    assert_non_null(strstr(sf_error_message(), "density"));
    m.Z[1] = 120;
    assert_int_equal(sf_electron_data_build(&m, 1.0, NULL, &d), SF_ERR_VALUE);
    assert_non_null(strstr(sf_error_message(), "Z=120"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moller_bhabha_closed_forms),
        cmocka_unit_test(test_restricted_plus_hard_is_total),
        cmocka_unit_test(test_brems_split_and_spectrum),
        cmocka_unit_test(test_elastic_moments),
        cmocka_unit_test(test_elastic_mott),
        cmocka_unit_test(test_msc_moments),
        cmocka_unit_test(test_density_effect),
        cmocka_unit_test(test_mean_excitation),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_energy_scaled_delta_cut),
        cmocka_unit_test(test_deflection_transport),
        cmocka_unit_test(test_invalid_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
