/* Clocks and durations for progress lines, rates and CPU accounting. */
#ifndef SF_CLOCK_H
#define SF_CLOCK_H

#include <stddef.h>

/* Monotonic wall time, seconds (for intervals). */
double sf_wall_seconds(void);

/* CPU time of the whole process (all threads), seconds. */
double sf_cpu_seconds(void);

/* Calendar time, seconds since 1970 (for provenance). */
double sf_unix_seconds(void);

/* "H:MM:SS", or "unknown" for a negative, non-finite or absurdly long
 * duration. */
void sf_format_duration(double seconds, char *buf, size_t n);

#endif
