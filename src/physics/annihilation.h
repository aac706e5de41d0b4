/* Annihilation of a positron at rest. */
#ifndef SF_ANNIHILATION_H
#define SF_ANNIHILATION_H

#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */
#include "transport/rng.h"

/* Energy of each annihilation photon, MeV (m c^2). */
#define SF_ANNIHILATION_PHOTON_MEV SF_ELECTRON_MASS_MEV

/* Directions of the two photons of a two-photon annihilation at rest:
 * back to back (momentum zero), the axis isotropic. Three-photon decay
 * (0.27 % of free annihilations) and the residual momentum of the pair
 * (the ~0.5 degree acollinearity) are neglected. Pure. */
void sf_annihilation_at_rest(sf_rng *rng, double d1[3], double d2[3]);

#endif
