/* Exponential deviates (optical depths, numbers of mean free paths) by the
 * ziggurat method of Marsaglia and Tsang (J. Stat. Software 5(8), 2000):
 * 256 layers of equal area under exp(-x), one of them picked by 8 random
 * bits and a uniform scaled to its width; 98.9 % of the draws end there,
 * with a table load, a comparison and a product instead of a logarithm.
 * The rest (the layer's edge, or the tail beyond r = 7.697) is resolved by
 * rejection on exp(-x) or, in the tail, r - ln u, so the distribution is
 * exactly Exp(1) (to the precision of the layer constants, 1e-15).
 * Unlike Marsaglia and Tsang's code, the layer index and the uniform come
 * from disjoint bits of a 64-bit draw (the correlation Doornik found in
 * the shared-bits form, "An Improved Ziggurat Method", 2005, does not
 * arise), and the uniform has 53 bits. */
#ifndef SF_EXP_ZIGGURAT_H
#define SF_EXP_ZIGGURAT_H

#include <math.h>
#include <stdint.h>

#include "transport/rng.h"

#define SF_ZIGGURAT_LAYERS 256

typedef struct sf_exp_ziggurat {
    double x[SF_ZIGGURAT_LAYERS];     /* right edge of each layer */
    double inner[SF_ZIGGURAT_LAYERS]; /* x[i - 1] / x[i]: below it, inside */
    double f[SF_ZIGGURAT_LAYERS];     /* exp(-x[i]); f[0] = 1 (the top) */
} sf_exp_ziggurat;

/* Fills the tables (a few microseconds; read-only afterwards). */
void sf_exp_ziggurat_init(sf_exp_ziggurat *z);

/* The rare draws that fall outside a layer's inner part. */
double sf_exp_ziggurat_edge(const sf_exp_ziggurat *z, sf_rng *r, int i,
                            double u);

/* One layer draw from two words: the layer index from the low 8 bits, and
 * returned, a uniform in [0, 1) from the top 53 bits (disjoint from them). */
static inline double sf_exp_ziggurat_layer(sf_rng *r, int *layer)
{
    uint32_t hi = sf_rng_u32(r);
    uint32_t lo = sf_rng_u32(r);
    *layer = (int)(lo & (SF_ZIGGURAT_LAYERS - 1));
    return (double)((((uint64_t)hi << 32) | lo) >> 11) * 0x1p-53;
}

/* One Exp(1) deviate (mean 1), from two words of the stream (more in 1.1 %
 * of the draws). */
static inline double sf_rng_exponential(const sf_exp_ziggurat *z, sf_rng *r)
{
    int i;
    double u = sf_exp_ziggurat_layer(r, &i);
    if (u < z->inner[i])
        return u * z->x[i];
    return sf_exp_ziggurat_edge(z, r, i, u);
}

#endif
