/* A plane of a voxel grid as a picture of square pixels: which voxel each
 * pixel shows, with the body the right way up. Voxels are seldom cubes
 * (ICRP 110: 2.137 x 2.137 x 8 mm), so the picture resamples the plane to
 * its true proportions, nearest voxel per pixel.
 *
 * Orientations (phantom axes run towards the body's left (x), back (y)
 * and head (z)): coronal (normal y) shows x across and the head at the
 * top, seen from the front; sagittal (normal x) shows y across, front on
 * the left, head at the top; axial (normal z) shows x across and the
 * front at the top. */
#ifndef SF_VOXEL_PLANE_H
#define SF_VOXEL_PLANE_H

#include <stddef.h>

typedef struct sf_voxel_plane {
    int axis;            /* normal to the plane: 0 x, 1 y, 2 z */
    long index;          /* voxel index along it */
    int across, up;      /* in-plane axes: picture x and picture y */
    int head_up;         /* 1: the vertical axis runs upwards */
    int n[3];
    double spacing_cm[3];
    int width, height;   /* pixels */
    double pixel_cm;
} sf_voxel_plane;

/* The pixel size (cm) that makes the longest side of the plane normal to
 * `axis` `pixels` long; axis -1: the grid's longest side, so that all
 * planes of a grid drawn at that size share one scale. */
double sf_voxel_plane_scale(const int n[3], const double spacing_cm[3],
                            int axis, int pixels);

void sf_voxel_plane_init(sf_voxel_plane *p, const int n[3],
                         const double spacing_cm[3], int axis, long index,
                         double pixel_cm);

/* Flat voxel index (x fastest) shown by pixel (px, py), py from the top. */
size_t sf_voxel_plane_voxel(const sf_voxel_plane *p, int px, int py);

/* "coronal", "sagittal" or "axial". */
const char *sf_voxel_plane_name(int axis);

#endif
