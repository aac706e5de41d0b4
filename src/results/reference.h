/* A reference SAF table for compare and plot: a CSV (recognised by a
 * header naming saf_per_kg) or a file in the ICRP 133 layout. */
#ifndef SF_REFERENCE_H
#define SF_REFERENCE_H

#include "core/error.h"
#include "results/saf_table.h"

/* Reads the table; *is_csv tells which format it was (the default region
 * mapping differs: CSV references use the results file's names). */
sf_status sf_reference_load(const char *path, sf_saf_table **out, int *is_csv);

#endif
