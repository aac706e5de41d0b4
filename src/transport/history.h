/* One history: a loop over a stack of particles, with safety caps.
 *
 * The kernel is pure: it reads the world, the source and the target map,
 * draws from the history's own random stream, and writes only into the
 * per-thread scratch and tally it is given (no I/O, no allocation, no
 * globals). */
#ifndef SF_HISTORY_H
#define SF_HISTORY_H

#include <stdint.h>

#include "core/error.h"
#include "transport/dose_map.h"
#include "transport/particle.h"
#include "transport/rng.h"
#include "transport/skeletal_kerma.h"
#include "transport/source.h"
#include "transport/tally.h"
#include "transport/targets.h"
#include "transport/world.h"

#define SF_STACK_CAPACITY 512
#define SF_MAX_EVENTS_PER_HISTORY 10000000

/* Identity of a history's random stream: the same (seed, task, history)
 * always replays the same history, on any rank or thread. */
typedef struct sf_stream_id {
    uint32_t campaign_seed;
    uint32_t task_id;
} sf_stream_id;

/* Per-thread working memory, reused from history to history. */
typedef struct sf_history_scratch {
    const sf_world *w;
    sf_rng rng;
    double *label_energy;   /* [label] MeV this history */
    int *touched_labels;
    int n_touched_labels;
    double *target_energy;  /* [target] MeV this history */
    int *touched_targets;
    int n_touched_targets;
    int n_targets;
    double energy[SF_N_ENERGY];
    uint64_t counter[SF_N_COUNTERS];
    sf_particle stack[SF_STACK_CAPACITY];
    int n_stack;
    int64_t events;
    /* Dose map staging (NULL unless the task keeps a dose map). */
    sf_dose_map *dose;
    double *voxel_energy;     /* [voxel] MeV this history */
    uint32_t *touched_voxels;
    int64_t n_touched_voxels;
    /* The label of one voxel (flat index), as the kernel last found it:
     * most deposits go to that voxel, whose label may have come from its
     * block (sf_majorant_grid_label) rather than the label array. -1: none
     * yet. */
    int64_t memo_voxel;
    int memo_label;
    /* The task's skeletal kerma tables (NULL: none), from its target map. */
    const sf_skeletal_kerma *skeletal;
} sf_history_scratch;

sf_status sf_history_scratch_create(const sf_world *w, int n_targets,
                                    sf_history_scratch **out);
void sf_history_scratch_destroy(sf_history_scratch **s);

/* Makes the histories run with this scratch also score into a dose map
 * (allocates 12 bytes per voxel of staging). */
sf_status sf_history_scratch_attach_dose(sf_history_scratch *s,
                                         sf_dose_map *dose);

/* Runs history `history` of the task and folds it into tally. */
void sf_history_run(const sf_world *w, const sf_source *src,
                    const sf_target_map *map, sf_stream_id id,
                    uint64_t history, sf_history_scratch *s, sf_tally *tally);

/* sf_history_run in parts, for drivers that interleave histories: begin
 * in two (draw: the stream is positioned and the source entry drawn, which
 * the caller may prefetch, sf_source_prefetch; end: the primary is made
 * and stacked), next (pops the next particle to transport; 0 when none is
 * left, or when the event cap stopped the history), finish (folds the
 * history into tally and clears the scratch). */
void sf_history_begin_draw(const sf_source *src, sf_stream_id id,
                           uint64_t history, sf_history_scratch *s,
                           sf_source_draw *d);
void sf_history_begin_end(const sf_world *w, const sf_source *src,
                          sf_history_scratch *s, const sf_source_draw *d);
int sf_history_next(sf_history_scratch *s, sf_particle *p);
void sf_history_finish(sf_history_scratch *s, const sf_target_map *map,
                       sf_tally *tally);

/* Kernel internals shared by the photon and charged-particle parts. */

/* Records the label of a voxel just looked up, for the deposits there. */
static inline void sf_history_note_label(sf_history_scratch *s, int64_t voxel,
                                         int label)
{
    s->memo_voxel = voxel;
    s->memo_label = label;
}

/* Scores E (MeV) in the tallies of voxel v (flat index): its label and,
 * with a dose map, the voxel. The energy bookkeeping is left alone: the
 * expected-value kerma estimator scores energy no particle deposits. */
static inline void sf_history_score(sf_history_scratch *s, int64_t voxel,
                                    double E_MeV)
{
    int label = voxel == s->memo_voxel ? s->memo_label : s->w->ph->label[voxel];
    /* Listed at its first non-zero deposit, without a branch (whether a
     * label is new is a coin toss): the slot after the list is written
     * every time (the list has room for one more than every label) and
     * kept only then. A zero deposit lists nothing, so no label is ever
     * listed twice. */
    s->touched_labels[s->n_touched_labels] = label;
    s->n_touched_labels += (s->label_energy[label] == 0.0) & (E_MeV != 0.0);
    s->label_energy[label] += E_MeV;
    if (s->dose) {
        /* The same rule as the labels' (the list holds every voxel at
         * most once, so it never outgrows its one slot per voxel). */
        if (s->voxel_energy[voxel] == 0.0 && E_MeV != 0.0)
            s->touched_voxels[s->n_touched_voxels++] = (uint32_t)voxel;
        s->voxel_energy[voxel] += E_MeV;
    }
}

/* Adds E (MeV) to target t's energy of this history, listing t the first
 * time it receives a non-zero amount, as labels and voxels are: a zero
 * would change no sum, and listing it could list t twice. */
static inline void sf_history_add_target(sf_history_scratch *s, int t,
                                         double E_MeV)
{
    if (s->target_energy[t] == 0.0 && E_MeV != 0.0)
        s->touched_targets[s->n_touched_targets++] = t;
    s->target_energy[t] += E_MeV;
}

/* A tentative photon collision in label l at grid point xp, under the
 * majorant mu_b (1/cm): the skeletal targets' kerma estimator
 * (transport/skeletal_kerma.h). Energy no particle deposits: scored only. */
static inline void sf_history_score_skeletal(sf_history_scratch *s, int label,
                                             sf_xs_point xp, double mu_b)
{
    const sf_skeletal_kerma *k = s->skeletal;
    int row = k->row[label];
    if (row < 0)
        return;
    for (int j = 0; j < k->n; ++j) {
        double e = sf_xs_interp(k->coef + (size_t)(row + j) * (size_t)k->n_grid,
                                xp) / mu_b;
        /* A target with none of its tissue here (no red marrow in a
         * medullary cavity) must not be listed as touched again. */
        if (e > 0)
            sf_history_add_target(s, k->target[j], e);
    }
}

/* Energy E (MeV) left in voxel v (flat index) under a bookkeeping
 * category (SF_ENERGY_DEPOSITED or SF_ENERGY_CUTOFF). */
static inline void sf_history_deposit(sf_history_scratch *s, int64_t voxel,
                                      double E_MeV, int category)
{
    if (!(E_MeV > 0))
        return;
    sf_history_score(s, voxel, E_MeV);
    s->energy[category] += E_MeV;
}

/* Energy a photon collision leaves on the spot (directly or through a
 * charged secondary in kerma mode): deposited and scored, except under the
 * expected-value kerma estimator, which has scored its mean already
 * along the flight (then it is only booked, so that the energy balance
 * of the history stays exact). */
static inline void sf_history_deposit_kerma(sf_history_scratch *s,
                                            int64_t voxel, double E_MeV)
{
    if (s->w->kerma_coef) {
        if (E_MeV > 0)
            s->energy[SF_ENERGY_DEPOSITED] += E_MeV;
    } else {
        sf_history_deposit(s, voxel, E_MeV, SF_ENERGY_DEPOSITED);
    }
}

/* Puts a secondary on the stack; when the stack is full, its energy is
 * absorbed where it is (counted) so that energy is still conserved. */
void sf_history_push(sf_history_scratch *s, const sf_particle *p);

/* Transports a photon until it is absorbed or leaves. */
void sf_photon_transport(const sf_world *w, const sf_particle *p,
                         sf_history_scratch *s);

/* The same transport cut at its memory loads, so that several histories can
 * be interleaved (history_lanes.c): a photon track advances to its next
 * tentative collision, whose voxel label the caller may prefetch; resolving
 * it tells whether it is real, and a real one is then made. sf_photon_transport
 * is
 *   start; while (advance) if (resolve && !collide) break;
 * so any interleaving of histories draws the same numbers per history and
 * gives the same bits. */
typedef struct sf_photon_track {
    sf_particle p;
    int collided;          /* 1 after the photon's first real collision */
    int in_flight;         /* 0: the next advance starts a new flight */
    double tau;            /* optical depth left in this flight */
    int64_t v;             /* voxel of the pending tentative collision */
    int material;          /* of the pending real collision */
    /* The flight: grid point, majorant grid (by energy), block majorants,
     * DDA through the blocks. */
    sf_xs_point xp;
    const sf_majorant_grid *g;
    double c[SF_MAJORANT_GROUPS];
    double mu_glob, mu_b;  /* 1/cm */
    double q[3], t;        /* start from the box corner, distance along dir (cm) */
    double tnext[3], inv[3];
    int ib[3], step[3];
    int64_t b;
} sf_photon_track;

void sf_photon_track_start(sf_photon_track *k, const sf_particle *p,
                           sf_history_scratch *s);
/* Returns 1 with k->v set, or 0 when the photon has ended (escaped or
 * absorbed below the cut-off). */
int sf_photon_track_advance(const sf_world *w, sf_photon_track *k,
                            sf_history_scratch *s);
/* Returns 1 if the tentative collision at k->v is real (k->material set),
 * 0 if it is virtual (advance again). */
int sf_photon_track_resolve(const sf_world *w, sf_photon_track *k,
                            sf_history_scratch *s);
/* The real collision: returns 1 while the photon goes on (advance again),
 * 0 when it has ended (absorbed, or stopped by the event cap). */
int sf_photon_track_collide(const sf_world *w, sf_photon_track *k,
                            sf_history_scratch *s);

/* The one interface for charged particles (photoelectrons, Compton and pair
 * electrons, positrons, charged primaries): in kerma mode their kinetic
 * energy is deposited on the spot and a positron annihilates at rest; in
 * coupled mode they are transported by the condensed-history kernel. */
void sf_charged_transport(const sf_world *w, sf_particle *p,
                          sf_history_scratch *s);

#endif
