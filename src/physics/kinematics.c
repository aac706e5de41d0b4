/* Direction rotation and isotropic directions. */
#include "physics/kinematics.h"

#include <math.h>

/* Rotation by (theta, phi) about the axis whose component c is the third of
 * the cyclic triple (a, b, c), with the usual formula for the new direction
 * cosines (PENELOPE-2018 manual, F. Salvat, NEA/MBDAV/R(2019)1, chapter 1,
 * "Angular deflections"). It divides by sqrt(1 - c^2), so the caller passes
 * the permutation in which c is the smallest component: then
 * 1 - c^2 >= 2/3 and the poles need no special case. The origin of phi
 * depends on the permutation, which keeps phi uniform when it is drawn
 * uniformly. */
static void rotate_about(double *a, double *b, double *c, double cos_theta,
                         double sin_theta, double phi)
{
    double cos_phi = cos(phi), sin_phi = sin(phi);
    double s = sqrt(1.0 - (*c) * (*c));
    double a0 = *a, b0 = *b, c0 = *c;
    *a = a0 * cos_theta + sin_theta * (a0 * c0 * cos_phi - b0 * sin_phi) / s;
    *b = b0 * cos_theta + sin_theta * (b0 * c0 * cos_phi + a0 * sin_phi) / s;
    *c = c0 * cos_theta - s * sin_theta * cos_phi;
}

void sf_rotate(double d[3], double cos_theta, double phi)
{
    if (cos_theta > 1.0)
        cos_theta = 1.0;
    else if (cos_theta < -1.0)
        cos_theta = -1.0;
    double sin_theta = sqrt((1.0 - cos_theta) * (1.0 + cos_theta));
    double ax = fabs(d[0]), ay = fabs(d[1]), az = fabs(d[2]);
    if (az <= ax && az <= ay)
        rotate_about(&d[0], &d[1], &d[2], cos_theta, sin_theta, phi);
    else if (ax <= ay)
        rotate_about(&d[1], &d[2], &d[0], cos_theta, sin_theta, phi);
    else
        rotate_about(&d[2], &d[0], &d[1], cos_theta, sin_theta, phi);
    /* Rounding accumulates over hundreds of scatterings in one history. */
    double norm = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    d[0] /= norm;
    d[1] /= norm;
    d[2] /= norm;
}

void sf_isotropic_direction(sf_rng *rng, double d[3])
{
    /* w uniform on (-1,1) and phi uniform give a uniform density on the
     * sphere (Archimedes' hat-box theorem). */
    double w = 2.0 * sf_rng_uniform(rng) - 1.0;
    double phi = sf_azimuth(rng);
    double s = sqrt((1.0 - w) * (1.0 + w));
    d[0] = s * cos(phi);
    d[1] = s * sin(phi);
    d[2] = w;
}
