/* saffron run: a whole campaign, usually under mpirun. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/parse.h"
#include "farm/farm.h"
#include "io/manifest.h"

/* Exit status of a run stopped by SIGTERM/SIGINT with its state saved
 * (EX_TEMPFAIL: a batch script may requeue it with --resume). */
#define SF_EXIT_INTERRUPTED 75

static void run_help(void)
{
    printf(
        "usage: [mpirun -np R] saffron run MANIFEST -o OUT.h5 [--resume] "
        "[--threads T]\n"
        "                      [--shard i/N] [--progress SECONDS] [--quiet] "
        "[--dry-run]\n"
        "       [mpirun -np R] saffron run --manifest-from RESULTS.h5 -o "
        "OUT.h5 [...]\n\n"
        "Runs every source x particle x energy task of the manifest as a task "
        "farm\n(rank 0 schedules chunks of histories and writes OUT.h5 as "
        "results arrive).\nResults are bitwise identical for any number of "
        "ranks and threads.\n"
        "  --resume        finish an interrupted run in OUT.h5 (same "
        "manifest only)\n"
        "  --shard i/N     run only shard i (0..N-1) of the campaign's tasks; "
        "'saffron merge'\n"
        "                  joins the N shard files into one results file\n"
        "  --manifest-from RESULTS.h5\n"
        "                  run the manifest recorded in a results file (to "
        "reproduce it)\n"
        "  --threads T     OpenMP threads per rank (default: "
        "$OMP_NUM_THREADS, else 1)\n"
        "  --progress S    seconds between progress lines (default 10)\n"
        "  --dry-run       print the resolved manifest and task plan, run "
        "nothing\n"
        "Exit status: 0 complete, 75 interrupted by SIGTERM/SIGINT/SIGUSR1 "
        "(resume with\n--resume), 1 error, 2 usage error.\n"
        "With Open MPI, give each rank its cores, e.g. 2 ranks x 4 threads:\n"
        "  mpirun -np 2 --bind-to none -x OMP_NUM_THREADS=4 saffron run "
        "job.yaml -o out.h5\n");
}

static int dry_run(const char *path, sf_shard shard)
{
    const sf_manifest *m = NULL;
    sf_phantom *ph = NULL;
    sf_task_plan *plan = NULL;
    int rc = 0;
    if (sf_manifest_load(path, &m) != SF_OK ||
        sf_manifest_load_phantom(m, &ph) != SF_OK ||
        sf_manifest_resolve(m, ph, &plan) != SF_OK ||
        sf_shard_select(plan, m, shard) != SF_OK) {
        rc = sf_cli_fail();
    } else {
        sf_manifest_fprint(stdout, m);
        sf_manifest_plan_fprint(stdout, m, plan);
    }
    sf_manifest_plan_destroy(&plan);
    sf_phantom_destroy(&ph);
    sf_manifest_destroy(&m);
    return rc;
}

int sf_cmd_run(int argc, char **argv)
{
    sf_farm_config cfg = {0};
    cfg.progress_seconds = 10;
    cfg.rank0_computes = -1;
    const char *threads = getenv("OMP_NUM_THREADS");
    const char *progress = NULL;
    int dry = 0;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            run_help();
            return 0;
        } else if (!strcmp(argv[i], "--resume")) {
            cfg.resume = 1;
        } else if (!strcmp(argv[i], "--quiet")) {
            cfg.quiet = 1;
        } else if (!strcmp(argv[i], "--dry-run")) {
            dry = 1;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            cfg.output_path = argv[++i];
        } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            threads = argv[++i];
        } else if (!strcmp(argv[i], "--progress") && i + 1 < argc) {
            progress = argv[++i];
        } else if (!strcmp(argv[i], "--shard") && i + 1 < argc) {
            if (sf_shard_parse(argv[++i], "--shard", &cfg.shard) != SF_OK)
                return sf_cli_usage("run", "%s", sf_error_message());
        } else if (!strcmp(argv[i], "--manifest-from") && i + 1 < argc) {
            cfg.manifest_from = argv[++i];
        } else if (argv[i][0] != '-' && !cfg.manifest_path) {
            cfg.manifest_path = argv[i];
        } else {
            return sf_cli_usage("run", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!cfg.manifest_path == !cfg.manifest_from)
        return sf_cli_usage("run", "give either a MANIFEST or --manifest-from "
                            "RESULTS.h5");
    if (dry && cfg.manifest_from)
        return sf_cli_usage("run", "--dry-run takes a MANIFEST");
    if (dry)
        return dry_run(cfg.manifest_path, cfg.shard);
    if (!cfg.output_path)
        return sf_cli_usage("run", "-o OUT.h5 is required");
    long t = 1;
    if (threads && sf_parse_int(threads, "--threads", 1, 1024, &t) != SF_OK)
        return sf_cli_fail();
    cfg.threads = (int)t;
    if (progress && sf_parse_double(progress, "--progress",
                                    &cfg.progress_seconds) != SF_OK)
        return sf_cli_fail();

    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    sf_farm_install_signal_handlers();
    sf_farm_outcome outcome;
    sf_status st = sf_farm_run(MPI_COMM_WORLD, &cfg, &outcome);
    int rc = 0;
    if (st != SF_OK)
        rc = rank == 0 ? sf_cli_fail() : 1;
    else if (outcome == SF_FARM_INTERRUPTED)
        rc = SF_EXIT_INTERRUPTED;
    MPI_Finalize();
    return rc;
}
