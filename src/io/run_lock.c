/* The run lock of a results file (see run_lock.h). */
#include "io/run_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HOST_MAX 256
/* A lock file is replaced under us only when a run ends between our open
 * and our lock; a few tries are plenty. */
#define ACQUIRE_TRIES 8

struct sf_run_lock {
    int fd;
    char path[4096];
};

typedef struct holder_info {
    char host[HOST_MAX];
    long pid;
    char since[64];
} holder_info;

static int lock_path(const char *output_path, char *buf, size_t n)
{
    int k = snprintf(buf, n, "%s.lock", output_path);
    return k > 0 && (size_t)k < n;
}

static void this_host(char *buf, size_t n)
{
    if (gethostname(buf, n) != 0 || !buf[0])
        snprintf(buf, n, "unknown");
    buf[n - 1] = '\0';
}

/* The lock file's text: "host HOST pid PID since ISO-TIME". */
static int read_holder(int fd, holder_info *h)
{
    char text[512];
    ssize_t k = pread(fd, text, sizeof text - 1, 0);
    text[k > 0 ? k : 0] = '\0';
    memset(h, 0, sizeof *h);
    h->pid = -1;
    if (sscanf(text, "host %255s pid %ld since %63s", h->host, &h->pid,
               h->since) < 2)
        return -1;
    return 0;
}

static int write_holder(int fd)
{
    char host[HOST_MAX], when[64], text[512];
    this_host(host, sizeof host);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int n = snprintf(text, sizeof text, "host %s pid %ld since %s\n", host,
                     (long)getpid(), when);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)n, 0) != n)
        return -1;
    return 0;
}

static void describe(const holder_info *h, char *buf, size_t n)
{
    if (h->host[0])
        snprintf(buf, n, "host %s, pid %ld%s%s", h->host, h->pid,
                 h->since[0] ? ", since " : "", h->since);
    else
        snprintf(buf, n, "host ?, pid %ld", h->pid);
}

/* Whether F_SETLK failed because the file system has no record locks
 * (rather than because another process holds the lock). */
static int no_record_locks(int err)
{
    return err == ENOLCK || err == EOPNOTSUPP || err == ENOSYS ||
           err == EINVAL;
}

/* Without record locks: is the run the lock file names still alive? Only
 * a process on this host can be checked; another host's run counts as
 * alive. */
static int holder_alive(const holder_info *h, int *other_host)
{
    char host[HOST_MAX];
    this_host(host, sizeof host);
    *other_host = strcmp(h->host, host) != 0;
    if (*other_host)
        return 1;
    return h->pid > 0 && (kill((pid_t)h->pid, 0) == 0 || errno == EPERM);
}

static sf_status refuse(const char *output_path, const char *lock,
                        const holder_info *h, int other_host)
{
    char who[512];
    describe(h, who, sizeof who);
    if (other_host)
        SF_FAIL(SF_ERR_STATE, "%s: another saffron run may be writing it "
                "(%s; %s has no record locks to check it from here); if that "
                "run is over, delete %s and run again", output_path, who,
                lock, lock);
    SF_FAIL(SF_ERR_STATE, "%s: another saffron run is writing it (%s); let it "
            "finish or stop it before running again (lock %s)", output_path,
            who, lock);
}

/* One attempt on an open lock file: 0 when taken, 1 when a live run holds
 * it (error recorded), -1 on another error (recorded). */
static int try_lock(int fd, const char *output_path, const char *lock,
                    sf_status *st)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) == 0)
        return 0;
    int err = errno;
    holder_info h;
    if (err == EACCES || err == EAGAIN) {
        if (read_holder(fd, &h) != 0 && fcntl(fd, F_GETLK, &fl) == 0)
            h.pid = fl.l_pid; /* the holder has not written its name yet */
        *st = refuse(output_path, lock, &h, 0);
        return 1;
    }
    if (!no_record_locks(err)) {
        *st = sf_error_set(SF_ERR_IO, "%s: cannot lock (%s)", lock,
                           strerror(err));
        return -1;
    }
    int other_host = 0;
    if (read_holder(fd, &h) == 0 && holder_alive(&h, &other_host)) {
        *st = refuse(output_path, lock, &h, other_host);
        return 1;
    }
    return 0;
}

static int same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

sf_status sf_run_lock_acquire(const char *output_path, sf_run_lock **out)
{
    *out = NULL;
    sf_run_lock *l = calloc(1, sizeof *l);
    if (!l)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", output_path);
    if (!lock_path(output_path, l->path, sizeof l->path)) {
        free(l);
        SF_FAIL(SF_ERR_VALUE, "%s: path too long", output_path);
    }
    sf_status st = SF_OK;
    for (int attempt = 0; attempt < ACQUIRE_TRIES; ++attempt) {
        int fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            st = sf_error_set(SF_ERR_IO, "%s: cannot create the run lock (%s)",
                              l->path, strerror(errno));
            break;
        }
        if (try_lock(fd, output_path, l->path, &st) != 0) {
            close(fd);
            break;
        }
        /* A run that ended between our open and our lock removed the file
         * we locked: lock the path's current file instead. */
        if (!same_file(fd, l->path)) {
            close(fd);
            continue;
        }
        if (write_holder(fd) != 0) {
            st = sf_error_set(SF_ERR_IO, "%s: cannot write the run lock (%s)",
                              l->path, strerror(errno));
            unlink(l->path);
            close(fd);
            break;
        }
        l->fd = fd;
        *out = l;
        return SF_OK;
    }
    free(l);
    if (st == SF_OK)
        st = sf_error_set(SF_ERR_STATE, "%s: the run lock keeps changing; "
                          "is another run starting?", output_path);
    return st;
}

void sf_run_lock_release(sf_run_lock **pl)
{
    if (!pl || !*pl)
        return;
    sf_run_lock *l = *pl;
    /* Unlinked while still locked, so no other run can lock this file
     * after us and believe it holds the path's lock. */
    if (same_file(l->fd, l->path))
        unlink(l->path);
    close(l->fd);
    free(l);
    *pl = NULL;
}

int sf_run_lock_holder(const char *output_path, char *holder, size_t n)
{
    char path[4096];
    if (n > 0)
        holder[0] = '\0';
    if (!lock_path(output_path, path, sizeof path))
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    holder_info h;
    int live = 0, other_host = 0;
    if (fcntl(fd, F_GETLK, &fl) == 0) {
        live = fl.l_type != F_UNLCK;
        if (live && read_holder(fd, &h) != 0)
            h.pid = fl.l_pid;
    } else {
        live = read_holder(fd, &h) == 0 && holder_alive(&h, &other_host);
    }
    close(fd);
    if (live)
        describe(&h, holder, n);
    return live;
}
