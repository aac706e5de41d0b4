#include "transport/majorant_grid.h"

#include <math.h>
#include <stdlib.h>

/* Group boundaries on h_m = max over E of (mu/rho_m(E) / min over the used
 * materials of mu/rho(E)): soft tissues, lung and air stay within ~20 % of
 * the lightest material at every energy; spongiosa and cartilage-like
 * mixtures next; cortical bone and teeth reach several times it at low
 * energy (photoelectric effect of Ca and P). A block that holds only light
 * materials then keeps a majorant close to their own attenuation even next
 * to bone in another block. */
static const double group_bound[SF_MAJORANT_GROUPS - 1] = {1.25, 1.8, 3.0};

static int nearest_voxels(double block_cm, double spacing_cm, int n)
{
    double r = floor(block_cm / spacing_cm + 0.5);
    int v = r < 1 ? 1 : r > n ? n : (int)r;
    return v;
}

static sf_status assign_groups(sf_majorant_grid *g, const sf_photon_xs *xs,
                               const int *used)
{
    int ng = xs->n_grid, nm = xs->n_materials;
    double *ref = malloc((size_t)ng * sizeof *ref);
    if (!ref)
        SF_FAIL(SF_ERR_NOMEM, "majorant grid: out of memory");
    for (int i = 0; i < ng; ++i)
        ref[i] = INFINITY;
    for (int m = 0; m < nm; ++m)
        if (used[m]) {
            const double *row = sf_photon_xs_total_row(xs, m);
            for (int i = 0; i < ng; ++i)
                if (row[i] < ref[i])
                    ref[i] = row[i];
        }
    int top = 0;
    for (int m = 0; m < nm; ++m) {
        g->material_group[m] = -1;
        if (!used[m])
            continue;
        const double *row = sf_photon_xs_total_row(xs, m);
        double h = 1.0;
        for (int i = 0; i < ng; ++i)
            if (ref[i] > 0 && row[i] / ref[i] > h)
                h = row[i] / ref[i];
        int k = 0;
        while (k < SF_MAJORANT_GROUPS - 1 && h > group_bound[k])
            ++k;
        g->material_group[m] = k;
        if (k + 1 > top)
            top = k + 1;
    }
    free(ref);
    g->n_groups = top;
    return SF_OK;
}

sf_status sf_majorant_grid_build(const sf_phantom *ph, const sf_photon_xs *xs,
                                 const int *label_material,
                                 const double *label_density, double block_cm,
                                 sf_majorant_grid **out)
{
    *out = NULL;
    if (!(block_cm > 0))
        SF_FAIL(SF_ERR_VALUE, "majorant grid: block size %g cm: expected a "
                "positive length", block_cm);
    sf_majorant_grid *g = calloc(1, sizeof *g);
    if (!g)
        SF_FAIL(SF_ERR_NOMEM, "majorant grid: out of memory");
    const int nv[3] = {ph->nx, ph->ny, ph->nz};
    size_t n_blocks = 1;
    for (int a = 0; a < 3; ++a) {
        g->nv[a] = nv[a];
        g->bv[a] = nearest_voxels(block_cm, ph->spacing_cm[a], nv[a]);
        g->nb[a] = (nv[a] + g->bv[a] - 1) / g->bv[a];
        g->block_cm[a] = g->bv[a] * ph->spacing_cm[a];
        g->inv_block_cm[a] = 1.0 / g->block_cm[a];
        g->extent_cm[a] = nv[a] * ph->spacing_cm[a];
        n_blocks *= (size_t)g->nb[a];
    }
    g->n_grid = xs->n_grid;
    g->n_materials = xs->n_materials;
    int *used = calloc((size_t)xs->n_materials + 1, sizeof *used);
    g->material_group = malloc(((size_t)xs->n_materials + 1) * sizeof(int));
    g->rho = calloc(n_blocks * SF_MAJORANT_GROUPS, sizeof *g->rho);
    g->curve = calloc((size_t)SF_MAJORANT_GROUPS * xs->n_grid, sizeof *g->curve);
    g->cap = calloc((size_t)xs->n_grid, sizeof *g->cap);
    g->block_label = malloc(n_blocks * sizeof *g->block_label);
    int voxel_block_ok = 1;
    for (int a = 0; a < 3; ++a) {
        g->voxel_block[a] = malloc((size_t)nv[a] * sizeof(int));
        if (!g->voxel_block[a])
            voxel_block_ok = 0;
        else
            for (int i = 0; i < nv[a]; ++i)
                g->voxel_block[a][i] = i / g->bv[a];
    }
    sf_status st = SF_OK;
    if (!used || !g->material_group || !g->rho || !g->curve || !g->cap ||
        !g->block_label || !voxel_block_ok) {
        st = sf_error_set(SF_ERR_NOMEM, "majorant grid: out of memory");
        goto fail;
    }
    for (int l = 0; l < ph->n_labels; ++l)
        if (label_material[l] >= 0 && label_density[l] > 0) {
            used[label_material[l]] = 1;
            const double *row = sf_photon_xs_total_row(xs, label_material[l]);
            for (int i = 0; i < xs->n_grid; ++i) {
                double mu = label_density[l] * row[i] * (1.0 + 0x1p-20);
                if (mu > g->cap[i])
                    g->cap[i] = mu;
            }
        }
    SF_TRY_GOTO(st, assign_groups(g, xs, used));
    for (int m = 0; m < xs->n_materials; ++m) {
        int k = g->material_group[m];
        if (k < 0)
            continue;
        const double *row = sf_photon_xs_total_row(xs, m);
        double *c = g->curve + (size_t)k * xs->n_grid;
        for (int i = 0; i < xs->n_grid; ++i)
            if (row[i] > c[i])
                c[i] = row[i];
    }

    /* Largest density per block and group, and the block's label if it has
     * one, over the voxels' labels. Labels are read once, in memory order. */
    const uint16_t *label = ph->label;
    for (size_t b = 0; b < n_blocks; ++b)
        g->block_label[b] = -2; /* no voxel seen yet */
    for (int z = 0; z < nv[2]; ++z)
        for (int y = 0; y < nv[1]; ++y) {
            size_t brow = (size_t)g->nb[0] *
                          ((size_t)(y / g->bv[1]) +
                           (size_t)g->nb[1] * (size_t)(z / g->bv[2]));
            const uint16_t *row = label + (size_t)nv[0] * ((size_t)y + (size_t)nv[1] * z);
            for (int x = 0; x < nv[0]; ++x) {
                int l = row[x];
                int32_t *bl = g->block_label + brow + (size_t)(x / g->bv[0]);
                *bl = *bl == -2 || *bl == l ? l : -1;
                int m = label_material[l];
                if (m < 0 || !(label_density[l] > 0))
                    continue;
                float *r = g->rho + (brow + (size_t)(x / g->bv[0])) *
                                        SF_MAJORANT_GROUPS;
                int k = g->material_group[m];
                /* Rounded up with a margin: float storage and the products
                 * in sf_majorant_grid_mu must never undercut rho mu/rho. */
                double want = label_density[l] * (1.0 + 0x1p-20);
                float f = (float)want;
                if ((double)f < want)
                    f = nextafterf(f, INFINITY);
                if (f > r[k])
                    r[k] = f;
            }
        }
fail:
    free(used);
    if (st != SF_OK) {
        sf_majorant_grid_destroy(&g);
        return st;
    }
    *out = g;
    return SF_OK;
}

void sf_majorant_grid_destroy(sf_majorant_grid **pg)
{
    if (!pg || !*pg)
        return;
    sf_majorant_grid *g = *pg;
    free(g->curve);
    free(g->cap);
    free(g->material_group);
    free(g->rho);
    free(g->block_label);
    for (int a = 0; a < 3; ++a)
        free(g->voxel_block[a]);
    free(g);
    *pg = NULL;
}

size_t sf_majorant_grid_bytes(const sf_majorant_grid *g)
{
    if (!g)
        return 0;
    size_t n_blocks = (size_t)g->nb[0] * g->nb[1] * g->nb[2];
    return sizeof *g + n_blocks * SF_MAJORANT_GROUPS * sizeof(float) +
           n_blocks * sizeof(int32_t) +
           ((size_t)g->nv[0] + g->nv[1] + g->nv[2]) * sizeof(int) +
           (size_t)(SF_MAJORANT_GROUPS + 1) * g->n_grid * sizeof(double) +
           (size_t)g->n_materials * sizeof(int);
}
