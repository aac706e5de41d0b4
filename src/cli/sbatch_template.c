#include "cli/sbatch_template.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *sf_sbatch_template_dir(void)
{
    const char *env = getenv("SAFFRON_JOBS");
    struct stat sb;
    if (env && *env)
        return env;
    if (stat(SAFFRON_SOURCE_JOBS_DIR, &sb) == 0 && S_ISDIR(sb.st_mode))
        return SAFFRON_SOURCE_JOBS_DIR;
    return SAFFRON_INSTALL_JOBS_DIR;
}

/* Length of the line's prefix that a value of `name` replaces up to, or 0
 * when the line does not carry it. */
static size_t value_start(const char *line, const char *name)
{
    char prefix[128];
    if (name[0] == '-')
        snprintf(prefix, sizeof prefix, "#SBATCH %s=", name);
    else
        snprintf(prefix, sizeof prefix, ": \"${%s:=", name);
    size_t n = strlen(prefix);
    return strncmp(line, prefix, n) == 0 ? n : 0;
}

/* Where the old value ends: at the first blank of an #SBATCH line, at the
 * closing }" of a default. */
static const char *value_end(const char *v, const char *name)
{
    if (name[0] == '-')
        return v + strcspn(v, " \t\n");
    const char *e = strstr(v, "}\"");
    return e ? e : v + strcspn(v, "\n");
}

static sf_status check_value(const sf_sbatch_value *v)
{
    if (strpbrk(v->value, "\"$`\\\n") ||
        (v->name[0] == '-' && strpbrk(v->value, " \t")))
        SF_FAIL(SF_ERR_VALUE, "--write-sbatch: value '%s' of %s cannot be "
                "written into a batch script as it is", v->value, v->name);
    return SF_OK;
}

static sf_status fill(FILE *in, FILE *out, const char *template_path,
                      const sf_sbatch_value *values, int n, int *found)
{
    char line[4096];
    while (fgets(line, sizeof line, in)) {
        int done = 0;
        for (int i = 0; i < n && !done; ++i) {
            size_t k = value_start(line, values[i].name);
            if (!k)
                continue;
            fwrite(line, 1, k, out);
            fputs(values[i].value, out);
            fputs(value_end(line + k, values[i].name), out);
            found[i] = done = 1;
        }
        if (!done)
            fputs(line, out);
    }
    for (int i = 0; i < n; ++i)
        if (!found[i])
            SF_FAIL(SF_ERR_FORMAT, "%s: no line sets %s (a template's "
                    "'#SBATCH --OPTION=' and ': \"${VAR:=...}\"' lines must "
                    "stay)", template_path, values[i].name);
    return ferror(in) ? sf_error_set(SF_ERR_IO, "%s: read error",
                                     template_path) : SF_OK;
}

sf_status sf_sbatch_write(const char *template_path, const char *out_path,
                          const sf_sbatch_value *values, int n)
{
    for (int i = 0; i < n; ++i)
        SF_TRY(check_value(&values[i]));
    FILE *in = fopen(template_path, "r");
    if (!in)
        SF_FAIL(SF_ERR_IO, "%s: cannot open the batch template (%s)",
                template_path, strerror(errno));
    int fd = open(out_path, O_WRONLY | O_CREAT | O_EXCL, 0755);
    if (fd < 0) {
        int err = errno;
        fclose(in);
        SF_FAIL(SF_ERR_IO, "%s: cannot create (%s); it is not overwritten",
                out_path, strerror(err));
    }
    FILE *out = fdopen(fd, "w");
    int *found = calloc((size_t)n + 1, sizeof *found);
    sf_status st = out && found ? fill(in, out, template_path, values, n, found)
                                : sf_error_set(SF_ERR_NOMEM, "out of memory");
    free(found);
    fclose(in);
    if (out ? fclose(out) != 0 : close(fd) != 0)
        st = st != SF_OK ? st : sf_error_set(SF_ERR_IO, "%s: write error",
                                             out_path);
    if (st != SF_OK)
        remove(out_path);
    return st;
}
