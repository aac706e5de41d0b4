#include "farm/schedule.h"

#include <stdlib.h>
#include <string.h>

sf_status sf_schedule_create(uint64_t n_tasks, const uint64_t *histories,
                             const int *precision_target,
                             const sf_precision_rule *rule,
                             uint64_t chunk_histories, int n_targets,
                             sf_schedule **out)
{
    *out = NULL;
    if (chunk_histories == 0)
        SF_FAIL(SF_ERR_VALUE, "chunk_histories must be at least 1");
    sf_schedule *s = calloc(1, sizeof *s);
    if (!s || !(s->tasks = calloc(n_tasks ? n_tasks : 1, sizeof *s->tasks))) {
        free(s);
        SF_FAIL(SF_ERR_NOMEM, "scheduler: out of memory for %llu tasks",
                (unsigned long long)n_tasks);
    }
    s->n_tasks = n_tasks;
    s->chunk_histories = chunk_histories;
    s->n_targets = n_targets;
    if (rule)
        s->rule = *rule;
    for (uint64_t t = 0; t < n_tasks; ++t) {
        sf_sched_task *k = &s->tasks[t];
        k->histories_planned = histories[t];
        k->n_chunks = (histories[t] + chunk_histories - 1) / chunk_histories;
        k->precision_target = precision_target ? precision_target[t] : -1;
        k->round_end = k->precision_target == -1
                           ? k->n_chunks
                           : (k->n_chunks < SF_SCHED_ROUND_CHUNKS
                                  ? k->n_chunks : SF_SCHED_ROUND_CHUNKS);
        if (k->n_chunks == 0) {
            k->progress.state = SF_TASK_DONE;
            s->tasks_done++;
        }
    }
    while (s->first_open < n_tasks &&
           s->tasks[s->first_open].progress.state == SF_TASK_DONE)
        s->first_open++;
    *out = s;
    return SF_OK;
}

void sf_schedule_destroy(sf_schedule **ps)
{
    if (!ps || !*ps)
        return;
    sf_schedule *s = *ps;
    for (uint64_t t = 0; t < s->n_tasks; ++t)
        sf_tally_destroy(&s->tasks[t].tally);
    free(s->tasks);
    free(s);
    *ps = NULL;
}

static sf_status ensure_tally(sf_schedule *s, sf_sched_task *k)
{
    if (!k->tally)
        SF_TRY(sf_tally_create(s->n_targets, &k->tally));
    return SF_OK;
}

static void advance_first_open(sf_schedule *s)
{
    while (s->first_open < s->n_tasks &&
           s->tasks[s->first_open].progress.state == SF_TASK_DONE)
        s->first_open++;
}

/* Histories of chunk c of a task. */
static uint64_t chunk_size(const sf_schedule *s, const sf_sched_task *k,
                           uint64_t c)
{
    uint64_t first = c * s->chunk_histories;
    uint64_t end = k->histories_planned - first < s->chunk_histories
                       ? k->histories_planned : first + s->chunk_histories;
    return end - first;
}

/* What a state written by sf_schedule_complete always satisfies; NULL if
 * `p` does, else what it breaks. A state that passed its checksum yet
 * breaks one was written by other code, and resuming from it could never
 * finish the task or would miscount its histories. */
static const char *restored_state_error(const sf_schedule *s,
                                        const sf_sched_task *k,
                                        const sf_task_progress *p,
                                        const sf_tally *t)
{
    uint64_t base = p->chunks_base, mask = p->round_mask;
    if (p->state != SF_TASK_RUNNING && p->state != SF_TASK_DONE)
        return "state is neither running nor done";
    if (base > k->n_chunks)
        return "more finished chunks than the task has";
    if ((mask & 1) || (k->n_chunks - base < 64 && mask >> (k->n_chunks - base)))
        return "chunk mask names chunks that cannot be pending";
    if (p->state == SF_TASK_DONE &&
        (mask != 0 || (base != k->n_chunks &&
                       (k->precision_target == -1 || base == 0 ||
                        base % SF_SCHED_ROUND_CHUNKS != 0))))
        return "done before its last chunk or round";
    if (p->state == SF_TASK_RUNNING && base == k->n_chunks)
        return "running with every chunk finished";
    uint64_t expected = base * s->chunk_histories < k->histories_planned
                            ? base * s->chunk_histories : k->histories_planned;
    for (int i = 1; i < 64; ++i)
        if (mask >> i & 1)
            expected += chunk_size(s, k, base + (uint64_t)i);
    if (p->histories_done != expected || t->histories != expected)
        return "history count does not match its chunks";
    return NULL;
}

sf_status sf_schedule_restore(sf_schedule *s, uint64_t task,
                              const sf_task_progress *p, const sf_tally *t)
{
    sf_sched_task *k = &s->tasks[task];
    const char *bad = restored_state_error(s, k, p, t);
    if (bad)
        SF_FAIL(SF_ERR_FORMAT, "task %llu: saved state is inconsistent (%s: "
                "%llu of %llu chunks, mask %#llx, %llu histories); the file "
                "is damaged or was written by other code",
                (unsigned long long)task, bad,
                (unsigned long long)p->chunks_base,
                (unsigned long long)k->n_chunks,
                (unsigned long long)p->round_mask,
                (unsigned long long)p->histories_done);
    int was_done = k->progress.state == SF_TASK_DONE;
    k->progress = *p;
    k->dispatched = p->round_mask;
    if (k->precision_target != -1 && p->state != SF_TASK_DONE) {
        /* The durable state is always inside the round that follows the
         * last decision: that round ends at the next multiple of its size
         * above the count of leading finished chunks. */
        uint64_t end = (p->chunks_base / SF_SCHED_ROUND_CHUNKS + 1) *
                       SF_SCHED_ROUND_CHUNKS;
        k->round_end = end < k->n_chunks ? end : k->n_chunks;
    }
    if (p->state == SF_TASK_DONE) {
        if (!was_done)
            s->tasks_done++;
    } else if (p->seq > 0) {
        SF_TRY(ensure_tally(s, k));
        sf_tally_clear(k->tally);
        sf_tally_merge(k->tally, t);
    }
    advance_first_open(s);
    return SF_OK;
}

int sf_schedule_next(sf_schedule *s, uint64_t *task, uint64_t *chunk,
                     uint64_t *first_history, uint64_t *n_histories)
{
    if (s->tasks_done == s->n_tasks)
        return -1;
    for (uint64_t t = s->first_open; t < s->n_tasks; ++t) {
        sf_sched_task *k = &s->tasks[t];
        if (k->progress.state == SF_TASK_DONE)
            continue;
        uint64_t base = k->progress.chunks_base;
        uint64_t limit = k->round_end;
        if (limit > base + SF_SCHED_WINDOW)
            limit = base + SF_SCHED_WINDOW;
        for (uint64_t c = base; c < limit; ++c) {
            uint64_t bit = UINT64_C(1) << (c - base);
            if (k->dispatched & bit)
                continue;
            if (ensure_tally(s, k) != SF_OK)
                return 0;
            k->dispatched |= bit;
            if (k->progress.state == SF_TASK_PENDING)
                k->progress.state = SF_TASK_RUNNING;
            *task = t;
            *chunk = c;
            *first_history = c * s->chunk_histories;
            uint64_t end = *first_history + s->chunk_histories;
            if (end > k->histories_planned)
                end = k->histories_planned;
            *n_histories = end - *first_history;
            return 1;
        }
    }
    return 0;
}

static int precision_met(const sf_schedule *s, const sf_sched_task *k)
{
    sf_precision_state st;
    sf_precision_assess(&s->rule, k->tally, k->precision_target,
                        k->histories_planned, &st);
    return st.met;
}

sf_status sf_schedule_complete(sf_schedule *s, uint64_t task, uint64_t chunk,
                               const sf_tally *chunk_tally, double cpu_seconds,
                               int *task_done)
{
    *task_done = 0;
    if (task >= s->n_tasks)
        SF_FAIL(SF_ERR_STATE, "scheduler: result for unknown task %llu",
                (unsigned long long)task);
    sf_sched_task *k = &s->tasks[task];
    uint64_t base = k->progress.chunks_base;
    if (k->progress.state == SF_TASK_DONE || chunk < base ||
        chunk >= base + SF_SCHED_WINDOW ||
        (k->progress.round_mask & (UINT64_C(1) << (chunk - base))) ||
        !(k->dispatched & (UINT64_C(1) << (chunk - base))))
        SF_FAIL(SF_ERR_STATE, "scheduler: unexpected result for task %llu "
                "chunk %llu", (unsigned long long)task,
                (unsigned long long)chunk);
    SF_TRY(ensure_tally(s, k));
    sf_tally_merge(k->tally, chunk_tally);
    k->progress.round_mask |= UINT64_C(1) << (chunk - base);
    k->progress.histories_done += chunk_tally->histories;
    k->progress.cpu_seconds += cpu_seconds;
    k->progress.seq++;
    while (k->progress.round_mask & 1) {
        k->progress.round_mask >>= 1;
        k->dispatched >>= 1;
        k->progress.chunks_base++;
    }
    base = k->progress.chunks_base;
    int finished = 0;
    if (base == k->n_chunks) {
        finished = 1;
    } else if (k->precision_target != -1 && base == k->round_end &&
               k->progress.round_mask == 0) {
        if (precision_met(s, k)) {
            finished = 1;
        } else {
            uint64_t end = base + SF_SCHED_ROUND_CHUNKS;
            k->round_end = end < k->n_chunks ? end : k->n_chunks;
        }
    }
    if (finished) {
        k->progress.state = SF_TASK_DONE;
        s->tasks_done++;
        advance_first_open(s);
        *task_done = 1;
    }
    return SF_OK;
}

void sf_schedule_release(sf_schedule *s, uint64_t task)
{
    if (s->tasks[task].progress.state == SF_TASK_DONE)
        sf_tally_destroy(&s->tasks[task].tally);
}
