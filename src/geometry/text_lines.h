/* Line-by-line reading of small text tables (ICRP 110 .dat files, MetaImage
 * headers, label tables). Internal to src/geometry. */
#ifndef SF_TEXT_LINES_H
#define SF_TEXT_LINES_H

#include <stddef.h>

#include "core/error.h"

typedef struct sf_text {
    char path[4096];
    char *buf;      /* whole file, NUL-terminated; lines are cut in place */
    size_t len;
    size_t pos;
    int line_no;    /* 1-based number of the line last returned */
} sf_text;

/* Reads the whole file (at most max_bytes). A NUL byte or another control
 * character (other than tab, CR, LF, FF) marks the file as binary: that is
 * reported as a format error naming the line, since such a file is almost
 * always a wrong path rather than a table. */
sf_status sf_text_open(const char *path, size_t max_bytes, sf_text *t);

/* Next line without its CR/LF, or NULL at the end. */
char *sf_text_next(sf_text *t);

void sf_text_close(sf_text *t);

/* A token of a line: start and length inside the line. */
typedef struct sf_token {
    const char *s;
    size_t n;
    int quoted;     /* was written in double quotes (s excludes them) */
} sf_token;

/* Splits at blanks; "double quoted" tokens may contain blanks. Returns the
 * number of tokens (at most max are stored, the count may exceed max), or
 * -1 for an unterminated quote. A '#' outside quotes starts a comment when
 * hash_comments is set. */
int sf_text_split(const char *line, int hash_comments, sf_token *tok, int max);

/* Copies a token into dst (size n), always terminated; returns 0 if it did
 * not fit. */
int sf_token_copy(const sf_token *t, char *dst, size_t n);

/* 1 when the token is a whole number written with digits only (at most 15
 * of them), stored in *v; else 0. */
int sf_token_whole_number(const sf_token *t, long *v);

/* Token equality with a C string, ASCII case-insensitive. */
int sf_token_ieq(const sf_token *t, const char *s);

#endif
