/* Whole-dataset readers shared by the results readers (only src/io
 * includes <hdf5.h>). */
#ifndef SF_H5_DATASET_H
#define SF_H5_DATASET_H

#include <hdf5.h>
#include <stddef.h>

/* Length of a 1-D dataset, or -1 when it is missing or of another rank. */
long sf_h5_length_1d(hid_t loc, const char *name);

/* Reads a whole 1-D dataset of exactly n elements of `type` into buf;
 * -1 when it is missing, unreadable or of another length. */
int sf_h5_read_1d(hid_t loc, const char *name, hid_t type, size_t n, void *buf);

#endif
