#include "transport/history_lanes.h"

#include <stdlib.h>

typedef struct lane {
    sf_history_scratch *s;
    sf_photon_track k;
    int busy;    /* a history is running on the lane */
    int drawn;   /* a history's source entry is drawn, to be read */
    sf_source_draw draw;
    int pending; /* a tentative collision at k.v to resolve */
} lane;

struct sf_history_lanes {
    int n;
    lane *lane;
};

sf_status sf_history_lanes_create(const sf_world *w, int n_targets,
                                  int n_lanes, sf_history_lanes **out)
{
    *out = NULL;
    if (n_lanes < 1 || n_lanes > 64)
        SF_FAIL(SF_ERR_VALUE, "history lanes: %d lanes: expected 1 to 64",
                n_lanes);
    sf_history_lanes *l = calloc(1, sizeof *l);
    if (!l || !(l->lane = calloc((size_t)n_lanes, sizeof *l->lane))) {
        free(l);
        SF_FAIL(SF_ERR_NOMEM, "history lanes: out of memory");
    }
    l->n = n_lanes;
    for (int i = 0; i < n_lanes; ++i) {
        sf_status st = sf_history_scratch_create(w, n_targets, &l->lane[i].s);
        if (st != SF_OK) {
            sf_history_lanes_destroy(&l);
            return st;
        }
    }
    *out = l;
    return SF_OK;
}

void sf_history_lanes_destroy(sf_history_lanes **pl)
{
    if (!pl || !*pl)
        return;
    sf_history_lanes *l = *pl;
    if (l->lane)
        for (int i = 0; i < l->n; ++i)
            sf_history_scratch_destroy(&l->lane[i].s);
    free(l->lane);
    free(l);
    *pl = NULL;
}

/* Moves the lane's history on to its next photon, transporting the charged
 * particles before it whole. Returns 0 when the history is over (it is
 * folded into the tally and the lane is free). */
static int next_photon(const sf_world *w, lane *a, const sf_target_map *map,
                       sf_tally *tally)
{
    sf_particle p;
    while (sf_history_next(a->s, &p)) {
        if (p.type == SF_PARTICLE_PHOTON) {
            sf_photon_track_start(&a->k, &p, a->s);
            return 1;
        }
        sf_charged_transport(w, &p, a->s);
    }
    sf_history_finish(a->s, map, tally);
    return 0;
}

/* One turn of a lane: resolves its pending tentative collision (whose label
 * was prefetched a turn of every other lane ago), then advances its photon
 * to the next one and prefetches that label, starting the next photon or
 * history as they end. Returns 0 when the lane is idle: no history is left
 * for it. */
static int lane_turn(const sf_world *w, const sf_source *src,
                     const sf_target_map *map, sf_stream_id id, lane *a,
                     uint64_t *next, uint64_t end, sf_tally *tally)
{
    if (a->pending) {
        a->pending = 0;
        if (sf_photon_track_resolve(w, &a->k, a->s) &&
            !sf_photon_track_collide(w, &a->k, a->s))
            a->busy = next_photon(w, a, map, tally);
    }
    for (;;) {
        while (!a->busy) {
            if (a->drawn) {
                a->drawn = 0;
                sf_history_begin_end(w, src, a->s, &a->draw);
                a->busy = next_photon(w, a, map, tally);
                continue;
            }
            if (*next >= end)
                return 0;
            /* The source voxel's entry has the other lanes' turns to
             * arrive. */
            sf_history_begin_draw(src, id, (*next)++, a->s, &a->draw);
            sf_source_prefetch(src, &a->draw);
            a->drawn = 1;
            return 1;
        }
        if (sf_photon_track_advance(w, &a->k, a->s)) {
            /* A uniform block gives the label itself (resolve). */
            if (a->k.g->block_label[a->k.b] < 0)
                __builtin_prefetch(w->ph->label + a->k.v);
            a->pending = 1;
            return 1;
        }
        a->busy = next_photon(w, a, map, tally);
    }
}

void sf_history_lanes_run(const sf_world *w, const sf_source *src,
                          const sf_target_map *map, sf_stream_id id,
                          uint64_t first, uint64_t n, sf_history_lanes *l,
                          sf_tally *tally)
{
    uint64_t next = first;
    for (int i = 0; i < l->n; ++i) {
        l->lane[i].busy = l->lane[i].pending = l->lane[i].drawn = 0;
        l->lane[i].s->skeletal = map->kerma;
    }
    int active;
    do {
        active = 0;
        for (int i = 0; i < l->n; ++i)
            active += lane_turn(w, src, map, id, &l->lane[i], &next, first + n, tally);
    } while (active);
}
