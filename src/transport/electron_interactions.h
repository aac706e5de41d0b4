/* Samplers of the hard (discrete) electron and positron interactions of the
 * class II condensed-history kernel. Pure: they read tables and draw from
 * the stream they are given; they never touch the particle stack (the
 * kernel in charged.c applies the outcome). Energies in MeV. */
#ifndef SF_ELECTRON_INTERACTIONS_H
#define SF_ELECTRON_INTERACTIONS_H

#include "transport/electron_medium.h"
#include "transport/rng.h"

/* Energy W of the secondary (slower) electron of a Moller collision of an
 * electron of kinetic energy T, cut < W <= T/2 (requires T > 2 cut). */
double sf_moller_sample(double T_MeV, double cut_MeV, sf_rng *rng);

/* Energy W given to the atomic electron in a Bhabha collision of a positron
 * of kinetic energy T, cut < W <= T (requires T > cut). */
double sf_bhabha_sample(double T_MeV, double cut_MeV, sf_rng *rng);

/* Polar cosine, relative to the incident direction, of a free particle of
 * kinetic energy E_out emerging from a binary collision with a free
 * electron at rest of an incident particle of kinetic energy T (energy and
 * momentum conservation): cos^2 = E_out (T + 2m) / (T (E_out + 2m)). */
double sf_binary_collision_cos(double T_MeV, double E_out_MeV);

/* Bremsstrahlung photon energy, cut < k < T, from the tabulated
 * k dsigma/dk of the medium. */
double sf_brems_sample_k(const sf_electron_medium *m, double T_MeV,
                         double cut_MeV, sf_rng *rng);

/* Polar cosine of the bremsstrahlung photon relative to the electron. */
double sf_brems_sample_cos(double T_MeV, sf_rng *rng);

#endif
