#include "results/slice_plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Axes of the picture for a cut along `axis`: horizontal h, vertical v. */
static void plane_axes(int axis, int *h, int *v)
{
    *h = axis == 0 ? 1 : 0;
    *v = axis == 2 ? 1 : 2;
}

static size_t voxel_at(const sf_dose_image *d, int axis, long k, int a, int b)
{
    int ijk[3];
    int h, v;
    plane_axes(axis, &h, &v);
    ijk[axis] = (int)k;
    ijk[h] = a;
    ijk[v] = b;
    return (size_t)ijk[0] + (size_t)d->nx * ((size_t)ijk[1] + (size_t)d->ny * (size_t)ijk[2]);
}

static int extent(const sf_dose_image *d, int axis)
{
    return axis == 0 ? d->nx : axis == 1 ? d->ny : d->nz;
}

long sf_slice_hottest(const sf_dose_image *d, int axis)
{
    int n = extent(d, axis), h, v;
    plane_axes(axis, &h, &v);
    long best = 0;
    double best_sum = -1;
    for (long k = 0; k < n; ++k) {
        double sum = 0;
        for (int b = 0; b < extent(d, v); ++b)
            for (int a = 0; a < extent(d, h); ++a)
                sum += d->dose_Gy[voxel_at(d, axis, k, a, b)];
        if (sum > best_sum) {
            best_sum = sum;
            best = k;
        }
    }
    return best;
}

static double coord(const sf_dose_image *d, int axis, double i)
{
    return d->origin_cm[axis] + i * d->spacing_cm[axis];
}

static int write_image(FILE *f, const sf_dose_image *d, int axis, long k,
                       double *max)
{
    int h, v;
    plane_axes(axis, &h, &v);
    *max = 0;
    for (int b = 0; b < extent(d, v); ++b) {
        for (int a = 0; a < extent(d, h); ++a) {
            double g = d->dose_Gy[voxel_at(d, axis, k, a, b)];
            if (g > *max)
                *max = g;
            if (g > 0)
                fprintf(f, "%g %g %.6e\n", coord(d, h, a + 0.5), coord(d, v, b + 0.5), g);
            else
                fprintf(f, "%g %g NaN\n", coord(d, h, a + 0.5), coord(d, v, b + 0.5));
        }
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* A segment wherever two neighbours in the plane carry different labels. */
static int write_outline(FILE *f, const sf_dose_image *d, const sf_phantom *ph,
                         int axis, long k)
{
    int h, v;
    plane_axes(axis, &h, &v);
    int nh = extent(d, h), nv = extent(d, v);
    for (int b = 0; b < nv; ++b)
        for (int a = 0; a < nh; ++a) {
            uint16_t l = ph->label[voxel_at(d, axis, k, a, b)];
            if (a + 1 < nh && ph->label[voxel_at(d, axis, k, a + 1, b)] != l)
                fprintf(f, "%g %g 0 %g\n", coord(d, h, a + 1), coord(d, v, b),
                        d->spacing_cm[v]);
            if (b + 1 < nv && ph->label[voxel_at(d, axis, k, a, b + 1)] != l)
                fprintf(f, "%g %g %g 0\n", coord(d, h, a), coord(d, v, b + 1),
                        d->spacing_cm[h]);
        }
    /* gnuplot refuses an empty file: a zero-length segment keeps it valid. */
    fprintf(f, "%g %g 0 0\n", coord(d, h, 0), coord(d, v, 0));
    return ferror(f) ? -1 : 0;
}

static void range_vars(sf_plot_dir *dir, const sf_dose_image *d, int axis)
{
    static const char *const names[3] = {"x", "y", "z"};
    int h, v;
    plane_axes(axis, &h, &v);
    sf_plot_var_string(dir, "hname", names[h]);
    sf_plot_var_string(dir, "vname", names[v]);
    fprintf(dir->vars_file, "hmin = %.9g\nhmax = %.9g\nvmin = %.9g\nvmax = %.9g\n",
            coord(d, h, 0), coord(d, h, extent(d, h)), coord(d, v, 0),
            coord(d, v, extent(d, v)));
    /* Transverse cuts are shown with the front of the body at the top. */
    fprintf(dir->vars_file, "flip_v = %d\n", axis == 2);
}

sf_status sf_slice_write(sf_plot_dir *dir, const sf_dose_image *d,
                         const sf_phantom *ph, int axis, long k)
{
    if (k < 0 || k >= extent(d, axis))
        SF_FAIL(SF_ERR_VALUE, "slice index %ld is outside 0..%d along %c", k,
                extent(d, axis) - 1, "xyz"[axis]);
    FILE *img = sf_plot_data_file(dir, "slice.dat");
    FILE *out = sf_plot_data_file(dir, "outline.dat");
    double max = 0;
    int bad = !img || !out || write_image(img, d, axis, k, &max) ||
              write_outline(out, d, ph, axis, k);
    if (img)
        bad |= fclose(img) != 0;
    if (out)
        bad |= fclose(out) != 0;
    if (bad)
        SF_FAIL(SF_ERR_IO, "%s: cannot write the slice data", dir->path);
    if (!(max > 0))
        SF_FAIL(SF_ERR_VALUE, "plane %ld along %c has no dose; choose another "
                "with --index (default: the plane with the most dose)", k,
                "xyz"[axis]);
    range_vars(dir, d, axis);
    return SF_OK;
}
