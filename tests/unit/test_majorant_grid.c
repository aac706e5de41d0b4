/* Local majorants of the photon kernel (transport/majorant_grid.h).
 *
 * Exhaustive bound: for every block, every voxel in it and every energy of
 * the cross-section grid (and the midpoint of every grid interval), the
 * block majorant, capped by the global one as in the kernel, is >= the
 * voxel's attenuation coefficient computed exactly as the kernel does. Run
 * on a small random multi-material phantom whose size is not a multiple of
 * the block, on the stylized phantom and, when ../shared is present, on
 * ICRP 110 AM.
 *
 * Transport: the uncollided fraction of a pencil beam crossing layers of
 * water, lung, bone and air along several blocks, with a bone column in
 * the same blocks (virtual collisions), must be exp(-sum mu_i t_i), also
 * for a beam that starts outside the box. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "physics/material.h"
#include "transport/task_run.h"

/* Checks every block of grid g of world w against its voxels; returns the
 * number of (block, label, energy) triples checked. */
static long check_grid_bound(const sf_world *w, const sf_majorant_grid *g)
{
    const sf_phantom *ph = w->ph;
    const sf_photon_xs *xs = w->xs;
    assert_non_null(g);
    for (int a = 0; a < 3; ++a) {
        assert_true(g->bv[a] >= 1);
        assert_int_equal(g->nb[a], (g->nv[a] + g->bv[a] - 1) / g->bv[a]);
    }
    char *present = malloc((size_t)ph->n_labels);
    int *labels = malloc((size_t)ph->n_labels * sizeof *labels);
    assert_non_null(present);
    assert_non_null(labels);
    long checked = 0;
    for (int bz = 0; bz < g->nb[2]; ++bz)
        for (int by = 0; by < g->nb[1]; ++by)
            for (int bx = 0; bx < g->nb[0]; ++bx) {
                int64_t b = bx + (int64_t)g->nb[0] * (by + (int64_t)g->nb[1] * bz);
                memset(present, 0, (size_t)ph->n_labels);
                int n = 0;
                for (int z = bz * g->bv[2]; z < (bz + 1) * g->bv[2] && z < ph->nz; ++z)
                    for (int y = by * g->bv[1]; y < (by + 1) * g->bv[1] && y < ph->ny; ++y)
                        for (int x = bx * g->bv[0]; x < (bx + 1) * g->bv[0] && x < ph->nx; ++x) {
                            int l = ph->label[x + (int64_t)ph->nx * (y + (int64_t)ph->ny * z)];
                            if (!present[l]) {
                                present[l] = 1;
                                labels[n++] = l;
                            }
                        }
                for (int i = 0; i + 1 < xs->n_grid; ++i)
                    for (int h = 0; h < 2; ++h) {
                        sf_xs_point xp = {i, 0.5 * h};
                        double c[SF_MAJORANT_GROUPS];
                        sf_majorant_grid_curves(g, xp, c);
                        double mu_b = sf_majorant_grid_mu(g, b, c);
                        double mu_glob = sf_xs_interp(g->cap, xp);
                        if (mu_b > mu_glob)
                            mu_b = mu_glob;
                        for (int k = 0; k < n; ++k) {
                            int m = w->label_material[labels[k]];
                            if (m < 0)
                                continue;
                            double mu = w->label_density[labels[k]] *
                                        sf_xs_interp(sf_photon_xs_total_row(xs, m), xp);
                            if (!(mu <= mu_b)) {
                                fprintf(stderr, "block %lld label %d E %g MeV: "
                                        "mu %.17g > block majorant %.17g\n",
                                        (long long)b, labels[k],
                                        xs->energy_MeV[i], mu, mu_b);
                                fail();
                            }
                            ++checked;
                        }
                    }
            }
    free(present);
    free(labels);
    return checked;
}

/* Both grids of the world: the default one and the coarse one of photon
 * flights at and above SF_MAJORANT_COARSE_FROM_MEV, whose blocks are at
 * least as large. */
static long check_world_bound(const sf_world *w)
{
    assert_non_null(w->grid_coarse);
    for (int a = 0; a < 3; ++a)
        assert_true(w->grid_coarse->bv[a] >= w->grid->bv[a]);
    return check_grid_bound(w, w->grid) + check_grid_bound(w, w->grid_coarse);
}

/* Block labels of grid g: a block has one iff all its voxels share it,
 * and the lookup through the block gives every voxel's own label. Returns
 * the number of blocks, and in *n_uniform those with a label. */
static int check_block_labels(const sf_phantom *ph, const sf_majorant_grid *g,
                              int *n_uniform)
{
    const int nx = ph->nx, ny = ph->ny, nz = ph->nz;
    int n_blocks = 0;
    *n_uniform = 0;
    for (int bz = 0; bz < g->nb[2]; ++bz)
        for (int by = 0; by < g->nb[1]; ++by)
            for (int bx = 0; bx < g->nb[0]; ++bx) {
                int first = -1, same = 1;
                for (int z = bz * g->bv[2]; z < nz && z < (bz + 1) * g->bv[2]; ++z)
                    for (int y = by * g->bv[1]; y < ny && y < (by + 1) * g->bv[1]; ++y)
                        for (int x = bx * g->bv[0]; x < nx && x < (bx + 1) * g->bv[0]; ++x) {
                            int l = ph->label[x + nx * (y + ny * z)];
                            if (first < 0)
                                first = l;
                            same &= l == first;
                        }
                int bl = g->block_label[bx + g->nb[0] * (by + g->nb[1] * bz)];
                assert_int_equal(bl, same ? first : -1);
                *n_uniform += same;
                ++n_blocks;
            }
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y)
            for (int x = 0; x < nx; ++x) {
                const int idx[3] = {x, y, z};
                int64_t v = x + (int64_t)nx * (y + (int64_t)ny * z);
                assert_int_equal(sf_majorant_grid_label(g, ph->label, idx, v),
                                 ph->label[v]);
            }
    return n_blocks;
}

/* Water, soft tissue, lung, air and cortical bone at random in a box of
 * 23 x 17 x 13 voxels of 0.3 cm (blocks of 8 voxels leave partial blocks),
 * with whole blocks of air and of lung so that groups and densities vary
 * from block to block. */
static void test_bound_random_phantom(void **state)
{
    (void)state;
    int nx = 23, ny = 17, nz = 13;
    sf_phantom *ph = sf_test_box_phantom(nx, ny, nz, 0.3, "water", 1.0, 6);
    const char *mat[5] = {"water", "soft_tissue", "lung", "air", "cortical_bone"};
    const double rho[5] = {1.0, 1.06, 0.296, 1.20479e-3, 1.92};
    ph->media = realloc(ph->media, 5 * sizeof *ph->media);
    for (int m = 0; m < 5; ++m) {
        assert_int_equal(sf_material_builtin(mat[m], &ph->media[m]), SF_OK);
        ph->regions[m + 1].medium = m;
        ph->regions[m + 1].density_g_cm3 = rho[m];
    }
    ph->n_media = 5;
    uint32_t state32 = 12345u;
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y)
            for (int x = 0; x < nx; ++x) {
                state32 = state32 * 1664525u + 1013904223u;
                int l;
                if (x < 8 && y < 8)
                    l = 4; /* air only */
                else if (x >= 16 && y < 8)
                    l = 3 + (int)((state32 >> 16) % 2); /* lung and air */
                else
                    l = 1 + (int)((state32 >> 16) % 5);
                ph->label[x + nx * (y + ny * z)] = (uint16_t)l;
            }
    sf_phantom_update_masses(ph);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA; /* the grid does not depend on the mode */
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    /* 0.3 cm voxels, 2.5 cm blocks: 8 voxels per block, partial last ones. */
    assert_int_equal(w->grid->bv[0], 8);
    assert_int_equal(w->grid->nb[0], 3);
    assert_true(w->grid->n_groups >= 2);
    long n = check_world_bound(w);
    printf("random phantom: %d groups, %d x %d x %d blocks, %ld checks\n",
           w->grid->n_groups, w->grid->nb[0], w->grid->nb[1], w->grid->nb[2], n);
    assert_true(n > 0);
    /* The default grid has blocks of both kinds; the coarse one is a
     * single block of mixed labels. */
    int n_uniform = 0;
    assert_true(check_block_labels(ph, w->grid, &n_uniform) > n_uniform);
    assert_true(n_uniform > 0);
    assert_int_equal(check_block_labels(ph, w->grid_coarse, &n_uniform), 1);
    assert_int_equal(n_uniform, 0);
    /* The air-only block is much thinner than the global majorant. */
    sf_xs_point xp = sf_photon_xs_locate(w->xs, 0.1);
    double c[SF_MAJORANT_GROUPS];
    sf_majorant_grid_curves(w->grid, xp, c);
    assert_true(sf_majorant_grid_mu(w->grid, 0, c) <
                1e-2 * sf_xs_interp(w->grid->cap, xp));
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

static void test_bound_stylized(void **state)
{
    (void)state;
    sf_phantom *ph = NULL;
    assert_int_equal(sf_phantom_load("builtin:stylized", &ph), SF_OK);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA; /* the grid does not depend on the mode */
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    long n = check_world_bound(w);
    printf("stylized: %d groups, %d x %d x %d blocks, %ld checks, grid %zu "
           "bytes\n", w->grid->n_groups, w->grid->nb[0], w->grid->nb[1],
           w->grid->nb[2], n, sf_majorant_grid_bytes(w->grid));
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

static void test_bound_icrp_am(void **state)
{
    (void)state;
    const char *dir = sf_test_shared_data();
    if (!dir) {
        skip();
        return;
    }
    char spec[4096];
    snprintf(spec, sizeof spec, "%s/AM", dir);
    sf_phantom *ph = NULL;
    assert_int_equal(sf_phantom_load(spec, &ph), SF_OK);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA; /* the grid does not depend on the mode */
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    long n = check_world_bound(w);
    printf("AM: %d groups, %d x %d x %d blocks, %ld checks, world %.1f MB\n",
           w->grid->n_groups, w->grid->nb[0], w->grid->nb[1], w->grid->nb[2],
           n, sf_world_bytes(w) / 1048576.0);
    assert_true(sf_world_bytes(w) < (size_t)64 << 20);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

/* A photon's flight runs on the grid its energy selects. */
static void check_flight_grid(const sf_world *w, double E_MeV)
{
    sf_history_scratch *s = NULL;
    assert_int_equal(sf_history_scratch_create(w, w->n_labels, &s), SF_OK);
    sf_rng_init(&s->rng, 1u, 2u, 3u, SF_RNG_PURPOSE_TEST);
    const double pos[3] = {0.5, 500.0, 0.25}, dir[3] = {0, 0, 1};
    sf_particle p = sf_particle_make(pos, dir, E_MeV, SF_PARTICLE_PHOTON, 0);
    sf_photon_track k;
    sf_photon_track_start(&k, &p, s);
    k.tau = 1e-9; /* a tentative collision in the first block */
    assert_int_equal(sf_photon_track_advance(w, &k, s), 1);
    assert_ptr_equal(k.g, E_MeV >= SF_MAJORANT_COARSE_FROM_MEV ? w->grid_coarse
                                                               : w->grid);
    sf_history_scratch_destroy(&s);
}

/* A column of 2 x 1 x nz voxels of 1 cm (x) by 1000 cm (y) by dz: the beam
 * runs along z in x < 1 cm through layers of water, lung, cortical bone and
 * air; the column x >= 1 cm is cortical bone throughout, in the same blocks,
 * so every block majorant is bone's and water, lung and air layers see
 * virtual collisions. */
static void check_layers(double E_MeV, double z0, uint32_t task_id)
{
    int nz = 40;
    double dz = 0.5;
    sf_phantom *ph = sf_test_box_phantom(2, 1, nz, dz, "water", 1.0, 5);
    ph->spacing_cm[0] = 1.0;
    ph->spacing_cm[1] = 1000.0;
    const char *mat[4] = {"water", "lung", "cortical_bone", "air"};
    const double rho[4] = {1.0, 0.296, 1.92, 1.20479e-3};
    ph->media = realloc(ph->media, 4 * sizeof *ph->media);
    for (int m = 0; m < 4; ++m) {
        assert_int_equal(sf_material_builtin(mat[m], &ph->media[m]), SF_OK);
        ph->regions[m + 1].medium = m;
        ph->regions[m + 1].density_g_cm3 = rho[m];
    }
    ph->n_media = 4;
    sf_photon_data *pd = NULL;
    int Z[SF_Z_MAX + 1], nZ = 0;
    char seen[SF_Z_MAX + 1] = {0};
    for (int m = 0; m < 4; ++m)
        for (int k = 0; k < ph->media[m].n_elements; ++k)
            if (!seen[ph->media[m].Z[k]]++)
                Z[nZ++] = ph->media[m].Z[k];
    assert_int_equal(sf_photon_data_load(sf_photon_data_default_dir(), Z, nZ, &pd),
                     SF_OK);
    double mu[4];
    for (int m = 0; m < 4; ++m) {
        sf_mu_rho r;
        sf_material_mu_rho(pd, &ph->media[m], E_MeV, &r);
        mu[m] = r.total_cm2_g * rho[m];
    }
    sf_photon_data_destroy(&pd);
    /* Layers of 5 voxels (2.5 cm): water, lung, bone, air, repeated. */
    double optical = 0;
    for (int z = 0; z < nz; ++z) {
        int m = (z / 5) % 4;
        ph->label[2 * z] = (uint16_t)(m + 1);
        ph->label[1 + 2 * z] = 3;
        optical += mu[m] * dz;
    }
    sf_phantom_update_masses(ph);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA; /* the grid does not depend on the mode */
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    /* 0.5 cm voxels along z: 5 per block in the default grid, 15 in the
     * coarse one; both have several blocks along the beam. */
    assert_int_equal(w->grid->bv[2], 5);
    assert_int_equal(w->grid_coarse->bv[2], 15);
    assert_true(w->grid_coarse->nb[2] > 1);
    check_flight_grid(w, E_MeV);
    double start[3] = {0.5, 500.0, z0}, dir[3] = {0, 0, 1};
    sf_source *src = NULL;
    assert_int_equal(sf_source_point(start, dir, SF_PARTICLE_PHOTON, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E_MeV), SF_OK);
    sf_target_map *map = NULL;
    const uint64_t N = 400000;
    sf_stream_id id = {777u, task_id};
    sf_tally *t = sf_test_run_per_label(w, src, id, N, &map);
    double expected = exp(-optical);
    double measured = (double)t->counter[SF_COUNT_UNCOLLIDED_ESCAPES] / (double)N;
    double sigma = sqrt(expected * (1 - expected) / (double)N);
    printf("E = %g MeV, start z %g: transmission %.5f, expected %.5f, diff "
           "%.2f sigma, %.2f virtual collisions per history\n", E_MeV, z0,
           measured, expected, (measured - expected) / sigma,
           (double)t->counter[SF_COUNT_VIRTUAL_COLLISIONS] / (double)N);
    assert_true(t->counter[SF_COUNT_VIRTUAL_COLLISIONS] > 0);
    assert_true(fabs(measured - expected) < 3 * sigma);
    assert_true(sf_tally_balance_error(t) <= 1e-9);
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

static void test_layers_60keV(void **state) { (void)state; check_layers(0.06, 1e-12, 1); }
static void test_layers_300keV(void **state) { (void)state; check_layers(0.3, 1e-12, 2); }
static void test_layers_2MeV_outside(void **state) { (void)state; check_layers(2.0, -7.0, 3); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bound_random_phantom),
        cmocka_unit_test(test_bound_stylized),
        cmocka_unit_test(test_bound_icrp_am),
        cmocka_unit_test(test_layers_60keV),
        cmocka_unit_test(test_layers_300keV),
        cmocka_unit_test(test_layers_2MeV_outside)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
