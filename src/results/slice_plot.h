/* The data of a dose-map slice plot: one plane of the dose (Gy per emitted
 * particle) as a gnuplot image and the boundaries between regions of the
 * phantom in that plane as line segments, in cm. */
#ifndef SF_SLICE_PLOT_H
#define SF_SLICE_PLOT_H

#include "core/error.h"
#include "geometry/phantom.h"
#include "results/dose_image.h"
#include "results/gnuplot.h"

/* Plane index along `axis` (0 x, 1 y, 2 z) holding the most dose. */
long sf_slice_hottest(const sf_dose_image *d, int axis);

/* Writes slice.dat and outline.dat into the plot directory and the
 * variables the script needs (axis names and ranges). `ph` gives the
 * outlines; it must have the dose map's grid. */
sf_status sf_slice_write(sf_plot_dir *dir, const sf_dose_image *d,
                         const sf_phantom *ph, int axis, long index);

#endif
