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

/* The incoherent scattering of a mixture of elements as one element-like
 * table for sf_compton_sample: Z = 1 and S(x) = sum_i (w_i/A_i) S_i(x) /
 * sum_i (w_i/A_i) Z_i (w mass fractions, A atomic weights) on the union of
 * the elements' x grids. The mixture's angular distribution per gram is
 * KN x sum_i (w_i/A_i) S_i, so one draw from this table is distributed as
 * choosing the element by its incoherent cross section and then drawing on
 * it, without the choice (the two agree to the consistency of the
 * tabulated cross sections with the integral of KN x S, ~0.1 %). Fills
 * x_inv_angstrom, scatter_function, s_log_ratio and the squeeze;
 * sf_compton_mixture_free releases them. */
sf_status sf_compton_mixture_build(const sf_photon_data *pd, int n,
                                   const int *Z, const double *mass_fraction,
                                   sf_element_photon *out);
void sf_compton_mixture_free(sf_element_photon *e);

/* One draw of free-electron Klein-Nishina scattering for k = E / m c^2:
 * returns eps = E'/E and sets *one_minus_cos = 1 - cos(theta) (the first
 * step of sf_compton_sample, before the S(x,Z) rejection). */
double sf_klein_nishina_sample(double k, sf_rng *rng, double *one_minus_cos);

/* Scattered photon energy for a given angle (Compton's formula). */
double sf_compton_energy(double E_MeV, double cos_theta);

#endif
