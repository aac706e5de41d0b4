/* Chebyshev distance to the nearest label boundary (boundary_distance.h):
 * voxels with a 26-neighbour of another label (or on the edge of the box)
 * get 1; the rest follow from two raster passes of d = min(neighbour) + 1
 * over the 13 neighbours already visited in each pass, which is exact for
 * the L-infinity metric on a 26-connected grid (Rosenfeld & Pfaltz, J. ACM
 * 13, 471 (1966)). */
#include "geometry/boundary_distance.h"

#include <stdlib.h>

static int is_boundary(const sf_phantom *ph, int i, int j, int k)
{
    const int nx = ph->nx, ny = ph->ny, nz = ph->nz;
    if (i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 ||
        k == nz - 1)
        return 1;
    const uint16_t *L = ph->label;
    uint16_t own = L[i + (int64_t)nx * (j + (int64_t)ny * k)];
    for (int c = -1; c <= 1; ++c)
        for (int b = -1; b <= 1; ++b)
            for (int a = -1; a <= 1; ++a)
                if (L[(i + a) + (int64_t)nx * ((j + b) + (int64_t)ny * (k + c))] !=
                    own)
                    return 1;
    return 0;
}

/* One raster pass; dir = +1 visits voxels in increasing index order and
 * looks at the 13 neighbours that precede each voxel, dir = -1 the
 * reverse. */
static void pass(const sf_phantom *ph, uint8_t *d, int dir)
{
    const int nx = ph->nx, ny = ph->ny, nz = ph->nz;
    const int64_t sy = nx, sz = (int64_t)nx * ny;
    for (int kk = 0; kk < nz; ++kk) {
        int k = dir > 0 ? kk : nz - 1 - kk;
        for (int jj = 0; jj < ny; ++jj) {
            int j = dir > 0 ? jj : ny - 1 - jj;
            for (int ii = 0; ii < nx; ++ii) {
                int i = dir > 0 ? ii : nx - 1 - ii;
                int64_t v = i + sy * j + sz * k;
                if (d[v] <= 1)
                    continue;
                int best = d[v];
                /* Neighbours (a, b, c) preceding v in this pass's order:
                 * c = -dir, any a, b; c = 0, b = -dir, any a; c = b = 0,
                 * a = -dir. Interior voxels only reach here (boundary
                 * voxels have d = 1), so every neighbour exists. */
                for (int c = -1; c <= 0; ++c)
                    for (int b = -1; b <= 1; ++b)
                        for (int a = -1; a <= 1; ++a) {
                            if (c == 0 && (b > 0 || (b == 0 && a >= 0)))
                                continue;
                            int64_t w = v + dir * (a + sy * b + sz * c);
                            if (d[w] + 1 < best)
                                best = d[w] + 1;
                        }
                d[v] = (uint8_t)best;
            }
        }
    }
}

sf_status sf_boundary_distance_build(const sf_phantom *ph, uint8_t **out)
{
    *out = NULL;
    int64_t n = (int64_t)ph->nx * ph->ny * ph->nz;
    uint8_t *d = malloc((size_t)n);
    if (!d)
        SF_FAIL(SF_ERR_NOMEM, "boundary distance map: out of memory "
                "(%lld voxels)", (long long)n);
    for (int k = 0; k < ph->nz; ++k)
        for (int j = 0; j < ph->ny; ++j)
            for (int i = 0; i < ph->nx; ++i)
                d[i + (int64_t)ph->nx * (j + (int64_t)ph->ny * k)] =
                    is_boundary(ph, i, j, k) ? 1 : SF_BOUNDARY_DISTANCE_MAX;
    pass(ph, d, +1);
    pass(ph, d, -1);
    *out = d;
    return SF_OK;
}
