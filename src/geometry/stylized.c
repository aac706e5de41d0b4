/* The built-in stylized adult phantom ("builtin:stylized"): analytic shapes
 * in the manner of the ORNL adult phantom of Cristy and Eckerman (ORNL/TM-
 * 8381, 1987), voxelised by testing each voxel centre.
 *
 * Coordinates follow that report: x towards the phantom's left, y towards
 * its back, z upwards, z = 0 at the base of the trunk, in cm. Organ shapes
 * and positions use the report's adult equations where we have them; the
 * heart, thyroid, ribs, pelvis and limb bones are simplified (see
 * docs/phantoms.md for the shapes and the resulting masses). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geometry/phantom_internal.h"

enum {
    L_AIR, L_SOFT, L_SKELETON, L_LUNGS, L_LIVER, L_KIDNEYS, L_SPLEEN,
    L_HEART, L_STOMACH, L_BLADDER, L_BRAIN, L_THYROID, L_COUNT
};

static const struct {
    const char *name;
    const char *medium;
    double density;     /* g/cm3, the report's values */
} REGIONS[L_COUNT] = {
    [L_AIR] = {"Outside air", "air", 0.001205},
    [L_SOFT] = {"Soft tissue", "soft_tissue", 1.04},
    /* The report's skeleton is a homogeneous bone + marrow mixture of
     * density 1.4; its composition is taken as cortical bone here. */
    [L_SKELETON] = {"Skeleton", "cortical_bone", 1.4},
    [L_LUNGS] = {"Lungs", "lung", 0.296},
    [L_LIVER] = {"Liver", "soft_tissue", 1.04},
    [L_KIDNEYS] = {"Kidneys", "soft_tissue", 1.04},
    [L_SPLEEN] = {"Spleen", "soft_tissue", 1.04},
    [L_HEART] = {"Heart", "soft_tissue", 1.04},
    [L_STOMACH] = {"Stomach", "soft_tissue", 1.04},
    [L_BLADDER] = {"Urinary bladder", "soft_tissue", 1.04},
    [L_BRAIN] = {"Brain", "soft_tissue", 1.04},
    [L_THYROID] = {"Thyroid", "soft_tissue", 1.04},
};

/* Body outline. */
#define TRUNK_A 20.0      /* semi-axes of the trunk's elliptical section */
#define TRUNK_B 10.0
#define TRUNK_H 70.0
#define LEG_H 80.0
#define LEG_X 10.0        /* leg axes at x = +-LEG_X */
#define LEG_R_TOP 9.5
#define LEG_R_FOOT 4.0
#define NECK_R 5.4
#define NECK_H 8.4
#define HEAD_A 8.0
#define HEAD_B 10.0
#define HEAD_H1 13.05     /* elliptical cylinder part */
#define HEAD_H2 7.15      /* semi-axis of the ellipsoidal cap */

#define Z_NECK TRUNK_H
#define Z_HEAD (TRUNK_H + NECK_H)
#define Z_CAP (Z_HEAD + HEAD_H1)
#define Z_TOP (Z_CAP + HEAD_H2)

static double sq(double v) { return v * v; }

/* (x-x0)^2/a^2 + (y-y0)^2/b^2 + (z-z0)^2/c^2 <= 1 */
static int ellipsoid(double x, double y, double z, double x0, double y0,
                     double z0, double a, double b, double c)
{
    return sq((x - x0) / a) + sq((y - y0) / b) + sq((z - z0) / c) <= 1.0;
}

static int ellipse(double x, double y, double x0, double y0, double a,
                   double b)
{
    return sq((x - x0) / a) + sq((y - y0) / b) <= 1.0;
}

static double leg_radius(double z)
{
    return LEG_R_TOP + (LEG_R_TOP - LEG_R_FOOT) * z / LEG_H;
}

static int in_body(double x, double y, double z)
{
    if (z < -LEG_H || z > Z_TOP)
        return 0;
    if (z < 0) {
        /* Truncated circular cones, kept within the trunk's outline. */
        double r = leg_radius(z);
        double xc = x < 0 ? -LEG_X : LEG_X;
        return sq(x - xc) + sq(y) <= sq(r) &&
               ellipse(x, y, 0, 0, TRUNK_A, TRUNK_B);
    }
    if (z <= Z_NECK)
        return ellipse(x, y, 0, 0, TRUNK_A, TRUNK_B);
    if (z <= Z_HEAD)
        return sq(x) + sq(y) <= sq(NECK_R);
    if (z <= Z_CAP)
        return ellipse(x, y, 0, 0, HEAD_A, HEAD_B);
    return ellipsoid(x, y, z, 0, 0, Z_CAP, HEAD_A, HEAD_B, HEAD_H2);
}

static int in_skeleton(double x, double y, double z)
{
    if (z < 0) {
        /* Leg bones: cylinders along the leg axes, narrowing to the feet. */
        double r = 2.5 + 0.5 * z / LEG_H;
        double xc = x < 0 ? -LEG_X : LEG_X;
        return sq(x - xc) + sq(y) <= sq(r);
    }
    if (z >= 22.0 && z <= Z_HEAD && ellipse(x, y, 0, 5.5, 2.0, 2.5))
        return 1; /* spine */
    if (z >= 10.0 && z <= TRUNK_H &&
        (ellipse(x, y, 18.4, 0, 1.4, 2.7) || ellipse(x, y, -18.4, 0, 1.4,
                                                      2.7)))
        return 1; /* arm bones, inside the trunk as in the report */
    if (z >= 35.1 && z <= 55.5 && ellipse(x, y, 0, 0, 17.0, 9.8) &&
        !ellipse(x, y, 0, 0, 16.4, 9.2) && fmod(z - 35.1, 1.7) < 1.0)
        return 1; /* 12 ribs, 1 cm wide, 1.7 cm apart */
    if (z >= 8.0 && z <= 22.0 && y >= 3.0 &&
        sq(x) + sq(y - 8.0) <= sq(12.0) && sq(x) + sq(y - 8.0) > sq(10.8))
        return 1; /* pelvis: back half of a cylindrical shell */
    if (z > Z_HEAD - 0.5 &&
        ellipsoid(x, y, z, 0, 0, 86.5, 6.8, 9.8, 8.3))
        return 1; /* cranium around the brain (brain is tested first) */
    return 0;
}

static uint16_t classify(double x, double y, double z)
{
    if (!in_body(x, y, z))
        return L_AIR;
    if (z > Z_HEAD - 1.0) {
        if (ellipsoid(x, y, z, 0, 0, 86.5, 6.0, 9.0, 6.5))
            return L_BRAIN;
    }
    if (z >= 71.0 && z <= 74.5) {
        double d2 = sq(x) + sq(y + 2.5);
        if (y <= -2.5 && d2 <= sq(2.2) && d2 >= sq(1.0))
            return L_THYROID;
    }
    if (z >= 43.0 && z <= 57.0 &&
        ellipsoid(x, y, z, 1.5, -2.5, 50.0, 5.5, 5.0, 7.0))
        return L_HEART;
    if (z >= 43.5 && (ellipsoid(x, y, z, 8.5, 0, 43.5, 5.0, 7.5, 24.0) ||
                      ellipsoid(x, y, z, -8.5, 0, 43.5, 5.0, 7.5, 24.0)))
        return L_LUNGS;
    if (z >= 27.0 && z <= 43.0 && ellipse(x, y, 0, 0, 16.5, 8.0) &&
        x / 35.0 + y / 45.0 - z / 43.0 <= -1.0)
        return L_LIVER;
    if (fabs(x) >= 3.0 &&
        ellipsoid(fabs(x), y, z, 6.0, 6.0, 32.5, 4.5, 1.5, 5.5))
        return L_KIDNEYS;
    if (ellipsoid(x, y, z, 11.0, 3.0, 37.0, 3.5, 2.0, 6.0))
        return L_SPLEEN;
    if (ellipsoid(x, y, z, 8.0, -4.0, 35.0, 4.0, 3.0, 8.0))
        return L_STOMACH;
    if (ellipsoid(x, y, z, 0, -4.5, 8.0, 4.958, 3.458, 3.458))
        return L_BLADDER;
    if (in_skeleton(x, y, z))
        return L_SKELETON;
    return L_SOFT;
}

sf_status sf_stylized_build(double voxel_cm, sf_phantom **out)
{
    if (!(voxel_cm >= SF_STYLIZED_MIN_VOXEL_CM &&
          voxel_cm <= SF_STYLIZED_MAX_VOXEL_CM))
        SF_FAIL(SF_ERR_VALUE, "builtin:stylized: voxel size %g cm, expected "
                "%g to %g cm", voxel_cm, SF_STYLIZED_MIN_VOXEL_CM,
                SF_STYLIZED_MAX_VOXEL_CM);
    sf_phantom *ph = NULL;
    sf_status st;
    SF_TRY_GOTO(st, sf_phantom_create("builtin:stylized", &ph));
    /* One voxel of air around the body on every side. */
    ph->nx = (int)ceil(2.0 * TRUNK_A / voxel_cm - 1e-9) + 2;
    ph->ny = (int)ceil(2.0 * HEAD_B / voxel_cm - 1e-9) + 2;
    ph->nz = (int)ceil((LEG_H + Z_TOP) / voxel_cm - 1e-9) + 2;
    for (int i = 0; i < 3; ++i)
        ph->spacing_cm[i] = voxel_cm;
    ph->origin_cm[0] = -0.5 * ph->nx * voxel_cm;
    ph->origin_cm[1] = -0.5 * ph->ny * voxel_cm;
    ph->origin_cm[2] = -LEG_H - voxel_cm;
    size_t n = (size_t)ph->nx * (size_t)ph->ny * (size_t)ph->nz;
    ph->label = malloc(n * sizeof *ph->label);
    if (!ph->label) {
        st = sf_error_set(SF_ERR_NOMEM, "builtin:stylized: out of memory for "
                          "%zu voxels", n);
        goto fail;
    }
    for (int k = 0; k < ph->nz; ++k) {
        double z = ph->origin_cm[2] + (k + 0.5) * voxel_cm;
        for (int j = 0; j < ph->ny; ++j) {
            double y = ph->origin_cm[1] + (j + 0.5) * voxel_cm;
            uint16_t *row = ph->label + (size_t)ph->nx * (j + (size_t)ph->ny * k);
            for (int i = 0; i < ph->nx; ++i)
                row[i] = classify(ph->origin_cm[0] + (i + 0.5) * voxel_cm, y,
                                  z);
        }
    }
    SF_TRY_GOTO(st, sf_phantom_alloc_regions(ph, L_COUNT));
    for (int l = 0; l < L_COUNT; ++l) {
        sf_region *r = &ph->regions[l];
        snprintf(r->name, sizeof r->name, "%s", REGIONS[l].name);
        r->density_g_cm3 = REGIONS[l].density;
        r->in_body = l != L_AIR;
        r->medium = sf_phantom_find_medium(ph, REGIONS[l].medium);
        if (r->medium < 0) {
            sf_material m;
            SF_TRY_GOTO(st, sf_material_builtin(REGIONS[l].medium, &m));
            SF_TRY_GOTO(st, sf_phantom_add_medium(ph, &m, &r->medium));
        }
    }
    sf_phantom_update_masses(ph);
    *out = ph;
    return SF_OK;
fail:
    sf_phantom_destroy(&ph);
    return st;
}
