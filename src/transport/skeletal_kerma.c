#include "transport/skeletal_kerma.h"

#include <stdlib.h>
#include <string.h>

#include "core/units.h"
#include "geometry/skeleton.h"
#include "transport/drf.h"
#include "transport/kerma_coef.h"
#include "transport/world.h"

void sf_skeletal_kerma_destroy(sf_skeletal_kerma **pk)
{
    if (!pk || !*pk)
        return;
    free((*pk)->target);
    free((*pk)->row);
    free((*pk)->coef);
    free(*pk);
    *pk = NULL;
}

/* Elements the transport grid lacks (a phantom without sodium, say) can be
 * left out of a tissue when they are traces: below this mass fraction each,
 * they change its kerma by less than that fraction. */
#define TRACE_FRACTION 0.01

static void drop_missing_traces(const sf_photon_xs *xs, sf_material *m)
{
    int k = 0;
    double kept = 0;
    for (int i = 0; i < m->n_elements; ++i) {
        if (sf_photon_xs_slot(xs, m->Z[i]) < 0 &&
            m->mass_fraction[i] < TRACE_FRACTION)
            continue;
        m->Z[k] = m->Z[i];
        m->mass_fraction[k++] = m->mass_fraction[i];
        kept += m->mass_fraction[i];
    }
    m->n_elements = k;
    for (int i = 0; i < k; ++i)
        m->mass_fraction[i] /= kept;
}

/* Kerma coefficients (MeV cm2/g) of the two marrow tissues on the world's
 * grid: [0] red, [1] yellow. */
static sf_status marrow_eta(const sf_world *w, double *eta)
{
    static const char *const tissue[2] = {"red_marrow", "yellow_marrow"};
    for (int t = 0; t < 2; ++t) {
        sf_material m;
        SF_TRY(sf_material_builtin(tissue[t], &m));
        drop_missing_traces(w->xs, &m);
        SF_TRY(sf_kerma_coef_material(w->pd, w->xs, &m,
                                      eta + (size_t)t * (size_t)w->xs->n_grid));
    }
    return SF_OK;
}

/* Mass of red and yellow marrow tissue the region holds per unit voxel
 * mass of label l: the red marrow is red marrow tissue; the endosteum is
 * the marrow next to bone, red and yellow in the label's proportions. */
static void tissue_shares(const sf_world *w, int l, sf_skeletal_region r,
                          double *red, double *yellow)
{
    const double *f = w->ph->regions[l].spongiosa;
    double share = r == SF_SKEL_ENDOST ? SF_ENDOSTEUM_MARROW_SHARE : 1.0;
    *red = share * f[SF_SPONGIOSA_RBM];
    *yellow = r == SF_SKEL_ENDOST ? share * f[SF_SPONGIOSA_YBM] : 0.0;
}

/* What the response function gives at E (MeV/cm, as the tables hold):
 * D(E) in Gy cm2 times the tissue's density in the voxel, rho w, in
 * kg/cm3 (1e-3 kg/g), in MeV. */
static double drf_coef(const sf_drf_curve *curve, double E, double rho_w)
{
    return sf_drf_at(curve, E) * rho_w * 1e-3 / SF_J_PER_MEV;
}

/* Replaces a label's kerma table c (MeV/cm on the grid) by the response
 * function's inside the curve's energies, the kerma scaled to meet it at
 * either end outside them. */
static void fold_drf(const sf_world *w, const sf_drf_curve *curve, double rho_w,
                     double *c)
{
    const sf_photon_xs *xs = w->xs;
    double scale[2];
    for (int end = 0; end < 2; ++end) {
        double E = curve->E_MeV[end ? curve->n - 1 : 0];
        double k = sf_xs_interp(c, sf_photon_xs_locate(xs, E));
        scale[end] = k > 0 ? drf_coef(curve, E, rho_w) / k : 0.0;
    }
    for (int i = 0; i < xs->n_grid; ++i) {
        double E = xs->energy_MeV[i];
        if (E < curve->E_MeV[0])
            c[i] *= scale[0];
        else if (E > curve->E_MeV[curve->n - 1])
            c[i] *= scale[1];
        else
            c[i] = drf_coef(curve, E, rho_w);
    }
}

sf_status sf_skeletal_kerma_build(const sf_world *w, int n, const int *target,
                                  const int *region, const sf_drf_table *drf,
                                  sf_skeletal_kerma **out)
{
    *out = NULL;
    const sf_phantom *ph = w->ph;
    size_t n_grid = (size_t)w->xs->n_grid;
    sf_skeletal_kerma *k = calloc(1, sizeof *k);
    double *eta = malloc(2 * n_grid * sizeof *eta);
    if (!k || !eta) {
        free(k);
        free(eta);
        SF_FAIL(SF_ERR_NOMEM, "skeletal targets: out of memory");
    }
    k->n = n;
    k->n_labels = ph->n_labels;
    k->n_grid = (int)n_grid;
    k->target = malloc(((size_t)n + 1) * sizeof *k->target);
    k->row = malloc(((size_t)ph->n_labels + 1) * sizeof *k->row);
    sf_status st = (k->target && k->row) ? marrow_eta(w, eta)
                 : sf_error_set(SF_ERR_NOMEM, "skeletal targets: out of memory");
    int rows = 0;
    for (int l = 0; st == SF_OK && l < ph->n_labels; ++l) {
        int any = 0;
        for (int j = 0; j < n; ++j)
            any |= sf_skeletal_weight(ph, l, (sf_skeletal_region)region[j]) > 0;
        k->row[l] = any ? rows : -1;
        rows += any ? n : 0;
    }
    if (st == SF_OK) {
        memcpy(k->target, target, (size_t)n * sizeof *target);
        k->coef = calloc((size_t)rows * n_grid + 1, sizeof *k->coef);
        if (!k->coef)
            st = sf_error_set(SF_ERR_NOMEM, "skeletal targets: out of memory");
    }
    for (int l = 0; st == SF_OK && l < ph->n_labels; ++l) {
        if (k->row[l] < 0)
            continue;
        double rho = w->label_density[l];
        for (int j = 0; j < n; ++j) {
            double red, yellow;
            tissue_shares(w, l, (sf_skeletal_region)region[j], &red, &yellow);
            double *c = k->coef + (size_t)(k->row[l] + j) * n_grid;
            for (size_t i = 0; i < n_grid; ++i)
                c[i] = rho * (red * eta[i] + yellow * eta[n_grid + i]);
            double wt = sf_skeletal_weight(ph, l, (sf_skeletal_region)region[j]);
            if (!drf || !(wt > 0))
                continue;
            const sf_drf_curve *curve = sf_drf_find(drf, l, region[j]);
            if (!curve) {
                st = sf_error_set(SF_ERR_VALUE, "%s: no %s response function "
                                  "for site '%s' (label %d), which holds its "
                                  "tissue", drf->path,
                                  sf_skeletal_name((sf_skeletal_region)region[j]),
                                  ph->regions[l].name, l);
                break;
            }
            fold_drf(w, curve, rho * wt, c);
        }
    }
    free(eta);
    if (st != SF_OK) {
        sf_skeletal_kerma_destroy(&k);
        return st;
    }
    *out = k;
    return SF_OK;
}
