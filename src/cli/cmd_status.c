/* saffron status: progress of a campaign from its results file. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/clock.h"
#include "io/results.h"
#include "io/run_lock.h"

/* A time stamp of the file as a UTC date; "unknown" when it is not a date
 * between 1970 and 9999 (a damaged file). */
static void format_time(double unix_seconds, char *buf, size_t n)
{
    struct tm tm;
    time_t t = (time_t)(unix_seconds >= 0 && unix_seconds < 2.5e11
                            ? unix_seconds : 0);
    if (!(unix_seconds >= 0 && unix_seconds < 2.5e11) || !gmtime_r(&t, &tm))
        snprintf(buf, n, "unknown");
    else
        strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

int sf_cmd_status(int argc, char **argv)
{
    if (argc != 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("usage: saffron status OUT.h5\n\nSays how many tasks of the "
               "campaign are done, running (some chunks done) and left, and "
               "an ETA\nfrom the rate so far.\n");
        return argc == 2 ? 0 : 2;
    }
    sf_results_summary s;
    if (sf_results_summarize(argv[1], &s) != SF_OK)
        return sf_cli_fail();
    double elapsed = s.last_update_unix - s.start_unix;
    double frac = s.histories_planned ? (double)s.histories_done / (double)s.histories_planned : 1;
    double eta = (frac > 0 && frac < 1) ? elapsed * (1 - frac) / frac : (frac >= 1 ? 0 : NAN);
    char el[32], et[32];
    sf_format_duration(elapsed, el, sizeof el);
    sf_format_duration(eta, et, sizeof et);
    char when[64];
    format_time(s.last_update_unix, when, sizeof when);
    printf("campaign '%s' (%s): %llu tasks: %llu done, %llu running, %llu "
           "left\n", s.name, s.status, (unsigned long long)s.n_tasks,
           (unsigned long long)s.done, (unsigned long long)s.running,
           (unsigned long long)s.pending);
    printf("histories: %llu of %llu planned (%.1f%%), %.4g CPU-hours\n",
           (unsigned long long)s.histories_done,
           (unsigned long long)s.histories_planned, 100 * frac,
           s.cpu_seconds / 3600);
    printf("last update %s, %s after the start; ETA %s%s\n", when, el,
           strcmp(s.status, "complete") == 0 ? "0:00:00" : et,
           strcmp(s.status, "running") == 0 ? " (if still running)" : "");
    char holder[512];
    if (sf_run_lock_holder(argv[1], holder, sizeof holder))
        printf("being written by a live run: %s\n", holder);
    else if (strcmp(s.status, "running") == 0)
        printf("no live run holds it (killed?): continue it with "
               "saffron run MANIFEST -o %s --resume\n", argv[1]);
    return 0;
}
