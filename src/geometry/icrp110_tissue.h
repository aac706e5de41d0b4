/* Per-medium tissue tables of the ICRP 110 phantoms (NAME_blood.dat,
 * NAME_spongiosa.dat). Internal to src/geometry. */
#ifndef SF_ICRP110_TISSUE_H
#define SF_ICRP110_TISSUE_H

#include "core/error.h"

typedef struct sf_tissue_table_spec {
    int ncol;                  /* values per medium */
    const char *columns;       /* their names, for error lines: "RBM YBM Bone" */
    double max_value;          /* values must lie in [0, max_value] */
    int fractions_sum_to_one;  /* rows are mass fractions (a row of zeros: none) */
} sf_tissue_table_spec;

/* Reads the table at `path` into values[medium index * ncol + column]
 * (n_media * ncol doubles, NaN for media the table does not list), the
 * medium index being the position of its number in numbers[]. */
sf_status sf_tissue_table_read(const char *path,
                               const sf_tissue_table_spec *spec,
                               const int *numbers, int n_media, double *values);

/* 1 when a file exists at path (the tables are optional). */
int sf_tissue_table_exists(const char *path);

#endif
