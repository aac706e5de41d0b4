/* A volume of the dose map (dose or its uncertainty) as an image that 3D
 * Slicer, ITK-SNAP and other medical-image viewers open with the phantom's
 * geometry: MetaImage (.mhd header + .raw data) or NIfTI-1 (.nii, one
 * file). Voxel values are float32, little-endian, x fastest; spacing and
 * positions in mm, as both formats expect.
 *
 * Orientation: the phantom axes run towards the body's left (x), back (y)
 * and head (z), as in ICRP 110 and the stylized phantom; that is ITK's LPS
 * frame (MetaImage: identity direction, AnatomicalOrientation RAI) and, in
 * NIfTI's RAS frame, a 180-degree turn about z. Positions refer to voxel
 * centres, so the first centre is origin + spacing / 2. */
#ifndef SF_IMAGE_WRITE_H
#define SF_IMAGE_WRITE_H

#include "core/error.h"
#include "results/dose_image.h"

/* Writes BASE.mhd and BASE.raw. */
sf_status sf_image_write_mhd(const char *base, const sf_dose_image *d,
                             const float *values);

/* Writes PATH (a .nii file); `description` (<= 79 characters) goes to the
 * header's descrip field. */
sf_status sf_image_write_nifti(const char *path, const sf_dose_image *d,
                               const float *values, const char *description);

#endif
