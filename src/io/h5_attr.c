#include "io/h5_attr.h"

#include <string.h>

static int write_attr(hid_t obj, const char *name, hid_t type, hid_t space,
                      const void *value)
{
    hid_t a = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int rc = (a < 0 || H5Awrite(a, type, value) < 0) ? -1 : 0;
    if (a >= 0)
        H5Aclose(a);
    return rc;
}

int sf_h5_attr_string(hid_t obj, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(value) + 1);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    int rc = write_attr(obj, name, type, space, value);
    H5Sclose(space);
    H5Tclose(type);
    return rc;
}

int sf_h5_attr_long(hid_t obj, const char *name, long long value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    int rc = write_attr(obj, name, H5T_NATIVE_LLONG, space, &value);
    H5Sclose(space);
    return rc;
}

int sf_h5_attr_doubles(hid_t obj, const char *name, const double *v,
                       hsize_t n)
{
    hid_t space = H5Screate_simple(1, &n, NULL);
    int rc = write_attr(obj, name, H5T_NATIVE_DOUBLE, space, v);
    H5Sclose(space);
    return rc;
}
