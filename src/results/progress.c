#include "results/progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"

void sf_progress_format_utc(double unix_seconds, char *buf, size_t n)
{
    struct tm tm;
    int valid = unix_seconds >= 0 && unix_seconds < 2.5e11;
    time_t t = (time_t)(valid ? unix_seconds : 0);
    if (!valid || !gmtime_r(&t, &tm))
        snprintf(buf, n, "unknown");
    else
        strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

void sf_progress_of(const sf_results_summary *s, sf_progress *out)
{
    out->elapsed_s = s->last_update_unix - s->start_unix;
    out->fraction = s->histories_planned
                        ? (double)s->histories_done /
                              (double)s->histories_planned
                        : 1;
    double f = out->fraction;
    out->eta_s = (f > 0 && f < 1) ? out->elapsed_s * (1 - f) / f
                                  : (f >= 1 ? 0 : NAN);
    sf_format_duration(out->elapsed_s, out->elapsed, sizeof out->elapsed);
    /* A complete file has nothing left whatever its counters say (a
     * precision rule stops tasks before their cap). */
    if (strcmp(s->status, "complete") == 0)
        snprintf(out->eta, sizeof out->eta, "0:00:00");
    else
        sf_format_duration(out->eta_s, out->eta, sizeof out->eta);
    sf_progress_format_utc(s->last_update_unix, out->last_update,
                           sizeof out->last_update);
}
