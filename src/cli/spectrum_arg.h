/* The `saffron task --spectrum` argument: "0.1409:0.885,0.3645:0.815",
 * lines in MeV with their yields (any normalisation). */
#ifndef SF_SPECTRUM_ARG_H
#define SF_SPECTRUM_ARG_H

#include "core/error.h"

/* Parses the lines into *energy_MeV and *yield (malloc'ed, *n of each).
 * Every item must be ENERGY:YIELD with a positive energy and a yield >= 0,
 * and some yield must be positive. */
sf_status sf_cli_parse_lines(const char *text, double **energy_MeV,
                             double **yield, int *n);

#endif
