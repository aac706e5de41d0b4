#include "geometry/skeleton.h"

#include <math.h>

#include "core/parse.h"

static const char *const names[SF_SKEL_N] = {
    "R-marrow", "Y-marrow", "T-marrow", "C-marrow", "T-bone-V",
    "C-bone-V", "T-bone-S", "C-bone-S", "Endost-BS"};

const char *sf_skeletal_name(sf_skeletal_region r)
{
    return r >= 0 && r < SF_SKEL_N ? names[r] : "?";
}

int sf_skeletal_find(const char *name)
{
    for (int r = 0; r < SF_SKEL_N; ++r)
        if (sf_strieq(names[r], name))
            return r;
    return -1;
}

int sf_skeletal_is_target(sf_skeletal_region r)
{
    return r == SF_SKEL_R_MARROW || r == SF_SKEL_ENDOST;
}

typedef enum bone_class { NOT_BONE, CORTICAL, TRABECULAR, MEDULLARY } bone_class;

/* A bone fraction within this of 1 is cortical bone (ICRP 110 lists it as
 * 1.000); fractions are given to three decimals. */
#define CORTICAL_MIN 0.9995

static bone_class class_of(const sf_region *reg)
{
    const double *f = reg->spongiosa;
    if (!reg->in_body || reg->voxels <= 0 || isnan(f[SF_SPONGIOSA_BONE]))
        return NOT_BONE;
    double marrow = f[SF_SPONGIOSA_RBM] + f[SF_SPONGIOSA_YBM];
    if (f[SF_SPONGIOSA_BONE] >= CORTICAL_MIN)
        return CORTICAL;
    if (f[SF_SPONGIOSA_BONE] > 0)
        return TRABECULAR;
    return marrow > 0 ? MEDULLARY : NOT_BONE;
}

int sf_phantom_has_spongiosa(const sf_phantom *ph)
{
    for (int l = 0; l < ph->n_labels; ++l)
        if (class_of(&ph->regions[l]) == TRABECULAR)
            return 1;
    return 0;
}

double sf_skeletal_weight(const sf_phantom *ph, int label, sf_skeletal_region r)
{
    if (label < 0 || label >= ph->n_labels)
        return 0;
    const sf_region *reg = &ph->regions[label];
    bone_class c = class_of(reg);
    if (c == NOT_BONE)
        return 0;
    const double *f = reg->spongiosa;
    double marrow = f[SF_SPONGIOSA_RBM] + f[SF_SPONGIOSA_YBM];
    switch (r) {
    case SF_SKEL_R_MARROW: return f[SF_SPONGIOSA_RBM];
    case SF_SKEL_Y_MARROW: return f[SF_SPONGIOSA_YBM];
    case SF_SKEL_T_MARROW: return c == TRABECULAR ? marrow : 0;
    case SF_SKEL_C_MARROW: return c == MEDULLARY ? marrow : 0;
    case SF_SKEL_T_BONE_V:
    case SF_SKEL_T_BONE_S: return c == TRABECULAR ? f[SF_SPONGIOSA_BONE] : 0;
    case SF_SKEL_C_BONE_V:
    case SF_SKEL_C_BONE_S: return c == CORTICAL ? 1.0 : 0;
    case SF_SKEL_ENDOST: return SF_ENDOSTEUM_MARROW_SHARE * marrow;
    default: return 0;
    }
}
