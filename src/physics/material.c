#include "physics/material.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"

/* Tolerance on the sum of the mass fractions before renormalising: the
 * ICRP 110 media tables are rounded to 0.1 %, so their sums are off by a few
 * tenths of a percent; anything beyond 1 % is an error in the input. */
#define FRACTION_SUM_TOLERANCE 0.01

sf_status sf_material_from_z(const char *name, const char *origin, int n,
                             const int *Z, const double *fractions,
                             double total, double density_g_cm3,
                             sf_material *out)
{
    const char *where = origin ? origin : name;
    if (!(density_g_cm3 > 0) || !isfinite(density_g_cm3))
        SF_FAIL(SF_ERR_VALUE, "%s: medium '%s': density %g g/cm3 must be > 0",
                where, name, density_g_cm3);
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", name);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        if (Z[i] < 1 || Z[i] > SF_Z_MAX)
            SF_FAIL(SF_ERR_VALUE, "%s: medium '%s': element Z=%d is outside "
                    "1..%d", where, name, Z[i], SF_Z_MAX);
        if (!(fractions[i] >= 0) || !isfinite(fractions[i]))
            SF_FAIL(SF_ERR_VALUE, "%s: medium '%s': fraction %g of %s must be "
                    ">= 0", where, name, fractions[i],
                    sf_element_symbol(Z[i]));
        if (fractions[i] == 0)
            continue;
        int k = 0;
        while (k < out->n_elements && out->Z[k] != Z[i])
            ++k;
        if (k == out->n_elements) {
            if (k == SF_MAX_MAT_ELEMENTS)
                SF_FAIL(SF_ERR_VALUE, "%s: medium '%s': more than %d elements",
                        where, name, SF_MAX_MAT_ELEMENTS);
            out->Z[k] = Z[i];
            out->n_elements++;
        }
        out->mass_fraction[k] += fractions[i];
        sum += fractions[i];
    }
    if (out->n_elements == 0)
        SF_FAIL(SF_ERR_VALUE, "%s: medium '%s' has no element with a non-zero "
                "fraction", where, name);
    if (fabs(sum / total - 1.0) > FRACTION_SUM_TOLERANCE)
        SF_FAIL(SF_ERR_VALUE, "%s: medium '%s': mass fractions sum to %g, "
                "expected %g +/- 1%%", where, name, sum, total);
    for (int k = 0; k < out->n_elements; ++k)
        out->mass_fraction[k] /= sum;
    out->density_g_cm3 = density_g_cm3;
    return SF_OK;
}

sf_status sf_material_from_percent(const char *name, const char *origin,
                                   int n, const char *const *symbols,
                                   const double *percent,
                                   double density_g_cm3, sf_material *out)
{
    int Z[SF_MAX_MAT_ELEMENTS * 2];
    if (n > (int)(sizeof Z / sizeof Z[0]))
        SF_FAIL(SF_ERR_VALUE, "%s: medium '%s': too many elements (%d)",
                origin ? origin : name, name, n);
    for (int i = 0; i < n; ++i) {
        Z[i] = sf_element_z(symbols[i]);
        if (!Z[i])
            SF_FAIL(SF_ERR_VALUE, "%s: medium '%s': unknown element symbol "
                    "'%s'", origin ? origin : name, name, symbols[i]);
    }
    return sf_material_from_z(name, origin, n, Z, percent, 100.0,
                              density_g_cm3, out);
}

/* Built-in compositions, mass fractions in percent.
 * water: H2O, density 1.000.
 * soft_tissue: ICRU Report 44 (1989) soft tissue, as tabulated by NIST
 *   (Hubbell & Seltzer, NISTIR 5632, "Tissue, Soft (ICRU-44)"), 1.06 g/cm3.
 * cortical_bone: ICRU Report 44 cortical bone (NISTIR 5632, "Bone, Cortical
 *   (ICRU-44)"), 1.92 g/cm3.
 * lung: ICRU Report 44 lung tissue composition (NISTIR 5632, "Lung Tissue
 *   (ICRU-44)") at the inflated-lung density 0.296 g/cm3 of the ORNL
 *   Cristy-Eckerman adult phantom (ORNL/TM-8381, 1987); the compressed
 *   tissue density is 1.05 g/cm3.
 * air: dry air near sea level (NISTIR 5632), 1.20479e-3 g/cm3.
 * red_marrow, yellow_marrow: adult red (active) and yellow (inactive)
 *   marrow of ICRU Report 46 (1992), Table 4.1 (Woodard and White), the
 *   compositions ICRP Publications 89 and 110 use: 1.03 and 0.98 g/cm3;
 *   the tissues of the skeletal targets (docs/skeleton.md). */
typedef struct builtin_material {
    const char *name;
    double density_g_cm3;
    int n;
    int Z[10];
    double percent[10];
} builtin_material;

static const builtin_material builtins[] = {
    {"water", 1.0, 2, {1, 8}, {11.1894, 88.8106}},
    {"soft_tissue", 1.06, 9, {1, 6, 7, 8, 11, 15, 16, 17, 19},
     {10.2, 14.3, 3.4, 70.8, 0.2, 0.3, 0.3, 0.2, 0.3}},
    {"cortical_bone", 1.92, 9, {1, 6, 7, 8, 11, 12, 15, 16, 20},
     {3.4, 15.5, 4.2, 43.5, 0.1, 0.2, 10.3, 0.3, 22.5}},
    {"lung", 0.296, 9, {1, 6, 7, 8, 11, 15, 16, 17, 19},
     {10.3, 10.5, 3.1, 74.9, 0.2, 0.2, 0.3, 0.3, 0.2}},
    {"air", 1.20479e-3, 4, {6, 7, 8, 18}, {0.0124, 75.5268, 23.1781, 1.2827}},
    {"red_marrow", 1.03, 9, {1, 6, 7, 8, 15, 16, 17, 19, 26},
     {10.5, 41.4, 3.4, 43.9, 0.1, 0.2, 0.2, 0.2, 0.1}},
    {"yellow_marrow", 0.98, 7, {1, 6, 7, 8, 11, 16, 17},
     {11.5, 64.4, 0.7, 23.1, 0.1, 0.1, 0.1}},
};

#define N_BUILTINS ((int)(sizeof builtins / sizeof builtins[0]))

int sf_material_builtin_count(void) { return N_BUILTINS; }

const char *sf_material_builtin_name(int i)
{
    return (i >= 0 && i < N_BUILTINS) ? builtins[i].name : NULL;
}

/* "Soft tissue", "soft-tissue" and "SOFT_TISSUE" all name the same one. */
static int builtin_name_matches(const char *canonical, const char *given)
{
    for (; *canonical && *given; ++canonical, ++given) {
        char g = (char)tolower((unsigned char)*given);
        if (g == '-' || g == ' ')
            g = '_';
        if (g != *canonical)
            return 0;
    }
    return *canonical == *given;
}

sf_status sf_material_builtin(const char *name, sf_material *out)
{
    for (int i = 0; i < N_BUILTINS; ++i)
        if (builtin_name_matches(builtins[i].name, name))
            return sf_material_from_z(builtins[i].name, "built-in materials",
                                      builtins[i].n, builtins[i].Z,
                                      builtins[i].percent, 100.0,
                                      builtins[i].density_g_cm3, out);
    SF_FAIL(SF_ERR_VALUE, "unknown material '%s' (built-in: water, "
            "soft_tissue, cortical_bone, lung, air; or PHANTOM:medium)", name);
}

sf_status sf_material_load_elements(sf_photon_data *pd, const sf_material *m)
{
    for (int k = 0; k < m->n_elements; ++k)
        SF_TRY(sf_photon_data_require(pd, m->Z[k]));
    return SF_OK;
}

void sf_material_mu_rho(const sf_photon_data *pd, const sf_material *m,
                        double E_MeV, sf_mu_rho *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < m->n_elements; ++k) {
        const sf_element_photon *e = &pd->elem[m->Z[k]];
        for (int p = 0; p < SF_NPROC; ++p)
            out->process_cm2_g[p] +=
                m->mass_fraction[k] * sf_element_xs(e, (sf_photon_process)p, E_MeV);
    }
    for (int p = 0; p < SF_NPROC; ++p)
        out->total_cm2_g += out->process_cm2_g[p];
}
