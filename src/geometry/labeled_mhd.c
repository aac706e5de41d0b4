/* A phantom from a MetaImage label image plus its label table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geometry/phantom_internal.h"

sf_status sf_labeled_mhd_load(const char *mhd_path, const char *table_path,
                              sf_phantom **out)
{
    const char *slash = strrchr(mhd_path, '/');
    char stem[256];
    snprintf(stem, sizeof stem, "%s", slash ? slash + 1 : mhd_path);
    char *dot = strrchr(stem, '.');
    if (dot && dot != stem)
        *dot = '\0';

    sf_phantom *ph = NULL;
    sf_label_image img = {0};
    sf_status st;
    SF_TRY_GOTO(st, sf_metaimage_read(mhd_path, &img));
    SF_TRY_GOTO(st, sf_phantom_create(stem, &ph));
    sf_phantom_take_image(ph, &img);
    int max_label = 0;
    size_t n = (size_t)ph->nx * (size_t)ph->ny * (size_t)ph->nz;
    for (size_t i = 0; i < n; ++i)
        if (ph->label[i] > max_label)
            max_label = ph->label[i];
    SF_TRY_GOTO(st, sf_label_table_read(table_path, max_label, ph));
    SF_TRY_GOTO(st, sf_phantom_check_labels(ph, mhd_path, table_path));
    *out = ph;
    return SF_OK;
fail:
    free(img.label);
    sf_phantom_destroy(&ph);
    return st;
}
