#include "farm/verify.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "farm/campaign.h"
#include "io/results.h"

#define MAX_PROBLEM_LINES 20

static void compare_one(FILE *out, const char *what, const char *file_value,
                        const char *here_value)
{
    if (strcmp(file_value, here_value) == 0)
        fprintf(out, "%-13s same as the file (%s)\n", what, here_value);
    else
        fprintf(out, "%-13s DIFFERS: the file has %s, this program %s\n", what,
                file_value, here_value);
}

static void compare_provenance(FILE *out, const sf_results_provenance *p,
                               const sf_campaign *c)
{
    char file_code[256], here_code[256];
    snprintf(file_code, sizeof file_code, "saffron %s, git %s",
             p->saffron_version, p->git_commit);
    snprintf(here_code, sizeof here_code, "saffron %s, git %s",
             SAFFRON_VERSION, SAFFRON_GIT_COMMIT);
    compare_one(out, "code:", file_code, here_code);
    compare_one(out, "physics data:", p->physics_data_sha256,
                c->physics_sha256);
    compare_one(out, "phantom:", p->phantom_sha256, c->phantom_sha256);
}

/* Pass 1: the axes against the manifest and phantom, every task's
 * datasets against its durable state. */
static sf_status check_consistency(FILE *out, sf_campaign *c, sf_results *r,
                                   sf_tally *tally, int *inconsistent)
{
    char diff[512];
    *inconsistent = 0;
    SF_TRY(sf_results_check_dimensions(r, diff, sizeof diff));
    if (diff[0]) {
        ++*inconsistent;
        fprintf(out, "INCONSISTENT: %s\n", diff);
    }
    for (size_t k = 0; k < c->plan->n_tasks; ++k) {
        const sf_task *t = &c->plan->tasks[k];
        sf_task_progress p;
        diff[0] = '\0';
        if (!sf_results_newest_slot_valid(r, (uint32_t)k))
            snprintf(diff, sizeof diff, "/state/task_slots[%zu]: the newest "
                     "state fails its checksum (edited or damaged)", k);
        else {
            SF_TRY(sf_results_read_task(r, (uint32_t)k, &p, tally));
            SF_TRY(sf_results_check_task(r, (uint32_t)k, &p, tally, diff,
                                         sizeof diff));
        }
        if (!diff[0])
            continue;
        if (++*inconsistent <= MAX_PROBLEM_LINES)
            fprintf(out, "task %u: INCONSISTENT: %s\n", t->id, diff);
    }
    if (*inconsistent > MAX_PROBLEM_LINES)
        fprintf(out, "... %d inconsistencies in all\n", *inconsistent);
    if (*inconsistent == 0)
        fprintf(out, "datasets:     the axes match the manifest and phantom; "
                "every task's /tasks,\n              /tasks_fom and SAF rows "
                "equal what its stored state gives (%zu\n              "
                "tasks)\n", c->plan->n_tasks);
    return SF_OK;
}

/* Describes how two tallies of a task differ ("" when they do not). */
static void tally_diff(const sf_campaign *c, const sf_tally *a,
                       const sf_tally *b, char *buf, size_t n)
{
    buf[0] = '\0';
    if (a->histories != b->histories) {
        snprintf(buf, n, "histories %llu in the file, %llu now",
                 (unsigned long long)a->histories,
                 (unsigned long long)b->histories);
        return;
    }
    int differ = 0, first = -1;
    for (int k = 0; k < a->n_targets; ++k)
        if (a->sum[k] != b->sum[k] || a->sum2[k] != b->sum2[k]) {
            if (first < 0)
                first = k;
            ++differ;
        }
    if (first >= 0) {
        double ma, mb, ra, rb;
        sf_tally_target_mean(a, first, &ma, &ra);
        sf_tally_target_mean(b, first, &mb, &rb);
        snprintf(buf, n, "energy deposited differs in %d of %d targets "
                 "(first %s: %.9g MeV per history in the file, %.9g now)",
                 differ, a->n_targets, c->plan->targets[first].name, ma, mb);
        return;
    }
    if (memcmp(a->energy, b->energy, sizeof a->energy) != 0)
        snprintf(buf, n, "the energy bookkeeping (emitted, escaped, ...) "
                 "differs");
    else if (memcmp(a->counter, b->counter, sizeof a->counter) != 0)
        snprintf(buf, n, "the diagnostic counters (collisions, steps) differ");
}

static int same_dose(const sf_dose_map *a, const sf_dose_map *b)
{
    size_t bytes = (size_t)a->n_voxels * sizeof *a->sum;
    return memcmp(a->sum, b->sum, bytes) == 0 &&
           memcmp(a->sum2_lo, b->sum2_lo, bytes) == 0 &&
           memcmp(a->sum2_hi, b->sum2_hi, bytes) == 0;
}

/* Runs a done task again and compares; *identical tells the outcome. */
static sf_status rerun_task(FILE *out, sf_campaign *c, sf_results *r,
                            uint32_t k, int threads, sf_tally *stored,
                            sf_tally *fresh, int *identical)
{
    const sf_task *t = &c->plan->tasks[k];
    sf_task_progress p;
    sf_dose_map *dose = NULL, *dose_file = NULL;
    SF_TRY(sf_results_read_task(r, k, &p, stored));
    sf_tally_clear(fresh);
    sf_status st = SF_OK;
    if (t->dose_map) {
        int64_t nv = sf_campaign_voxels(c);
        SF_TRY_GOTO(st, sf_dose_map_create(nv, &dose));
        SF_TRY_GOTO(st, sf_dose_map_create(nv, &dose_file));
        SF_TRY_GOTO(st, sf_results_read_dose(r, k, p.seq, dose_file));
    }
    double wall = sf_wall_seconds(), cpu = 0;
    int abandoned = 0;
    SF_TRY_GOTO(st, sf_campaign_run_chunk(c, k, 0, p.histories_done, threads,
                                          0, NULL, NULL, fresh, dose, &cpu,
                                          &abandoned));
    char diff[512];
    tally_diff(c, stored, fresh, diff, sizeof diff);
    if (!diff[0] && dose && !same_dose(dose, dose_file))
        snprintf(diff, sizeof diff, "the dose map's sums differ");
    *identical = diff[0] == '\0';
    fprintf(out, "task %u (%s, %s, %.6g MeV, %llu histories): %s%s (%.1f s)\n",
            t->id, c->plan->sources[t->source].name,
            sf_manifest_particle_name(t->particle), t->energy_MeV,
            (unsigned long long)p.histories_done,
            *identical ? "bitwise identical" : "DIFFERENT: ", diff,
            sf_wall_seconds() - wall);
    fflush(out);
fail:
    sf_dose_map_destroy(&dose);
    sf_dose_map_destroy(&dose_file);
    return st;
}

/* Pass 2: n done tasks spread evenly over the file's task order. */
static sf_status rerun_sample(FILE *out, sf_campaign *c, sf_results *r,
                              int n, int threads, sf_tally *stored,
                              sf_tally *fresh, sf_verify_outcome *res)
{
    size_t n_tasks = c->plan->n_tasks, n_done = 0;
    uint32_t *done = malloc((n_tasks ? n_tasks : 1) * sizeof *done);
    if (!done)
        SF_FAIL(SF_ERR_NOMEM, "verify: out of memory");
    sf_status st = SF_OK;
    for (size_t k = 0; k < n_tasks && st == SF_OK; ++k) {
        sf_task_progress p;
        st = sf_results_read_task(r, (uint32_t)k, &p, stored);
        if (st == SF_OK && p.state == SF_TASK_DONE)
            done[n_done++] = (uint32_t)k;
    }
    size_t want = (size_t)n < n_done ? (size_t)n : n_done;
    for (size_t j = 0; j < want && st == SF_OK; ++j) {
        int same = 0;
        st = rerun_task(out, c, r, done[(2 * j + 1) * n_done / (2 * want)],
                        threads, stored, fresh, &same);
        res->rerun++;
        res->identical += same;
    }
    free(done);
    return st;
}

sf_status sf_verify_file(const char *path, int n_rerun, int threads,
                         FILE *out, sf_verify_outcome *res)
{
    memset(res, 0, sizeof *res);
    sf_results_provenance p;
    SF_TRY(sf_results_provenance_read(path, &p));
    sf_campaign *c = NULL;
    sf_results *r = NULL;
    sf_tally *stored = NULL, *fresh = NULL;
    sf_shard shard = {(uint32_t)p.shard_index, (uint32_t)p.shard_count};
    sf_status st;
    fprintf(out, "verifying %s: campaign '%s' from %s%s\n", path, p.campaign,
            p.manifest_file, p.shard_count ? " (a shard)" : "");
    SF_TRY_GOTO(st, sf_campaign_setup(p.manifest, p.manifest_file, shard, &c));
    compare_provenance(out, &p, c);
    sf_results_info info = {.ph = c->ph};
    SF_TRY_GOTO(st, sf_results_open_read(path, c->m, c->plan, &info, &r));
    SF_TRY_GOTO(st, sf_tally_create(c->map->n_targets, &stored));
    SF_TRY_GOTO(st, sf_tally_create(c->map->n_targets, &fresh));
    SF_TRY_GOTO(st, check_consistency(out, c, r, stored, &res->inconsistent));
    SF_TRY_GOTO(st, rerun_sample(out, c, r, n_rerun, threads, stored, fresh,
                                 res));
fail:
    sf_tally_destroy(&stored);
    sf_tally_destroy(&fresh);
    sf_results_close(&r, NULL);
    sf_campaign_destroy(&c);
    sf_results_provenance_free(&p);
    return st;
}
