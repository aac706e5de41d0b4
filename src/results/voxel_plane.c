#include "results/voxel_plane.h"

#include <math.h>

double sf_voxel_plane_scale(const int n[3], const double spacing_cm[3],
                            int axis, int pixels)
{
    double longest = 0;
    for (int i = 0; i < 3; ++i)
        if (i != axis)
            longest = fmax(longest, n[i] * spacing_cm[i]);
    return longest / (pixels > 0 ? pixels : 1);
}

void sf_voxel_plane_init(sf_voxel_plane *p, const int n[3],
                         const double spacing_cm[3], int axis, long index,
                         double pixel_cm)
{
    p->axis = axis;
    p->index = index;
    p->across = axis == 0 ? 1 : 0;
    p->up = axis == 2 ? 1 : 2;
    p->head_up = axis != 2;
    for (int i = 0; i < 3; ++i) {
        p->n[i] = n[i];
        p->spacing_cm[i] = spacing_cm[i];
    }
    double w_cm = n[p->across] * spacing_cm[p->across];
    double h_cm = n[p->up] * spacing_cm[p->up];
    p->pixel_cm = pixel_cm;
    p->width = (int)fmax(1, lround(w_cm / p->pixel_cm));
    p->height = (int)fmax(1, lround(h_cm / p->pixel_cm));
}

static int voxel_along(const sf_voxel_plane *p, int axis, int pixel)
{
    int i = (int)((pixel + 0.5) * p->pixel_cm / p->spacing_cm[axis]);
    return i < 0 ? 0 : i >= p->n[axis] ? p->n[axis] - 1 : i;
}

size_t sf_voxel_plane_voxel(const sf_voxel_plane *p, int px, int py)
{
    int ijk[3];
    ijk[p->axis] = (int)p->index;
    ijk[p->across] = voxel_along(p, p->across, px);
    int v = voxel_along(p, p->up, py);
    ijk[p->up] = p->head_up ? p->n[p->up] - 1 - v : v;
    return (size_t)ijk[0] +
           (size_t)p->n[0] * ((size_t)ijk[1] + (size_t)p->n[1] * (size_t)ijk[2]);
}

const char *sf_voxel_plane_name(int axis)
{
    return axis == 0 ? "sagittal" : axis == 1 ? "coronal" : "axial";
}
