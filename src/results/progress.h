/* The progress of a campaign from its results file, as `saffron status`
 * prints it and `saffron report` shows it: time since the start, the
 * fraction of planned histories done and the time left at the rate so far
 * (an ETA that assumes every history costs the same, which is what the
 * file can tell). */
#ifndef SF_PROGRESS_H
#define SF_PROGRESS_H

#include "io/results.h"

typedef struct sf_progress {
    double elapsed_s;     /* last recorded chunk - start of the campaign */
    double fraction;      /* histories done / planned; 1 when none planned */
    double eta_s;         /* seconds left; 0 when all done; NaN: unknown */
    char elapsed[32];     /* H:MM:SS or "unknown" */
    char eta[32];         /* H:MM:SS ("0:00:00" for a complete file) */
    char last_update[64]; /* UTC date of the last recorded chunk */
} sf_progress;

void sf_progress_of(const sf_results_summary *s, sf_progress *out);

/* A Unix time as "YYYY-MM-DD HH:MM:SS UTC"; "unknown" when it is not a
 * date between 1970 and 9999 (a damaged file). */
void sf_progress_format_utc(double unix_seconds, char *buf, size_t n);

#endif
