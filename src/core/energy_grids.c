#include "core/energy_grids.h"

#include <math.h>
#include <string.h>

/* ICRP Publication 133 (2016), electronic supplement, record 4 of
 * rcp-am_photon_2016-08-12.SAF and its siblings. */
const double sf_icrp133_energies_MeV[SF_ICRP133_N_ENERGIES] = {
    0.001, 0.005, 0.010, 0.015, 0.020, 0.030, 0.040, 0.050, 0.060,
    0.080, 0.100, 0.150, 0.200, 0.300, 0.400, 0.500, 0.600, 0.800,
    1.000, 1.500, 2.000, 3.000, 4.000, 5.000, 6.000, 8.000, 10.000};

/* The `opendose` preset: 91 energies log-spaced from 5 keV to 10 MeV
 * (E_i = 0.005 MeV x 2000^(i/90), i = 0..90). OpenDose states its range as
 * "from 5 keV to 10 MeV (log scale)" (opendose.org/simus) and ran 91
 * energies per particle (2 phantoms x 141 regions x 2 particles x 91
 * energies = 51,324 simulations); the exact published values could not be
 * confirmed; see docs/manifest.md. */
#define OPENDOSE_N_ENERGIES 91
#define OPENDOSE_E_MIN_MEV 0.005
#define OPENDOSE_E_MAX_MEV 10.0

size_t sf_energy_grid(const char *name, double *out)
{
    if (!strcmp(name, "icrp133")) {
        memcpy(out, sf_icrp133_energies_MeV, sizeof sf_icrp133_energies_MeV);
        return SF_ICRP133_N_ENERGIES;
    }
    if (!strcmp(name, "opendose")) {
        for (int i = 0; i < OPENDOSE_N_ENERGIES; ++i)
            out[i] = i == OPENDOSE_N_ENERGIES - 1
                         ? OPENDOSE_E_MAX_MEV
                         : OPENDOSE_E_MIN_MEV *
                               pow(OPENDOSE_E_MAX_MEV / OPENDOSE_E_MIN_MEV,
                                   i / (double)(OPENDOSE_N_ENERGIES - 1));
        return OPENDOSE_N_ENERGIES;
    }
    return 0;
}

int sf_energy_grid_is_icrp133(const double *energies_MeV, size_t n)
{
    if (n != SF_ICRP133_N_ENERGIES)
        return 0;
    for (size_t i = 0; i < n; ++i)
        if (!(fabs(energies_MeV[i] - sf_icrp133_energies_MeV[i]) <=
              1e-9 * sf_icrp133_energies_MeV[i]))
            return 0;
    return 1;
}
