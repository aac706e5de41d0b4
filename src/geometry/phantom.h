/* Voxel phantoms: a box of voxels, each holding a uint16 region label, and
 * per label a region (name, medium, density).
 *
 * Units: lengths in cm, densities in g/cm3, masses in kg. Voxel (i,j,k) has
 * flat index i + nx*(j + ny*k) (x fastest) and occupies
 * [origin + (i,j,k)*spacing, origin + (i+1,j+1,k+1)*spacing).
 */
#ifndef SF_PHANTOM_H
#define SF_PHANTOM_H

#include <stdint.h>

#include "core/error.h"
#include "physics/material.h"

#define SF_REGION_NAME_MAX 96

/* Columns of a spongiosa table: red (active) marrow, yellow (inactive)
 * marrow, trabecular bone. */
enum { SF_SPONGIOSA_RBM = 0, SF_SPONGIOSA_YBM = 1, SF_SPONGIOSA_BONE = 2,
       SF_SPONGIOSA_N = 3 };

typedef struct sf_region {
    char name[SF_REGION_NAME_MAX];
    int medium;            /* index into sf_phantom.media; -1 if unused */
    double density_g_cm3;
    int64_t voxels;        /* number of voxels carrying this label */
    double mass_kg;        /* voxels x voxel volume x density */
    int in_body;           /* counts toward the body mass (not outside air) */
    /* Blood mass per unit of the region's voxel mass, from the phantom's
     * blood table (ICRP 110 NAME_blood.dat, per medium): the ICRP 133
     * target mass is mass_kg x (1 + blood_fraction). NaN when the phantom
     * has no blood table. */
    double blood_fraction;
    /* Mass fractions of red marrow, yellow marrow and trabecular bone in
     * the region's medium (ICRP 110 NAME_spongiosa.dat); NaN when the
     * phantom has no spongiosa table or the medium is not in it. */
    double spongiosa[SF_SPONGIOSA_N];
} sf_region;

typedef struct sf_phantom {
    char name[256];        /* "builtin:stylized", "AM", a file stem */
    int nx, ny, nz;
    double spacing_cm[3];
    double origin_cm[3];   /* corner of voxel (0,0,0) */
    uint16_t *label;       /* nx*ny*nz labels */

    int n_labels;          /* labels are 0 .. n_labels-1 */
    sf_region *regions;    /* indexed by label */

    int n_media;
    sf_material *media;

    double body_mass_kg;   /* sum of in_body region masses */
} sf_phantom;

/* Loads a phantom from a specification:
 *   "builtin:stylized" or "builtin:stylized:VOXEL_CM" (default 0.4 cm),
 *   a directory in the ICRP 110 layout (AM/ or AF/),
 *   a MetaImage label image "file.mhd" with its label table (see docs). */
sf_status sf_phantom_load(const char *spec, sf_phantom **out);

void sf_phantom_destroy(sf_phantom **ph);

/* Gives regions the red marrow, yellow marrow and bone fractions of a
 * user's table (`spongiosa:` in a manifest; docs/skeleton.md): lines
 * "REGION RBM YBM BONE", REGION a name (quoted if it has blanks) or a
 * label; they replace any the phantom had and enter its checksum. */
sf_status sf_phantom_read_spongiosa(sf_phantom *ph, const char *path);

/* Recomputes voxel counts, masses and the body mass from the labels. */
void sf_phantom_update_masses(sf_phantom *ph);

/* Finds a region by name (case-insensitive) or by numeric label; -1 if
 * none. */
int sf_phantom_find_region(const sf_phantom *ph, const char *name_or_id);

/* Finds a medium by name (case-insensitive); -1 if none. */
int sf_phantom_find_medium(const sf_phantom *ph, const char *name);

/* A checksum of labels, geometry and region table (SHA-256 hex), for
 * provenance. */
void sf_phantom_checksum(const sf_phantom *ph, char hex[65]);

#endif
