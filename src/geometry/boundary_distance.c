/* Chebyshev distance to the nearest label boundary (boundary_distance.h):
 * voxels with a 26-neighbour of another label (or on the edge of the box)
 * get 1 and the set of those neighbours; the rest follow from two raster
 * passes of d = min(neighbour) + 1 over the 13 neighbours already visited
 * in each pass, which is exact for the L-infinity metric on a 26-connected
 * grid (Rosenfeld & Pfaltz, J. ACM 13, 471 (1966)). */
#include "geometry/boundary_distance.h"

#include <stdlib.h>

/* Neighbour u hides neighbour v when, for any point of the voxel, u is no
 * farther: along each axis u is either not offset or offset as v is. */
static int hides(int u, int v)
{
    if (u == v)
        return 0;
    for (int a = 0, du = u, dv = v; a < 3; ++a, du /= 3, dv /= 3)
        if (du % 3 != 1 && du % 3 != dv % 3)
            return 0;
    return 1;
}

/* The neighbours of voxel (i, j, k) that carry another label or lie
 * outside the box and are not hidden by another such neighbour, as the
 * bits of boundary_distance.h (0: none); hidden_by[v] is the set of the
 * neighbours that hide neighbour v. */
static uint32_t other_neighbours(const sf_phantom *ph, int i, int j, int k,
                                 const uint32_t hidden_by[27])
{
    const int nx = ph->nx, ny = ph->ny, nz = ph->nz;
    const uint16_t *L = ph->label;
    const int64_t v0 = i + (int64_t)nx * (j + (int64_t)ny * k);
    const uint16_t own = L[v0];
    /* Only voxels on the box's faces can have a neighbour outside it. */
    const int edge = i == 0 || j == 0 || k == 0 || i == nx - 1 ||
                     j == ny - 1 || k == nz - 1;
    uint32_t mask = 0;
    int bit = 0;
    for (int c = -1; c <= 1; ++c)
        for (int b = -1; b <= 1; ++b)
            for (int a = -1; a <= 1; ++a, ++bit) {
                int x = i + a, y = j + b, z = k + c;
                if (edge && (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny ||
                             z >= nz))
                    mask |= UINT32_C(1) << bit;
                else
                    mask |= (uint32_t)(L[x + (int64_t)nx * (y + (int64_t)ny * z)] !=
                                       own) << bit;
            }
    uint32_t kept = mask;
    for (uint32_t m = mask; m; m &= m - 1) {
        int v = __builtin_ctz(m);
        if (mask & hidden_by[v])
            kept &= ~(UINT32_C(1) << v);
    }
    return kept;
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

sf_status sf_boundary_distance_build(const sf_phantom *ph, uint32_t **out)
{
    *out = NULL;
    int64_t n = (int64_t)ph->nx * ph->ny * ph->nz;
    uint8_t *d = malloc((size_t)n);
    uint32_t *map = malloc((size_t)n * sizeof *map);
    if (!d || !map) {
        free(d);
        free(map);
        SF_FAIL(SF_ERR_NOMEM, "boundary distance map: out of memory "
                "(%lld voxels)", (long long)n);
    }
    uint32_t hidden_by[27];
    for (int v = 0; v < 27; ++v) {
        hidden_by[v] = 0;
        for (int u = 0; u < 27; ++u)
            if (hides(u, v))
                hidden_by[v] |= UINT32_C(1) << u;
    }
    for (int k = 0; k < ph->nz; ++k)
        for (int j = 0; j < ph->ny; ++j)
            for (int i = 0; i < ph->nx; ++i) {
                int64_t v = i + (int64_t)ph->nx * (j + (int64_t)ph->ny * k);
                map[v] = other_neighbours(ph, i, j, k, hidden_by);
                d[v] = map[v] ? 1 : UINT8_MAX;
            }
    pass(ph, d, +1);
    pass(ph, d, -1);
    for (int64_t v = 0; v < n; ++v) {
        uint32_t level = d[v] < SF_BOUNDARY_LEVEL_MAX ? d[v] : SF_BOUNDARY_LEVEL_MAX;
        map[v] |= level << SF_BOUNDARY_LEVEL_SHIFT;
    }
    free(d);
    *out = map;
    return SF_OK;
}
