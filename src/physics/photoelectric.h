/* Photoelectric absorption on one element: shell, photoelectron energy and
 * direction, K fluorescence, local deposition of the rest. */
#ifndef SF_PHOTOELECTRIC_H
#define SF_PHOTOELECTRIC_H

#include "physics/photon_data.h"
#include "transport/rng.h"

typedef enum sf_photo_shell {
    SF_SHELL_K = 0, /* K shell, with fluorescence */
    SF_SHELL_L,     /* one of L1, L2, L3 (binding deposited locally) */
    SF_SHELL_OUTER  /* M and above: binding neglected (see photoelectric.c) */
} sf_photo_shell;

typedef struct sf_photoelectric_result {
    double electron_MeV;       /* photoelectron kinetic energy; its
                                * direction, where it matters, from
                                * sf_photoelectric_sauter_cos */
    double fluorescence_MeV;   /* K x-ray, emitted isotropically; 0 if none */
    double local_MeV;          /* deposited at the interaction point */
    sf_photo_shell shell;
} sf_photoelectric_result;

/* Samples one absorption of a photon of energy E_MeV by element e: the
 * shell and the K fluorescence, not the photoelectron's direction, which
 * a kerma-mode transport does not need.
 * electron_MeV + fluorescence_MeV + local_MeV equals E_MeV (to rounding,
 * a few units in the last place). Pure: no allocation, no state. */
void sf_photoelectric_sample(const sf_element_photon *e, double E_MeV,
                             sf_rng *rng, sf_photoelectric_result *out);

/* Cosine of the photoelectron's polar angle from the K-shell distribution
 * of Sauter (1931), for kinetic energy T_MeV. */
double sf_photoelectric_sauter_cos(double T_MeV, sf_rng *rng);

#endif
