/* Direction rotation and isotropic directions. */
#include "physics/kinematics.h"

#include <math.h>

void sf_rotate(double d[3], double cos_theta, double phi)
{
    sf_rotate_cs(d, cos_theta, cos(phi), sin(phi));
}

void sf_isotropic_direction(sf_rng *rng, double d[3])
{
    /* w uniform on (-1,1) and phi uniform give a uniform density on the
     * sphere (Archimedes' hat-box theorem). */
    double w = 2.0 * sf_rng_uniform(rng) - 1.0;
    double cos_phi, sin_phi;
    sf_random_azimuth_cs(rng, &cos_phi, &sin_phi);
    double s = sqrt((1.0 - w) * (1.0 + w));
    d[0] = s * cos_phi;
    d[1] = s * sin_phi;
    d[2] = w;
}
