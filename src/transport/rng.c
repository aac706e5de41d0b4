/* Per-history Philox4x32-10 streams; layout in rng.h and
 * docs/random-numbers.md. */
#include "transport/rng.h"

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
    r->out = r->ctr;
    r->next = 4;
}

void sf_rng_next_block(sf_rng *r)
{
    r->out = philox4x32(r->ctr, r->key);
    r->next = 0;
    /* The block index is counter word 0; when it wraps, carry into the
     * reserved high byte of the purpose word (see rng.h) so the stream
     * stays disjoint from every other (task, history, purpose). */
    if (++r->ctr.v[0] == 0)
        r->ctr.v[3] += UINT32_C(1) << SF_RNG_PURPOSE_BITS;
}
