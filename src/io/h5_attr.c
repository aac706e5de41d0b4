#include "io/h5_attr.h"

#include <stdio.h>
#include <stdlib.h>
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

int sf_h5_attr_read_string(hid_t obj, const char *name, char **out)
{
    *out = NULL;
    if (H5Aexists(obj, name) <= 0)
        return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t type = H5Aget_type(a);
    size_t size = H5Tget_size(type);
    char *buf = calloc(size + 1, 1);
    /* Read with the stored type: HDF5 will not convert UTF-8 to ASCII. */
    int rc = (buf && H5Tget_class(type) == H5T_STRING &&
              !H5Tis_variable_str(type) && H5Aread(a, type, buf) >= 0) ? 0 : -1;
    H5Tclose(type);
    H5Aclose(a);
    if (rc)
        free(buf);
    else
        *out = buf;
    return rc;
}

int sf_h5_attr_read_string_buf(hid_t obj, const char *name, char *buf,
                               size_t n)
{
    char *s = NULL;
    if (n == 0 || sf_h5_attr_read_string(obj, name, &s) != 0)
        return -1;
    snprintf(buf, n, "%s", s);
    free(s);
    return 0;
}

int sf_h5_attr_read_doubles(hid_t obj, const char *name, double *v,
                            hsize_t n)
{
    if (H5Aexists(obj, name) <= 0)
        return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t space = H5Aget_space(a);
    hssize_t count = H5Sget_simple_extent_npoints(space);
    int rc = (count == (hssize_t)n &&
              H5Aread(a, H5T_NATIVE_DOUBLE, v) >= 0) ? 0 : -1;
    H5Sclose(space);
    H5Aclose(a);
    return rc;
}

int sf_h5_attr_read_long(hid_t obj, const char *name, long long *value)
{
    if (H5Aexists(obj, name) <= 0)
        return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t type = H5Aget_type(a);
    int rc = (H5Tget_class(type) == H5T_INTEGER &&
              H5Aread(a, H5T_NATIVE_LLONG, value) >= 0) ? 0 : -1;
    H5Tclose(type);
    H5Aclose(a);
    return rc;
}

/* H5Fis_accessible replaced H5Fis_hdf5 in HDF5 1.12; Debian 12 has 1.10. */
int sf_h5_is_file(const char *path)
{
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path, H5P_DEFAULT) > 0;
#else
    return H5Fis_hdf5(path) > 0;
#endif
}

hid_t sf_h5_open_read(const char *path)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_file_locking(fapl, 0, 1);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    return f;
}
