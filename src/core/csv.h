/* Splitting one line of RFC 4180 CSV (fields separated by ',', optionally
 * in double quotes, "" for a quote inside them), for the CSV readers. */
#ifndef SF_CSV_H
#define SF_CSV_H

#define SF_CSV_FIELD_MAX 256

typedef char sf_csv_field[SF_CSV_FIELD_MAX];

/* Splits `line` into at most max fields; returns their number, or -1 when
 * a quote is not closed, a field is too long or there are more than max. */
int sf_csv_split(const char *line, sf_csv_field *f, int max);

#endif
