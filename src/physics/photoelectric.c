/* Photoelectric absorption sampler.
 *
 * Shell: the K shell with probability sigma_K/sigma (both from the element
 * tables), otherwise one of the L subshells that are open (binding <= E),
 * chosen with probability proportional to their occupancies 2:2:4. The
 * tables give no subshell cross sections; occupancy weights are the
 * simplest choice that keeps the mean local deposit between the L1 and L3
 * bindings, and the difference (at most L1 - L3, 2 keV for Pb) stays
 * within the voxel anyway. When no L subshell is open (E below L3, or an
 * element without L data) the photon is absorbed in the M or outer shells,
 * whose bindings are not tabulated: they are neglected and the
 * photoelectron takes all of E.
 *
 * Relaxation: only K vacancies may radiate, with the tabulated fluorescence
 * yield, emitting one K line chosen by its relative rate; the rest of the
 * binding energy (Auger electrons, L and outer-shell x-rays) is deposited
 * locally. L fluorescence yields are below 0.4 even for Pb and L x-rays
 * (< 16 keV) are absorbed within a few mm of tissue.
 *
 * Direction: Sauter's K-shell distribution (F. Sauter, Ann. Phys.
 * (Leipzig) 11 (1931) 454) for every shell, as in PENELOPE and EGSnrc.
 */
#include "physics/photoelectric.h"

#include <math.h>

#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */

/* Below this kinetic energy Sauter's distribution is evaluated at the limit
 * value (it tends to sin^2 theta; avoids beta = 0). */
#define SAUTER_T_MIN_MEV 1.0e-6

/* Sauter's distribution in nu = 1 - cos(theta), with beta and gamma of the
 * photoelectron and A = 1/beta - 1, written as in the PENELOPE-2018 manual
 * (F. Salvat, NEA/MBDAV/R(2019)1, section 2.2, "Photoelectric effect"):
 *   p(nu) = g(nu) pi(nu),
 *   pi(nu) ~ nu / (A + nu)^3                          (sampled exactly),
 *   g(nu) = (2 - nu) [1/(A + nu) + beta gamma (gamma - 1)(gamma - 2)/2],
 * g is largest at nu = 0, so g(nu)/g(0) is the acceptance probability.
 * The cumulative of pi is nu^2 (A+2)^2 / (4 (A+nu)^2), whose inverse is
 * nu = 2 A sqrt(xi) / (A + 2 - 2 sqrt(xi)). */
double sf_photoelectric_sauter_cos(double T_MeV, sf_rng *rng)
{
    const double m = SF_ELECTRON_MASS_MEV;
    double T = T_MeV > SAUTER_T_MIN_MEV ? T_MeV : SAUTER_T_MIN_MEV;
    double gamma = 1.0 + T / m;
    double beta = sqrt(T * (T + 2.0 * m)) / (T + m);
    /* 1 - beta = 1/(gamma^2 (1 + beta)) avoids cancellation at high T. */
    double A = 1.0 / (gamma * gamma * (1.0 + beta)) / beta;
    double c = 0.5 * beta * gamma * (gamma - 1.0) * (gamma - 2.0);
    double g0 = 2.0 * (1.0 / A + c);
    for (;;) {
        double rs = sqrt(sf_rng_uniform32(rng));
        double nu = 2.0 * A * rs / (A + 2.0 - 2.0 * rs);
        double g = (2.0 - nu) * (1.0 / (A + nu) + c);
        if (sf_rng_uniform32(rng) * g0 <= g)
            return 1.0 - nu;
    }
}

/* Binding energy of the shell that absorbed the photon (0 if neglected). */
static double choose_shell(const sf_element_photon *e, double E_MeV,
                           sf_rng *rng, sf_photo_shell *shell)
{
    double xi = sf_rng_uniform32(rng);
    if (e->binding_MeV_K > 0.0 && E_MeV >= e->binding_MeV_K) {
        if (sf_element_photo_is_K(e, E_MeV, xi)) {
            *shell = SF_SHELL_K;
            return e->binding_MeV_K;
        }
    }
    const double binding[3] = {e->binding_MeV_L1, e->binding_MeV_L2,
                               e->binding_MeV_L3};
    const double occupancy[3] = {2.0, 2.0, 4.0};
    double w_open = 0.0;
    for (int i = 0; i < 3; ++i)
        if (binding[i] > 0.0 && binding[i] <= E_MeV)
            w_open += occupancy[i];
    *shell = SF_SHELL_OUTER;
    if (w_open == 0.0)
        return 0.0;
    double pick = sf_rng_uniform32(rng) * w_open;
    double last_open = 0.0;
    for (int i = 0; i < 3; ++i) {
        if (!(binding[i] > 0.0 && binding[i] <= E_MeV))
            continue;
        last_open = binding[i];
        pick -= occupancy[i];
        if (pick < 0.0)
            break;
    }
    *shell = SF_SHELL_L;
    return last_open;
}

/* Energy of the K line emitted after a K vacancy, or 0 (no fluorescence). */
static double k_fluorescence(const sf_element_photon *e, sf_rng *rng)
{
    if (e->n_k_lines <= 0 || sf_rng_uniform32(rng) >= e->fluor_yield_K)
        return 0.0;
    double pick = sf_rng_uniform32(rng);
    int last = e->n_k_lines - 1;
    for (int i = 0; i < last; ++i) {
        pick -= e->k_line_prob[i];
        if (pick < 0.0)
            return e->k_line_MeV[i];
    }
    return e->k_line_MeV[last];
}

void sf_photoelectric_sample(const sf_element_photon *e, double E_MeV,
                             sf_rng *rng, sf_photoelectric_result *out)
{
    double binding = choose_shell(e, E_MeV, rng, &out->shell);
    double line = 0.0;
    if (out->shell == SF_SHELL_K) {
        line = k_fluorescence(e, rng);
        if (line > binding)
            line = binding; /* guard against an inconsistent table */
    }
    out->electron_MeV = E_MeV - binding;
    out->fluorescence_MeV = line;
    out->local_MeV = binding - line;
}
