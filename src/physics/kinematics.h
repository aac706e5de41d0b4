/* Direction helpers shared by the interaction samplers and the transport
 * kernel. Directions are unit vectors (u, v, w) in the phantom frame. */
#ifndef SF_KINEMATICS_H
#define SF_KINEMATICS_H

#include "transport/rng.h"

#include <math.h>

/* Turns the unit direction d through polar angle theta (given as
 * cos_theta in [-1,1]) about itself and the azimuth whose cosine and sine
 * are given, in place; the result is renormalised (rounding accumulates
 * over hundreds of scatterings in one history). Safe for any direction,
 * including the poles (d = (0,0,+-1)).
 *
 * The usual formula for the new direction cosines (PENELOPE-2018 manual,
 * F. Salvat, NEA/MBDAV/R(2019)1, chapter 1, "Angular deflections") about
 * the axis of the cyclic triple (a, b, c) whose component c is the
 * smallest: it divides by sqrt(1 - c^2) >= sqrt(2/3), so the poles need no
 * special case. The origin of phi depends on the triple, which keeps phi
 * uniform when it is drawn uniformly. Inline: the electron kernel calls it
 * at every step. */
static inline void sf_rotate_cs(double d[3], double cos_theta, double cos_phi,
                                double sin_phi)
{
    if (cos_theta > 1.0)
        cos_theta = 1.0;
    else if (cos_theta < -1.0)
        cos_theta = -1.0;
    double sin_theta = sqrt((1.0 - cos_theta) * (1.0 + cos_theta));
    double ax = fabs(d[0]), ay = fabs(d[1]), az = fabs(d[2]);
    /* The frame (ia, ib, ic) is a cyclic shift r of the axes, ic the
     * axis of the smallest component (z on ties, then x): r = 0 when z is
     * smallest, 1 when x is, else 2. Computed from the comparisons'
     * values rather than branches, which a random direction mispredicts
     * about once in two rotations. */
    static const int next_axis[3] = {1, 2, 0}, prev_axis[3] = {2, 0, 1};
    int not_z = (az > ax) | (az > ay);
    int r = not_z + (not_z & (ax > ay));
    int ia = r, ib = next_axis[r], ic = prev_axis[r];
    double a0 = d[ia], b0 = d[ib], c0 = d[ic];
    double sc = sqrt(1.0 - c0 * c0);
    double q = sin_theta / sc;
    double a = a0 * cos_theta + q * (a0 * c0 * cos_phi - b0 * sin_phi);
    double b = b0 * cos_theta + q * (b0 * c0 * cos_phi + a0 * sin_phi);
    double c = c0 * cos_theta - sc * sin_theta * cos_phi;
    double inv = 1.0 / sqrt(a * a + b * b + c * c);
    d[ia] = a * inv;
    d[ib] = b * inv;
    d[ic] = c * inv;
}

/* cos and sin of an azimuth uniform in [0, 2 pi), without trigonometric
 * functions: a point uniform in the unit disc (rejection from the square,
 * acceptance pi/4) has a uniform polar angle a, and (cos 2a, sin 2a) =
 * (x^2 - y^2, 2 x y) / r^2. One 32-bit word per trial, 16 bits per
 * coordinate: the grid of 2^32 points is symmetric about both axes, never
 * contains the origin, and resolves the azimuth to ~1e-4 rad except within
 * ~1e-4 of the centre (a fraction 1e-8 of the draws). */
static inline void sf_random_azimuth_cs(sf_rng *rng, double *cos_phi,
                                        double *sin_phi)
{
    for (;;) {
        uint32_t word = sf_rng_u32(rng);
        double x = ((double)(word >> 16) + 0.5) * 0x1p-15 - 1.0;
        double y = ((double)(word & 0xffffu) + 0.5) * 0x1p-15 - 1.0;
        double r2 = x * x + y * y;
        if (r2 < 1.0) {
            double inv = 1.0 / r2;
            *cos_phi = (x - y) * (x + y) * inv;
            *sin_phi = 2.0 * x * y * inv;
            return;
        }
    }
}

/* Turns d through the polar angle and a uniform azimuth drawn by
 * sf_random_azimuth_cs (no trigonometric function). */
static inline void sf_rotate_random_azimuth(double d[3], double cos_theta,
                                            sf_rng *rng)
{
    double cos_phi, sin_phi;
    sf_random_azimuth_cs(rng, &cos_phi, &sin_phi);
    sf_rotate_cs(d, cos_theta, cos_phi, sin_phi);
}

/* sf_rotate_cs with the azimuth phi in radians. */
void sf_rotate(double d[3], double cos_theta, double phi);

/* A direction uniformly distributed on the unit sphere (two draws). */
void sf_isotropic_direction(sf_rng *rng, double d[3]);

/* A uniform azimuth in (0, 2 pi) (one draw). */
static inline double sf_azimuth(sf_rng *rng)
{
    return 6.283185307179586476925 * sf_rng_uniform(rng);
}

#endif
