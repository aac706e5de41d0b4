#include "results/rgb_image.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sf_status sf_rgb_image_create(int width, int height, sf_rgb background,
                              sf_rgb_image *out)
{
    memset(out, 0, sizeof *out);
    if (width <= 0 || height <= 0 || width > 20000 || height > 20000)
        SF_FAIL(SF_ERR_VALUE, "picture of %d x %d pixels: out of range",
                width, height);
    size_t n = (size_t)width * (size_t)height;
    out->px = malloc(n * sizeof *out->px);
    if (!out->px)
        SF_FAIL(SF_ERR_NOMEM, "picture of %d x %d pixels: out of memory",
                width, height);
    for (size_t i = 0; i < n; ++i)
        out->px[i] = background;
    out->width = width;
    out->height = height;
    return SF_OK;
}

void sf_rgb_image_clear(sf_rgb_image *img)
{
    free(img->px);
    memset(img, 0, sizeof *img);
}

sf_rgb sf_rgb_sequential(double t)
{
    /* Control points chosen by eye for a monotone fall in lightness, so
     * the order of values survives a grey-scale print. */
    static const sf_rgb stops[] = {
        {255, 252, 210}, {253, 214, 120}, {246, 150, 60},
        {222, 80, 50},   {160, 30, 70},   {70, 12, 80}};
    const int n = (int)(sizeof stops / sizeof *stops);
    if (!(t > 0))
        t = 0;
    if (t > 1)
        t = 1;
    double x = t * (n - 1);
    int i = (int)floor(x);
    if (i >= n - 1)
        return stops[n - 1];
    double f = x - i;
    sf_rgb a = stops[i], b = stops[i + 1];
    return (sf_rgb){(uint8_t)lround(a.r + f * (b.r - a.r)),
                    (uint8_t)lround(a.g + f * (b.g - a.g)),
                    (uint8_t)lround(a.b + f * (b.b - a.b))};
}

sf_rgb sf_rgb_palette(size_t i)
{
    static const sf_rgb colours[] = {
        {31, 100, 180}, {220, 110, 20}, {40, 150, 60},  {200, 40, 50},
        {130, 90, 180}, {140, 90, 70},  {210, 100, 170}, {100, 100, 100},
        {170, 170, 30}, {20, 170, 190}};
    return colours[i % (sizeof colours / sizeof *colours)];
}

void sf_rgb_hex(sf_rgb c, char buf[8])
{
    snprintf(buf, 8, "#%02x%02x%02x", c.r, c.g, c.b);
}
