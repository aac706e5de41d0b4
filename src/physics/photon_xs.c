#include "physics/photon_xs.h"

#include <stdlib.h>
#include <string.h>

#include "core/sort.h"

/* Edges closer than this (relative) are one edge; the same tolerance places
 * the "below" and "above" evaluations on either side of it. */
#define EDGE_EPS 1e-9

/* Collects the edges of all elements (equal consecutive energies in their
 * own tables), sorted and de-duplicated. */
static int collect_edges(const sf_photon_data *pd, const int *Z, int nZ,
                         double **edges_out)
{
    int cap = 0;
    for (int s = 0; s < nZ; ++s)
        cap += pd->elem[Z[s]].n_energy;
    double *edges = malloc((size_t)(cap + 1) * sizeof *edges);
    if (!edges)
        return -1;
    int n = 0;
    for (int s = 0; s < nZ; ++s) {
        const sf_element_photon *e = &pd->elem[Z[s]];
        for (int i = 0; i + 1 < e->n_energy; ++i)
            if (e->energy_MeV[i + 1] <= e->energy_MeV[i] * (1 + EDGE_EPS) &&
                e->energy_MeV[i] > SF_PHOTON_E_MIN_MEV &&
                e->energy_MeV[i] < SF_PHOTON_E_MAX_MEV)
                edges[n++] = e->energy_MeV[i];
    }
    *edges_out = edges;
    return (int)sf_sort_unique_doubles(edges, (size_t)n, EDGE_EPS);
}

/* Uniform log grid merged with each edge twice (below, above). Returns the
 * number of points; *is_edge_below marks the first point of each pair. */
static int merge_grid(const double *edges, int n_edges, double **grid_out,
                      char **below_out)
{
    double decades = log10(SF_PHOTON_E_MAX_MEV / SF_PHOTON_E_MIN_MEV);
    int n_uniform = (int)ceil(decades * SF_XS_POINTS_PER_DECADE) + 1;
    int cap = n_uniform + 2 * n_edges;
    double *grid = malloc((size_t)cap * sizeof *grid);
    char *below = calloc((size_t)cap, 1);
    if (!grid || !below) {
        free(grid);
        free(below);
        return -1;
    }
    int n = 0, k = 0;
    for (int u = 0; u < n_uniform; ++u) {
        double E = SF_PHOTON_E_MIN_MEV *
                   pow(10.0, decades * u / (double)(n_uniform - 1));
        if (u == n_uniform - 1)
            E = SF_PHOTON_E_MAX_MEV;
        while (k < n_edges && edges[k] <= E) {
            /* A uniform point that nearly coincides with an edge would make
             * a tiny interval; drop the uniform point instead. */
            if (n > 0 && fabs(grid[n - 1] / edges[k] - 1) < 1e-6 && !below[n - 1])
                --n;
            grid[n] = edges[k];
            below[n++] = 1;
            grid[n++] = edges[k];
            ++k;
        }
        if (n > 0 && fabs(E / grid[n - 1] - 1) < 1e-6)
            continue;
        grid[n++] = E;
    }
    *grid_out = grid;
    *below_out = below;
    return n;
}

static int build_hash(sf_photon_xs *t)
{
    t->hash_key_min = sf_xs_hash_key(SF_PHOTON_E_MIN_MEV);
    t->n_hash = (int)(sf_xs_hash_key(SF_PHOTON_E_MAX_MEV) - t->hash_key_min) + 1;
    t->hash = malloc((size_t)t->n_hash * sizeof *t->hash);
    if (!t->hash)
        return -1;
    int i = 0;
    for (int j = 0; j < t->n_hash; ++j) {
        /* The lowest energy of bin j: its key with the low bits cleared. */
        uint64_t bits = (uint64_t)(t->hash_key_min + j)
                        << (52 - SF_XS_HASH_MANTISSA_BITS);
        double E;
        memcpy(&E, &bits, sizeof E);
        while (i + 2 < t->n_grid && t->energy_MeV[i + 1] <= E)
            ++i;
        t->hash[j] = i;
    }
    return 0;
}

int sf_photon_xs_slot(const sf_photon_xs *t, int Z)
{
    for (int s = 0; s < t->n_elements; ++s)
        if (t->Z[s] == Z)
            return s;
    return -1;
}

sf_status sf_photon_xs_build(const sf_photon_data *pd,
                             const sf_material *materials, int n,
                             sf_photon_xs **out)
{
    *out = NULL;
    sf_photon_xs *t = calloc(1, sizeof *t);
    char *below = NULL;
    double *edges = NULL;
    if (!t)
        goto nomem;
    t->Z = malloc(sizeof(int) * (SF_Z_MAX + 1));
    t->materials = calloc((size_t)(n > 0 ? n : 1), sizeof *t->materials);
    if (!t->Z || !t->materials)
        goto nomem;
    for (int m = 0; m < n; ++m) {
        for (int k = 0; k < materials[m].n_elements; ++k) {
            int Z = materials[m].Z[k];
            if (pd->elem[Z].n_energy <= 0) {
                sf_photon_xs_destroy(&t);
                SF_FAIL(SF_ERR_STATE, "photon data for %s (Z=%d) not loaded "
                        "for material '%s'", sf_element_symbol(Z), Z,
                        materials[m].name);
            }
            int s = sf_photon_xs_slot(t, Z);
            if (s < 0) {
                s = t->n_elements++;
                t->Z[s] = Z;
            }
            t->materials[m].slot[k] = s;
            t->materials[m].mass_fraction[k] = materials[m].mass_fraction[k];
        }
        t->materials[m].n_elements = materials[m].n_elements;
    }
    t->n_materials = n;

    int n_edges = collect_edges(pd, t->Z, t->n_elements, &edges);
    if (n_edges < 0)
        goto nomem;
    t->n_grid = merge_grid(edges, n_edges, &t->energy_MeV, &below);
    if (t->n_grid < 0 || build_hash(t) != 0)
        goto nomem;

    size_t ng = (size_t)t->n_grid;
    t->element_xs = malloc((size_t)t->n_elements * SF_NPROC * ng * sizeof(double));
    t->material_total = calloc((size_t)(n > 0 ? n : 1) * ng, sizeof(double));
    t->material_proc = calloc((size_t)(n > 0 ? n : 1) * ng * SF_NPROC,
                              sizeof(double));
    if (!t->element_xs || !t->material_total || !t->material_proc)
        goto nomem;
    for (int s = 0; s < t->n_elements; ++s) {
        const sf_element_photon *e = &pd->elem[t->Z[s]];
        for (int p = 0; p < SF_NPROC; ++p) {
            double *row = t->element_xs + ((size_t)s * SF_NPROC + p) * ng;
            for (size_t i = 0; i < ng; ++i) {
                double E = t->energy_MeV[i];
                int at_edge = below[i] || (i > 0 && below[i - 1]);
                if (at_edge)
                    E *= below[i] ? (1 - EDGE_EPS) : (1 + EDGE_EPS);
                if (E < SF_PHOTON_E_MIN_MEV)
                    E = SF_PHOTON_E_MIN_MEV;
                if (E > SF_PHOTON_E_MAX_MEV)
                    E = SF_PHOTON_E_MAX_MEV;
                row[i] = sf_element_xs(e, (sf_photon_process)p, E);
            }
        }
    }
    for (int m = 0; m < n; ++m) {
        double *tot = t->material_total + (size_t)m * ng;
        double *proc = t->material_proc + (size_t)m * ng * SF_NPROC;
        const sf_xs_material *xm = &t->materials[m];
        for (int k = 0; k < xm->n_elements; ++k)
            for (int p = 0; p < SF_NPROC; ++p) {
                const double *row = sf_photon_xs_element_row(t, xm->slot[k],
                                                             (sf_photon_process)p);
                for (size_t i = 0; i < ng; ++i) {
                    tot[i] += xm->mass_fraction[k] * row[i];
                    proc[i * SF_NPROC + p] += xm->mass_fraction[k] * row[i];
                }
            }
    }
    free(below);
    free(edges);
    *out = t;
    return SF_OK;
nomem:
    free(below);
    free(edges);
    sf_photon_xs_destroy(&t);
    SF_FAIL(SF_ERR_NOMEM, "out of memory building photon cross-section tables");
}

void sf_photon_xs_destroy(sf_photon_xs **pt)
{
    if (!pt || !*pt)
        return;
    sf_photon_xs *t = *pt;
    free(t->energy_MeV);
    free(t->hash);
    free(t->Z);
    free(t->element_xs);
    free(t->materials);
    free(t->material_total);
    free(t->material_proc);
    free(t);
    *pt = NULL;
}

size_t sf_photon_xs_bytes(const sf_photon_xs *t)
{
    size_t ng = (size_t)t->n_grid;
    return sizeof *t + ng * sizeof(double) + (size_t)t->n_hash * sizeof(int) +
           (size_t)t->n_elements * SF_NPROC * ng * sizeof(double) +
           (size_t)t->n_materials * ((1 + SF_NPROC) * ng * sizeof(double) +
                                     sizeof(sf_xs_material));
}
