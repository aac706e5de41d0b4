/* Batch scripts from the templates in jobs/ (`saffron plan --write-sbatch`):
 * the template's marked values replaced, everything else kept, so that the
 * written script is the maintained one with the sizes of a plan. */
#ifndef SF_SBATCH_TEMPLATE_H
#define SF_SBATCH_TEMPLATE_H

#include "core/error.h"

/* One value to set: `#SBATCH --NAME=value` when name starts with "--",
 * else the default of `: "${NAME:=value}"`. */
typedef struct sf_sbatch_value {
    const char *name;
    const char *value;
} sf_sbatch_value;

/* The directory of the templates: $SAFFRON_JOBS, the source tree's jobs/,
 * or the installed share/saffron/jobs. */
const char *sf_sbatch_template_dir(void);

/* Writes `out_path` (refusing to overwrite, mode 0755) from the template
 * file, with every value set; a value whose line the template lacks, or
 * that a shell would not take literally inside double quotes, is an
 * error. */
sf_status sf_sbatch_write(const char *template_path, const char *out_path,
                          const sf_sbatch_value *values, int n);

#endif
