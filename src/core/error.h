/* Error codes and propagation (in the manner of PETSc's error traces).
 *
 * Library code never exits: a failing function records one human-readable
 * line (naming the file, field or value and what was expected) and returns a
 * non-zero sf_status that callers pass up with SF_TRY. Only the command-line
 * front end turns an error into an exit status. The message buffer is
 * thread-local, so concurrent threads never overwrite each other's message.
 */
#ifndef SF_ERROR_H
#define SF_ERROR_H

typedef enum sf_status {
    SF_OK = 0,
    SF_ERR_IO,       /* a file could not be opened, read or written */
    SF_ERR_FORMAT,   /* input text or binary does not follow its format */
    SF_ERR_VALUE,    /* a value is out of its allowed range or inconsistent */
    SF_ERR_NOMEM,    /* allocation failed */
    SF_ERR_USAGE,    /* bad command-line usage */
    SF_ERR_STATE,    /* an invariant was broken (a bug or a corrupt file) */
    SF_ERR_MPI,      /* an MPI call failed */
    SF_ERR_HDF5,     /* an HDF5 call failed */
    SF_ERR_INTERRUPTED /* stopped by a signal; partial results are valid */
} sf_status;

/* Records the message (printf-style) for this thread and returns code.
 * The message must be one line; it is what the user sees. */
sf_status sf_error_set(sf_status code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The last message recorded on this thread ("" if none). */
const char *sf_error_message(void);

/* Short name of a status code ("I/O error", ...). */
const char *sf_status_name(sf_status code);

/* Clears the message of this thread. */
void sf_error_clear(void);

/* Record an error and return it from the current function. */
#define SF_FAIL(code, ...) return sf_error_set((code), __VA_ARGS__)

/* Evaluate an sf_status expression; on failure pass it up unchanged. */
#define SF_TRY(expr)                      \
    do {                                  \
        sf_status sf_try_status_ = (expr);\
        if (sf_try_status_ != SF_OK)      \
            return sf_try_status_;        \
    } while (0)

/* Evaluate an sf_status expression; on failure store it in `st` and jump to
 * the function's single clean-up label `fail`. */
#define SF_TRY_GOTO(st, expr)             \
    do {                                  \
        (st) = (expr);                    \
        if ((st) != SF_OK)                \
            goto fail;                    \
    } while (0)

#endif
