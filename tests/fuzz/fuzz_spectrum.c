/* Fuzzes the energy readers. The first byte picks one: a decay spectrum
 * file (`saffron svalue --spectrum FILE`), the `saffron task --spectrum`
 * argument E1:Y1,E2:Y2,..., or an energy list (`--energies E1,E2,...`);
 * the rest is the text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/spectrum_arg.h"
#include "core/parse.h"
#include "fuzz_support.h"
#include "results/spectrum.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_silence();
    return 0;
}

static void spectrum_file(const uint8_t *data, size_t n)
{
    const char *path = fuzz_path(0, "s.txt");
    fuzz_write(path, data, n);
    sf_spectrum *s = NULL;
    if (sf_spectrum_load(path, &s) == SF_OK)
        for (size_t i = 0; i < s->n; ++i)
            if (!(s->emissions[i].yield >= 0) ||
                !(s->emissions[i].high_MeV >= s->emissions[i].low_MeV))
                abort();
    sf_spectrum_destroy(&s);
}

static void line_argument(const char *text)
{
    double *E = NULL, *Y = NULL;
    int n = 0;
    if (sf_cli_parse_lines(text, &E, &Y, &n) == SF_OK) {
        double total = 0;
        for (int i = 0; i < n; ++i) {
            if (!(E[i] > 0) || !(Y[i] >= 0) || !isfinite(E[i]) || !isfinite(Y[i]))
                abort();
            total += Y[i];
        }
        if (n < 1 || !(total > 0))
            abort();
    }
    free(E);
    free(Y);
}

static void energy_list(const char *text)
{
    double *E = NULL;
    size_t n = 0;
    if (sf_parse_double_list(text, "--energies", &E, &n) == SF_OK)
        for (size_t i = 0; i < n; ++i)
            if (!isfinite(E[i]))
                abort();
    free(E);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    if (n == 0)
        return 0;
    int mode = data[0] % 3;
    if (mode == 0) {
        spectrum_file(data + 1, n - 1);
        return 0;
    }
    char *text = fuzz_string(data + 1, n - 1);
    if (mode == 1)
        line_argument(text);
    else
        energy_list(text);
    free(text);
    return 0;
}
