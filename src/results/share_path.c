#include "results/share_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int try_dir(const char *dir, const char *relative, char *buf, size_t n)
{
    if (!dir || !*dir)
        return 0;
    if (snprintf(buf, n, "%s/%s", dir, relative) >= (int)n)
        return 0;
    return access(buf, R_OK) == 0;
}

sf_status sf_share_path(const char *relative, char *buf, size_t n)
{
    if (try_dir(getenv("SAFFRON_SHARE"), relative, buf, n) ||
        try_dir(SAFFRON_SOURCE_SHARE_DIR, relative, buf, n) ||
        try_dir(SAFFRON_INSTALL_SHARE_DIR, relative, buf, n))
        return SF_OK;
    SF_FAIL(SF_ERR_IO, "%s: not found in $SAFFRON_SHARE, %s or %s (is saffron "
            "installed?)", relative, SAFFRON_SOURCE_SHARE_DIR,
            SAFFRON_INSTALL_SHARE_DIR);
}
