/* saffron verify: is a results file what its manifest gives? */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/parse.h"
#include "farm/verify.h"

static void verify_help(void)
{
    printf("usage: saffron verify OUT.h5 [--tasks K] [--threads T]\n\n"
           "Checks that every task's rows of /tasks, /tasks_fom and of the "
           "SAF tables are\nexactly what its stored integer tally and CPU "
           "time give (naming any edited or\ndamaged element), then runs K "
           "tasks again (default 3, spread evenly over the\ndone tasks) "
           "from the manifest stored in OUT.h5 and says for each whether "
           "the\nresult is bitwise identical. Differences of code version, "
           "physics data or\nphantom between the file and this program are "
           "named.\n"
           "Exit status: 0 all consistent and identical, 1 a difference or "
           "an error,\n2 usage error.\n");
}

int sf_cmd_verify(int argc, char **argv)
{
    const char *path = NULL, *tasks = "3";
    const char *threads = getenv("OMP_NUM_THREADS");
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            verify_help();
            return 0;
        } else if (!strcmp(argv[i], "--tasks") && i + 1 < argc) {
            tasks = argv[++i];
        } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            threads = argv[++i];
        } else if (argv[i][0] != '-' && !path) {
            path = argv[i];
        } else {
            return sf_cli_usage("verify", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!path)
        return sf_cli_usage("verify", "a results file OUT.h5 is required");
    long k = 3, t = 1;
    if (sf_parse_int(tasks, "--tasks", 0, 1000000, &k) != SF_OK ||
        (threads && sf_parse_int(threads, "--threads", 1, 1024, &t) != SF_OK))
        return sf_cli_fail();
    sf_verify_outcome res;
    if (sf_verify_file(path, (int)k, (int)t, stdout, &res) != SF_OK)
        return sf_cli_fail();
    int ok = res.inconsistent == 0 && res.identical == res.rerun;
    printf("verify: %s: %s; %d of %d re-run tasks bitwise identical\n", path,
           res.inconsistent ? "INCONSISTENT datasets" : "datasets consistent",
           res.identical, res.rerun);
    return ok ? 0 : 1;
}
