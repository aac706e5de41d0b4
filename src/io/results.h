/* The HDF5 results file of a campaign: SAF tables with their dimension
 * scales, the task table, provenance, and the durable per-task state that
 * makes a killed run resumable to the same bytes.
 *
 * Durability without SWMR: every dataset is created, fully allocated, when
 * the file is created, so later writes change raw data only, never the
 * file's metadata; each write is followed by H5Fflush. A killed writer thus
 * leaves a file that opens cleanly. Task state is written into one of two
 * slots per task, alternately, each slot carrying a sequence number and a
 * checksum: a write torn by a kill leaves the other slot intact, and a
 * resumed run reads the newest valid slot. Layout: docs/results-format.md.
 */
#ifndef SF_RESULTS_H
#define SF_RESULTS_H

#include <stdint.h>

#include "core/error.h"
#include "io/manifest.h"
#include "transport/dose_map.h"
#include "transport/tally.h"

#define SF_RESULTS_FORMAT "saffron-results"
#define SF_RESULTS_FORMAT_VERSION 1

typedef enum sf_task_state {
    SF_TASK_PENDING = 0,
    SF_TASK_RUNNING = 1, /* some chunks done */
    SF_TASK_DONE = 2
} sf_task_state;

/* What the farm knows of one task, beyond its tally. */
typedef struct sf_task_progress {
    uint64_t seq;            /* commits of this task so far */
    uint64_t chunks_base;    /* chunks [0, base) are all merged */
    uint64_t round_mask;     /* chunks base+i merged, for bit i (< 64) */
    uint64_t histories_done;
    int32_t state;           /* sf_task_state */
    double cpu_seconds;      /* summed over ranks and threads */
} sf_task_progress;

typedef struct sf_results_info {
    const sf_phantom *ph;       /* voxel grid of the dose maps */
    const char *physics_data_sha256;
    const char *phantom_sha256;
    int ranks;
    int threads;
    /* The code that computed the results; NULL: this program (a merge
     * records the shards' code). */
    const char *saffron_version;
    const char *git_commit;
} sf_results_info;

typedef struct sf_results sf_results;

/* Creates a new file (refusing to overwrite an existing one) with every
 * dataset allocated and the provenance written. The plan of a shard
 * (plan->shard_count > 0) makes a shard's file: /tasks and the state have
 * a row per task of the shard, and there are no SAF tables (`saffron
 * merge` computes them). */
sf_status sf_results_create(const char *path, const sf_manifest *m,
                            const sf_task_plan *plan,
                            const sf_results_info *info, sf_results **out);

/* Opens a file for resuming: it must have been written by the same
 * manifest text and the same plan shape; otherwise it is refused, not
 * touched. */
sf_status sf_results_open_resume(const char *path, const sf_manifest *m,
                                 const sf_task_plan *plan,
                                 const sf_results_info *info,
                                 sf_results **out);

/* Opens a file read-only, with the same checks as for resuming. */
sf_status sf_results_open_read(const char *path, const sf_manifest *m,
                               const sf_task_plan *plan,
                               const sf_results_info *info, sf_results **out);

/* The checksum that ends a task-state slot, over its n other words (a
 * slot torn by a kill does not match it). */
uint64_t sf_results_slot_checksum(const uint64_t *w, size_t n);

/* Reads the newest valid state of a task (zeros if never written); `task`
 * is the row in the plan (the task id, except in a shard). */
sf_status sf_results_read_task(sf_results *r, uint32_t task,
                               sf_task_progress *p, sf_tally *tally);

/* Durably records the state of a task with its rows of /tasks and
 * /tasks_fom (the figures of merit, when the file has that dataset); when
 * it is done, also writes its SAF, uncertainty and absorbed-fraction
 * rows. */
sf_status sf_results_commit_task(sf_results *r, uint32_t task,
                                 const sf_task_progress *p,
                                 const sf_tally *tally);

/* Rewrites, from a state read back on resume, the rows a commit writes
 * beside the state slot (/tasks, /tasks_fom, and for a done task its SAF,
 * uncertainty and absorbed-fraction rows), without flushing
 * (sf_results_flush does, once for all tasks). A commit writes the slot
 * and the rows in one flush, and a kill during that flush can leave the
 * slot durable and a row not; a resumed run never commits a done task
 * again, so without this its rows would stay stale. */
sf_status sf_results_restore_rows(sf_results *r, uint32_t task,
                                  const sf_task_progress *p,
                                  const sf_tally *tally);

/* Makes everything written so far durable. */
sf_status sf_results_flush(sf_results *r);

/* Dose maps of the tasks that keep one (manifest `dose_maps:`). Their
 * merged per-voxel sums are durable like the task state: two slots per
 * task, the one of parity seq % 2 written with the task's new sequence
 * number before the task state itself. When a task is done, its map is
 * written to OUT.h5.dosemaps/task_ID.h5 (atomically), which OUT.h5 reaches
 * through the external link /dose_maps/task_ID made when OUT.h5 was
 * created; OUT.h5 itself never changes shape. */
int sf_results_has_dose(const sf_results *r, uint32_t task);
sf_status sf_results_commit_dose(sf_results *r, uint32_t task, uint64_t seq,
                                 const sf_dose_map *d);
/* Reads the map saved with sequence number seq (zeros if none). */
sf_status sf_results_read_dose(sf_results *r, uint32_t task, uint64_t seq,
                               sf_dose_map *d);
void sf_results_dose_path(const sf_results *r, uint32_t task, char *buf,
                          size_t n);
/* Writes a finished task's map (d->histories set) to its file. */
sf_status sf_results_write_dose_map(const sf_results *r, uint32_t task,
                                    const sf_phantom *ph, const sf_dose_map *d);

/* For `saffron verify`: 1 when the task's newest state slot passes its
 * checksum (or the task was never written), 0 when it was damaged. */
int sf_results_newest_slot_valid(sf_results *r, uint32_t task);

/* For `saffron verify`: compares the task's row of /tasks and (when done)
 * its SAF, uncertainty and absorbed-fraction rows, bit for bit, with what
 * the state p, tally gives. diff is "" when equal, else it names the first
 * differing dataset element and both values. */
sf_status sf_results_check_task(sf_results *r, uint32_t task,
                                const sf_task_progress *p,
                                const sf_tally *tally, char *diff, size_t n);

/* For `saffron verify`: compares /sources, /targets, /energies_MeV and the
 * masses with what the manifest and phantom give; diff as above. */
sf_status sf_results_check_dimensions(sf_results *r, char *diff, size_t n);

/* Records the end of the run ("complete" or "interrupted") and closes.
 * With run_status NULL (a file opened read-only, or a run stopped by an
 * error), closes without rewriting anything: the file stays as a kill
 * would leave it. */
sf_status sf_results_close(sf_results **r, const char *run_status);

/* Reads the progress of every task of a file (for `saffron status`):
 * *n tasks, arrays malloc'ed; also the run's start time (Unix seconds) and
 * status attribute. */
typedef struct sf_results_summary {
    uint64_t n_tasks;
    uint64_t done, running, pending;
    uint64_t histories_done, histories_planned;
    double cpu_seconds;
    double start_unix, last_update_unix;
    char status[32];
    char name[64];
} sf_results_summary;

sf_status sf_results_summarize(const char *path, sf_results_summary *s);

/* The provenance of a results file (root attributes), for merging,
 * verifying and re-running. Strings are malloc'ed ("" when absent). */
typedef struct sf_results_provenance {
    char *manifest;            /* the manifest text verbatim */
    char *manifest_file;       /* its path as given to `saffron run` */
    char *campaign, *status;
    char *saffron_version, *git_commit;
    char *phantom, *phantom_sha256, *physics_data_sha256;
    char *start_time, *end_time;  /* ISO 8601 UTC; end "-" until a clean end */
    long long shard_index, shard_count; /* count 0: a whole campaign */
    long long ranks, threads;
    long long seed, format_version;     /* -1 when absent */
} sf_results_provenance;

sf_status sf_results_provenance_read(const char *path,
                                     sf_results_provenance *p);
void sf_results_provenance_free(sf_results_provenance *p);

#endif
