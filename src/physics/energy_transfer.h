/* Mean energy a photon interaction hands to charged particles or leaves on
 * the spot, per element and process, exactly as the samplers of
 * photoelectric.c, compton.c and pair.c distribute it. In kerma mode that
 * is the mean energy an analogue collision deposits, so E x sigma x
 * (these means / E) is the kerma coefficient the expected-value estimator
 * scores (transport/kerma_coef.h): any difference from the samplers would
 * be a bias of that estimator, hence one definition beside them. */
#ifndef SF_ENERGY_TRANSFER_H
#define SF_ENERGY_TRANSFER_H

#include "physics/photon_data.h"

/* Photoelectric absorption of a photon of E_MeV: E minus the mean K
 * fluorescence energy (K-shell probability sigma_K/sigma, fluorescence
 * yield, line energies clipped to the K binding as the sampler does). */
double sf_photo_mean_transfer_MeV(const sf_element_photon *e, double E_MeV);

/* Incoherent scattering: E - <E'>, the mean over Klein-Nishina x S(x,Z)
 * (composite Simpson over x = sin(theta/2)/lambda; relative accuracy
 * better than 1e-6, tests/unit/test_energy_transfer.c). */
double sf_compton_mean_transfer_MeV(const sf_element_photon *e, double E_MeV);

/* Pair production (either field): the leptons' kinetic energies,
 * E - 2 m c^2 (0 below threshold). */
double sf_pair_mean_transfer_MeV(double E_MeV);

#endif
