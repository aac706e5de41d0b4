/* The skeletal regions of ICRP Publication 133 on a voxel phantom whose
 * spongiosa is a mixture (ICRP 110: each spongiosa and medullary-cavity
 * medium has mass fractions of red marrow, yellow marrow and trabecular
 * bone, NAME_spongiosa.dat). A skeletal region is not a set of whole
 * voxels but a share of the mass of some labels: its weight in label l is
 * the fraction of l's voxel mass that belongs to it (docs/skeleton.md).
 *
 * Labels are classed by their medium's fractions (red marrow r, yellow
 * marrow y, bone b): cortical bone b = 1; trabecular spongiosa 0 < b < 1;
 * medullary cavity b = 0 with marrow r + y > 0. */
#ifndef SF_SKELETON_H
#define SF_SKELETON_H

#include "geometry/phantom.h"

typedef enum sf_skeletal_region {
    SF_SKEL_R_MARROW = 0,  /* red (active) marrow: r */
    SF_SKEL_Y_MARROW,      /* yellow (inactive) marrow: y */
    SF_SKEL_T_MARROW,      /* marrow of trabecular spongiosa: r + y there */
    SF_SKEL_C_MARROW,      /* marrow of the medullary cavities: r + y there */
    SF_SKEL_T_BONE_V,      /* trabecular bone (all but marrow): b in spongiosa */
    SF_SKEL_C_BONE_V,      /* cortical bone: 1 in cortical labels */
    SF_SKEL_T_BONE_S,      /* trabecular surfaces: as T-bone-V (photons) */
    SF_SKEL_C_BONE_S,      /* cortical surfaces: as C-bone-V (photons) */
    SF_SKEL_ENDOST,        /* endosteum, the 50 um marrow layer on bone
                            * surfaces: SF_ENDOSTEUM_MARROW_SHARE x (r + y)
                            * in spongiosa and medullary cavities */
    SF_SKEL_N
} sf_skeletal_region;

/* The share of the marrow of spongiosa and medullary cavities taken as
 * endosteum: the ICRP 133 endosteum masses (0.58 kg AM, 0.43 kg AF) over
 * the ICRP 110 phantoms' marrow (3.649 kg AM, 2.700 kg AF), 0.159 for both
 * (docs/skeleton.md). The SAFs of Endost-BS do not depend on it (energy
 * and mass both scale with it); its absorbed fractions and mass do. */
#define SF_ENDOSTEUM_MARROW_SHARE 0.159

/* "R-marrow", "Y-marrow", "T-marrow", "C-marrow", "T-bone-V", "C-bone-V",
 * "T-bone-S", "C-bone-S", "Endost-BS" (the ICRP 133 names). */
const char *sf_skeletal_name(sf_skeletal_region r);

/* The region a name (case-insensitive) stands for, or -1. */
int sf_skeletal_find(const char *name);

/* 1 for the skeletal targets of ICRP 133 (R-marrow, Endost-BS). */
int sf_skeletal_is_target(sf_skeletal_region r);

/* 1 when the phantom has spongiosa fractions for some label with voxels. */
int sf_phantom_has_spongiosa(const sf_phantom *ph);

/* Weight of label l in region r: the fraction of l's voxel mass that is r
 * (0 when none, and for labels outside the body). */
double sf_skeletal_weight(const sf_phantom *ph, int label, sf_skeletal_region r);

#endif
