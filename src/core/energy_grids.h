/* Named energy grids (MeV) that manifests can ask for by name
 * (`energies_MeV: opendose`) and that writers recognise. */
#ifndef SF_ENERGY_GRIDS_H
#define SF_ENERGY_GRIDS_H

#include <stddef.h>

/* The 27 energies of the ICRP Publication 133 SAF files for photons and
 * electrons, 1 keV to 10 MeV (their 28th column, 0.0, is the E -> 0 limit
 * and no energy to simulate). */
#define SF_ICRP133_N_ENERGIES 27
extern const double sf_icrp133_energies_MeV[SF_ICRP133_N_ENERGIES];

/* The energies of preset `name` ("opendose", "icrp133") into out (room for
 * SF_ENERGY_GRID_MAX); returns their number, 0 for an unknown name. */
#define SF_ENERGY_GRID_MAX 91
size_t sf_energy_grid(const char *name, double *out);

/* 1 when energies[0..n) are exactly (to 1e-9 relative) the ICRP 133 grid. */
int sf_energy_grid_is_icrp133(const double *energies_MeV, size_t n);

#endif
