/* Strict text-to-number conversion shared by the command line, the manifest
 * and the data readers. Every function accepts the whole string or nothing:
 * "1e6" is one million, "3.7" is not an integer, "0.01MeV" is not a number,
 * "-5" is not an unsigned count. `what` names the field in the error line. */
#ifndef SF_PARSE_H
#define SF_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* A finite double; surrounding blanks allowed, nothing else. */
sf_status sf_parse_double(const char *text, const char *what, double *out);

/* A non-negative integer count, written as an integer ("1000000") or as an
 * exact floating literal ("1e6", "2.5e3"); must be <= max. */
sf_status sf_parse_count(const char *text, const char *what, uint64_t max,
                         uint64_t *out);

/* A signed int in [lo, hi]. */
sf_status sf_parse_int(const char *text, const char *what, long lo, long hi,
                       long *out);

/* Comma-separated list of doubles ("0.01,0.1,1"); *out is malloc'ed. */
sf_status sf_parse_double_list(const char *text, const char *what,
                               double **out, size_t *n);

/* Case-insensitive ASCII string equality (region names match this way). */
int sf_strieq(const char *a, const char *b);

/* Copies src into dst (size n), trimming blanks at both ends; never
 * overflows and always terminates. */
void sf_strtrim_copy(char *dst, size_t n, const char *src);

#endif
