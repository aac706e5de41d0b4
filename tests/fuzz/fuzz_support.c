#include "fuzz_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static void remove_dir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", dir);
}

const char *fuzz_dir(void)
{
    if (!dir[0]) {
        /* Memory-backed when possible: every input is written to a file. */
        const char *tmp = getenv("TMPDIR");
        if (!tmp || !*tmp)
            tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof dir, "%s/saffron-fuzz-XXXXXX", tmp);
        if (!mkdtemp(dir))
            abort();
        atexit(remove_dir);
    }
    return dir;
}

const char *fuzz_path(int slot, const char *name)
{
    static char paths[4][512];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", fuzz_dir(), name);
    return paths[slot];
}

void fuzz_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n > 0 && fwrite(data, 1, n, f) != n) || fclose(f) != 0)
        abort();
}

void fuzz_split(const uint8_t *data, size_t n, size_t *first_n,
                const uint8_t **rest, size_t *rest_n)
{
    const uint8_t *nul = memchr(data, 0, n);
    *first_n = nul ? (size_t)(nul - data) : n;
    *rest = nul ? nul + 1 : NULL;
    *rest_n = nul ? n - *first_n - 1 : 0;
}

char *fuzz_string(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

void fuzz_silence(void)
{
    if (!freopen("/dev/null", "w", stdout))
        abort();
}
