#include "core/csv.h"

#include <stddef.h>

int sf_csv_split(const char *line, sf_csv_field *f, int max)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        if (n == max)
            return -1;
        size_t k = 0;
        if (*p == '"') {
            for (++p;; ++p) {
                if (*p == '\0')
                    return -1;
                if (*p == '"' && p[1] != '"')
                    break;
                if (*p == '"')
                    ++p;
                if (k + 1 >= SF_CSV_FIELD_MAX)
                    return -1;
                f[n][k++] = *p;
            }
            ++p;
        } else {
            for (; *p && *p != ','; ++p) {
                if (k + 1 >= SF_CSV_FIELD_MAX)
                    return -1;
                f[n][k++] = *p;
            }
        }
        f[n++][k] = '\0';
        if (*p != ',')
            return *p ? -1 : n;
        ++p;
    }
}
