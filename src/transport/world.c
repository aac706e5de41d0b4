#include "transport/world.h"

#include <stdlib.h>
#include <string.h>

#include "geometry/boundary_distance.h"
#include "physics/compton.h"
#include "transport/electron_medium.h"
#include "transport/kerma_coef.h"

void sf_world_options_default(sf_world_options *o)
{
    memset(o, 0, sizeof *o);
    o->mode = SF_MODE_COUPLED; /* kerma is the documented approximation */
    o->photon_cutoff_MeV = SF_PHOTON_E_MIN_MEV;
    o->electron_cutoff_MeV = 1e-3;
    o->electron_step_fraction = SF_DEFAULT_ELECTRON_STEP_FRACTION;
    o->electron_step_mfp = 0.5;
    o->electron_boundary_step = SF_DEFAULT_ELECTRON_BOUNDARY_STEP;
    o->electron_boundary_floor = 0.05;
    /* 20 keV: no delta ray above the 10 keV production threshold (a Moller
     * delta takes at most half the energy), and the bremsstrahlung left
     * below it, Y(20 keV) x 20 keV ~ 3e-6 MeV per electron, is what the
     * local deposit misplaces (docs/electron-transport.md). */
    o->electron_range_rejection_below_MeV = 0.02;
    o->electron_in_place_below_MeV = SF_DEFAULT_IN_PLACE_BELOW_MEV;
    o->delta_ray_fraction = SF_DEFAULT_DELTA_RAY_FRACTION;
    o->delta_ray_max_MeV = -1.0;
}

static sf_status check_options(const sf_world_options *o)
{
    if (!(o->photon_cutoff_MeV >= SF_PHOTON_E_MIN_MEV &&
          o->photon_cutoff_MeV < SF_PHOTON_E_MAX_MEV))
        SF_FAIL(SF_ERR_VALUE, "photon cut-off %g MeV: expected a value in "
                "[%g, %g) MeV (the photon data range)", o->photon_cutoff_MeV,
                SF_PHOTON_E_MIN_MEV, SF_PHOTON_E_MAX_MEV);
    if (!(o->electron_cutoff_MeV >= 1e-3 && o->electron_cutoff_MeV < 20.0))
        SF_FAIL(SF_ERR_VALUE, "electron cut-off %g MeV: expected a value in "
                "[0.001, 20) MeV", o->electron_cutoff_MeV);
    if (o->mode == SF_MODE_COUPLED) {
        if (!(o->electron_step_fraction > 0 && o->electron_step_fraction <= 0.5))
            SF_FAIL(SF_ERR_VALUE, "electron step fraction %g: expected a "
                    "value in (0, 0.5]", o->electron_step_fraction);
        if (!(o->electron_step_mfp > 0 && o->electron_step_mfp <= 100))
            SF_FAIL(SF_ERR_VALUE, "electron step %g transport mean free "
                    "paths: expected a value in (0, 100]",
                    o->electron_step_mfp);
        if (!(o->electron_boundary_step >= 0 && o->electron_boundary_step <= 1))
            SF_FAIL(SF_ERR_VALUE, "electron boundary step %g: expected a "
                    "fraction in [0, 1] (0: off)", o->electron_boundary_step);
        if (!(o->electron_boundary_floor >= 0 && o->electron_boundary_floor <= 1))
            SF_FAIL(SF_ERR_VALUE, "electron boundary floor %g voxel sides: "
                    "expected a fraction in [0, 1] (0: none)",
                    o->electron_boundary_floor);
        if (!(o->electron_range_rejection_below_MeV >= 0 &&
              o->electron_range_rejection_below_MeV < 20.0))
            SF_FAIL(SF_ERR_VALUE, "electron range rejection below %g MeV: "
                    "expected a value in [0, 20) MeV (0: off)",
                    o->electron_range_rejection_below_MeV);
        if (!(o->electron_in_place_below_MeV >= 0 &&
              o->electron_in_place_below_MeV < 20.0))
            SF_FAIL(SF_ERR_VALUE, "electron in-place slowing-down below %g "
                    "MeV: expected a value in [0, 20) MeV (0: off)",
                    o->electron_in_place_below_MeV);
        if (!(o->delta_ray_fraction >= 0 &&
              o->delta_ray_fraction <= SF_ELECTRON_DELTA_RAY_FRACTION_MAX))
            SF_FAIL(SF_ERR_VALUE, "delta-ray threshold fraction %g of the "
                    "kinetic energy: expected 0 (fixed threshold) to %g",
                    o->delta_ray_fraction, SF_ELECTRON_DELTA_RAY_FRACTION_MAX);
        if (!(o->delta_ray_max_MeV <= 0 ||
              (o->delta_ray_max_MeV >= 1e-3 && o->delta_ray_max_MeV < 20.0)))
            SF_FAIL(SF_ERR_VALUE, "largest delta-ray threshold %g MeV: "
                    "expected a value in [0.001, 20) MeV, 0 (none) or < 0 "
                    "(from the voxel size)", o->delta_ray_max_MeV);
        const double cut[2] = {o->delta_ray_cut_MeV, o->brems_cut_MeV};
        const char *what[2] = {"delta-ray", "bremsstrahlung"};
        for (int i = 0; i < 2; ++i)
            if (cut[i] != 0 && !(cut[i] >= 1e-3 && cut[i] < 20.0))
                SF_FAIL(SF_ERR_VALUE, "%s production threshold %g MeV: "
                        "expected 0 (default) or a value in [0.001, 20) MeV",
                        what[i], cut[i]);
    }
    if (o->mode != SF_MODE_KERMA && o->mode != SF_MODE_COUPLED)
        SF_FAIL(SF_ERR_VALUE, "transport mode %d is unknown", (int)o->mode);
    if (o->kerma_estimator != SF_KERMA_ANALOGUE &&
        o->kerma_estimator != SF_KERMA_EXPECTED_VALUE)
        SF_FAIL(SF_ERR_VALUE, "kerma estimator %d is unknown",
                (int)o->kerma_estimator);
    if (o->kerma_estimator != SF_KERMA_ANALOGUE && o->mode != SF_MODE_KERMA)
        SF_FAIL(SF_ERR_VALUE, "the expected-value kerma estimator needs "
                "kerma mode (coupled mode transports the electrons)");
    return SF_OK;
}

static sf_status build_compton_mixtures(sf_world *w)
{
    const sf_photon_xs *xs = w->xs;
    w->compton_mix = calloc((size_t)xs->n_materials + 1, sizeof *w->compton_mix);
    if (!w->compton_mix)
        return sf_error_set(SF_ERR_NOMEM, "world: out of memory");
    for (int m = 0; m < xs->n_materials; ++m) {
        const sf_xs_material *xm = &xs->materials[m];
        int Z[SF_MAX_MAT_ELEMENTS];
        for (int k = 0; k < xm->n_elements; ++k)
            Z[k] = xs->Z[xm->slot[k]];
        SF_TRY(sf_compton_mixture_build(w->pd, xm->n_elements, Z,
                                        xm->mass_fraction, &w->compton_mix[m]));
    }
    return SF_OK;
}

static sf_status build_labels(sf_world *w)
{
    const sf_phantom *ph = w->ph;
    w->n_labels = ph->n_labels;
    w->label_material = malloc((size_t)ph->n_labels * sizeof(int));
    w->label_density = malloc((size_t)ph->n_labels * sizeof(double));
    if (!w->label_material || !w->label_density)
        SF_FAIL(SF_ERR_NOMEM, "world: out of memory");
    for (int l = 0; l < ph->n_labels; ++l) {
        const sf_region *r = &ph->regions[l];
        int used = r->voxels > 0;
        if (used && (r->medium < 0 || r->medium >= ph->n_media))
            SF_FAIL(SF_ERR_VALUE, "phantom '%s': label %d ('%s') has voxels "
                    "but no medium", ph->name, l, r->name);
        w->label_material[l] = used ? r->medium : -1;
        w->label_density[l] = used ? r->density_g_cm3 : 0.0;
    }
    return SF_OK;
}

/* The default cap of the growing delta-ray threshold (MeV): the kinetic
 * energy whose CSDA range in water is SF_DELTA_RAY_RANGE_VOXELS of the
 * phantom's smallest voxel side (about 0.12 MeV for 2 mm, 0.2 MeV for
 * 5 mm). Above it a delta ray left to the continuous loss would have
 * taken its energy visibly off the track: with no cap, 0.03 T moved the
 * central voxel of 10 MeV electrons in 2 mm water voxels by +0.34 %
 * (docs/electron-transport.md). */
static sf_status voxel_delta_ray_max(const sf_phantom *ph, double *out)
{
    sf_material water;
    SF_TRY(sf_material_builtin("water", &water));
    sf_electron_data *d = NULL;
    SF_TRY(sf_electron_data_build(&water, water.density_g_cm3, NULL, &d));
    double h = fmin(ph->spacing_cm[0], fmin(ph->spacing_cm[1], ph->spacing_cm[2]));
    *out = sf_electron_data_energy_from_range(
        d, SF_ELECTRON, SF_DELTA_RAY_RANGE_VOXELS * h * water.density_g_cm3);
    sf_electron_data_destroy(&d);
    return SF_OK;
}

/* Coupled mode: one set of electron tables per medium. The tables are per
 * unit mass; each label scales them by its own density, so labels of one
 * medium at different densities share them. The density-effect correction
 * is the one of the medium's nominal density (docs/electron-transport.md).
 * Production thresholds: at least the transport cut-offs (a secondary
 * below its cut-off would be absorbed at once anyway). */
static sf_status build_electron_tables(sf_world *w)
{
    const sf_world_options *o = &w->opt;
    double dcut = o->delta_ray_cut_MeV > 0 ? o->delta_ray_cut_MeV : 0.01;
    double bcut = o->brems_cut_MeV > 0 ? o->brems_cut_MeV : 0.01;
    if (dcut < o->electron_cutoff_MeV)
        dcut = o->electron_cutoff_MeV;
    if (bcut < o->photon_cutoff_MeV && !o->local_brems)
        bcut = o->photon_cutoff_MeV;
    double dmax = o->delta_ray_max_MeV;
    if (dmax < 0 && o->delta_ray_fraction > 0)
        SF_TRY(voxel_delta_ray_max(w->ph, &dmax));
    else if (dmax < 0)
        dmax = 0.0;
    w->cuts = (sf_electron_cuts){dcut, bcut, o->delta_ray_fraction, dmax};
    sf_electron_medium_options mo = {
        .cuts = w->cuts,
        .step_fraction = o->electron_step_fraction,
        .elastic = o->electron_elastic,
        .single_scattering = o->electron_single_scattering};
    const sf_phantom *ph = w->ph;
    w->electron = calloc((size_t)ph->n_media + 1, sizeof *w->electron);
    if (!w->electron)
        SF_FAIL(SF_ERR_NOMEM, "world: out of memory");
    /* The media share their elements and the bremsstrahlung quadrature
     * nodes: each per-atom cross section is computed once for all. */
    int Z[SF_Z_MAX + 1], nZ = 0;
    char seen[SF_Z_MAX + 1] = {0};
    for (int m = 0; m < ph->n_media; ++m)
        for (int k = 0; k < ph->media[m].n_elements; ++k) {
            int z = ph->media[m].Z[k];
            if (z >= 1 && z <= SF_Z_MAX && !seen[z]++)
                Z[nZ++] = z;
        }
    SF_TRY(sf_brems_memo_create(Z, nZ, &mo.brems_memo));
    sf_status st = SF_OK;
    for (int m = 0; m < ph->n_media && st == SF_OK; ++m) {
        int used = 0;
        for (int l = 0; l < w->n_labels; ++l)
            used |= w->label_material[l] == m;
        if (used)
            st = sf_electron_medium_build(&ph->media[m],
                                          ph->media[m].density_g_cm3, &mo,
                                          &w->electron[m]);
    }
    sf_brems_memo_destroy(&mo.brems_memo);
    SF_TRY(st);
    /* The media share one energy grid (electron_medium.h): a grid
     * position found in one holds in all. */
    const sf_electron_medium *any = NULL;
    for (int m = 0; m < ph->n_media && !any; ++m)
        any = w->electron[m];
    if (any) {
        w->electron_x_cut = sf_electron_medium_x(any, o->electron_cutoff_MeV);
        w->electron_keep_x = log1p(-o->electron_step_fraction) * any->inv_dlog;
        const double E_rr = o->electron_range_rejection_below_MeV;
        const sf_egrid_point g_rr = sf_electron_medium_at_x(
            any, E_rr > 0 ? sf_electron_medium_x(any, E_rr) : 0.0);
        for (int m = 0; m < ph->n_media; ++m) {
            sf_electron_medium *em = w->electron[m];
            for (int p = 0; em && p < SF_N_ELECTRON_PARTICLES; ++p) {
                em->reject_path[p] =
                    E_rr > 0 ? 2.0 * sf_egrid_interp(em->restricted_range[p], g_rr)
                             : 0.0;
                em->range_at_cut[p] = sf_egrid_interp(
                    em->restricted_range[p],
                    sf_electron_medium_at_x(em, w->electron_x_cut));
            }
        }
    }
    if (o->electron_boundary_step > 0 && !o->electron_single_scattering)
        SF_TRY(sf_boundary_distance_build(ph, &w->boundary_distance));
    double h = fmin(ph->spacing_cm[0], fmin(ph->spacing_cm[1], ph->spacing_cm[2]));
    w->boundary_floor_cm = o->electron_boundary_floor * h;
    if (!o->electron_straggling_off) {
        w->soft_loss = malloc(sizeof *w->soft_loss);
        if (!w->soft_loss)
            SF_FAIL(SF_ERR_NOMEM, "world: out of memory");
        sf_soft_loss_table_init(w->soft_loss);
    }
    return SF_OK;
}

sf_status sf_world_build(const sf_phantom *ph, const sf_world_options *opt,
                         sf_world **out)
{
    *out = NULL;
    SF_TRY(check_options(opt));
    sf_world *w = calloc(1, sizeof *w);
    if (!w)
        SF_FAIL(SF_ERR_NOMEM, "world: out of memory");
    w->ph = ph;
    w->opt = *opt;
    for (int a = 0; a < 3; ++a)
        w->inv_spacing[a] = 1.0 / ph->spacing_cm[a];
    sf_status st = SF_OK;
    int Z[SF_Z_MAX + 1], nZ = 0;
    char seen[SF_Z_MAX + 1] = {0};
    for (int m = 0; m < ph->n_media; ++m)
        for (int k = 0; k < ph->media[m].n_elements; ++k)
            if (!seen[ph->media[m].Z[k]]++)
                Z[nZ++] = ph->media[m].Z[k];
    const char *dir = opt->photon_data_dir ? opt->photon_data_dir
                                           : sf_photon_data_default_dir();
    SF_TRY_GOTO(st, sf_photon_data_load(dir, Z, nZ, &w->pd));
    SF_TRY_GOTO(st, sf_photon_xs_build(w->pd, ph->media, ph->n_media, &w->xs));
    SF_TRY_GOTO(st, build_labels(w));
    SF_TRY_GOTO(st, sf_majorant_grid_build(ph, w->xs, w->label_material,
                                           w->label_density,
                                           SF_MAJORANT_BLOCK_CM, &w->grid));
    SF_TRY_GOTO(st, sf_majorant_grid_build(ph, w->xs, w->label_material,
                                           w->label_density,
                                           SF_MAJORANT_COARSE_BLOCK_CM,
                                           &w->grid_coarse));
    w->rayleigh = calloc((size_t)w->xs->n_elements + 1, sizeof *w->rayleigh);
    w->pair = calloc((size_t)w->xs->n_elements + 1, sizeof *w->pair);
    if (!w->rayleigh || !w->pair) {
        st = sf_error_set(SF_ERR_NOMEM, "world: out of memory");
        goto fail;
    }
    for (int s = 0; s < w->xs->n_elements; ++s)
    {
        SF_TRY_GOTO(st, sf_rayleigh_table_build(&w->pd->elem[w->xs->Z[s]],
                                                &w->rayleigh[s]));
        SF_TRY_GOTO(st, sf_pair_table_build(w->xs->Z[s], &w->pair[s]));
    }
    SF_TRY_GOTO(st, build_compton_mixtures(w));
    sf_exp_ziggurat_init(&w->zig);
    if (opt->mode == SF_MODE_COUPLED)
        SF_TRY_GOTO(st, build_electron_tables(w));
    if (opt->kerma_estimator == SF_KERMA_EXPECTED_VALUE)
        SF_TRY_GOTO(st, sf_kerma_coef_build(w->pd, w->xs, &w->kerma_coef));
    *out = w;
    return SF_OK;
fail:
    sf_world_destroy(&w);
    return st;
}

void sf_world_destroy(sf_world **pw)
{
    if (!pw || !*pw)
        return;
    sf_world *w = *pw;
    if (w->rayleigh && w->xs)
        for (int s = 0; s < w->xs->n_elements; ++s)
            sf_rayleigh_table_free(&w->rayleigh[s]);
    free(w->rayleigh);
    free(w->pair);
    if (w->compton_mix && w->xs)
        for (int m = 0; m < w->xs->n_materials; ++m)
            sf_compton_mixture_free(&w->compton_mix[m]);
    free(w->compton_mix);
    if (w->electron)
        for (int m = 0; m < w->ph->n_media; ++m)
            sf_electron_medium_destroy(&w->electron[m]);
    free(w->electron);
    free(w->soft_loss);
    free(w->boundary_distance);
    free(w->kerma_coef);
    free(w->label_material);
    free(w->label_density);
    sf_majorant_grid_destroy(&w->grid);
    sf_majorant_grid_destroy(&w->grid_coarse);
    sf_photon_xs_destroy(&w->xs);
    sf_photon_data_destroy(&w->pd);
    free(w);
    *pw = NULL;
}

size_t sf_world_bytes(const sf_world *w)
{
    const sf_phantom *ph = w->ph;
    size_t voxels = (size_t)ph->nx * ph->ny * ph->nz;
    size_t labels = voxels * sizeof *ph->label;
    size_t electron = 0;
    if (w->electron)
        for (int m = 0; m < ph->n_media; ++m)
            electron += sf_electron_medium_bytes(w->electron[m]);
    return sizeof *w + labels + sf_photon_xs_bytes(w->xs) +
           (size_t)w->n_labels * (sizeof(int) + sizeof(double)) +
           electron + (w->soft_loss ? sizeof *w->soft_loss : 0) +
           (w->boundary_distance ? voxels * sizeof *w->boundary_distance : 0) +
           (w->kerma_coef ? (size_t)w->xs->n_materials * w->xs->n_grid *
                                sizeof(double)
                          : 0) +
           sf_majorant_grid_bytes(w->grid) + sf_majorant_grid_bytes(w->grid_coarse);
}
