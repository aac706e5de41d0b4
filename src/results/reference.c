#include "results/reference.h"

#include <stdio.h>
#include <string.h>

#include "results/icrp133.h"
#include "results/saf_csv.h"

sf_status sf_reference_load(const char *path, sf_saf_table **out, int *is_csv)
{
    FILE *f = fopen(path, "r");
    char line[512] = "";
    *is_csv = f && fgets(line, sizeof line, f) && strstr(line, "saf_per_kg");
    if (f)
        fclose(f);
    return *is_csv ? sf_saf_csv_read(path, out) : sf_icrp133_read(path, out);
}
