/* Direction helpers shared by the interaction samplers and the transport
 * kernel. Directions are unit vectors (u, v, w) in the phantom frame. */
#ifndef SF_KINEMATICS_H
#define SF_KINEMATICS_H

#include "transport/rng.h"

/* Turns the unit direction d through polar angle theta (given as
 * cos_theta in [-1,1]) about itself and azimuth phi (radians) around it,
 * in place; the result is renormalised. Safe for any direction, including
 * the poles (d = (0,0,+-1)). */
void sf_rotate(double d[3], double cos_theta, double phi);

/* A direction uniformly distributed on the unit sphere (two draws). */
void sf_isotropic_direction(sf_rng *rng, double d[3]);

/* A uniform azimuth in (0, 2 pi) (one draw). */
static inline double sf_azimuth(sf_rng *rng)
{
    return 6.283185307179586476925 * sf_rng_uniform(rng);
}

#endif
