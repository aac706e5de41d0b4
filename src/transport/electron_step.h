/* The spatial displacement and deflection of one condensed-history electron
 * step: the electron-step algorithm of EGSnrc (Kawrakow & Bielajew, NIM B
 * 142, 253 (1998); Kawrakow, Med. Phys. 27, 485 (2000); as published in
 * Kawrakow et al., NRCC Report PIRS-701, section "Electron-step
 * algorithm"), implemented here from those equations.
 *
 * The step of path s is split into two halves with independent
 * multiple-scattering deflections (theta1, phi1) and (theta2, phi2), each
 * drawn for half the step (physics/msc.h). The end point is
 *     x = s [a1 u0 + eta delta u1 + eta (1 - delta) v + a2 u],
 *     a1 = (1 - eta)/2 (1 + alpha1),  a2 = (1 - eta)/2 (1 - alpha1),
 *     delta = 1/2 + sqrt(6)/6 - (1/(4 sqrt 6) - gamma (4 - sqrt 6) /
 *             (24 sqrt 6)) G1 + alpha2,   gamma = G2 / G1,
 * with u0 the initial direction, u1 the direction after the first half, u
 * the final one, v the second half's deflection applied to u0 (a vector of
 * length <= 1; see electron_step.c), eta drawn from 2 eta d eta, G_l = s /
 * lambda_l at the step's mid-point energy, and alpha1, alpha2 the
 * energy-loss corrections
 *     alpha1 = -(d ln sigma_1 / d ln E) (Delta E / E~) / 2,
 *     alpha2 = (d ln sigma_2 / d ln E - d ln sigma_1 / d ln E)
 *              (Delta E / E~) / (2 sqrt 6).
 * It reproduces Lewis's first and second spatial moments and the
 * position-direction correlations of the step (Lewis, Phys. Rev. 78, 526
 * (1950)) to second order in G1, where the single random hinge (straight,
 * deflect, straight) overestimates the longitudinal displacement by about
 * G1^2/12 of the step: the error that made the energy near a point source
 * depend on the step size (docs/electron-transport.md).
 *
 * The result is the polyline the transport walks: four straight segments,
 * each a unit direction and a length in units of s. Pure: no state. */
#ifndef SF_ELECTRON_STEP_H
#define SF_ELECTRON_STEP_H

#include "physics/msc.h"
#include "transport/rng.h"

typedef struct sf_step_path {
    double dir[4][3]; /* unit direction of each segment */
    double len[4];    /* segment length in units of the step path */
    double final_dir[3];
} sf_step_path;

/* One step from direction u0 (unit) over G1 = s/lambda_1, G2 = s/lambda_2
 * with energy-loss corrections alpha1, alpha2 (0 without energy loss). */
void sf_electron_step_sample(const double u0[3], double G1, double G2,
                             double alpha1, double alpha2,
                             const sf_msc_table *msc, sf_rng *rng,
                             sf_step_path *out);

#endif
