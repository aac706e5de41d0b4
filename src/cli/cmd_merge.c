/* saffron merge: shard files into one results file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "farm/merge.h"

static void merge_help(void)
{
    printf("usage: saffron merge -o OUT.h5 SHARD.h5...\n\n"
           "Joins the files of 'saffron run MANIFEST --shard i/N -o SHARD.h5' "
           "(all N of them,\nin any order) into one results file. The SAF "
           "tables, the task table (but for\nCPU times) and the dose maps of "
           "OUT.h5 are byte for byte those of a single run\nof the whole "
           "manifest; the figures of merit (/tasks_fom) are computed from "
           "each\ntask's tally and CPU time. Shards of different manifests, "
           "code versions,\nphysics data or phantoms, missing or unfinished "
           "shards are refused with the\nreason, and OUT.h5 is then not "
           "written.\n");
}

int sf_cmd_merge(int argc, char **argv)
{
    const char *out = NULL;
    const char **shards = calloc((size_t)argc, sizeof *shards);
    if (!shards)
        return sf_cli_usage("merge", "out of memory");
    int n = 0;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            merge_help();
            free(shards);
            return 0;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (argv[i][0] == '-') {
            free(shards);
            return sf_cli_usage("merge", "unexpected argument '%s'", argv[i]);
        } else {
            shards[n++] = argv[i];
        }
    }
    if (!out || n == 0) {
        free(shards);
        return sf_cli_usage("merge", "-o OUT.h5 and at least one shard file "
                            "are required");
    }
    uint64_t tasks = 0;
    sf_status st = sf_merge_shards(out, shards, n, &tasks);
    free(shards);
    if (st != SF_OK)
        return sf_cli_fail();
    printf("merged %d shards, %llu tasks, into %s\n", n,
           (unsigned long long)tasks, out);
    return 0;
}
