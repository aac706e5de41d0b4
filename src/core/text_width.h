/* Columns of tables printed for people: the width of a UTF-8 string in
 * characters (region names of the ICRP 110 tables are Latin-1 turned into
 * UTF-8), and padding by it, so that a long or accented name widens its
 * column instead of shifting the next one. */
#ifndef SF_TEXT_WIDTH_H
#define SF_TEXT_WIDTH_H

#include <stddef.h>
#include <stdio.h>

/* Characters of a UTF-8 string (continuation bytes not counted). */
size_t sf_text_width(const char *s);

/* Prints s left-aligned (right = 0) or right-aligned in width characters;
 * a longer s is printed whole. */
void sf_fprint_padded(FILE *f, const char *s, size_t width, int right);

/* The widest of n strings at stride bytes from `first`, and at least
 * `minimum` (a header's width). */
size_t sf_text_max_width(const char *first, size_t n, size_t stride,
                         size_t minimum);

#endif
