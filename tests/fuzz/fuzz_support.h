/* Shared by the libFuzzer harnesses: a scratch directory per process and
 * files written into it from the fuzzer's bytes. The readers under test
 * take paths, so each input is written to a file first. */
#ifndef SF_FUZZ_SUPPORT_H
#define SF_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/* The process's scratch directory (created on first use, removed at
 * exit). */
const char *fuzz_dir(void);

/* fuzz_dir()/name, in a static buffer per slot (0..3). */
const char *fuzz_path(int slot, const char *name);

/* Writes n bytes to path; aborts on failure (a harness bug, not a
 * finding). */
void fuzz_write(const char *path, const void *data, size_t n);

/* Splits data at its first NUL byte: *first_n bytes before it, the rest
 * after it (*rest NULL when there is no NUL). */
void fuzz_split(const uint8_t *data, size_t n, size_t *first_n,
                const uint8_t **rest, size_t *rest_n);

/* A NUL-terminated copy of data (malloc'ed). */
char *fuzz_string(const uint8_t *data, size_t n);

/* What the code under test prints on stdout goes to /dev/null (libFuzzer
 * reports on stderr). */
void fuzz_silence(void);

#endif
