/* Electron-atom bremsstrahlung: a differential cross section in the emitted
 * photon energy built from documented analytic pieces (see
 * docs/electron-physics.md), and its integrals over a material. Energies in
 * MeV: T is the electron kinetic energy, k the photon energy, 0 < k < T. */
#ifndef SF_BREMSSTRAHLUNG_H
#define SF_BREMSSTRAHLUNG_H

#include "physics/brems_memo.h"
#include "physics/material.h"

/* d(sigma)/dk per atom of element Z, cm2/MeV, nuclear plus atomic-electron
 * bremsstrahlung; 0 outside 0 < k < T. */
double sf_brems_dcs_atom(int Z, double T_MeV, double k_MeV);

/* The same split: nuclear field only (Z^2 part) and the factor eta(T) that
 * scales it to nucleus + electrons, Z^2 -> Z (Z + eta). */
double sf_brems_dcs_nuclear(int Z, double T_MeV, double k_MeV);
double sf_brems_electron_factor(int Z, double T_MeV);

/* The three functions below take the per-atom cross sections from a memo
 * shared by the media of a world (brems_memo.h), or compute them when memo
 * is NULL: the same values, bit for bit. */

/* k d(sigma)/dk per gram of a material, MeV cm2/(g MeV) = cm2/g: the
 * "scaled" spectrum that the photon-energy sampler tabulates in
 * kappa = k/T. */
double sf_brems_k_dcs_material(const sf_material *m, double T_MeV,
                               double k_MeV, sf_brems_memo *memo);

/* Radiative stopping power restricted to photons with k < k_max (use
 * k_max >= T for the unrestricted value), MeV cm2/g. */
double sf_brems_radiative_stopping(const sf_material *m, double T_MeV,
                                   double k_max_MeV, sf_brems_memo *memo);

/* Number of photons with k_cut < k < T per g/cm2: the bremsstrahlung
 * macroscopic cross section above a cut, cm2/g. */
double sf_brems_cross_section(const sf_material *m, double T_MeV,
                              double k_cut_MeV, sf_brems_memo *memo);

#endif
