#include "core/clock.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

static double read_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double sf_wall_seconds(void) { return read_clock(CLOCK_MONOTONIC); }
double sf_cpu_seconds(void) { return read_clock(CLOCK_PROCESS_CPUTIME_ID); }
double sf_unix_seconds(void) { return read_clock(CLOCK_REALTIME); }

void sf_format_duration(double s, char *buf, size_t n)
{
    /* Beyond a million years the duration comes from a damaged time
     * stamp, and would not fit a long. */
    if (!isfinite(s) || s < 0 || s > 3.2e13) {
        snprintf(buf, n, "unknown");
        return;
    }
    long t = (long)(s + 0.5);
    snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
}
