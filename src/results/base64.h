/* Base64 (RFC 4648, standard alphabet, with padding): how the report
 * carries its PNG pictures inside the HTML file (data: URIs). */
#ifndef SF_BASE64_H
#define SF_BASE64_H

#include <stddef.h>

/* A malloc'ed, null-terminated string; NULL when out of memory. */
char *sf_base64_encode(const unsigned char *data, size_t n);

#endif
