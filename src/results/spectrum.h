/* A radionuclide's emissions per decay, as read from a spectrum file
 * (format: docs/svalues.md):
 *
 *   nuclide Lu-177
 *   line  photon    0.208366  0.11          # energy MeV, yield per decay
 *   bin   electron  0.000  0.025  0.1017    # low, high MeV, yield per decay
 *
 * A `bin` spreads its yield uniformly in energy over [low, high): the way a
 * beta spectrum is given. '#' starts a comment. */
#ifndef SF_SPECTRUM_H
#define SF_SPECTRUM_H

#include <stddef.h>

#include "core/error.h"

typedef struct sf_emission {
    char particle[16];    /* photon, electron or positron */
    double low_MeV, high_MeV; /* equal for a line */
    double yield;         /* per decay */
} sf_emission;

typedef struct sf_spectrum {
    char path[4096];
    char nuclide[64];
    size_t n;
    sf_emission *emissions;
} sf_spectrum;

sf_status sf_spectrum_load(const char *path, sf_spectrum **out);
void sf_spectrum_destroy(sf_spectrum **s);

/* Sub-intervals a bin is cut into when it is integrated. */
#define SF_SPECTRUM_BIN_POINTS 16

#endif
