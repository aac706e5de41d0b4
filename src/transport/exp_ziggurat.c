/* Tables and edge cases of the exponential ziggurat (exp_ziggurat.h).
 *
 * Layer 0 is the base: the rectangle [0, v / f(r)] x [0, f(r)], area v,
 * holding the strip under f(r) up to r and, beyond r, the tail's area
 * (v - r f(r) = integral of exp(-x) from r on). Layers 1 .. 255 are the
 * rectangles [0, x_i] x [f(x_i), f(x_{i-1})] with x_255 = r, each of area
 * v, going up the curve; x_0 stands for 0 in the heights (f[0] = 1). The
 * constants r and v are Marsaglia and Tsang's for 256 layers, for which
 * the top layer closes on f(0) = 1. */
#include "transport/exp_ziggurat.h"

#define ZIG_R 7.697117470131487
#define ZIG_V 3.949659822581572e-3

void sf_exp_ziggurat_init(sf_exp_ziggurat *z)
{
    const int n = SF_ZIGGURAT_LAYERS;
    double fr = exp(-ZIG_R);
    z->x[0] = ZIG_V / fr;
    z->inner[0] = ZIG_R / z->x[0];
    z->f[0] = 1.0;
    z->x[n - 1] = ZIG_R;
    z->f[n - 1] = fr;
    for (int i = n - 2; i >= 1; --i) {
        z->x[i] = -log(ZIG_V / z->x[i + 1] + z->f[i + 1]);
        z->f[i] = exp(-z->x[i]);
        z->inner[i + 1] = z->x[i] / z->x[i + 1];
    }
    z->inner[1] = 0.0; /* the top layer has no layer above to vouch for it */
}

double sf_exp_ziggurat_edge(const sf_exp_ziggurat *z, sf_rng *r, int i,
                            double u)
{
    for (;;) {
        if (i == 0) /* the tail: r plus a fresh exponential */
            return ZIG_R - log(sf_rng_uniform(r));
        double x = u * z->x[i];
        double y = z->f[i] + sf_rng_uniform(r) * (z->f[i - 1] - z->f[i]);
        if (y < exp(-x))
            return x;
        u = sf_exp_ziggurat_layer(r, &i);
        if (u < z->inner[i])
            return u * z->x[i];
    }
}
