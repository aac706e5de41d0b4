#include "io/h5_dataset.h"

/* The dataset, or -1 without HDF5's error stack when it does not exist (an
 * older file lacks some datasets, and that is not an error). */
static hid_t open_quiet(hid_t loc, const char *name)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0)
        return -1;
    return H5Dopen2(loc, name, H5P_DEFAULT);
}

static int dims_1d(hid_t d, hsize_t *n)
{
    hid_t s = H5Dget_space(d);
    int ok = s >= 0 && H5Sget_simple_extent_ndims(s) == 1 &&
             H5Sget_simple_extent_dims(s, n, NULL) == 1;
    if (s >= 0)
        H5Sclose(s);
    return ok;
}

long sf_h5_length_1d(hid_t loc, const char *name)
{
    hid_t d = open_quiet(loc, name);
    if (d < 0)
        return -1;
    hsize_t n = 0;
    int ok = dims_1d(d, &n);
    H5Dclose(d);
    return ok ? (long)n : -1;
}

int sf_h5_read_1d(hid_t loc, const char *name, hid_t type, size_t n, void *buf)
{
    hid_t d = open_quiet(loc, name);
    if (d < 0)
        return -1;
    hsize_t len = 0;
    int ok = dims_1d(d, &len) && len == n &&
             (n == 0 || H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    H5Dclose(d);
    return ok ? 0 : -1;
}
