#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

#define SF_ERROR_MESSAGE_MAX 1024

static _Thread_local char error_message[SF_ERROR_MESSAGE_MAX];

sf_status sf_error_set(sf_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error_message, sizeof error_message, fmt, ap);
    va_end(ap);
    /* The message is shown as one line: fold any newline a caller let in. */
    for (char *p = error_message; *p; ++p)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return code;
}

const char *sf_error_message(void) { return error_message; }

void sf_error_clear(void) { error_message[0] = '\0'; }

const char *sf_status_name(sf_status code)
{
    switch (code) {
    case SF_OK: return "ok";
    case SF_ERR_IO: return "I/O error";
    case SF_ERR_FORMAT: return "format error";
    case SF_ERR_VALUE: return "invalid value";
    case SF_ERR_NOMEM: return "out of memory";
    case SF_ERR_USAGE: return "usage error";
    case SF_ERR_STATE: return "internal error";
    case SF_ERR_MPI: return "MPI error";
    case SF_ERR_HDF5: return "HDF5 error";
    case SF_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown error";
}
