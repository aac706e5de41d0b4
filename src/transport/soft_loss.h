/* Energy-loss straggling of the soft (sub-threshold) collisions of one
 * condensed-history step.
 *
 * The continuous-slowing-down loss of a step is only its mean; the number
 * and size of the soft collisions along the step fluctuate. Without that
 * spread the range of an electron whose delta-ray threshold is not small
 * against its energy (a 100 keV electron with a 10 keV threshold) is too
 * sharply defined and its dose point kernel too steep at its end. The loss
 * of a step is drawn from a distribution with the mean of the continuous
 * loss and the variance Omega^2 = (path, g/cm2) x (electrons per g) x
 * integral of W^2 dsigma/dW over the soft transfers (physics/moller_bhabha.h;
 * Bohr's variance for a small threshold). Only these two moments are known
 * to the class II scheme, so the shape is a choice: following the logic of
 * PENELOPE's soft-loss model (Baro et al., NIM B 100 (1995) 31, section 3),
 *  - mu > 3.04 sigma: a normal distribution truncated to +-3 standard
 *    units and rescaled to unit variance (support inside [0, 2 mu]);
 *  - sqrt(3) sigma <= mu <= 3.04 sigma: uniform on mu -+ sqrt(3) sigma;
 *  - mu < sqrt(3) sigma (short steps): no loss with probability 1 - a,
 *    uniform on (0, w) with probability a, w = 3 (sigma^2 + mu^2) / (2 mu),
 *    a = 2 mu / w;
 * each of which has exactly the mean mu and the variance sigma^2 and never
 * a negative loss. The normal deviate is one 32-bit word: the table holds
 * the midpoint quantiles of 4096 equiprobable cells of the truncated
 * normal, normalised to zero mean and unit variance. */
#ifndef SF_SOFT_LOSS_H
#define SF_SOFT_LOSS_H

#include <math.h>
#include <stdint.h>

#include "transport/rng.h"

#define SF_SOFT_LOSS_CELLS 4096
#define SF_SOFT_LOSS_NORMAL_EDGE 3.0

typedef struct sf_soft_loss_table {
    float z[SF_SOFT_LOSS_CELLS]; /* standard units, mean 0, variance 1 */
    double z_max;                /* largest |z| of the table */
} sf_soft_loss_table;

void sf_soft_loss_table_init(sf_soft_loss_table *t);

/* A loss with mean `mean` (>= 0) and variance `var` (>= 0), MeV. */
static inline double sf_soft_loss_sample(const sf_soft_loss_table *t,
                                         double mean, double var, sf_rng *rng)
{
    if (!(var > 0.0) || !(mean > 0.0))
        return mean > 0.0 ? mean : 0.0;
    double sigma = sqrt(var);
    if (mean >= t->z_max * sigma)
        return mean + sigma * t->z[sf_rng_u32(rng) >> 20];
    double u = ((double)sf_rng_u32(rng) + 0.5) * 0x1p-32;
    if (mean >= 1.7320508075688772 * sigma)
        return mean + 1.7320508075688772 * sigma * (2.0 * u - 1.0);
    double w = 1.5 * (var + mean * mean) / mean;
    double a = 2.0 * mean / w;
    return u < a ? w * (u / a) : 0.0;
}

#endif
