/* Electron-positron pair production by a photon, in the field of a nucleus
 * or of an atomic electron (triplet). */
#ifndef SF_PAIR_H
#define SF_PAIR_H

#include "core/error.h"
#include "physics/photon_data.h"
#include "transport/rng.h"

/* Intervals of the envelope grid (uniform in log(k - 2m)). */
#define SF_PAIR_N_INTERVALS 96

/* Per-element rejection envelope of the Bethe-Heitler energy-sharing
 * distribution: a plain struct without pointers (build once per element at
 * start-up; read-only afterwards). */
typedef struct sf_pair_table {
    int Z;
    double log_excess_min; /* log(k - 2m) at the first grid point */
    double log_excess_step;
    double envelope_barn[SF_PAIR_N_INTERVALS]; /* bound of dsigma/deps */
} sf_pair_table;

typedef struct sf_pair_result {
    double electron_MeV, positron_MeV; /* kinetic energies */
    double electron_cos_theta, positron_cos_theta; /* to the photon */
    double electron_phi, positron_phi; /* azimuths, radians */
} sf_pair_result;

/* Computes the envelope for element Z (1..SF_Z_MAX), photon energies up to
 * 2 SF_PHOTON_E_MAX_MEV. */
sf_status sf_pair_table_build(int Z, sf_pair_table *t);

/* Samples one pair produced by a photon of energy k_MeV > 2m in the given
 * field (SF_PROC_PAIR_NUC or SF_PROC_PAIR_EL). Kinetic energies satisfy
 * electron_MeV + positron_MeV + 2m = k_MeV (to rounding). In the electron
 * field the recoil of the atomic electron is neglected and the energy
 * sharing is that of the nuclear field (see pair.c). Pure: no allocation,
 * no state. */
void sf_pair_sample(const sf_pair_table *t, sf_photon_process field,
                    double k_MeV, sf_rng *rng, sf_pair_result *out);

/* Cosine of a lepton's polar angle for kinetic energy T_MeV (see pair.c). */
double sf_pair_lepton_cos(double T_MeV, sf_rng *rng);

#endif
