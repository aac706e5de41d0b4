#include "results/png_write.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

/* Length, type, data and the CRC of type and data (PNG specification,
 * section 5.3); returns the end of the chunk. */
static unsigned char *put_chunk(unsigned char *p, const char type[4],
                                const unsigned char *data, size_t n)
{
    p = put32(p, (uint32_t)n);
    memcpy(p, type, 4);
    if (n)
        memcpy(p + 4, data, n);
    uLong crc = crc32(0L, p, (uInt)(n + 4));
    return put32(p + 4 + n, (uint32_t)crc);
}

/* Sum of |byte| read as signed: the usual heuristic for the filter that
 * compresses best. */
static unsigned long cost(const unsigned char *row, size_t n)
{
    unsigned long s = 0;
    for (size_t i = 0; i < n; ++i)
        s += row[i] < 128 ? row[i] : 256u - row[i];
    return s;
}

/* Each scanline with the filter of least cost among None, Sub and Up
 * (PNG specification, section 9.2): upscaled pictures repeat rows, which
 * Up turns into zeros, and flat areas give Sub runs of zeros. */
static void filter_rows(const sf_rgb_image *img, unsigned char *raw)
{
    size_t stride = 3 * (size_t)img->width;
    unsigned char *sub = malloc(stride), *up = malloc(stride);
    for (int y = 0; y < img->height; ++y) {
        const unsigned char *cur = (const unsigned char *)sf_rgb_at(img, 0, y);
        const unsigned char *prev =
            y ? (const unsigned char *)sf_rgb_at(img, 0, y - 1) : NULL;
        unsigned char *dst = raw + (size_t)y * (stride + 1);
        int best = 0;
        unsigned long best_cost = cost(cur, stride);
        if (sub && up) {
            for (size_t i = 0; i < stride; ++i) {
                sub[i] = (unsigned char)(cur[i] - (i >= 3 ? cur[i - 3] : 0));
                up[i] = (unsigned char)(cur[i] - (prev ? prev[i] : 0));
            }
            unsigned long c1 = cost(sub, stride), c2 = cost(up, stride);
            if (c1 < best_cost) {
                best = 1;
                best_cost = c1;
            }
            if (c2 < best_cost)
                best = 2;
        }
        dst[0] = (unsigned char)best;
        memcpy(dst + 1, best == 0 ? cur : best == 1 ? sub : up, stride);
    }
    free(sub);
    free(up);
}

sf_status sf_png_encode(const sf_rgb_image *img, unsigned char **out,
                        size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t raw_n = (3 * (size_t)img->width + 1) * (size_t)img->height;
    uLongf z_n = compressBound((uLong)raw_n);
    unsigned char *raw = malloc(raw_n), *z = malloc(z_n);
    /* signature, IHDR (25 bytes), IDAT (12 + data), IEND (12) */
    unsigned char *png = malloc(8 + 25 + 12 + z_n + 12);
    if (!raw || !z || !png) {
        free(raw);
        free(z);
        free(png);
        SF_FAIL(SF_ERR_NOMEM, "PNG of %d x %d pixels: out of memory",
                img->width, img->height);
    }
    filter_rows(img, raw);
    int zrc = compress2(z, &z_n, raw, (uLong)raw_n, 6);
    free(raw);
    if (zrc != Z_OK) {
        free(z);
        free(png);
        SF_FAIL(SF_ERR_STATE, "PNG of %d x %d pixels: zlib error %d",
                img->width, img->height, zrc);
    }
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G',
                                               '\r', '\n', 0x1a, '\n'};
    unsigned char ihdr[13];
    put32(ihdr, (uint32_t)img->width);
    put32(ihdr + 4, (uint32_t)img->height);
    ihdr[8] = 8;  /* bits per channel */
    ihdr[9] = 2;  /* colour type: RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filters, no
                                         * interlace */
    unsigned char *p = png;
    memcpy(p, signature, 8);
    p = put_chunk(p + 8, "IHDR", ihdr, sizeof ihdr);
    p = put_chunk(p, "IDAT", z, z_n);
    p = put_chunk(p, "IEND", NULL, 0);
    free(z);
    *out = png;
    *n = (size_t)(p - png);
    return SF_OK;
}
