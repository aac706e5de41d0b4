#include "farm/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"

sf_status sf_shard_parse(const char *text, const char *what, sf_shard *out)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    char index[32];
    if (!slash || (size_t)(slash - text) >= sizeof index)
        SF_FAIL(SF_ERR_USAGE, "%s: '%s' is not of the form i/N (e.g. 0/4)",
                what, text ? text : "");
    memcpy(index, text, (size_t)(slash - text));
    index[slash - text] = '\0';
    long i = 0, n = 0;
    SF_TRY(sf_parse_int(slash + 1, what, 1, 1000000, &n));
    SF_TRY(sf_parse_int(index, what, 0, 1000000, &i));
    if (i >= n)
        SF_FAIL(SF_ERR_USAGE, "%s: shard index %ld is not below the shard "
                "count %ld (shards are numbered 0 to N-1)", what, i, n);
    out->index = (uint32_t)i;
    out->count = (uint32_t)n;
    return SF_OK;
}

uint32_t sf_shard_of_task(const sf_task_plan *plan, const sf_manifest *m,
                          const sf_task *t, uint32_t count)
{
    int p = 0;
    while (p < m->n_particles && m->particles[p] != t->particle)
        ++p;
    uint64_t k = ((uint64_t)p * m->n_energies + t->energy_index) *
                     plan->n_sources + t->source;
    uint64_t lap = k / count, pos = k % count;
    return (uint32_t)(lap % 2 == 0 ? pos : count - 1 - pos);
}

sf_status sf_shard_select(sf_task_plan *plan, const sf_manifest *m,
                          sf_shard shard)
{
    if (shard.count == 0)
        return SF_OK;
    if (plan->shard_count != 0 || plan->n_tasks != plan->n_campaign_tasks)
        SF_FAIL(SF_ERR_STATE, "shard: the plan is already a shard");
    if (shard.count > plan->n_tasks)
        SF_FAIL(SF_ERR_VALUE, "%s: %u shards for %zu tasks: each shard needs "
                "at least one task; use at most %zu shards", m->origin,
                shard.count, plan->n_tasks, plan->n_tasks);
    size_t kept = 0;
    for (size_t t = 0; t < plan->n_tasks; ++t)
        if (sf_shard_of_task(plan, m, &plan->tasks[t], shard.count) == shard.index)
            plan->tasks[kept++] = plan->tasks[t];
    plan->n_tasks = kept;
    plan->shard_index = shard.index;
    plan->shard_count = shard.count;
    return SF_OK;
}
