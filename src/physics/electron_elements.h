/* Per-element data of the electron physics: standard atomic weights and
 * mean excitation energies, Z = 1..98. Independent of the photon data
 * files so that the electron tables can be built without them. */
#ifndef SF_ELECTRON_ELEMENTS_H
#define SF_ELECTRON_ELEMENTS_H

#include "core/error.h"
#include "physics/material.h"

/* Standard atomic weight, g/mol (IUPAC); 0 when Z is outside 1..98. */
double sf_electron_atomic_weight(int Z);

/* Mean excitation energy of the element in its standard state, eV
 * (ICRU Reports 37 and 49); 0 when Z is outside 1..98. */
double sf_electron_mean_excitation_eV(int Z);

/* I value of element Z as a constituent of a compound or mixture
 * (Seltzer & Berger 1982, ICRU 37 section 5.2): condensed phase when
 * `condensed` is non-zero, else gas phase. */
double sf_electron_mean_excitation_in_compound_eV(int Z, int condensed);

/* Electrons per gram divided by Avogadro's number: sum_i w_i Z_i / A_i,
 * mol/g. */
double sf_electron_z_over_a(const sf_material *m);

/* Mean excitation energy of a mixture by Bragg additivity (ICRU 37):
 * ln I = sum_i w_i (Z_i/A_i) ln I_i / sum_i w_i Z_i/A_i, with the compound
 * I_i of sf_electron_mean_excitation_in_compound_eV. A one-element material
 * gets the elemental value. */
sf_status sf_electron_mean_excitation_mixture_eV(const sf_material *m,
                                                 int condensed, double *I_eV);

#endif
