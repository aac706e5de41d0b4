/* Files saffron ships beside its executable: spectra/, mappings/ and the
 * plotting scripts in scripts/. Looked up in $SAFFRON_SHARE, then in the
 * source tree the program was built from, then in the installed
 * share/saffron. */
#ifndef SF_SHARE_PATH_H
#define SF_SHARE_PATH_H

#include <stddef.h>

#include "core/error.h"

/* Full path of `relative` (e.g. "spectra/Lu-177.txt") into buf. */
sf_status sf_share_path(const char *relative, char *buf, size_t n);

#endif
