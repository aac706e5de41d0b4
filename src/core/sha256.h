/* SHA-256 of a buffer as 64 lowercase hex digits (nettle), for the
 * checksums results record as provenance. */
#ifndef SF_SHA256_H
#define SF_SHA256_H

#include <stddef.h>

void sf_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
