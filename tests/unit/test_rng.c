/* Philox4x32-10 known answers, the per-history stream layout (also across
 * the four-block batches of the AVX2 path), and a basic uniformity check of
 * sf_rng_uniform. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "transport/rng.h"

static void expect_block(philox4x32_ctr_t got, uint32_t a, uint32_t b,
                         uint32_t c, uint32_t d)
{
    assert_int_equal(got.v[0], a);
    assert_int_equal(got.v[1], b);
    assert_int_equal(got.v[2], c);
    assert_int_equal(got.v[3], d);
}

/* Random123's kat_vectors, "philox4x32 10" lines. */
static void test_known_answers(void **state)
{
    (void)state;
    philox4x32_ctr_t c0 = {{0, 0, 0, 0}};
    philox4x32_key_t k0 = {{0, 0}};
    expect_block(philox4x32(c0, k0), 0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
                 0x9b00dbd8);
    philox4x32_ctr_t c1 = {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}};
    philox4x32_key_t k1 = {{0xffffffff, 0xffffffff}};
    expect_block(philox4x32(c1, k1), 0x408f276d, 0x41c83b0e, 0xa20bc7c6,
                 0x6d5451fd);
    philox4x32_ctr_t c2 = {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}};
    philox4x32_key_t k2 = {{0xa4093822, 0x299f31d0}};
    expect_block(philox4x32(c2, k2), 0xd16cfe09, 0x94fdcceb, 0x5001e420,
                 0x24126ea1);
}

/* key = (task, seed), counter = (block, history lo, history hi, purpose). */
static void test_layout(void **state)
{
    (void)state;
    const uint32_t seed = 0x1234567u, task = 42u, purpose = 7u;
    const uint64_t history = UINT64_C(0x0000000500000003);
    sf_rng r;
    sf_rng_init(&r, seed, task, history, purpose);
    philox4x32_key_t key = {{task, seed}};
    for (uint32_t block = 0; block < 3; ++block) {
        philox4x32_ctr_t ctr = {{block, 3u, 5u, purpose}};
        philox4x32_ctr_t want = philox4x32(ctr, key);
        for (int w = 0; w < 4; ++w)
            assert_int_equal(sf_rng_u32(&r), want.v[w]);
    }
}

/* The batch of four blocks is Random123's philox4x32 of four consecutive
 * counters, word for word, for counters and keys with every bit pattern
 * (a xorshift sequence), so that the AVX2 path and the one-block path give
 * the same stream on every machine. */
static void test_batch_is_four_blocks(void **state)
{
    (void)state;
    uint64_t x = UINT64_C(0x9e3779b97f4a7c15);
    for (int trial = 0; trial < 2000; ++trial) {
        uint32_t w[6];
        for (int i = 0; i < 6; ++i) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w[i] = (uint32_t)(x >> 16);
        }
        if (w[0] > UINT32_MAX - 3)
            w[0] = UINT32_MAX - 3; /* no wrap within the four */
        philox4x32_ctr_t ctr = {{w[0], w[1], w[2], w[3]}};
        philox4x32_key_t key = {{w[4], w[5]}};
        uint32_t got[16];
        sf_rng_philox_x4(ctr, key, got);
        for (int b = 0; b < 4; ++b) {
            philox4x32_ctr_t c = ctr;
            c.v[0] += (uint32_t)b;
            philox4x32_ctr_t want = philox4x32(c, key);
            for (int i = 0; i < 4; ++i)
                assert_int_equal(got[4 * b + i], want.v[i]);
        }
    }
}

/* A long stream drawn through sf_rng_u32 is block 0, 1, 2, ... in order,
 * whatever mix of one- and two-word draws crosses the refills. */
static void test_long_stream_layout(void **state)
{
    (void)state;
    sf_rng r;
    sf_rng_init(&r, 5, 6, 7, 8);
    philox4x32_key_t key = {{6, 5}};
    uint32_t want[4 * 41];
    for (uint32_t block = 0; block < 41; ++block) {
        philox4x32_ctr_t ctr = {{block, 7u, 0u, 8u}};
        philox4x32_ctr_t out = philox4x32(ctr, key);
        for (int w = 0; w < 4; ++w)
            want[4 * block + w] = out.v[w];
    }
    int i = 0;
    while (i + 2 <= 4 * 41) {
        if (i % 3 == 0) { /* a uniform: two words, hi then lo */
            double u = sf_rng_uniform(&r);
            assert_true(u == sf_rng_u01_from_words(want[i], want[i + 1]));
            i += 2;
        } else {
            assert_int_equal(sf_rng_u32(&r), want[i]);
            i += 1;
        }
    }
}

static void first_words(uint32_t seed, uint32_t task, uint64_t history,
                        uint32_t purpose, uint32_t out[8])
{
    sf_rng r;
    sf_rng_init(&r, seed, task, history, purpose);
    for (int i = 0; i < 8; ++i)
        out[i] = sf_rng_u32(&r);
}

static int same_words(const uint32_t a[8], const uint32_t b[8])
{
    for (int i = 0; i < 8; ++i)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void test_streams_repeat_and_differ(void **state)
{
    (void)state;
    uint32_t base[8], again[8], other[8];
    first_words(1, 2, 3, 4, base);
    first_words(1, 2, 3, 4, again);
    assert_true(same_words(base, again));
    first_words(9, 2, 3, 4, other); /* seed */
    assert_false(same_words(base, other));
    first_words(1, 9, 3, 4, other); /* task */
    assert_false(same_words(base, other));
    first_words(1, 2, 9, 4, other); /* history, low word */
    assert_false(same_words(base, other));
    first_words(1, 2, 3 + (UINT64_C(1) << 32), 4, other); /* high word */
    assert_false(same_words(base, other));
    first_words(1, 2, 3, 9, other); /* purpose */
    assert_false(same_words(base, other));
    /* Purpose bits above the maximum are ignored, not mixed in. */
    first_words(1, 2, 3, 4u | (1u << SF_RNG_PURPOSE_BITS), other);
    assert_true(same_words(base, other));

    sf_rng a, b;
    sf_rng_init(&a, 77, 5, 123456789, SF_RNG_PURPOSE_TRANSPORT);
    sf_rng_init(&b, 77, 5, 123456789, SF_RNG_PURPOSE_TRANSPORT);
    for (int i = 0; i < 10000; ++i)
        assert_true(sf_rng_uniform(&a) == sf_rng_uniform(&b));
}

/* After 2^32 blocks the block counter carries into the high byte of the
 * purpose word. */
static void test_counter_exhaustion(void **state)
{
    (void)state;
    sf_rng r;
    sf_rng_init(&r, 11, 22, 33, 44);
    r.ctr.v[0] = UINT32_MAX; /* as if 2^32 - 1 blocks had been drawn */
    philox4x32_key_t key = {{22, 11}};
    philox4x32_ctr_t last = {{UINT32_MAX, 33, 0, 44}};
    philox4x32_ctr_t wrapped = {{0, 33, 0, 44u | (1u << SF_RNG_PURPOSE_BITS)}};
    philox4x32_ctr_t want_last = philox4x32(last, key);
    philox4x32_ctr_t want_wrapped = philox4x32(wrapped, key);
    for (int w = 0; w < 4; ++w)
        assert_int_equal(sf_rng_u32(&r), want_last.v[w]);
    for (int w = 0; w < 4; ++w)
        assert_int_equal(sf_rng_u32(&r), want_wrapped.v[w]);
    /* The blocks after the carry come in a batch again: still in order. */
    for (uint32_t block = 1; block < 9; ++block) {
        philox4x32_ctr_t c = wrapped;
        c.v[0] = block;
        philox4x32_ctr_t want = philox4x32(c, key);
        for (int w = 0; w < 4; ++w)
            assert_int_equal(sf_rng_u32(&r), want.v[w]);
    }
    /* A batch may end on the last block before the wrap: the refill after
     * it takes the wrapped block, carry included. */
    sf_rng q;
    sf_rng_init(&q, 11, 22, 33, 44);
    q.ctr.v[0] = UINT32_MAX - 3;
    for (uint32_t block = UINT32_MAX - 3; block != 0; ++block) {
        philox4x32_ctr_t c = last;
        c.v[0] = block;
        philox4x32_ctr_t want = philox4x32(c, key);
        for (int w = 0; w < 4; ++w)
            assert_int_equal(sf_rng_u32(&q), want.v[w]);
    }
    for (int w = 0; w < 4; ++w)
        assert_int_equal(sf_rng_u32(&q), want_wrapped.v[w]);
    /* The continuation is not the stream's own beginning. */
    uint32_t start[8];
    first_words(11, 22, 33, 44, start);
    assert_int_not_equal(want_wrapped.v[0], start[0]);
}

static void test_uniform_bounds(void **state)
{
    (void)state;
    assert_true(sf_rng_u01_from_words(0, 0) == 0x1p-53);
    assert_true(sf_rng_u01_from_words(UINT32_MAX, UINT32_MAX) ==
                1.0 - 0x1p-53);
    assert_true(sf_rng_u01_from_words(UINT32_MAX, UINT32_MAX) < 1.0);
    assert_true(sf_rng_u01_from_words(0x80000000u, 0) == 0.5 + 0x1p-53);
}

/* The one-word deviate is (word + 1/2) 2^-32 of the stream's next word:
 * never 0 or 1, one word consumed. */
static void test_uniform32(void **state)
{
    (void)state;
    sf_rng a, b;
    sf_rng_init(&a, 7, 3, 11, SF_RNG_PURPOSE_TEST);
    sf_rng_init(&b, 7, 3, 11, SF_RNG_PURPOSE_TEST);
    for (int i = 0; i < 9; ++i) {
        uint32_t w = sf_rng_u32(&a);
        double u = sf_rng_uniform32(&b);
        assert_true(u == ((double)w + 0.5) * 0x1p-32);
    }
    assert_true(sf_rng_uniform(&a) == sf_rng_uniform(&b));
    assert_true((0.0 + 0.5) * 0x1p-32 > 0.0);
    assert_true(((double)UINT32_MAX + 0.5) * 0x1p-32 < 1.0);
}

/* Upper tail of the chi-square distribution, Wilson and Hilferty, PNAS 17
 * (1931) 684: (chi2/ndf)^(1/3) is nearly normal; accurate to a few per
 * cent of p at p ~ 1e-3 for ndf >= 30. */
static double chi2_p_value(double chi2, int ndf)
{
    double v = 2.0 / (9.0 * ndf);
    double z = (cbrt(chi2 / ndf) - (1.0 - v)) / sqrt(v);
    return 0.5 * erfc(z / sqrt(2.0));
}

static void check_uniformity(double (*draw)(sf_rng *))
{
    enum { BINS = 100, N = 1000000 };
    long count[BINS] = {0};
    sf_rng r;
    sf_rng_init(&r, 2024, 1, 0, SF_RNG_PURPOSE_TEST);
    double sum = 0.0;
    for (int i = 0; i < N; ++i) {
        double u = draw(&r);
        assert_true(u > 0.0 && u < 1.0);
        sum += u;
        count[(int)(u * BINS)]++;
    }
    double expected = (double)N / BINS, chi2 = 0.0;
    for (int b = 0; b < BINS; ++b)
        chi2 += (count[b] - expected) * (count[b] - expected) / expected;
    double p = chi2_p_value(chi2, BINS - 1);
    print_message("uniformity: chi2 = %.1f for 99 dof, p = %.3f\n", chi2, p);
    assert_true(p > 1e-3);
    /* Mean 1/2 with standard error sqrt(1/12/N) = 2.9e-4; 5 sigma. */
    assert_true(fabs(sum / N - 0.5) < 5.0 * sqrt(1.0 / 12.0 / N));
}

static double draw52(sf_rng *r) { return sf_rng_uniform(r); }
static double draw32(sf_rng *r) { return sf_rng_uniform32(r); }

static void test_uniformity(void **state)
{
    (void)state;
    check_uniformity(draw52);
    check_uniformity(draw32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_batch_is_four_blocks),
        cmocka_unit_test(test_long_stream_layout),
        cmocka_unit_test(test_streams_repeat_and_differ),
        cmocka_unit_test(test_counter_exhaustion),
        cmocka_unit_test(test_uniform_bounds),
        cmocka_unit_test(test_uniform32),
        cmocka_unit_test(test_uniformity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
