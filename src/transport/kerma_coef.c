#include "transport/kerma_coef.h"

#include <math.h>
#include <stdlib.h>

#include "physics/energy_transfer.h"

/* The energy at which to evaluate the means for grid point i: an edge is
 * stored as two points of one energy, the value below it first, so the
 * means there are those just below, resp. just above, the edge (the
 * photoelectric sampler opens the K shell at E >= binding). */
static double side_energy(const sf_photon_xs *xs, int i)
{
    const double *e = xs->energy_MeV;
    if (i + 1 < xs->n_grid && e[i + 1] == e[i])
        return e[i] * (1.0 - 1e-12);
    return e[i];
}

/* The Compton mean costs a quadrature (physics/energy_transfer.c), too
 * much for every point of the fine grid of every element (~3 s a world),
 * and T/E is smooth in ln E (no edges: binding enters only through
 * S(x,Z)). It is computed on a coarse uniform grid in ln E and
 * interpolated by Lagrange cubics: with 40 points a decade the
 * interpolation error is below 1e-6 relative
 * (tests/validation/test_kerma_estimator.c checks 1e-5). */
#define COMPTON_POINTS_PER_DECADE 40

typedef struct coarse_compton {
    int n;
    double ln_e0, inv_dln;
    double *ratio; /* T/E at each coarse point */
} coarse_compton;

static int coarse_compton_fill(const sf_element_photon *e, coarse_compton *c)
{
    double ln0 = log(SF_PHOTON_E_MIN_MEV), ln1 = log(SF_PHOTON_E_MAX_MEV);
    double dln = log(10.0) / COMPTON_POINTS_PER_DECADE;
    /* Two points of margin at each end keep every cubic centred. */
    c->n = (int)ceil((ln1 - ln0) / dln) + 5;
    c->ln_e0 = ln0 - 2 * dln;
    c->inv_dln = 1.0 / dln;
    c->ratio = malloc((size_t)c->n * sizeof *c->ratio);
    if (!c->ratio)
        return -1;
    for (int j = 0; j < c->n; ++j) {
        double E = exp(c->ln_e0 + j * dln);
        c->ratio[j] = sf_compton_mean_transfer_MeV(e, E) / E;
    }
    return 0;
}

static double coarse_compton_at(const coarse_compton *c, double E)
{
    double u = (log(E) - c->ln_e0) * c->inv_dln;
    int j = (int)floor(u) - 1; /* nodes j .. j+3 around u */
    if (j < 0)
        j = 0;
    if (j > c->n - 4)
        j = c->n - 4;
    double t = u - j, v = 0.0;
    for (int a = 0; a < 4; ++a) {
        double w = 1.0;
        for (int b = 0; b < 4; ++b)
            if (b != a)
                w *= (t - b) / (a - b);
        v += w * c->ratio[j + a];
    }
    return v * E;
}

/* Mean transfer per gram of element slot s at every grid point. */
static int element_eta(const sf_photon_data *pd, const sf_photon_xs *xs,
                       int s, double *eta)
{
    const sf_element_photon *e = &pd->elem[xs->Z[s]];
    const double *row[SF_NPROC];
    for (int p = 0; p < SF_NPROC; ++p)
        row[p] = sf_photon_xs_element_row(xs, s, (sf_photon_process)p);
    coarse_compton cc;
    if (coarse_compton_fill(e, &cc) != 0)
        return -1;
    for (int i = 0; i < xs->n_grid; ++i) {
        double E = side_energy(xs, i);
        double v = 0.0;
        if (row[SF_PROC_PHOTO][i] > 0)
            v += row[SF_PROC_PHOTO][i] * sf_photo_mean_transfer_MeV(e, E);
        if (row[SF_PROC_INCOH][i] > 0)
            v += row[SF_PROC_INCOH][i] * coarse_compton_at(&cc, E);
        double pair = row[SF_PROC_PAIR_NUC][i] + row[SF_PROC_PAIR_EL][i];
        if (pair > 0)
            v += pair * sf_pair_mean_transfer_MeV(E);
        eta[i] = v;
    }
    free(cc.ratio);
    return 0;
}

static sf_status all_elements(const sf_photon_data *pd, const sf_photon_xs *xs,
                              double **out)
{
    size_t n = (size_t)xs->n_grid;
    double *elem = malloc((size_t)xs->n_elements * n * sizeof *elem + 1);
    if (!elem)
        SF_FAIL(SF_ERR_NOMEM, "kerma coefficients: out of memory");
    for (int s = 0; s < xs->n_elements; ++s)
        if (element_eta(pd, xs, s, elem + (size_t)s * n) != 0) {
            free(elem);
            SF_FAIL(SF_ERR_NOMEM, "kerma coefficients: out of memory");
        }
    *out = elem;
    return SF_OK;
}

sf_status sf_kerma_coef_build(const sf_photon_data *pd,
                              const sf_photon_xs *xs, double **out)
{
    *out = NULL;
    size_t n = (size_t)xs->n_grid;
    double *elem = NULL;
    double *mat = calloc((size_t)xs->n_materials * n + 1, sizeof *mat);
    if (!mat)
        SF_FAIL(SF_ERR_NOMEM, "kerma coefficients: out of memory");
    sf_status st = all_elements(pd, xs, &elem);
    if (st != SF_OK) {
        free(mat);
        return st;
    }
    for (int m = 0; m < xs->n_materials; ++m) {
        const sf_xs_material *xm = &xs->materials[m];
        double *row = mat + (size_t)m * n;
        for (int k = 0; k < xm->n_elements; ++k)
            for (size_t i = 0; i < n; ++i)
                row[i] += xm->mass_fraction[k] *
                          elem[(size_t)xm->slot[k] * n + i];
    }
    free(elem);
    *out = mat;
    return SF_OK;
}

sf_status sf_kerma_coef_material(const sf_photon_data *pd,
                                 const sf_photon_xs *xs, const sf_material *m,
                                 double *row)
{
    int slot[SF_MAX_MAT_ELEMENTS];
    for (int k = 0; k < m->n_elements; ++k) {
        slot[k] = sf_photon_xs_slot(xs, m->Z[k]);
        if (slot[k] < 0)
            SF_FAIL(SF_ERR_VALUE, "kerma coefficients of %s: element Z = %d "
                    "is not among the phantom's elements, whose cross "
                    "sections the transport grid holds", m->name, m->Z[k]);
    }
    size_t n = (size_t)xs->n_grid;
    double *eta = malloc(n * sizeof *eta + 1);
    if (!eta)
        SF_FAIL(SF_ERR_NOMEM, "kerma coefficients: out of memory");
    for (size_t i = 0; i < n; ++i)
        row[i] = 0.0;
    for (int k = 0; k < m->n_elements; ++k) {
        if (element_eta(pd, xs, slot[k], eta) != 0) {
            free(eta);
            SF_FAIL(SF_ERR_NOMEM, "kerma coefficients: out of memory");
        }
        for (size_t i = 0; i < n; ++i)
            row[i] += m->mass_fraction[k] * eta[i];
    }
    free(eta);
    return SF_OK;
}
