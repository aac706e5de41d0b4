#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

const char *sf_test_shared_data(void)
{
    const char *dir = getenv("SAFFRON_SHARED_DATA");
    if (!dir || !*dir)
        dir = "../shared/data/icrp110";
    struct stat st;
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/AM/AM.raw", dir);
    if (stat(probe, &st) != 0) {
        printf("SKIP: ICRP 110 phantom data not found at %s "
               "(set SAFFRON_SHARED_DATA to the icrp110 directory)\n", dir);
        return NULL;
    }
    return dir;
}

const char *sf_test_require_shared_data(void)
{
    const char *dir = sf_test_shared_data();
    if (!dir)
        exit(SF_TEST_SKIP);
    return dir;
}

const char *sf_test_source_dir(void)
{
    const char *dir = getenv("SAFFRON_SOURCE_DIR");
    return (dir && *dir) ? dir : ".";
}

const char *sf_test_tmpdir(void)
{
    static char path[256];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/saffron-test-XXXXXX");
        if (!mkdtemp(path)) {
            perror("mkdtemp");
            exit(1);
        }
    }
    return path;
}
