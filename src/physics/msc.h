/* Multiple elastic scattering over one condensed-history step.
 *
 * The angular deflection after a path s is drawn from a Wentzel (screened
 * Rutherford) distribution
 *     p(mu) = A (1 + A) / (A + mu)^2,   mu = (1 - cos theta)/2 in [0, 1],
 * whose screening A is chosen so that its first moment equals the exact
 * Goudsmit-Saunderson one, <mu> = (1 - exp(-s/lambda_1)) / 2 (Goudsmit &
 * Saunderson, Phys. Rev. 57, 24 (1940); Lewis, Phys. Rev. 78, 526 (1950)).
 * This is the "modified Wentzel" idea of PENELOPE (Fernandez-Varea, Mayol,
 * Baro & Salvat, NIM B 73, 447 (1993), section 3; PENELOPE-2008 manual
 * section 4.1) restricted to the first moment: with the random-hinge
 * displacement it gives exact mean deflection and mean longitudinal
 * displacement; the second moment (lateral spread) is approximate and
 * converges as steps shrink. Pure functions, no state. */
#ifndef SF_MSC_H
#define SF_MSC_H

#include "transport/rng.h"

/* First moment <mu> of the Wentzel distribution of screening A:
 * A [(1 + A) ln(1 + 1/A) - 1]. Increases from 0 (A -> 0) to 1/2. */
double sf_msc_wentzel_mean_mu(double A);

/* Screening A whose Wentzel distribution has <mu> = mean_mu, for
 * 0 < mean_mu < 1/2 (Newton iterations on ln A; relative accuracy 1e-10). */
double sf_msc_wentzel_screening(double mean_mu);

/* cos theta after a path of s_over_lambda1 = s / lambda_1 first transport
 * mean free paths (one or two uniform draws). Beyond ~ 8 transport mean free
 * paths the direction is isotropic to within 2e-4 in <cos theta> and is
 * drawn so. */
double sf_msc_sample_cos_theta(double s_over_lambda1, sf_rng *rng);

#endif
