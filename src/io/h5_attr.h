/* Small HDF5 attribute readers and writers shared by the results and
 * dose-map files (only src/io includes <hdf5.h>). Each returns 0 on
 * success, -1 on failure. */
#ifndef SF_H5_ATTR_H
#define SF_H5_ATTR_H

#include <hdf5.h>

/* A UTF-8, null-terminated fixed-length string. */
int sf_h5_attr_string(hid_t obj, const char *name, const char *value);

/* A scalar 64-bit integer. */
int sf_h5_attr_long(hid_t obj, const char *name, long long value);

/* A 1-D array of doubles. */
int sf_h5_attr_doubles(hid_t obj, const char *name, const double *v,
                       hsize_t n);

/* Reads a fixed-length string attribute into a malloc'ed string (*out is
 * NULL on failure or when the attribute is absent). */
int sf_h5_attr_read_string(hid_t obj, const char *name, char **out);

/* The same into buf (size n, truncated and always terminated). */
int sf_h5_attr_read_string_buf(hid_t obj, const char *name, char *buf,
                               size_t n);

/* Reads a numeric attribute of n values as doubles; -1 when absent or of
 * another size. */
int sf_h5_attr_read_doubles(hid_t obj, const char *name, double *v,
                            hsize_t n);

/* Reads a scalar integer attribute (-1 when absent or not an integer). */
int sf_h5_attr_read_long(hid_t obj, const char *name, long long *value);

/* 1 when `path` is an HDF5 file that can be opened, else 0. */
int sf_h5_is_file(const char *path);

/* Opens an HDF5 file read-only without HDF5's file lock: a running
 * campaign holds its results file open for writing, and its metadata never
 * changes during a run (see results.h), so reading it is safe. */
hid_t sf_h5_open_read(const char *path);

#endif
