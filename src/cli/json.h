/* Minimal JSON writing for --json outputs (strings escaped per RFC 8259,
 * doubles printed round-trip exact). */
#ifndef SF_JSON_H
#define SF_JSON_H

#include <stddef.h>
#include <stdio.h>

void sf_json_string(FILE *out, const char *s);

/* Writes [v[0], v[stride], ...] (n values); non-finite values as null.
 * `short_form` prints %.6g instead of the exact %.17g. */
void sf_json_doubles(FILE *out, const double *v, size_t n, size_t stride,
                     int short_form);

void sf_json_double(FILE *out, double v);

#endif
