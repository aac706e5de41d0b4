/* Internal interfaces of saffron-datagen (not part of the engine). */
#ifndef SF_DATAGEN_H
#define SF_DATAGEN_H

#include "physics/photon_data.h"

/* Columns of the cross-section table, in file order. */
enum { DG_PHOTO, DG_PHOTO_K, DG_INCOH, DG_COH, DG_PAIR_NUC, DG_PAIR_EL,
       DG_NCOL };

/* Target of the bisection: relative error of log-log interpolation at the
 * midpoint of every interval (the documented 0.1% has a margin). */
#define DG_GRID_TOL 2.5e-4

typedef struct dg_grid {
    int n, cap;
    double *E;                /* energies (MeV) or x (1/angstrom) */
    double (*v)[DG_NCOL];     /* values; the x grid uses v[0] = F, v[1] = S */
} dg_grid;

typedef struct dg_relax {
    double binding_MeV[4]; /* K L1 L2 L3 */
    double fluor_yield_K;
    int n_lines;
    double line_MeV[SF_MAX_K_LINES], line_prob[SF_MAX_K_LINES];
    const char *line_name[SF_MAX_K_LINES];
} dg_relax;

typedef struct dg_element {
    int Z;
    const char *symbol;
    double A, frac_K, photo_slope, coh_slope, incoh_ratio_800;
} dg_element;

typedef struct dg_index {
    int n;
    char name[SF_Z_MAX][16];
    char sha256[SF_Z_MAX][65];
} dg_index;

double dg_interp(double E0, double y0, double E1, double y1, double E);

/* Writes DIR/Zzzz.txt, records its SHA-256 in idx; returns its size. */
long dg_write_element(const char *dir, const dg_element *el,
                      const dg_grid *eg, const dg_grid *xg,
                      const dg_relax *rx, dg_index *idx);
void dg_write_index(const char *dir, const dg_index *idx);

#endif
