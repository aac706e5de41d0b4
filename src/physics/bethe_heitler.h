/* Pair production: Bethe-Heitler cross sections with Thomas-Fermi screening
 * and the Davies-Bethe-Maximon Coulomb correction (nuclear field), and the
 * electron-field (triplet) cross section. Shared by saffron-datagen (the
 * integrated cross sections written to physics-data/) and the pair sampler
 * (the energy-sharing distribution). Energies in MeV, cross sections in barn
 * per atom. */
#ifndef SF_BETHE_HEITLER_H
#define SF_BETHE_HEITLER_H

#define SF_ELECTRON_MASS_MEV 0.51099895

/* Davies-Bethe-Maximon Coulomb correction f_c(Z). */
double sf_bh_coulomb_correction(int Z);

/* Differential cross section d(sigma)/d(eps) in the nuclear field, barn,
 * for photon energy k_MeV and eps = (total energy of the electron)/k in
 * (m/k, 1 - m/k); 0 outside. Symmetric in eps <-> 1 - eps. */
double sf_bh_dsigma_deps_barn(double k_MeV, double eps, int Z);

/* Integrated pair cross sections, barn/atom (0 below threshold: 2m for the
 * nuclear field, 4m for the electron field). */
double sf_bh_sigma_nuclear_barn(double k_MeV, int Z);
double sf_bh_sigma_electron_barn(double k_MeV, int Z);

#endif
