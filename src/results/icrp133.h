/* SAF files in the fixed-width layout of the ICRP Publication 133 data
 * files (rcp-am_photon_2016-08-12.SAF and its siblings), one file per
 * particle, byte for byte as published (docs/exports.md has the column
 * table). With n energies the record length is L = 22 + 10 (n + 1) + 13
 * (315 for the 27 energies of ICRP 133), columns 1-based:
 *
 *   1    title from column 1, the date (YYYY-MM-DD) ending in column L;
 *   2    the phantom from column 1, '|' in column L;
 *   3    the particle word (Photons, Electrons) from column 1, '|' in L;
 *   4    I4 targets, I4 sources; the column titles in MeV: "0.0" in
 *        columns 26-28, the i-th (i >= 2) right-aligned to end in column
 *        20 + 10 i; "Ecutoff" in columns L-11..L-5, "ID|" in L-2..L;
 *   5    dashes, '|' in column L;
 *   6-   target (A10, left-justified), "<-", source (A10); n + 1 fields of
 *        10 columns, each a blank then a value as 9.999E-99 or, for an
 *        exact zero, "0.0" left-aligned; the first field is the E -> 0
 *        limit (1 / M_T for target = source); then Ecutoff (F8.3: energy of
 *        the first non-zero field, 0.000 for the E -> 0 one) and ID (I5:
 *        its 1-based index, 0 when every field is zero).
 *
 * Records are LF-ended. The record of target i and source j is number
 * n_targets (j - 1) + i + 5: for each source, every target. */
#ifndef SF_ICRP133_H
#define SF_ICRP133_H

#include <stdio.h>

#include "core/error.h"
#include "results/saf_table.h"

/* What the header records say. */
typedef struct sf_icrp133_header {
    const char *phantom;     /* record 2; e.g. "Adult Male Reference
                              * Computational Phantom" */
    const char *provenance;  /* appended to record 2 after " - " (NULL: none) */
    const char *date;        /* record 1, "YYYY-MM-DD" */
} sf_icrp133_header;

/* Writes the SAFs of one particle of the table in the table's convention
 * (results/convention.h; the published files use icrp133). Names must fit
 * 10 characters without blanks and every value must be known (finite).
 * Energies other than the 27 of ICRP 133 are written in the same layout
 * and record 1 says so. `where` names the output in error lines. */
sf_status sf_icrp133_write(FILE *out, const char *where, const sf_saf_table *t,
                           size_t particle, const sf_icrp133_header *h);

/* Reads a file in that layout (CR LF or LF ended; also the older layout
 * without the 0.0 column that earlier saffron versions wrote) into a table
 * of one particle: uncertainties unknown (NaN); a target's mass is 1 /
 * SAF(E -> 0) of its self-irradiation record when the file has that
 * column (the mass ICRP 133 divides by), else unknown. */
sf_status sf_icrp133_read(const char *path, sf_saf_table **out);

/* The record-3 word for a particle: "Photons", "Electrons", ... */
const char *sf_icrp133_particle_word(const char *particle);

/* Record 2 for an ICRP 110 phantom named AM or AF, else NULL. */
const char *sf_icrp133_phantom_title(const char *phantom);

#endif
