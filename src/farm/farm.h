/* The MPI task farm: one program runs a whole campaign (every source x
 * particle x energy task of a manifest), with dynamic self-scheduling of
 * chunks of histories, results written to HDF5 as they arrive, and
 * checkpoint/restart. Only this module, the chunk runner and main include
 * <mpi.h>. */
#ifndef SF_FARM_H
#define SF_FARM_H

#include <mpi.h>

#include "core/error.h"
#include "farm/shard.h"

typedef struct sf_farm_config {
    const char *manifest_path;  /* a YAML manifest, or: */
    const char *manifest_from;  /* a results file whose manifest to run */
    const char *output_path;
    sf_shard shard;             /* count 0: the whole campaign */
    int resume;                 /* continue an interrupted run */
    int threads;                /* OpenMP threads per rank */
    double progress_seconds;    /* period of rank 0's progress line */
    int rank0_computes;         /* -1: when there are at most 4 ranks */
    int quiet;                  /* no progress lines, no summary */
} sf_farm_config;

/* Outcome of a run. */
typedef enum sf_farm_outcome {
    SF_FARM_COMPLETE = 0,
    SF_FARM_INTERRUPTED = 1 /* SIGTERM/SIGINT: state saved, resumable */
} sf_farm_outcome;

/* Runs the campaign on every rank of comm (collective). On error, every
 * rank returns the same non-OK status; rank 0 has the message. */
sf_status sf_farm_run(MPI_Comm comm, const sf_farm_config *cfg,
                      sf_farm_outcome *outcome);

/* Installs the SIGTERM/SIGINT/SIGUSR1 handlers that ask the farm to stop
 * cleanly (SIGUSR1: what a batch script forwards on Slurm's --signal, since
 * srun and mpirun pass it on to every rank). */
void sf_farm_install_signal_handlers(void);

#endif
