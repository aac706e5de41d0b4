#include "transport/history.h"

#include <stdlib.h>
#include <string.h>

sf_status sf_history_scratch_create(const sf_world *w, int n_targets,
                                    sf_history_scratch **out)
{
    *out = NULL;
    sf_history_scratch *s = calloc(1, sizeof *s);
    if (!s)
        SF_FAIL(SF_ERR_NOMEM, "history scratch: out of memory");
    s->w = w;
    s->memo_voxel = -1;
    s->n_targets = n_targets;
    size_t nl = (size_t)w->n_labels, nt = (size_t)(n_targets > 0 ? n_targets : 1);
    s->label_energy = calloc(nl, sizeof *s->label_energy);
    s->touched_labels = malloc((nl + 1) * sizeof *s->touched_labels);
    s->target_energy = calloc(nt, sizeof *s->target_energy);
    s->touched_targets = malloc(nt * sizeof *s->touched_targets);
    if (!s->label_energy || !s->touched_labels || !s->target_energy ||
        !s->touched_targets) {
        sf_history_scratch_destroy(&s);
        SF_FAIL(SF_ERR_NOMEM, "history scratch: out of memory");
    }
    *out = s;
    return SF_OK;
}

void sf_history_scratch_destroy(sf_history_scratch **ps)
{
    if (!ps || !*ps)
        return;
    sf_history_scratch *s = *ps;
    free(s->label_energy);
    free(s->touched_labels);
    free(s->target_energy);
    free(s->touched_targets);
    free(s->voxel_energy);
    free(s->touched_voxels);
    free(s);
    *ps = NULL;
}

sf_status sf_history_scratch_attach_dose(sf_history_scratch *s,
                                         sf_dose_map *dose)
{
    const sf_phantom *ph = s->w->ph;
    int64_t n = (int64_t)ph->nx * ph->ny * ph->nz;
    if (dose->n_voxels != n || n > (int64_t)UINT32_MAX)
        SF_FAIL(SF_ERR_VALUE, "dose map of %lld voxels does not fit phantom "
                "'%s' (%lld voxels, at most 2^32)", (long long)dose->n_voxels,
                ph->name, (long long)n);
    s->voxel_energy = calloc((size_t)n, sizeof *s->voxel_energy);
    s->touched_voxels = malloc((size_t)n * sizeof *s->touched_voxels);
    if (!s->voxel_energy || !s->touched_voxels)
        SF_FAIL(SF_ERR_NOMEM, "dose map staging: out of memory for %lld "
                "voxels (12 bytes each per thread)", (long long)n);
    s->dose = dose;
    return SF_OK;
}

void sf_history_push(sf_history_scratch *s, const sf_particle *p)
{
    if (s->n_stack < SF_STACK_CAPACITY) {
        s->stack[s->n_stack++] = *p;
        return;
    }
    s->counter[SF_COUNT_STACK_OVERFLOWS]++;
    int64_t v = sf_world_voxel(s->w, p->pos_cm);
    if (v >= 0)
        sf_history_deposit(s, v, p->energy_MeV, SF_ENERGY_CUTOFF);
    else
        s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
}

/* Moves the history's label energies into its targets, then folds targets,
 * bookkeeping and counters into the tally, clearing the scratch. */
void sf_history_finish(sf_history_scratch *s, const sf_target_map *map,
                       sf_tally *tally)
{
    for (int i = 0; i < s->n_touched_labels; ++i) {
        int l = s->touched_labels[i];
        double e = s->label_energy[l];
        s->label_energy[l] = 0.0;
        for (int k = map->first[l]; k < map->first[l + 1]; ++k)
            sf_history_add_target(s, map->target[k],
                                  map->weight ? map->weight[k] * e : e);
    }
    s->n_touched_labels = 0;
    for (int i = 0; i < s->n_touched_targets; ++i) {
        int t = s->touched_targets[i];
        sf_tally_score_history(tally, t, s->target_energy[t]);
        s->target_energy[t] = 0.0;
    }
    s->n_touched_targets = 0;
    for (int64_t i = 0; i < s->n_touched_voxels; ++i) {
        uint32_t v = s->touched_voxels[i];
        sf_dose_map_add(s->dose, v, s->voxel_energy[v]);
        s->voxel_energy[v] = 0.0;
    }
    s->n_touched_voxels = 0;
    for (int c = 0; c < SF_N_ENERGY; ++c) {
        sf_tally_score_energy(tally, c, s->energy[c]);
        s->energy[c] = 0.0;
    }
    for (int c = 0; c < SF_N_COUNTERS; ++c) {
        tally->counter[c] += s->counter[c];
        s->counter[c] = 0;
    }
    tally->histories++;
}

/* Whatever is left when the event cap stops a runaway history is absorbed
 * where it is, so the bookkeeping still closes. */
static void abandon_stack(sf_history_scratch *s)
{
    s->counter[SF_COUNT_EVENT_LIMIT]++;
    while (s->n_stack > 0) {
        sf_particle *q = &s->stack[--s->n_stack];
        int64_t v = sf_world_voxel(s->w, q->pos_cm);
        if (v >= 0)
            sf_history_deposit(s, v, q->energy_MeV, SF_ENERGY_CUTOFF);
        else
            s->energy[SF_ENERGY_ESCAPED] += q->energy_MeV;
    }
}

void sf_history_begin_draw(const sf_source *src, sf_stream_id id,
                           uint64_t history, sf_history_scratch *s,
                           sf_source_draw *d)
{
    sf_rng_init(&s->rng, id.campaign_seed, id.task_id, history, 0);
    s->n_stack = 0;
    s->events = 0;
    sf_source_sample_begin(src, &s->rng, d);
}

void sf_history_begin_end(const sf_world *w, const sf_source *src,
                          sf_history_scratch *s, const sf_source_draw *d)
{
    sf_particle primary;
    sf_source_sample_end(src, w->ph, &s->rng, d, &primary);
    s->energy[SF_ENERGY_EMITTED] += primary.energy_MeV;
    /* The stack is empty: the primary is the next particle popped. */
    s->stack[s->n_stack++] = primary;
}

int sf_history_next(sf_history_scratch *s, sf_particle *p)
{
    if (s->n_stack == 0)
        return 0;
    if (s->events > SF_MAX_EVENTS_PER_HISTORY) {
        abandon_stack(s);
        return 0;
    }
    *p = s->stack[--s->n_stack];
    return 1;
}

void sf_history_run(const sf_world *w, const sf_source *src,
                    const sf_target_map *map, sf_stream_id id,
                    uint64_t history, sf_history_scratch *s, sf_tally *tally)
{
    sf_source_draw d;
    s->skeletal = map->kerma;
    sf_history_begin_draw(src, id, history, s, &d);
    sf_history_begin_end(w, src, s, &d);
    sf_particle p;
    while (sf_history_next(s, &p)) {
        if (p.type == SF_PARTICLE_PHOTON)
            sf_photon_transport(w, &p, s);
        else
            sf_charged_transport(w, &p, s);
    }
    sf_history_finish(s, map, tally);
}
