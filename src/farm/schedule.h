/* The task farm's bookkeeping, without MPI: which chunk of which task to
 * hand out next, merging completed chunks, deciding when a task is done.
 *
 * Every task is cut into chunks of `chunk_histories` histories (chunk c
 * runs histories [c*C, (c+1)*C)), so no task makes a long tail. Chunks are
 * handed out lowest task first, each task at most SF_SCHED_WINDOW chunks
 * ahead of its first unfinished chunk, so the state of a task is its count
 * of leading finished chunks plus a 64-bit mask. Tallies are integer sums,
 * so chunks merge in any order to the same bits.
 *
 * A precision rule is decided only at round boundaries (every
 * SF_SCHED_ROUND_CHUNKS chunks), from the tally of exactly chunks
 * [0, round end): the decision, hence the result, does not depend on the
 * number of ranks or on the order in which chunks finish.
 */
#ifndef SF_SCHEDULE_H
#define SF_SCHEDULE_H

#include <stdint.h>

#include "core/error.h"
#include "farm/precision.h"
#include "io/results.h"
#include "transport/tally.h"

#define SF_SCHED_WINDOW 64
#define SF_SCHED_ROUND_CHUNKS 8

typedef struct sf_sched_task {
    uint64_t histories_planned; /* fixed count, or the cap of the rule */
    uint64_t n_chunks;
    int precision_target;       /* -1: fixed count; -2: all targets; else
                                 * the target the rule watches */
    sf_task_progress progress;  /* durable state (see results.h) */
    uint64_t dispatched;        /* chunks base+i handed out, bit i */
    uint64_t round_end;         /* no chunk >= round_end is handed out */
    sf_tally *tally;            /* merged chunks; NULL when idle or done */
} sf_sched_task;

typedef struct sf_schedule {
    uint64_t n_tasks;
    sf_sched_task *tasks;
    uint64_t chunk_histories;
    int n_targets;
    sf_precision_rule rule;     /* relative 0 when no rule */
    uint64_t first_open;        /* lowest task not done */
    uint64_t tasks_done;
} sf_schedule;

/* precision_target[t] as in sf_sched_task (NULL: all fixed); rule: the
 * precision rule (NULL: none), copied, its watch array borrowed for the
 * schedule's life. */
sf_status sf_schedule_create(uint64_t n_tasks, const uint64_t *histories,
                             const int *precision_target,
                             const sf_precision_rule *rule,
                             uint64_t chunk_histories, int n_targets,
                             sf_schedule **out);
void sf_schedule_destroy(sf_schedule **s);

/* Restores a task from its durable state (a resumed run). A state that
 * sf_schedule_complete cannot have written (a chunk mask beyond the task,
 * a history count that does not match the chunks, ...) is refused. */
sf_status sf_schedule_restore(sf_schedule *s, uint64_t task,
                              const sf_task_progress *p, const sf_tally *t);

/* Next chunk to run: 1 and the chunk when there is one, 0 when every
 * remaining chunk is in flight or waits for a round to finish, -1 when
 * all tasks are done. */
int sf_schedule_next(sf_schedule *s, uint64_t *task, uint64_t *chunk,
                     uint64_t *first_history, uint64_t *n_histories);

/* Merges a finished chunk; *task_done is set when the task just finished.
 * The chunk's CPU seconds are added to the task. */
sf_status sf_schedule_complete(sf_schedule *s, uint64_t task, uint64_t chunk,
                               const sf_tally *chunk_tally, double cpu_seconds,
                               int *task_done);

/* Frees the merged tally of a finished task once it has been recorded. */
void sf_schedule_release(sf_schedule *s, uint64_t task);

#endif
