/* Counter-based random streams: one independent stream per history.
 *
 * Generator: Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC11, 2011), from the Random123 headers.
 * Philox is a keyed bijection of a 128-bit counter, so a stream is named by
 * its (key, counter) coordinates and no state has to be stored, seeded per
 * thread or passed between ranks: history H of task T draws the same numbers
 * whichever thread or rank runs it, and can be replayed alone.
 *
 * Layout (docs/random-numbers.md):
 *   key     = (task_id, campaign_seed)
 *   counter = (block, history low 32 bits, history high 32 bits, purpose)
 * `block` counts the 128-bit output blocks drawn so far by this stream; each
 * block yields four 32-bit words. A stream therefore has 2^32 blocks
 * (2^34 words, 2^33 uniforms) before `block` wraps. On that wrap the stream
 * carries into the top 8 bits of the purpose word (purposes are limited to
 * 24 bits, SF_RNG_PURPOSE_MAX), which keeps it distinct from every other
 * stream for 2^40 blocks; only after that does it repeat itself, never
 * another stream's numbers.
 *
 * Blocks are generated ahead, four at a time where the processor has AVX2
 * (rng.c): the words and their order are those of one block at a time, only
 * computed in a batch, so the stream is the same on every machine.
 *
 * The struct is small and plain: keep it on the stack, one per history.
 */
#ifndef SF_RNG_H
#define SF_RNG_H

#include <stdint.h>

#include <Random123/philox.h>

/* Purposes are the low 24 bits of counter word 3; the high 8 bits take the
 * carry of an exhausted block counter. */
#define SF_RNG_PURPOSE_BITS 24
#define SF_RNG_PURPOSE_MAX ((UINT32_C(1) << SF_RNG_PURPOSE_BITS) - 1u)

/* Purposes used by saffron (others may be added below the maximum). */
enum {
    SF_RNG_PURPOSE_TRANSPORT = 0, /* the particle history itself */
    SF_RNG_PURPOSE_SOURCE = 1,    /* source sampling (position, energy) */
    SF_RNG_PURPOSE_TEST = 0xabcd  /* unit tests */
};

/* Words held ahead: eight blocks, two batches of four. Every refill is a
 * branch the processor mispredicts; an electron history draws thousands
 * of words, so 32 words a refill halve those mispredictions for a few
 * words more generated and not used at a history's end. */
#define SF_RNG_BUFFER_WORDS 32

typedef struct sf_rng {
    philox4x32_key_t key;
    philox4x32_ctr_t ctr; /* counter of the next block to generate */
    int next;             /* index of the next unused word of `buf`; the
                           * words from buf[next] to the end are the
                           * stream's next ones */
    uint32_t buf[SF_RNG_BUFFER_WORDS];
} sf_rng;

/* Positions the stream of one history at its first draw. Purpose bits above
 * SF_RNG_PURPOSE_MAX are ignored. */
void sf_rng_init(sf_rng *r, uint32_t campaign_seed, uint32_t task_id,
                 uint64_t history_index, uint32_t purpose);

/* Generates the next blocks into `buf` (called by sf_rng_u32 when `buf` is
 * used up; public only so that the inline functions below can reach it). */
void sf_rng_refill(sf_rng *r);

/* Whether refills generate four blocks at once on this processor (AVX2). */
int sf_rng_batch_available(void);

/* The blocks ctr, ctr+1, ctr+2, ctr+3 (counter word 0 stepped, without
 * carry: the caller keeps it below 2^32 - 3) in stream order, with AVX2
 * where sf_rng_batch_available(), else one block at a time. */
void sf_rng_philox_x4(philox4x32_ctr_t ctr, philox4x32_key_t key,
                      uint32_t out[16]);

static inline uint32_t sf_rng_u32(sf_rng *r)
{
    if (r->next >= SF_RNG_BUFFER_WORDS)
        sf_rng_refill(r);
    return r->buf[r->next++];
}

/* Maps two 32-bit words to the midpoint of one of 2^52 equal cells of
 * (0,1): (k + 1/2) 2^-52 with k the top 52 of the 64 bits. Both the sum and
 * the scaling are exact in double precision, so the result lies in
 * [2^-53, 1 - 2^-53]: never 0 (log(u) is finite) and never 1 (log(1 - u)
 * is finite). */
static inline double sf_rng_u01_from_words(uint32_t hi, uint32_t lo)
{
    uint64_t k = (((uint64_t)hi << 32) | lo) >> 12;
    return ((double)k + 0.5) * 0x1p-52;
}

/* Uniform deviate in (0,1), never 0 or 1, with 52-bit resolution; consumes
 * two 32-bit words. */
static inline double sf_rng_uniform(sf_rng *r)
{
    uint32_t hi = sf_rng_u32(r);
    uint32_t lo = sf_rng_u32(r);
    return sf_rng_u01_from_words(hi, lo);
}

/* Uniform deviate in (0,1) from one 32-bit word: (k + 1/2) 2^-32, never 0
 * or 1. Half the words of sf_rng_uniform, for accept/reject tests, channel
 * choices among a few outcomes and continuous variables within a bounded
 * range, where a 2^-32 grid of the quantile lies far below any physical or
 * statistical resolution. Optical depths (-ln u, whose tail the grid would
 * cut at 22 mean free paths) and indices drawn over large counts (where
 * the grid would make some indices likelier by count/2^32) keep the 52
 * bits of sf_rng_uniform. */
static inline double sf_rng_uniform32(sf_rng *r)
{
    return ((double)sf_rng_u32(r) + 0.5) * 0x1p-32;
}

#endif
