#include "farm/campaign.h"

#include "core/clock.h"
#include "core/sha256.h"
#include "geometry/skeleton.h"
#include "transport/drf.h"
#include "transport/skeletal_kerma.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Whether target t of the plan is scored in photon tasks by the kerma of
 * its tissue rather than by the energy its labels receive. */
static int kerma_target(const sf_campaign *c, const sf_label_set *t)
{
    return c->m->skeletal_photons == SF_SKELETAL_KERMA && t->skeletal > 0 &&
           sf_skeletal_is_target((sf_skeletal_region)(t->skeletal - 1));
}

/* The target map of photon tasks (photons = 1) or of charged-particle
 * tasks: the targets' labels with their shares, but for the skeletal
 * targets that photons score by kerma, whose tables it holds instead. */
static sf_status build_target_map(sf_campaign *c, int photons,
                                  sf_target_map **out)
{
    const sf_task_plan *p = c->plan;
    size_t n = p->n_targets, total = 0;
    for (size_t t = 0; t < n; ++t)
        total += p->targets[t].n_labels;
    const char **names = calloc(n + 1, sizeof *names);
    int *offsets = calloc(n + 1, sizeof *offsets);
    uint16_t *labels = calloc(total + 1, sizeof *labels);
    double *weights = calloc(total + 1, sizeof *weights);
    int *kerma = calloc(n + 1, sizeof *kerma), *region = calloc(n + 1, sizeof *region);
    int n_kerma = 0, weighted = 0;
    sf_status st;
    if (!names || !offsets || !labels || !weights || !kerma || !region) {
        st = sf_error_set(SF_ERR_NOMEM, "campaign: out of memory");
    } else {
        size_t k = 0;
        for (size_t t = 0; t < n; ++t) {
            const sf_label_set *set = &p->targets[t];
            names[t] = set->name;
            offsets[t] = (int)k;
            if (photons && kerma_target(c, set)) {
                kerma[n_kerma] = (int)t;
                region[n_kerma++] = set->skeletal - 1;
                continue;
            }
            weighted |= set->weights != NULL;
            for (size_t i = 0; i < set->n_labels; ++i, ++k) {
                labels[k] = set->labels[i];
                weights[k] = set->weights ? set->weights[i] : 1.0;
            }
        }
        offsets[n] = (int)k;
        /* Maps of whole labels only keep no shares: the end of every
         * history then adds each label's energy without a multiply. */
        st = sf_target_map_from_weighted_sets(c->ph, (int)n, names, offsets,
                                              labels, weighted ? weights : NULL,
                                              out);
        if (st == SF_OK && n_kerma > 0)
            st = sf_skeletal_kerma_build(c->w, n_kerma, kerma, region, c->drf,
                                         &(*out)->kerma);
    }
    free(names);
    free(offsets);
    free(labels);
    free(weights);
    free(kerma);
    free(region);
    return st;
}

static sf_status build_target_maps(sf_campaign *c)
{
    SF_TRY(build_target_map(c, 1, &c->map));
    int any = 0;
    for (size_t t = 0; t < c->plan->n_targets; ++t)
        any |= kerma_target(c, &c->plan->targets[t]);
    if (!any) {
        c->map_charged = c->map;
        return SF_OK;
    }
    return build_target_map(c, 0, &c->map_charged);
}

/* The rule's cross-fire targets: those of at least the manifest's mass. */
static sf_status resolve_cross_fire(sf_campaign *c)
{
    const sf_task_plan *p = c->plan;
    c->rule.relative = c->m->precision.relative;
    c->rule.cross_fire = c->m->precision.cross_fire;
    if (!(c->rule.cross_fire > 0))
        return SF_OK;
    c->cross_fire_watch = calloc(p->n_targets ? p->n_targets : 1, 1);
    if (!c->cross_fire_watch)
        SF_FAIL(SF_ERR_NOMEM, "campaign: out of memory");
    for (size_t k = 0; k < p->n_targets; ++k)
        c->cross_fire_watch[k] =
            p->targets[k].mass_kg >= c->m->precision.cross_fire_min_mass_kg;
    c->rule.watch = c->cross_fire_watch;
    return SF_OK;
}

/* The target a precision rule watches: for `on: self`, the target whose
 * labels are the source's. */
static sf_status resolve_precision(sf_campaign *c)
{
    const sf_task_plan *p = c->plan;
    if (c->m->use_precision)
        SF_TRY(resolve_cross_fire(c));
    c->precision_target = malloc((p->n_tasks ? p->n_tasks : 1) * sizeof(int));
    if (!c->precision_target)
        SF_FAIL(SF_ERR_NOMEM, "campaign: out of memory");
    for (size_t t = 0; t < p->n_tasks; ++t) {
        c->precision_target[t] = -1;
        if (!c->m->use_precision)
            continue;
        if (c->m->precision.on == SF_PRECISION_ALL) {
            c->precision_target[t] = -2;
            continue;
        }
        const sf_label_set *src = &p->sources[p->tasks[t].source];
        for (size_t k = 0; k < p->n_targets; ++k)
            if (sf_label_set_same(src, &p->targets[k])) {
                c->precision_target[t] = (int)k;
                break;
            }
        if (c->precision_target[t] < 0)
            SF_FAIL(SF_ERR_VALUE, "%s: precision: on: self needs every source "
                    "among the targets, but '%s' is not", c->m->origin,
                    src->name);
    }
    return SF_OK;
}

sf_status sf_campaign_setup(const char *manifest_text, const char *origin,
                            sf_shard shard, sf_campaign **out)
{
    *out = NULL;
    sf_campaign *c = calloc(1, sizeof *c);
    if (!c)
        SF_FAIL(SF_ERR_NOMEM, "campaign: out of memory");
    sf_status st = SF_OK;
    SF_TRY_GOTO(st, sf_manifest_parse(manifest_text, origin, &c->m));
    SF_TRY_GOTO(st, sf_manifest_load_phantom(c->m, &c->ph));
    SF_TRY_GOTO(st, sf_manifest_resolve(c->m, c->ph, &c->plan));
    SF_TRY_GOTO(st, sf_shard_select(c->plan, c->m, shard));
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = c->m->mode;
    opt.electron_cutoff_MeV = c->m->electron_cutoff_MeV;
    opt.electron_range_rejection = c->m->range_rejection;
    opt.electron_in_place_below_MeV = c->m->in_place_below_MeV;
    opt.delta_ray_fraction = c->m->delta_ray_fraction;
    opt.electron_step_fraction = c->m->step_fraction;
    opt.electron_boundary_step = c->m->boundary_step;
    opt.electron_elastic =
        c->m->spin_effects ? SF_ELASTIC_MOTT : SF_ELASTIC_RUTHERFORD;
    opt.kerma_estimator = c->m->kerma_estimator;
    SF_TRY_GOTO(st, sf_world_build(c->ph, &opt, &c->w));
    snprintf(c->physics_sha256, sizeof c->physics_sha256, "%s",
             c->w->pd->checksum);
    if (c->m->drf_path) {
        /* Response functions are physics data: the checksum results record
         * covers them, so resume, merge and verify refuse other ones. */
        SF_TRY_GOTO(st, sf_drf_load(c->m->drf_path, c->ph, &c->drf));
        char both[130];
        snprintf(both, sizeof both, "%s%s", c->w->pd->checksum, c->drf->sha256);
        sf_sha256_hex(both, strlen(both), c->physics_sha256);
    }
    SF_TRY_GOTO(st, build_target_maps(c));
    SF_TRY_GOTO(st, resolve_precision(c));
    c->sources = calloc(c->plan->n_sources + 1, sizeof *c->sources);
    if (!c->sources) {
        st = sf_error_set(SF_ERR_NOMEM, "campaign: out of memory");
        goto fail;
    }
    sf_phantom_checksum(c->ph, c->phantom_sha256);
    *out = c;
    return SF_OK;
fail:
    sf_campaign_destroy(&c);
    return st;
}

void sf_campaign_destroy(sf_campaign **pc)
{
    if (!pc || !*pc)
        return;
    sf_campaign *c = *pc;
    if (c->sources && c->plan)
        for (size_t s = 0; s < c->plan->n_sources; ++s)
            sf_source_destroy(&c->sources[s]);
    free(c->sources);
    free(c->precision_target);
    free(c->cross_fire_watch);
    if (c->map_charged != c->map)
        sf_target_map_destroy(&c->map_charged);
    sf_target_map_destroy(&c->map);
    sf_world_destroy(&c->w);
    sf_drf_destroy(&c->drf);
    sf_manifest_plan_destroy(&c->plan);
    sf_phantom_destroy(&c->ph);
    sf_manifest_destroy(&c->m);
    free(c);
    *pc = NULL;
}

sf_status sf_campaign_run_chunk(sf_campaign *c, uint64_t task, uint64_t first,
                                uint64_t n, int threads, double slice_seconds,
                                int (*poll)(void *), void *ctx,
                                sf_tally *tally, sf_dose_map *dose,
                                double *cpu_seconds, int *abandoned)
{
    *abandoned = 0;
    *cpu_seconds = 0;
    if (task >= c->plan->n_tasks)
        SF_FAIL(SF_ERR_STATE, "campaign: no task %llu", (unsigned long long)task);
    const sf_task *t = &c->plan->tasks[task];
    sf_source **src = &c->sources[t->source];
    if (!*src) {
        const sf_label_set *ls = &c->plan->sources[t->source];
        SF_TRY(sf_source_region_weighted(c->ph, ls->labels, ls->weights,
                                         (int)ls->n_labels, t->particle, src));
    }
    (*src)->particle = t->particle;
    SF_TRY(sf_source_set_energy(*src, t->energy_MeV));
    sf_stream_id id = {c->m->seed, t->id};
    /* Slices start small and grow to the wall time asked for: short enough
     * to answer messages or a signal promptly, long enough that the OpenMP
     * fork/join per slice costs nothing. */
    uint64_t slice = slice_seconds > 0 ? 64 : n;
    double t0 = sf_cpu_seconds();
    for (uint64_t done = 0; done < n;) {
        uint64_t k = n - done < slice ? n - done : slice;
        double w0 = sf_wall_seconds();
        const sf_target_map *map =
            t->particle == SF_PARTICLE_PHOTON ? c->map : c->map_charged;
        sf_status st = sf_task_run_dose(c->w, *src, map, id, first + done,
                                        k, threads, tally, dose);
        if (st != SF_OK)
            return st;
        done += k;
        if (slice_seconds > 0) {
            double dt = sf_wall_seconds() - w0;
            double grow = dt > 0 ? slice_seconds / dt : 4.0;
            if (grow > 4.0)
                grow = 4.0;
            slice = (uint64_t)((double)k * grow) + 1;
        }
        if (done < n && poll && poll(ctx)) {
            *abandoned = 1;
            break;
        }
    }
    *cpu_seconds = sf_cpu_seconds() - t0;
    return SF_OK;
}

int64_t sf_campaign_voxels(const sf_campaign *c)
{
    return (int64_t)c->ph->nx * c->ph->ny * c->ph->nz;
}
