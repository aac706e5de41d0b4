#include "core/sha256.h"

#include <stdio.h>

#include <nettle/sha2.h>

void sf_sha256_hex(const void *data, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const unsigned char *)data);
    sha256_digest(&ctx, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; ++i)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}
