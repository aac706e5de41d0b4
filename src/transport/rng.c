/* Per-history Philox4x32-10 streams; layout in rng.h and
 * docs/random-numbers.md.
 *
 * A block is ten rounds of two 32x32-bit multiplications in a dependent
 * chain, so one block at a time leaves most of the core idle: generating
 * four consecutive blocks together with AVX2 (four 64-bit lanes, one block
 * per lane) costs about a quarter of the instructions per block. The batch
 * computes exactly the blocks, in the order, that four single calls of
 * Random123's philox4x32 would (unit.rng checks it word for word), so the
 * stream does not depend on the path taken. Without AVX2 the blocks are
 * generated one at a time, as no batch would pay for the words a short
 * stream never uses. */
#include "transport/rng.h"

#include <string.h>

void sf_rng_init(sf_rng *r, uint32_t campaign_seed, uint32_t task_id,
                 uint64_t history_index, uint32_t purpose)
{
    r->key.v[0] = task_id;
    r->key.v[1] = campaign_seed;
    r->ctr.v[0] = 0;
    r->ctr.v[1] = (uint32_t)(history_index & 0xffffffffu);
    r->ctr.v[2] = (uint32_t)(history_index >> 32);
    r->ctr.v[3] = purpose & SF_RNG_PURPOSE_MAX;
    /* Blocks are generated on demand, so an unused stream costs nothing. */
    r->next = SF_RNG_BUFFER_WORDS;
}

/* Steps the block index past n blocks. When it wraps, the carry goes into
 * the reserved high byte of the purpose word (see rng.h) so the stream
 * stays disjoint from every other (task, history, purpose). Callers never
 * step across a wrap in one go (n > 1 only when no wrap is reached). */
static void advance_counter(sf_rng *r, uint32_t n)
{
    r->ctr.v[0] += n;
    if (r->ctr.v[0] == 0)
        r->ctr.v[3] += UINT32_C(1) << SF_RNG_PURPOSE_BITS;
}

static void refill_one(sf_rng *r)
{
    philox4x32_ctr_t out = philox4x32(r->ctr, r->key);
    memcpy(r->buf + SF_RNG_BUFFER_WORDS - 4, out.v, sizeof out.v);
    r->next = SF_RNG_BUFFER_WORDS - 4;
    advance_counter(r, 1);
}

static void philox4x32_x4_scalar(philox4x32_ctr_t ctr, philox4x32_key_t key,
                                 uint32_t out[16])
{
    for (int b = 0; b < 4; ++b) {
        philox4x32_ctr_t x = philox4x32(ctr, key);
        memcpy(out + 4 * b, x.v, sizeof x.v);
        ++ctr.v[0];
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* Blocks ctr, ctr+1, ctr+2, ctr+3 (block index in word 0, which must not
 * wrap within the four) in lane order: lane b of each vector holds word w
 * of block b in its low 32 bits. _mm256_mul_epu32 reads only those bits, so
 * the high halves may hold anything until the words are stored. */
__attribute__((target("avx2"))) static void
philox4x32_x4_avx2(philox4x32_ctr_t ctr, philox4x32_key_t key,
                   uint32_t out[16])
{
    __m256i c0 = _mm256_add_epi64(_mm256_set1_epi64x(ctr.v[0]),
                                  _mm256_set_epi64x(3, 2, 1, 0));
    __m256i c1 = _mm256_set1_epi64x(ctr.v[1]);
    __m256i c2 = _mm256_set1_epi64x(ctr.v[2]);
    __m256i c3 = _mm256_set1_epi64x(ctr.v[3]);
    const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0);
    const __m256i m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
    uint32_t k0 = key.v[0], k1 = key.v[1];
    /* Random123's round: (hi1^c1^k0, lo1, hi0^c3^k1, lo0) with
     * (hi0,lo0) = M0 c0 and (hi1,lo1) = M1 c2; the key is bumped by the
     * Weyl constants between rounds. */
    for (int round = 0; round < 10; ++round) {
        __m256i p0 = _mm256_mul_epu32(c0, m0);
        __m256i p1 = _mm256_mul_epu32(c2, m1);
        c0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1),
                              _mm256_set1_epi64x(k0));
        c2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3),
                              _mm256_set1_epi64x(k1));
        c1 = p1;
        c3 = p0;
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    /* Transpose to block order: x01 lane b = words 0,1 of block b. */
    __m256i x01 = _mm256_blend_epi32(c0, _mm256_slli_epi64(c1, 32), 0xaa);
    __m256i x23 = _mm256_blend_epi32(c2, _mm256_slli_epi64(c3, 32), 0xaa);
    __m256i ac = _mm256_unpacklo_epi64(x01, x23); /* blocks 0 | 2 */
    __m256i bd = _mm256_unpackhi_epi64(x01, x23); /* blocks 1 | 3 */
    _mm256_storeu_si256((__m256i *)out, _mm256_permute2x128_si256(ac, bd, 0x20));
    _mm256_storeu_si256((__m256i *)(out + 8),
                        _mm256_permute2x128_si256(ac, bd, 0x31));
}

int sf_rng_batch_available(void)
{
    return __builtin_cpu_supports("avx2") != 0;
}

void sf_rng_philox_x4(philox4x32_ctr_t ctr, philox4x32_key_t key,
                      uint32_t out[16])
{
    if (sf_rng_batch_available())
        philox4x32_x4_avx2(ctr, key, out);
    else
        philox4x32_x4_scalar(ctr, key, out);
}
#else
int sf_rng_batch_available(void)
{
    return 0;
}

void sf_rng_philox_x4(philox4x32_ctr_t ctr, philox4x32_key_t key,
                      uint32_t out[16])
{
    philox4x32_x4_scalar(ctr, key, out);
}
#endif

void sf_rng_refill(sf_rng *r)
{
    /* Near the wrap of the block index, one block at a time keeps the
     * carry rule of advance_counter in one place. */
    if (r->ctr.v[0] <= UINT32_MAX - 8 && sf_rng_batch_available()) {
        philox4x32_x4_avx2(r->ctr, r->key, r->buf);
        philox4x32_ctr_t c = r->ctr;
        c.v[0] += 4;
        philox4x32_x4_avx2(c, r->key, r->buf + 16);
        r->next = 0;
        advance_counter(r, 8);
    } else {
        refill_one(r);
    }
}
