/* Multiple elastic scattering over one condensed-history step.
 *
 * The angular deflection after a path s is drawn from a two-moment
 * "modified Wentzel" distribution, mu = (1 - cos theta)/2 in [0, 1]:
 *     p(mu) = (1 - B) W_A(mu) + B delta(mu - mu_d),
 *     W_A(mu) = A (1 + A) / (A + mu)^2   (Wentzel, screening A),
 * with A, B, mu_d chosen so that the first two Goudsmit-Saunderson moments
 * are exact: <mu> = (1 - exp(-s/lambda_1)) / 2 and
 * <P2(cos theta)> = exp(-s/lambda_2) (Goudsmit & Saunderson, Phys. Rev. 57,
 * 24 (1940); Lewis, Phys. Rev. 78, 526 (1950)). This is the MW model of
 * PENELOPE (Baro, Sempau, Fernandez-Varea & Salvat, NIM B 84, 465 (1994);
 * Fernandez-Varea, Mayol, Baro & Salvat, NIM B 73, 447 (1993)) applied to
 * the step's multiple-scattering distribution:
 *   case I, the Wentzel of the right <mu> has <mu^2> too large (nearly
 *     always): A from <mu>, mu_d = <mu>, B from <mu^2>;
 *   case II, its <mu^2> is too small (lambda_1/lambda_2 below ~2.6 and
 *     small steps, i.e. low energies): a point mass at large angle,
 *     mu_d = 3/4 (any mu_d with <mu^2> < mu_d <mu> would do), A and B
 *     solved together.
 * Matching only the first moment (the previous sampler) leaves <mu^2> too
 * large by a factor that decays only like 1/ln(lambda_1/s) as the step
 * shrinks, which biased dose point kernels at every practical step size.
 * With the random-hinge displacement the mean deflection, mean
 * longitudinal displacement and second angular moment are exact. Pure
 * functions, no state. */
#ifndef SF_MSC_H
#define SF_MSC_H

#include "transport/rng.h"

/* First moment <mu> of the Wentzel distribution of screening A:
 * A [(1 + A) ln(1 + 1/A) - 1]. Increases from 0 (A -> 0) to 1/2. */
double sf_msc_wentzel_mean_mu(double A);

/* Screening A whose Wentzel distribution has <mu> = mean_mu, for
 * 0 < mean_mu < 1/2 (Newton iterations on ln A; relative accuracy 1e-10). */
double sf_msc_wentzel_screening(double mean_mu);

/* Second moment <mu^2> of the Wentzel distribution of screening A:
 * A (1 + A) [1 - 2 A ln(1 + 1/A) + A/(1 + A)]. */
double sf_msc_wentzel_mean_mu2(double A);

/* Parameters of the two-moment modified Wentzel distribution of one step:
 * p(mu) = (1 - B) Wentzel_A(mu) + B delta(mu - mu_delta). */
typedef struct sf_msc_mw {
    double A, B, mu_delta;
} sf_msc_mw;

/* For t1 = s/lambda_1, t2 = s/lambda_2: <mu> = (1 - exp(-t1))/2 and
 * <P2(cos theta)> = exp(-t2) exactly. */
sf_msc_mw sf_msc_mw_params(double t1, double t2);

/* cos theta after a path of s_over_lambda1 = s / lambda_1 first and
 * s_over_lambda2 = s / lambda_2 second transport mean free paths (one
 * uniform draw). Beyond 8 first transport mean free paths the direction is
 * isotropic to within 2e-4 in <cos theta> and is drawn so. */
double sf_msc_sample_cos_theta(double s_over_lambda1, double s_over_lambda2,
                               sf_rng *rng);

#endif
