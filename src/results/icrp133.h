/* SAF files in the fixed-width layout of the ICRP Publication 133 data
 * files (rcp-am_photon_2016-08-12.SAF and its siblings), one file per
 * particle; the layout is described in docs/exports.md.
 *
 * Records (lines, CR LF ended, all padded to the data-record length):
 *   1-2  free text;
 *   3    the particle ("Photons", "Electrons", "Positrons") then free text;
 *   4    I4 number of targets, I4 number of sources, 14 blanks, the
 *        energies (MeV) as F10.5, then " Ecutoff Icut";
 *   5    a line of dashes;
 *   6-   A10 target, "<-", A10 source, the SAFs (kg^-1) as E10.3, Ecut
 *        (E10.3, lowest energy of a non-zero SAF, 0 if none) and Icut (I3,
 *        its 1-based index, 0 if none); as in the published files, the
 *        record of target i and source j is number n_targets * (j-1) + i + 5:
 *        for each source, every target. */
#ifndef SF_ICRP133_H
#define SF_ICRP133_H

#include <stdio.h>

#include "core/error.h"
#include "results/saf_table.h"

/* Writes the SAFs of one particle of the table. Names must fit 10
 * characters without blanks, and every value must be known (finite). The
 * two free-text lines go to records 1 and 2. `where` names the output in
 * error lines. */
sf_status sf_icrp133_write(FILE *out, const char *where, const sf_saf_table *t,
                           size_t particle, const char *line1,
                           const char *line2);

/* Reads a file in that layout into a table of one particle (uncertainties
 * and masses unknown, NaN). */
sf_status sf_icrp133_read(const char *path, sf_saf_table **out);

/* The record-3 word for a particle: "Photons", "Electrons", ... */
const char *sf_icrp133_particle_word(const char *particle);

#endif
