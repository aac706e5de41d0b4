#include "farm/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "farm/shard.h"
#include "io/results.h"

/* A provenance field on which every shard must agree with the first. */
static sf_status same_field(const char *what, const char *path0,
                            const char *v0, const char *path,
                            const char *v)
{
    if (strcmp(v0, v) == 0)
        return SF_OK;
    SF_FAIL(SF_ERR_VALUE, "refusing to merge: %s and %s have different %s "
            "('%s' vs '%s')", path0, path, what, v0, v);
}

/* Names the first line where two manifest texts differ. */
static sf_status manifests_differ(const char *path_a,
                                  const sf_results_provenance *a,
                                  const char *path_b,
                                  const sf_results_provenance *b)
{
    const char *x = a->manifest, *y = b->manifest;
    int line = 1;
    while (*x && *x == *y) {
        line += *x == '\n';
        ++x;
        ++y;
    }
    while (x > a->manifest && x[-1] != '\n') {
        --x;
        --y;
    }
    int nx = (int)strcspn(x, "\n"), ny = (int)strcspn(y, "\n");
    SF_FAIL(SF_ERR_VALUE, "refusing to merge: %s and %s come from different "
            "manifests (%s and %s; line %d: '%.*s' vs '%.*s')", path_a, path_b,
            a->manifest_file, b->manifest_file, line, nx, x, ny, y);
}

static sf_status check_shards(const char *const *paths, int n,
                              const sf_results_provenance *p)
{
    const sf_results_provenance *a = &p[0];
    for (int i = 0; i < n; ++i) {
        if (p[i].shard_count == 0)
            SF_FAIL(SF_ERR_VALUE, "refusing to merge: %s holds a whole "
                    "campaign, not a shard (made without --shard)", paths[i]);
        if (strcmp(a->manifest, p[i].manifest) != 0)
            return manifests_differ(paths[0], a, paths[i], &p[i]);
        SF_TRY(same_field("code versions (saffron_version)", paths[0],
                          a->saffron_version, paths[i], p[i].saffron_version));
        SF_TRY(same_field("code versions (git_commit)", paths[0],
                          a->git_commit, paths[i], p[i].git_commit));
        SF_TRY(same_field("physics data (physics_data_sha256)", paths[0],
                          a->physics_data_sha256, paths[i],
                          p[i].physics_data_sha256));
        SF_TRY(same_field("phantoms (phantom_sha256)", paths[0],
                          a->phantom_sha256, paths[i], p[i].phantom_sha256));
        if (p[i].shard_count != a->shard_count)
            SF_FAIL(SF_ERR_VALUE, "refusing to merge: %s is shard %lld/%lld "
                    "but %s is shard %lld/%lld (different shard counts)",
                    paths[0], a->shard_index, a->shard_count, paths[i],
                    p[i].shard_index, p[i].shard_count);
        for (int j = 0; j < i; ++j)
            if (p[j].shard_index == p[i].shard_index)
                SF_FAIL(SF_ERR_VALUE, "refusing to merge: %s and %s are both "
                        "shard %lld/%lld", paths[j], paths[i],
                        p[i].shard_index, p[i].shard_count);
    }
    if (n != a->shard_count) {
        long long missing = 0;
        for (long long s = 0; s < a->shard_count; ++s) {
            int found = 0;
            for (int i = 0; i < n; ++i)
                found |= p[i].shard_index == s;
            if (!found) {
                missing = s;
                break;
            }
        }
        SF_FAIL(SF_ERR_VALUE, "refusing to merge: %d of %lld shards given; "
                "shard %lld/%lld is missing", n, a->shard_count, missing,
                a->shard_count);
    }
    return SF_OK;
}

/* Everything the merge needs from the campaign: manifest, phantom and the
 * plan of the whole campaign. */
typedef struct merge_ctx {
    const sf_manifest *m;
    sf_phantom *ph;
    sf_task_plan *plan;
    sf_tally *tally;
    sf_dose_map *dose;
} merge_ctx;

static sf_status setup(const sf_results_provenance *p, merge_ctx *x)
{
    SF_TRY(sf_manifest_parse(p->manifest, p->manifest_file, &x->m));
    SF_TRY(sf_manifest_load_phantom(x->m, &x->ph));
    char sha[65];
    sf_phantom_checksum(x->ph, sha);
    if (strcmp(sha, p->phantom_sha256) != 0)
        SF_FAIL(SF_ERR_VALUE, "refusing to merge: the phantom %s (sha256 %.12s"
                "...) is not the one the shards were computed on (%.12s...)",
                x->m->phantom_path, sha, p->phantom_sha256);
    SF_TRY(sf_manifest_resolve(x->m, x->ph, &x->plan));
    return sf_tally_create((int)x->plan->n_targets, &x->tally);
}

static void teardown(merge_ctx *x)
{
    sf_dose_map_destroy(&x->dose);
    sf_tally_destroy(&x->tally);
    sf_manifest_plan_destroy(&x->plan);
    sf_phantom_destroy(&x->ph);
    sf_manifest_destroy(&x->m);
}

/* Reads every task of one shard; with out != NULL, records each in out
 * (the whole campaign's file), else only checks that all are done. */
static sf_status merge_one(merge_ctx *x, const char *path,
                           const sf_results_provenance *p, sf_results *out)
{
    sf_task_plan *plan = NULL;
    sf_results *in = NULL;
    sf_status st;
    sf_shard shard = {(uint32_t)p->shard_index, (uint32_t)p->shard_count};
    sf_results_info info = {.ph = x->ph};
    SF_TRY_GOTO(st, sf_manifest_resolve(x->m, x->ph, &plan));
    SF_TRY_GOTO(st, sf_shard_select(plan, x->m, shard));
    SF_TRY_GOTO(st, sf_results_open_read(path, x->m, plan, &info, &in));
    for (size_t k = 0; k < plan->n_tasks; ++k) {
        sf_task_progress pr;
        const sf_task *t = &plan->tasks[k];
        SF_TRY_GOTO(st, sf_results_read_task(in, (uint32_t)k, &pr, x->tally));
        if (pr.state != SF_TASK_DONE) {
            st = sf_error_set(SF_ERR_VALUE, "refusing to merge: %s: task %u "
                              "is not done (%llu of %llu histories); finish "
                              "the shard with 'saffron run ... --shard "
                              "%lld/%lld -o %s --resume'", path, t->id,
                              (unsigned long long)pr.histories_done,
                              (unsigned long long)t->histories,
                              p->shard_index, p->shard_count, path);
            goto fail;
        }
        if (!out)
            continue;
        if (t->dose_map && !x->dose)
            SF_TRY_GOTO(st, sf_dose_map_create((int64_t)x->ph->nx * x->ph->ny *
                                                   x->ph->nz, &x->dose));
        if (t->dose_map) {
            SF_TRY_GOTO(st, sf_results_read_dose(in, (uint32_t)k, pr.seq,
                                                 x->dose));
            x->dose->histories = pr.histories_done;
            SF_TRY_GOTO(st, sf_results_commit_dose(out, t->id, pr.seq,
                                                   x->dose));
        }
        SF_TRY_GOTO(st, sf_results_commit_task(out, t->id, &pr, x->tally));
        if (t->dose_map)
            SF_TRY_GOTO(st, sf_results_write_dose_map(out, t->id, x->ph,
                                                      x->dose));
    }
fail:
    sf_results_close(&in, NULL);
    sf_manifest_plan_destroy(&plan);
    return st;
}

static sf_status merge_all(const char *out_path, const char *const *paths,
                           int n, const sf_results_provenance *p,
                           merge_ctx *x)
{
    /* Every shard is read once before OUT exists, so that a refusal leaves
     * nothing behind. */
    for (int i = 0; i < n; ++i)
        SF_TRY(merge_one(x, paths[i], &p[i], NULL));
    sf_results_info info = {.ph = x->ph,
                            .physics_data_sha256 = p[0].physics_data_sha256,
                            .phantom_sha256 = p[0].phantom_sha256,
                            .ranks = (int)p[0].ranks,
                            .threads = (int)p[0].threads,
                            .saffron_version = p[0].saffron_version,
                            .git_commit = p[0].git_commit};
    sf_results *out = NULL;
    SF_TRY(sf_results_create(out_path, x->m, x->plan, &info, &out));
    sf_status st = SF_OK;
    for (int i = 0; i < n && st == SF_OK; ++i)
        st = merge_one(x, paths[i], &p[i], out);
    if (st != SF_OK) {
        /* OUT is ours and incomplete: leave nothing that looks like a
         * result. */
        sf_results_close(&out, NULL);
        remove(out_path);
        return st;
    }
    return sf_results_close(&out, "complete");
}

sf_status sf_merge_shards(const char *out_path, const char *const *shards,
                          int n_shards, uint64_t *tasks_merged)
{
    *tasks_merged = 0;
    if (n_shards < 1)
        SF_FAIL(SF_ERR_USAGE, "merge: no shard files given");
    if (access(out_path, F_OK) == 0)
        SF_FAIL(SF_ERR_IO, "%s exists; the merge does not overwrite it",
                out_path);
    sf_results_provenance *p = calloc((size_t)n_shards, sizeof *p);
    if (!p)
        SF_FAIL(SF_ERR_NOMEM, "merge: out of memory");
    merge_ctx x = {0};
    sf_status st = SF_OK;
    for (int i = 0; i < n_shards && st == SF_OK; ++i)
        st = sf_results_provenance_read(shards[i], &p[i]);
    if (st == SF_OK)
        st = check_shards(shards, n_shards, p);
    if (st == SF_OK)
        st = setup(&p[0], &x);
    if (st == SF_OK)
        st = merge_all(out_path, shards, n_shards, p, &x);
    if (st == SF_OK)
        *tasks_merged = x.plan->n_tasks;
    teardown(&x);
    for (int i = 0; i < n_shards; ++i)
        sf_results_provenance_free(&p[i]);
    free(p);
    return st;
}
