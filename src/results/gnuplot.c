#include "results/gnuplot.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "results/share_path.h"

sf_status sf_plot_dir_create(sf_plot_dir *d)
{
    memset(d, 0, sizeof *d);
    const char *tmp = getenv("TMPDIR");
    snprintf(d->path, sizeof d->path, "%s/saffron-plot-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(d->path))
        SF_FAIL(SF_ERR_IO, "%s: cannot make a scratch directory (%s)", d->path,
                strerror(errno));
    snprintf(d->vars, sizeof d->vars, "%s/vars.gp", d->path);
    d->vars_file = fopen(d->vars, "w");
    if (!d->vars_file) {
        sf_plot_dir_remove(d);
        SF_FAIL(SF_ERR_IO, "%s: cannot create", d->vars);
    }
    sf_plot_var_string(d, "datadir", d->path);
    return SF_OK;
}

void sf_plot_dir_remove(sf_plot_dir *d)
{
    if (d->vars_file)
        fclose(d->vars_file);
    d->vars_file = NULL;
    if (!d->path[0])
        return;
    DIR *dir = opendir(d->path);
    if (dir) {
        char file[4400];
        for (struct dirent *e; (e = readdir(dir));) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(file, sizeof file, "%s/%s", d->path, e->d_name);
            remove(file);
        }
        closedir(dir);
    }
    rmdir(d->path);
    d->path[0] = '\0';
}

FILE *sf_plot_data_file(const sf_plot_dir *d, const char *name)
{
    char file[4400];
    snprintf(file, sizeof file, "%s/%s", d->path, name);
    return fopen(file, "w");
}

static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; ++s) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
    fputc('"', f);
}

void sf_plot_var_string(sf_plot_dir *d, const char *name, const char *value)
{
    fprintf(d->vars_file, "%s = ", name);
    quoted(d->vars_file, value);
    fputc('\n', d->vars_file);
}

void sf_plot_var_array(sf_plot_dir *d, const char *name, int index,
                       const char *value)
{
    fprintf(d->vars_file, "%s[%d] = ", name, index);
    quoted(d->vars_file, value);
    fputc('\n', d->vars_file);
}

sf_status sf_plot_run(sf_plot_dir *d, const char *script)
{
    char rel[256], path[4096];
    snprintf(rel, sizeof rel, "scripts/%s", script);
    SF_TRY(sf_share_path(rel, path, sizeof path));
    int bad = ferror(d->vars_file);
    bad |= fclose(d->vars_file) != 0;
    d->vars_file = NULL;
    if (bad)
        SF_FAIL(SF_ERR_IO, "%s: write error", d->vars);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        SF_FAIL(SF_ERR_IO, "cannot start gnuplot (%s)", strerror(errno));
    if (pid == 0) {
        execlp("gnuplot", "gnuplot", d->vars, path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        SF_FAIL(SF_ERR_IO, "gnuplot not found on PATH: install it (Debian: "
                "apt-get install gnuplot-nox)");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        SF_FAIL(SF_ERR_IO, "gnuplot failed on %s (its message is above)", path);
    return SF_OK;
}
