/* The run lock of a results file: OUT.h5.lock, held by the process that
 * writes OUT.h5 (rank 0 of `saffron run`) for the whole run.
 *
 * A second run on the same output is refused with the host and pid of the
 * live one. The lock is a POSIX record lock (fcntl) on the lock file, which
 * the kernel releases when its holder dies, so the file a killed run leaves
 * behind is stale and never blocks `--resume`; the file's text (host, pid,
 * start time) only serves to name the holder. On a file system without
 * record locks, a lock file naming a process on this host that is gone is
 * taken as stale; one naming another host is refused, with the path to
 * delete once that run is known to be over.
 */
#ifndef SF_RUN_LOCK_H
#define SF_RUN_LOCK_H

#include <stddef.h>

#include "core/error.h"

typedef struct sf_run_lock sf_run_lock;

/* Takes the lock of `output_path` (creating OUT.h5.lock) or fails, naming
 * the live holder. */
sf_status sf_run_lock_acquire(const char *output_path, sf_run_lock **out);

/* Removes the lock file and releases the lock; accepts NULL. */
void sf_run_lock_release(sf_run_lock **lock);

/* Whether a live run holds the lock of `output_path`: 1 and its holder as
 * "host HOST, pid PID" in `holder`, else 0. Never takes the lock. */
int sf_run_lock_holder(const char *output_path, char *holder, size_t n);

#endif
