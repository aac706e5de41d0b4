#include "io/dose_map_h5.h"

#include "io/h5_attr.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Chunks are slabs of whole z-planes of about 1 MiB of float32, so a
 * viewer reading one slice touches one chunk and compression works on
 * contiguous anatomy. */
static hid_t slab_dcpl(const sf_phantom *ph, hsize_t chunk[3])
{
    hsize_t plane = (hsize_t)ph->nx * (hsize_t)ph->ny;
    hsize_t k = plane > 0 ? (262144 + plane - 1) / plane : 1;
    if (k < 1)
        k = 1;
    if (k > (hsize_t)ph->nz)
        k = (hsize_t)ph->nz;
    chunk[0] = k;
    chunk[1] = (hsize_t)ph->ny;
    chunk[2] = (hsize_t)ph->nx;
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 3, chunk);
    H5Pset_shuffle(dcpl);
    H5Pset_deflate(dcpl, 4);
    H5Pset_obj_track_times(dcpl, 0);
    return dcpl;
}

static int write_3d(hid_t file, const sf_phantom *ph, const char *name,
                    hid_t type, const void *data, const char *units)
{
    hsize_t dims[3] = {(hsize_t)ph->nz, (hsize_t)ph->ny, (hsize_t)ph->nx};
    hsize_t chunk[3];
    hid_t dcpl = slab_dcpl(ph, chunk);
    hid_t space = H5Screate_simple(3, dims, NULL);
    hid_t d = H5Dcreate2(file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    int rc = (d < 0 || H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) ? -1 : 0;
    if (d >= 0 && units && sf_h5_attr_string(d, "units", units) != 0)
        rc = -1;
    if (d >= 0)
        H5Dclose(d);
    H5Sclose(space);
    H5Pclose(dcpl);
    return rc;
}

sf_status sf_dose_map_write(const char *path, const sf_phantom *ph,
                            const sf_dose_map *d, const sf_dose_map_info *info)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int64_t n = d->n_voxels;
    float *gray = malloc((size_t)n * sizeof *gray);
    float *unc = malloc((size_t)n * sizeof *unc);
    if (!gray || !unc) {
        free(gray);
        free(unc);
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory for the dose map", path);
    }
    double voxel_cm3 = ph->spacing_cm[0] * ph->spacing_cm[1] * ph->spacing_cm[2];
    for (int64_t v = 0; v < n; ++v) {
        double mass_kg = voxel_cm3 * ph->regions[ph->label[v]].density_g_cm3 / 1000;
        double g, r;
        sf_dose_map_voxel(d, v, mass_kg, &g, &r);
        gray[v] = (float)g;
        unc[v] = (float)r;
    }
    /* Written under a temporary name and linked into place, so the map
     * appears complete or not at all, and an existing file is never
     * replaced. */
    char tmp[4096];
    if (access(path, F_OK) == 0 ||
        snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp) {
        free(gray);
        free(unc);
        SF_FAIL(SF_ERR_IO, "%s: exists (it is not overwritten) or the path is "
                "too long", path);
    }
    /* HDF5 1.10 cannot close a file whose writes failed, and crashes at
     * exit: the room the map takes uncompressed is first taken for real. */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = fd < 0 ? errno : posix_fallocate(fd, 0, (off_t)(32 * n + (1 << 20)));
    if (fd >= 0)
        close(fd);
    if (err && err != EINVAL && err != EOPNOTSUPP) {
        remove(tmp);
        free(gray);
        free(unc);
        SF_FAIL(SF_ERR_IO, "%s: could not write the dose map (%s)", path,
                strerror(err));
    }
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) {
        free(gray);
        free(unc);
        SF_FAIL(SF_ERR_IO, "%s: cannot create the dose map file (is the "
                "directory writable?)", tmp);
    }
    double histories = (double)d->histories;
    errno = 0;
    int rc = 0;
    rc |= write_3d(f, ph, "dose_Gy_per_particle", H5T_NATIVE_FLOAT, gray,
                   "Gy per emitted particle");
    rc |= write_3d(f, ph, "dose_rel_unc", H5T_NATIVE_FLOAT, unc,
                   "relative, 1 sigma, history by history");
    rc |= write_3d(f, ph, "sum_energy", H5T_NATIVE_UINT64, d->sum,
                   "2^-32 MeV: sum over histories of the energy left in the voxel");
    rc |= write_3d(f, ph, "sum_energy_squared_lo", H5T_NATIVE_UINT64, d->sum2_lo,
                   "2^-64 MeV^2, low 64 bits of the sum of squared per-history energies");
    rc |= write_3d(f, ph, "sum_energy_squared_hi", H5T_NATIVE_UINT64, d->sum2_hi,
                   "2^-64 MeV^2 x 2^64, high 64 bits");
    rc |= sf_h5_attr_doubles(f, "spacing_cm", ph->spacing_cm, 3);
    rc |= sf_h5_attr_doubles(f, "origin_cm", ph->origin_cm, 3);
    rc |= sf_h5_attr_doubles(f, "histories", &histories, 1);
    rc |= sf_h5_attr_doubles(f, "energy_MeV", &info->energy_MeV, 1);
    rc |= sf_h5_attr_string(f, "axes", "datasets are [z][y][x]; spacing and origin "
                               "attributes are (x, y, z)");
    rc |= sf_h5_attr_string(f, "source", info->source);
    rc |= sf_h5_attr_string(f, "particle", info->particle);
    rc |= sf_h5_attr_string(f, "phantom", ph->name);
    rc |= sf_h5_attr_string(f, "saffron_version", SAFFRON_VERSION);
    double ids[2] = {info->seed, info->task_id};
    rc |= sf_h5_attr_doubles(f, "seed_and_task_id", ids, 2);
    rc |= H5Fclose(f) < 0;
    free(gray);
    free(unc);
    if (rc || link(tmp, path) != 0) {
        int err = errno; /* what the failing write() left, if HDF5 kept it */
        remove(tmp);
        SF_FAIL(SF_ERR_IO, "%s: could not write the dose map (%s)", path,
                err ? strerror(err) : "write failed; disk full?");
    }
    remove(tmp);
    return SF_OK;
}
