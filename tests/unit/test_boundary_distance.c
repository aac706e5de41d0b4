/* geometry/boundary_distance.h: the levels against a brute-force Chebyshev
 * distance, and the bound of a point's distance to another label against
 * the exact Euclidean distance to the nearest voxel of another label or
 * the outside of the box (never above it; equal to it when the nearest is
 * a neighbour of a level-1 voxel and closer than the voxels beyond). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>

#include <cmocka.h>

#include "geometry/boundary_distance.h"

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

static double unit(uint64_t *s) { return (double)lcg(s) / 9007199254740992.0; }

/* Labels: a few random boxes of labels 1-3 over label 0, and single voxels
 * of label 4 (thin structures with many flagged neighbours). */
static sf_phantom *make_phantom(int nx, int ny, int nz, uint64_t seed)
{
    sf_phantom *ph = calloc(1, sizeof *ph);
    ph->nx = nx;
    ph->ny = ny;
    ph->nz = nz;
    ph->spacing_cm[0] = 0.2137;
    ph->spacing_cm[1] = 0.31;
    ph->spacing_cm[2] = 0.8;
    ph->label = calloc((size_t)nx * ny * nz, sizeof *ph->label);
    uint64_t s = seed;
    for (int box = 0; box < 6; ++box) {
        int lo[3], hi[3], n[3] = {nx, ny, nz};
        for (int a = 0; a < 3; ++a) {
            lo[a] = (int)(lcg(&s) % (uint64_t)n[a]);
            hi[a] = lo[a] + 1 + (int)(lcg(&s) % (uint64_t)(n[a] / 2 + 1));
            if (hi[a] > n[a])
                hi[a] = n[a];
        }
        uint16_t l = (uint16_t)(1 + box % 3);
        for (int k = lo[2]; k < hi[2]; ++k)
            for (int j = lo[1]; j < hi[1]; ++j)
                for (int i = lo[0]; i < hi[0]; ++i)
                    ph->label[i + (int64_t)nx * (j + (int64_t)ny * k)] = l;
    }
    for (int dot = 0; dot < 5; ++dot)
        ph->label[lcg(&s) % ((uint64_t)nx * ny * nz)] = 4;
    return ph;
}

static void free_phantom(sf_phantom *ph)
{
    free(ph->label);
    free(ph);
}

static uint16_t label_at(const sf_phantom *ph, int i, int j, int k)
{
    return ph->label[i + (int64_t)ph->nx * (j + (int64_t)ph->ny * k)];
}

/* Brute force: the smallest r whose shell of voxels at Chebyshev distance
 * r holds another label or reaches outside the box; a phantom of one
 * label (uniform) has only the box. */
static int chebyshev(const sf_phantom *ph, int i, int j, int k, int uniform)
{
    int n[3] = {ph->nx, ph->ny, ph->nz}, at[3] = {i, j, k};
    uint16_t own = label_at(ph, i, j, k);
    for (int r = 1;; ++r) {
        for (int a = 0; a < 3; ++a)
            if (at[a] - r < 0 || at[a] + r >= n[a])
                return r;
        if (uniform)
            continue;
        for (int c = -r; c <= r; ++c)
            for (int b = -r; b <= r; ++b)
                for (int a = -r; a <= r; ++a)
                    if ((abs(a) == r || abs(b) == r || abs(c) == r) &&
                        label_at(ph, i + a, j + b, k + c) != own)
                        return r;
    }
}

/* Distance from point p (cm, box coordinates) to voxel (i, j, k). */
static double to_voxel(const sf_phantom *ph, const double p[3], int i, int j,
                       int k)
{
    int at[3] = {i, j, k};
    double q = 0;
    for (int a = 0; a < 3; ++a) {
        double lo = at[a] * ph->spacing_cm[a], hi = lo + ph->spacing_cm[a];
        double d = p[a] < lo ? lo - p[a] : (p[a] > hi ? p[a] - hi : 0);
        q += d * d;
    }
    return sqrt(q);
}

/* The exact distance to another label or the outside; *near26 is that
 * distance over the 26 neighbours of voxel v only. */
static double exact(const sf_phantom *ph, const double p[3], const int v[3],
                    double *near26)
{
    double d = INFINITY;
    int n[3] = {ph->nx, ph->ny, ph->nz};
    for (int a = 0; a < 3; ++a) {
        double side = n[a] * ph->spacing_cm[a];
        d = fmin(d, fmin(p[a], side - p[a]));
    }
    *near26 = d; /* the outside is at most one voxel beyond a level-1 edge */
    uint16_t own = label_at(ph, v[0], v[1], v[2]);
    for (int k = 0; k < ph->nz; ++k)
        for (int j = 0; j < ph->ny; ++j)
            for (int i = 0; i < ph->nx; ++i)
                if (label_at(ph, i, j, k) != own) {
                    double t = to_voxel(ph, p, i, j, k);
                    d = fmin(d, t);
                    if (abs(i - v[0]) <= 1 && abs(j - v[1]) <= 1 &&
                        abs(k - v[2]) <= 1)
                        *near26 = fmin(*near26, t);
                }
    return d;
}

static void check_phantom(sf_phantom *ph, int uniform, uint64_t seed,
                          int points, int min_tight)
{
    uint32_t *map = NULL;
    assert_int_equal(sf_boundary_distance_build(ph, &map), SF_OK);
    int64_t nv = (int64_t)ph->nx * ph->ny * ph->nz;
    int levels_checked = 0;
    for (int k = 0; k < ph->nz; ++k)
        for (int j = 0; j < ph->ny; ++j)
            for (int i = 0; i < ph->nx; ++i) {
                int c = chebyshev(ph, i, j, k, uniform);
                if (c > SF_BOUNDARY_LEVEL_MAX)
                    c = SF_BOUNDARY_LEVEL_MAX;
                uint32_t e = map[i + (int64_t)ph->nx * (j + (int64_t)ph->ny * k)];
                assert_int_equal(sf_boundary_level(e), c);
                if (c > 1)
                    assert_int_equal(e & SF_BOUNDARY_NEIGHBOURS, 0);
                else
                    assert_true(__builtin_popcount(e & SF_BOUNDARY_NEIGHBOURS) <= 12);
                ++levels_checked;
            }
    assert_int_equal(levels_checked, nv);

    uint64_t s = seed;
    int tight = 0;
    for (int t = 0; t < points; ++t) {
        int v[3] = {(int)(lcg(&s) % (uint64_t)ph->nx),
                    (int)(lcg(&s) % (uint64_t)ph->ny),
                    (int)(lcg(&s) % (uint64_t)ph->nz)};
        double p[3], below[3], above[3];
        for (int a = 0; a < 3; ++a) {
            below[a] = unit(&s) * ph->spacing_cm[a];
            above[a] = ph->spacing_cm[a] - below[a];
            p[a] = v[a] * ph->spacing_cm[a] + below[a];
        }
        uint32_t e = map[v[0] + (int64_t)ph->nx * (v[1] + (int64_t)ph->ny * v[2])];
        double bound = sf_boundary_bound_cm(e, below, above, ph->spacing_cm);
        double near26, d = exact(ph, p, v, &near26);
        assert_true(bound <= d * (1 + 1e-12) + 1e-15);
        if (sf_boundary_level(e) == 1) {
            double beyond = INFINITY;
            for (int a = 0; a < 3; ++a)
                beyond = fmin(beyond, fmin(below[a], above[a]) + ph->spacing_cm[a]);
            if (near26 <= beyond) {
                assert_true(fabs(bound - near26) <= 1e-12 * near26 + 1e-15);
                ++tight;
            }
        }
    }
    assert_true(tight >= min_tight);
    free(map);
}

static void test_random_labels(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 4; ++seed) {
        sf_phantom *ph = make_phantom(11, 9, 7, seed);
        check_phantom(ph, 0, 100 + seed, 3000, 300);
        free_phantom(ph);
    }
}

/* A uniform box larger than the cap: levels stop at SF_BOUNDARY_LEVEL_MAX
 * and the bound stays below the distance to the outside. */
static void test_level_cap(void **state)
{
    (void)state;
    sf_phantom *ph = make_phantom(70, 68, 66, 9);
    for (int64_t v = 0; v < 70 * 68 * 66; ++v)
        ph->label[v] = 2;
    check_phantom(ph, 1, 7, 200, 0);
    free_phantom(ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_labels),
        cmocka_unit_test(test_level_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
