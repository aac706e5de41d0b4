/* The pieces of the report's pictures that are not curves: a raster
 * picture placed in an SVG figure, and a colour bar for the colour maps
 * of results/rgb_image.h. */
#ifndef SF_SVG_FIGURE_H
#define SF_SVG_FIGURE_H

#include <stdio.h>

#include "core/error.h"
#include "results/rgb_image.h"

/* <image> of the picture (inline PNG) stretched over x, y, w, h. */
sf_status sf_svg_image(FILE *f, const sf_rgb_image *img, double x, double y,
                       double w, double h);

typedef enum sf_bar_labels {
    SF_BAR_DECADES = 0,  /* 10^k */
    SF_BAR_PERCENT       /* 0.1 %, 1 %, ... */
} sf_bar_labels;

/* A vertical bar of sf_rgb_sequential over x, y, w, h, the low end at the
 * bottom, for log10 values v0 .. v1 (labels at whole decades), with a
 * caption rotated along its right side. */
void sf_svg_colour_bar(FILE *f, double x, double y, double w, double h,
                       double v0, double v1, sf_bar_labels labels,
                       const char *caption);

/* A label with a white halo, readable over any picture. */
void sf_svg_halo_text(FILE *f, double x, double y, const char *anchor,
                      const char *text);

#endif
