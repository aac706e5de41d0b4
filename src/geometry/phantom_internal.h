/* Pieces shared by the phantom readers (internal to src/geometry). */
#ifndef SF_PHANTOM_INTERNAL_H
#define SF_PHANTOM_INTERNAL_H

#include <stdint.h>

#include "geometry/phantom.h"

/* A MetaImage label image, converted to uint16. */
typedef struct sf_label_image {
    int dims[3];
    double spacing_cm[3];
    double origin_cm[3];
    uint16_t *label;        /* malloc'ed, dims[0]*dims[1]*dims[2] */
} sf_label_image;

/* Reads "file.mhd" and the raw data it names (see docs/phantoms.md). */
sf_status sf_metaimage_read(const char *mhd_path, sf_label_image *img);

/* Gives the image's geometry and labels to the phantom (img->label is
 * moved, not copied, and set to NULL). */
void sf_phantom_take_image(sf_phantom *ph, sf_label_image *img);

/* An empty phantom (zeroed, no labels, no regions). */
sf_status sf_phantom_create(const char *name, sf_phantom **out);

/* Allocates n regions, all undefined (medium -1, empty name). */
sf_status sf_phantom_alloc_regions(sf_phantom *ph, int n_labels);

/* Appends a copy of m to the media; *index receives its position. */
sf_status sf_phantom_add_medium(sf_phantom *ph, const sf_material *m,
                                int *index);

/* Counts voxels per label and fails, naming `source` and `table`, when a
 * label in the image has no region with a medium. Then updates masses. */
sf_status sf_phantom_check_labels(sf_phantom *ph, const char *source,
                                  const char *table);

/* Readers behind sf_phantom_load. */
sf_status sf_icrp110_load(const char *dir, sf_phantom **out);
sf_status sf_labeled_mhd_load(const char *mhd_path, const char *table_path,
                              sf_phantom **out);
sf_status sf_stylized_build(double voxel_cm, sf_phantom **out);

/* Reads a label table into ph (regions and the media they use) for labels
 * up to max_label (at least). */
sf_status sf_label_table_read(const char *path, int max_image_label,
                              sf_phantom *ph);

#define SF_STYLIZED_DEFAULT_VOXEL_CM 0.4
#define SF_STYLIZED_MIN_VOXEL_CM 0.1
#define SF_STYLIZED_MAX_VOXEL_CM 2.0

#endif
