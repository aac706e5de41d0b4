#include "results/dose_image.h"

#include <stdlib.h>
#include <string.h>

void sf_dose_image_clear(sf_dose_image *d)
{
    free(d->dose_Gy);
    free(d->rel_unc);
    memset(d, 0, sizeof *d);
}
