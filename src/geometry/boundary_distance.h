/* Distance from each voxel to the nearest label boundary, for the
 * electron transport's boundary step limit (docs/electron-transport.md).
 *
 * One 32-bit entry per voxel (the phantom's voxel order):
 * - bits 27-31, the level n: the Chebyshev (L-infinity) distance, in
 *   voxels, from the voxel to the nearest voxel that carries another label
 *   or lies outside the box, capped at SF_BOUNDARY_LEVEL_MAX. Every voxel
 *   within n - 1 voxels of v (in each axis) has v's label.
 * - bits 0-26, for n = 1 only: which of the 26 neighbours (a, b, c) in
 *   {-1, 0, 1}^3 carry another label or lie outside the box, bit
 *   (a + 1) + 3 (b + 1) + 9 (c + 1); only those that no other flagged
 *   neighbour hides (a face neighbour is never farther than the edge and
 *   corner neighbours offset along the same side, an edge neighbour than
 *   its two corners), which leaves at most 12 of them.
 *
 * sf_boundary_bound_cm turns an entry and a point of the voxel into a lower
 * bound of the Euclidean distance from the point to any other label. With
 * the neighbours known, a point on the side of its voxel away from the
 * other labels is bounded by its distance to them rather than by its
 * nearest face: in the ICRP 110 phantoms this removes two thirds of the
 * boundary-limited steps of 4 MeV electrons (benchmarks/HISTORY.md). */
#ifndef SF_BOUNDARY_DISTANCE_H
#define SF_BOUNDARY_DISTANCE_H

#include <math.h>
#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"

#define SF_BOUNDARY_LEVEL_SHIFT 27
/* 31 voxels: 6.6 cm in the AM's 2.137 mm side, beyond the range of a
 * 10 MeV electron in soft tissue; a capped level is still a lower bound. */
#define SF_BOUNDARY_LEVEL_MAX 31
#define SF_BOUNDARY_NEIGHBOURS ((UINT32_C(1) << SF_BOUNDARY_LEVEL_SHIFT) - 1)

/* Allocates and fills the map (nx*ny*nz entries). */
sf_status sf_boundary_distance_build(const sf_phantom *ph, uint32_t **out);

static inline int sf_boundary_level(uint32_t entry)
{
    return (int)(entry >> SF_BOUNDARY_LEVEL_SHIFT);
}

/* Lower bound (cm) of the distance from a point of a voxel to the nearest
 * voxel of another label or the outside of the box, given the voxel's
 * entry, the point's distances to the voxel's lower and upper faces along
 * each axis (below[a], above[a] >= 0, cm) and the voxel sides (cm). */
static inline double sf_boundary_bound_cm(uint32_t entry,
                                          const double below[3],
                                          const double above[3],
                                          const double side_cm[3])
{
    const int n = sf_boundary_level(entry);
    double d = INFINITY;
    for (int a = 0; a < 3; ++a) {
        double face = below[a] < above[a] ? below[a] : above[a];
        double da = face + (n > 1 ? n - 1 : 1) * side_cm[a];
        if (da < d)
            d = da;
    }
    if (n > 1)
        return d;
    /* n = 1: d bounds the voxels two or more steps away. A flagged face
     * neighbour is at the point's distance to that face; a flagged edge or
     * corner neighbour is a box whose distance is the root of the squared
     * face distances along the axes where it is offset. */
    const uint32_t m = entry & SF_BOUNDARY_NEIGHBOURS;
    static const uint8_t face_bit[3][2] = {{12, 14}, {10, 16}, {4, 22}};
    uint32_t faces = 0;
    for (int a = 0; a < 3; ++a) {
        uint32_t lo = UINT32_C(1) << face_bit[a][0];
        uint32_t hi = UINT32_C(1) << face_bit[a][1];
        faces |= lo | hi;
        d = (m & lo) && below[a] < d ? below[a] : d;
        d = (m & hi) && above[a] < d ? above[a] : d;
    }
    if (!(m & ~faces))
        return d;
    double sq[3][3];
    for (int a = 0; a < 3; ++a) {
        sq[a][0] = below[a] * below[a];
        sq[a][1] = 0.0;
        sq[a][2] = above[a] * above[a];
    }
    double q = d * d;
    for (uint32_t rest = m & ~faces; rest; rest &= rest - 1) {
        static const uint8_t axis[27][3] = {
            {0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {0, 1, 0}, {1, 1, 0}, {2, 1, 0},
            {0, 2, 0}, {1, 2, 0}, {2, 2, 0}, {0, 0, 1}, {1, 0, 1}, {2, 0, 1},
            {0, 1, 1}, {1, 1, 1}, {2, 1, 1}, {0, 2, 1}, {1, 2, 1}, {2, 2, 1},
            {0, 0, 2}, {1, 0, 2}, {2, 0, 2}, {0, 1, 2}, {1, 1, 2}, {2, 1, 2},
            {0, 2, 2}, {1, 2, 2}, {2, 2, 2}};
        const uint8_t *o = axis[__builtin_ctz(rest)];
        double t = sq[0][o[0]] + sq[1][o[1]] + sq[2][o[2]];
        if (t < q)
            q = t;
    }
    /* Rounded square roots of rounded squares give the distances back
     * exactly, so when no edge or corner is nearer this is d itself. */
    return sqrt(q);
}

#endif
