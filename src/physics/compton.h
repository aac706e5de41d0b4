/* Incoherent (Compton) scattering of a photon on one element: Klein-Nishina
 * corrected by the incoherent scattering function S(x,Z) (the
 * Waller-Hartree treatment of binding used by the EPDL/xraylib tables). */
#ifndef SF_COMPTON_H
#define SF_COMPTON_H

#include "physics/photon_data.h"
#include "transport/rng.h"

/* hc in MeV*angstrom: x = sin(theta/2)/lambda = E/hc * sin(theta/2). */
#define SF_HC_MEV_ANGSTROM 12.39842e-3

/* Samples one incoherent scattering of a photon of energy E_MeV on element
 * e (which must carry S(x,Z)). Returns the scattered photon's energy and
 * the cosine of its polar angle to the incident direction; the azimuth is
 * uniform and left to the caller. The Compton electron receives
 * E_MeV - *E_scattered_MeV: the binding energy of the struck electron and
 * the Doppler broadening of E' are neglected, so energy is conserved
 * without a vacancy to relax. Pure: no allocation, no state. */
void sf_compton_sample(const sf_element_photon *e, double E_MeV, sf_rng *rng,
                       double *E_scattered_MeV, double *cos_theta);

/* One draw of free-electron Klein-Nishina scattering for k = E / m c^2:
 * returns eps = E'/E and sets *one_minus_cos = 1 - cos(theta) (the first
 * step of sf_compton_sample, before the S(x,Z) rejection). */
double sf_klein_nishina_sample(double k, sf_rng *rng, double *one_minus_cos);

/* Scattered photon energy for a given angle (Compton's formula). */
double sf_compton_energy(double E_MeV, double cos_theta);

#endif
