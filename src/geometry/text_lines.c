#include "geometry/text_lines.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

sf_status sf_text_open(const char *path, size_t max_bytes, sf_text *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    /* Size the buffer from the file when it can be known, so that a small
     * table does not cost max_bytes of memory. */
    size_t cap = max_bytes;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (unsigned long long)st.st_size < (unsigned long long)max_bytes)
        cap = (size_t)st.st_size;
    char *buf = malloc(cap + 2);
    if (!buf) {
        fclose(f);
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory reading the file", path);
    }
    size_t len = fread(buf, 1, cap + 1, f);
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        SF_FAIL(SF_ERR_IO, "%s: read error", path);
    }
    if (len > max_bytes) {
        free(buf);
        SF_FAIL(SF_ERR_FORMAT, "%s: larger than %zu bytes, expected a small "
                "text file", path, max_bytes);
    }
    if (len > cap) {
        free(buf);
        SF_FAIL(SF_ERR_IO, "%s: the file grew while being read", path);
    }
    buf[len] = '\0';
    int line = 1;
    for (size_t i = 0; i < len; ++i) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n')
            ++line;
        else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') ||
                 c == 0x7f) {
            free(buf);
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: binary byte 0x%02x, expected a "
                    "text file", path, line, c);
        }
    }
    t->buf = buf;
    t->len = len;
    return SF_OK;
}

char *sf_text_next(sf_text *t)
{
    if (!t->buf || t->pos >= t->len)
        return NULL;
    char *line = t->buf + t->pos;
    char *nl = memchr(line, '\n', t->len - t->pos);
    size_t n = nl ? (size_t)(nl - line) : t->len - t->pos;
    t->pos += n + (nl ? 1 : 0);
    line[n] = '\0';
    if (n > 0 && line[n - 1] == '\r')
        line[n - 1] = '\0';
    ++t->line_no;
    return line;
}

void sf_text_close(sf_text *t)
{
    free(t->buf);
    t->buf = NULL;
}

int sf_text_split(const char *line, int hash_comments, sf_token *tok, int max)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            ++p;
        if (!*p || (hash_comments && *p == '#'))
            break;
        sf_token t = {p, 0, 0};
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                return -1;
            t.s = p + 1;
            t.n = (size_t)(q - p - 1);
            t.quoted = 1;
            p = q + 1;
        } else {
            while (*p && !isspace((unsigned char)*p))
                ++p;
            t.n = (size_t)(p - t.s);
        }
        if (n < max)
            tok[n] = t;
        ++n;
    }
    return n;
}

int sf_token_copy(const sf_token *t, char *dst, size_t n)
{
    if (n == 0)
        return 0;
    size_t k = t->n < n - 1 ? t->n : n - 1;
    memcpy(dst, t->s, k);
    dst[k] = '\0';
    return t->n < n;
}

int sf_token_ieq(const sf_token *t, const char *s)
{
    size_t n = strlen(s);
    if (n != t->n)
        return 0;
    for (size_t i = 0; i < n; ++i)
        if (tolower((unsigned char)t->s[i]) != tolower((unsigned char)s[i]))
            return 0;
    return 1;
}

int sf_token_whole_number(const sf_token *t, long *v)
{
    char buf[16];
    if (t->n == 0 || !sf_token_copy(t, buf, sizeof buf))
        return 0;
    for (size_t i = 0; i < t->n; ++i)
        if (!isdigit((unsigned char)buf[i]))
            return 0;
    *v = strtol(buf, NULL, 10);
    return 1;
}
