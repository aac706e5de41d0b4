/* Pair production sampler.
 *
 * Energy sharing: eps = (total energy of the electron)/k is drawn from
 * d(sigma)/d(eps) of sf_bh_dsigma_deps_barn (Bethe and Heitler, Proc. R.
 * Soc. A 146 (1934) 83, with screening and the Davies-Bethe-Maximon Coulomb
 * correction; see bethe_heitler.c) by rejection from a uniform density on
 * (m/k, 1 - m/k) (von Neumann, NBS Appl. Math. Ser. 12 (1951) 36). The
 * sampled distribution is therefore exactly the formula, provided the
 * envelope bounds it: the envelope of each k interval is the largest value
 * found on a 5 x 256 grid of (k, eps) points covering the interval, times a
 * margin of 1.25 (tests/unit/test_pair.c checks the bound on a grid ten
 * times finer). The acceptance rate is about 1/2.
 *
 * Electron field (triplet): the pair takes the energy-sharing distribution
 * of the nuclear field and the recoil electron's energy and direction are
 * neglected, as EGS4 does when it folds triplet production into the pair
 * cross section (Nelson, Hirayama and Rogers, SLAC-265 (1985), chapter
 * 2). Energy is conserved with the recoil taking nothing.
 *
 * Angles: each lepton's polar angle is drawn independently from
 * p(cos theta) ~ (1 - beta cos theta)^-2, the leading term of the
 * Sauter-Gluckstern-Hull distribution used by PENELOPE (F. Salvat,
 * PENELOPE-2018 manual, NEA/MBDAV/R(2019)1, section 2.4, "Electron-positron
 * pair production"); its typical angle is m/E (Tsai, Rev. Mod. Phys. 46
 * (1974) 815). The positron's azimuth is opposite the electron's (the two
 * leptons and the photon coplanar, as in EGS4).
 */
#include "physics/pair.h"

#include <math.h>

#include "physics/bethe_heitler.h"
#include "physics/kinematics.h"

#define ENVELOPE_MARGIN 1.25
#define SCAN_K 5
#define SCAN_EPS 256
/* Photon energies within this of 2m share k - 2m equally, without
 * sampling: there the pair cross section is below 1e-8 of its value at
 * 2 MeV (it rises like (k - 2m)^3), and the exact Born formula loses all
 * its digits to cancellation within ~1e-4 MeV of threshold, so no reliable
 * envelope could be built there. */
#define EXCESS_MIN_MEV 1.0e-3

static double k_at(const sf_pair_table *t, double x)
{
    return 2.0 * SF_ELECTRON_MASS_MEV + exp(t->log_excess_min +
                                            x * t->log_excess_step);
}

/* Largest d(sigma)/d(eps) over eps in (m/k, 1/2] (the formula is symmetric
 * in eps <-> 1 - eps) at photon energy k. */
static double scan_eps(double k, int Z)
{
    double eps_min = SF_ELECTRON_MASS_MEV / k;
    double best = 0.0;
    for (int j = 1; j <= SCAN_EPS; ++j) {
        double eps = eps_min + (0.5 - eps_min) * j / SCAN_EPS;
        double f = sf_bh_dsigma_deps_barn(k, eps, Z);
        if (f > best)
            best = f;
    }
    return best;
}

sf_status sf_pair_table_build(int Z, sf_pair_table *t)
{
    if (Z < 1 || Z > SF_Z_MAX)
        SF_FAIL(SF_ERR_VALUE, "pair table: Z=%d is outside 1..%d", Z,
                SF_Z_MAX);
    t->Z = Z;
    double excess_max = 2.0 * SF_PHOTON_E_MAX_MEV -
                        2.0 * SF_ELECTRON_MASS_MEV;
    t->log_excess_min = log(EXCESS_MIN_MEV);
    t->log_excess_step = (log(excess_max) - t->log_excess_min) /
                         SF_PAIR_N_INTERVALS;
    for (int i = 0; i < SF_PAIR_N_INTERVALS; ++i) {
        double best = 0.0;
        for (int s = 0; s < SCAN_K; ++s) {
            double f = scan_eps(k_at(t, i + (double)s / (SCAN_K - 1)), Z);
            if (f > best)
                best = f;
        }
        t->envelope_barn[i] = ENVELOPE_MARGIN * best;
    }
    return SF_OK;
}

double sf_pair_lepton_cos(double T_MeV, sf_rng *rng)
{
    /* Inverse of the cumulative of (1 - beta c)^-2 on (-1, 1):
     * c = (2 xi - (1 - beta)) / ((1 - beta) + 2 beta xi), with
     * 1 - beta = 1/(gamma^2 (1 + beta)) to avoid cancellation. */
    const double m = SF_ELECTRON_MASS_MEV;
    double gamma = 1.0 + T_MeV / m;
    double beta = sqrt(T_MeV * (T_MeV + 2.0 * m)) / (T_MeV + m);
    double one_minus_beta = 1.0 / (gamma * gamma * (1.0 + beta));
    double xi = sf_rng_uniform(rng);
    double c = (2.0 * xi - one_minus_beta) /
               (one_minus_beta + 2.0 * beta * xi);
    return c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);
}

static double sample_eps(const sf_pair_table *t, double k, sf_rng *rng)
{
    double excess = k - 2.0 * SF_ELECTRON_MASS_MEV;
    if (excess <= EXCESS_MIN_MEV)
        return 0.5;
    int i = (int)((log(excess) - t->log_excess_min) / t->log_excess_step);
    if (i >= SF_PAIR_N_INTERVALS)
        i = SF_PAIR_N_INTERVALS - 1;
    double envelope = t->envelope_barn[i];
    if (!(envelope > 0.0))
        return 0.5;
    double eps_min = SF_ELECTRON_MASS_MEV / k;
    double width = 1.0 - 2.0 * eps_min;
    for (;;) {
        double eps = eps_min + width * sf_rng_uniform(rng);
        if (sf_rng_uniform(rng) * envelope <=
            sf_bh_dsigma_deps_barn(k, eps, t->Z))
            return eps;
    }
}

void sf_pair_sample(const sf_pair_table *t, sf_photon_process field,
                    double k_MeV, sf_rng *rng, sf_pair_result *out)
{
    (void)field; /* both fields share the sharing distribution (above) */
    const double m = SF_ELECTRON_MASS_MEV;
    double available = k_MeV - 2.0 * m;
    if (available < 0.0)
        available = 0.0;
    double eps = sample_eps(t, k_MeV, rng);
    double T_e = eps * k_MeV - m;
    if (T_e < 0.0)
        T_e = 0.0;
    else if (T_e > available)
        T_e = available;
    out->electron_MeV = T_e;
    out->positron_MeV = available - T_e;
    out->electron_cos_theta = sf_pair_lepton_cos(out->electron_MeV, rng);
    out->positron_cos_theta = sf_pair_lepton_cos(out->positron_MeV, rng);
    out->electron_phi = sf_azimuth(rng);
    out->positron_phi = out->electron_phi + 3.141592653589793238463;
}
