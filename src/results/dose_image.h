/* A task's 3-D dose map as read back from a results file: dose in Gy per
 * emitted particle and its relative 1-sigma uncertainty per voxel, x
 * fastest, with the phantom's grid (cm; origin is the corner of voxel
 * (0,0,0), as in geometry/phantom.h). */
#ifndef SF_DOSE_IMAGE_H
#define SF_DOSE_IMAGE_H

#include <stddef.h>

typedef struct sf_dose_image {
    long task;
    int nx, ny, nz;
    double spacing_cm[3];
    double origin_cm[3];
    float *dose_Gy;      /* Gy per emitted particle */
    float *rel_unc;      /* relative, 1 sigma */
    char source[96];
    char particle[16];
    double energy_MeV;   /* mean emitted energy */
} sf_dose_image;

static inline size_t sf_dose_image_voxels(const sf_dose_image *d)
{
    return (size_t)d->nx * (size_t)d->ny * (size_t)d->nz;
}

/* Frees the arrays and clears the struct. */
void sf_dose_image_clear(sf_dose_image *d);

#endif
