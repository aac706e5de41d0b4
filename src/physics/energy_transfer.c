#include "physics/energy_transfer.h"

#include <math.h>

#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */
#include "physics/compton.h"       /* SF_HC_MEV_ANGSTROM */

double sf_photo_mean_transfer_MeV(const sf_element_photon *e, double E_MeV)
{
    if (!(e->binding_MeV_K > 0.0 && E_MeV >= e->binding_MeV_K) ||
        e->n_k_lines <= 0)
        return E_MeV;
    double total = sf_element_xs(e, SF_PROC_PHOTO, E_MeV);
    if (!(total > 0.0))
        return E_MeV;
    double p_K = sf_element_photo_K(e, E_MeV) / total;
    if (p_K > 1.0)
        p_K = 1.0;
    double line = 0.0;
    for (int i = 0; i < e->n_k_lines; ++i) {
        double l = e->k_line_MeV[i];
        line += e->k_line_prob[i] * (l < e->binding_MeV_K ? l : e->binding_MeV_K);
    }
    return E_MeV - p_K * e->fluor_yield_K * line;
}

/* Klein-Nishina weight per unit t = 1 - cos(theta), up to a constant:
 * eps^2 (eps + 1/eps - sin^2 theta), eps = E'/E (Klein and Nishina 1929). */
static double kn_weight(double k, double t, double *eps_out)
{
    double eps = 1.0 / (1.0 + k * t);
    double sin2 = t * (2.0 - t);
    *eps_out = eps;
    return eps * eps * (eps + 1.0 / eps - sin2);
}

/* Simpson intervals over x in [0, x_max]: the integrand is smooth but for
 * the kinks of the interpolated S(x,Z) table; 2048 intervals put the
 * quadrature error below 1e-7 at every energy of the tables. */
#define COMPTON_SIMPSON_INTERVALS 2048

double sf_compton_mean_transfer_MeV(const sf_element_photon *e, double E_MeV)
{
    /* Substituting t = 2 (x/x_max)^2 (x = x_max sin(theta/2)) makes the
     * integrand in x as smooth as S itself; dt = 4 x / x_max^2 dx. */
    const double k = E_MeV / SF_ELECTRON_MASS_MEV;
    const double x_max = E_MeV / SF_HC_MEV_ANGSTROM;
    const int n = COMPTON_SIMPSON_INTERVALS;
    const double h = x_max / n;
    double num = 0.0, den = 0.0;
    for (int i = 0; i <= n; ++i) {
        double x = i * h;
        double r = x / x_max;
        double t = 2.0 * r * r;
        double eps;
        double f = kn_weight(k, t, &eps) * sf_element_scatter_function(e, x) *
                   x; /* dt/dx up to the constant 4/x_max^2 */
        double c = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        num += c * f * eps;
        den += c * f;
    }
    if (!(den > 0.0))
        return 0.0;
    return E_MeV * (1.0 - num / den);
}

double sf_pair_mean_transfer_MeV(double E_MeV)
{
    double T = E_MeV - 2.0 * SF_ELECTRON_MASS_MEV;
    return T > 0.0 ? T : 0.0;
}
