/* Command-line arguments that name regions. Most ICRP 110 region names
 * hold commas ("Kidney, left, cortex"), and a comma also joins several
 * regions in one argument ("Liver,Spleen"). An argument is read as the
 * sequence of region names its comma-separated parts spell: as a whole
 * when it is one name ("Adrenal, left"), else split where names end
 * ("Liver,Spleen", "Kidney, left, cortex,Liver"). An argument with two
 * readings (a region "A,B" beside regions "A" and "B") is an error naming
 * both; one with none is split at every comma, for the caller to report
 * the names it does not know. */
#ifndef SF_NAME_LIST_H
#define SF_NAME_LIST_H

#include <stddef.h>

#include "core/error.h"

#define SF_NAME_LIST_ITEM_MAX 96

/* Whether name names a region (a name, case-insensitive, or a label). */
typedef int (*sf_name_test)(const char *name, const void *ctx);

/* The regions arg names, into out[0..*n) (at most max), trimmed; `option`
 * names the command-line option in error lines. */
sf_status sf_name_list_read(const char *arg, const char *option,
                            sf_name_test is_name, const void *ctx,
                            char (*out)[SF_NAME_LIST_ITEM_MAX], size_t max,
                            size_t *n);

#endif
