/* PNG encoding of an RGB picture (8 bits per channel, no interlace), for
 * the images the report inlines. zlib (a dependency of HDF5 already)
 * compresses the scanlines; the chunk layout is written here. */
#ifndef SF_PNG_WRITE_H
#define SF_PNG_WRITE_H

#include <stddef.h>

#include "core/error.h"
#include "results/rgb_image.h"

/* The PNG file's bytes in *out (malloc'ed), *n of them. */
sf_status sf_png_encode(const sf_rgb_image *img, unsigned char **out,
                        size_t *n);

#endif
