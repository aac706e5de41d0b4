/* A raster picture for the report (results/report.h): 8-bit RGB pixels,
 * rows from the top, x fastest. Drawn by the report's figure code and
 * written as PNG (results/png_write.h). */
#ifndef SF_RGB_IMAGE_H
#define SF_RGB_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct sf_rgb {
    uint8_t r, g, b;
} sf_rgb;

/* The PNG encoder reads a row of pixels as its bytes. */
_Static_assert(sizeof(sf_rgb) == 3, "sf_rgb must be three packed bytes");

typedef struct sf_rgb_image {
    int width, height;
    sf_rgb *px;          /* width x height */
} sf_rgb_image;

/* Allocates a picture filled with `background`. */
sf_status sf_rgb_image_create(int width, int height, sf_rgb background,
                              sf_rgb_image *out);

void sf_rgb_image_clear(sf_rgb_image *img);

static inline sf_rgb *sf_rgb_at(const sf_rgb_image *img, int x, int y)
{
    return &img->px[(size_t)y * (size_t)img->width + (size_t)x];
}

/* Colour maps of the report: t in [0, 1] (clamped; NaN gives 0).
 * sf_rgb_sequential runs from a very light yellow through orange and red
 * to a dark purple, so that low values fade into a white page and high
 * values stand out (dose, relative uncertainty). */
sf_rgb sf_rgb_sequential(double t);

/* The i-th of a few distinct colours for curves and source regions. */
sf_rgb sf_rgb_palette(size_t i);

/* "#rrggbb" into buf (8 bytes). */
void sf_rgb_hex(sf_rgb c, char buf[8]);

#endif
