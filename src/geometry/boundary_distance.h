/* Distance from each voxel to the nearest label boundary, for the
 * electron transport's boundary step limit (docs/electron-transport.md).
 *
 * d[v] = the Chebyshev (L-infinity) distance, in voxels, from voxel v to
 * the nearest voxel that carries another label or lies outside the box:
 * every voxel within d[v] - 1 voxels of v (in each axis) has v's label. So
 * a point inside v is at least (d[v] - 1) h_a plus its distance to v's
 * faces along axis a away from any other label (a lower bound of the
 * Euclidean distance). Capped at 255 (one byte per voxel). */
#ifndef SF_BOUNDARY_DISTANCE_H
#define SF_BOUNDARY_DISTANCE_H

#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"

#define SF_BOUNDARY_DISTANCE_MAX 255

/* Allocates and fills d (nx*ny*nz bytes, the phantom's voxel order). */
sf_status sf_boundary_distance_build(const sf_phantom *ph, uint8_t **out);

#endif
