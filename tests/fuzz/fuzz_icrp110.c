/* Fuzzes the ICRP 110 organ and media tables and the optional tissue
 * tables beside them. Input: P_media.dat, then optionally a NUL byte and
 * P_organs.dat (else a fixed organs table), then optionally a NUL byte
 * and P_spongiosa.dat, then a NUL byte and P_blood.dat (absent otherwise).
 * The label image is fixed: 4x4x3 voxels with labels 0, 1, 2 and 141 (the
 * end slices' skin). A phantom that loads must have tissue fractions in
 * range: marrow and bone fractions in [0, 1] adding up to about 1. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_support.h"
#include "geometry/phantom.h"

static const char header[] =
    "ObjectType = Image\nNDims = 3\nDimSize = 4 4 3\n"
    "ElementType = MET_USHORT\nElementSpacing = 2 2 8\n"
    "ElementByteOrderMSB = False\nElementDataFile = P.raw\n";

static const char organs[] =
    "Organs of the fuzzing phantom\r\n\r\nOrgan Organ Tissue Density\r\n"
    "ID number\r\n"
    "1     Liver                    2    1.050\r\n"
    "2     Skin                     1    1.090\r\n";

static char dir[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_silence();
    strcpy(dir, fuzz_path(0, "P"));
    if (mkdir(dir, 0755) != 0)
        abort();
    uint8_t raw[4 * 4 * 3 * 2];
    static const uint16_t labels[4] = {0, 1, 2, 141};
    for (int i = 0; i < 4 * 4 * 3; ++i) {
        raw[2 * i] = (uint8_t)(labels[i % 4] & 0xff);
        raw[2 * i + 1] = (uint8_t)(labels[i % 4] >> 8);
    }
    fuzz_write(fuzz_path(0, "P/P.raw"), raw, sizeof raw);
    fuzz_write(fuzz_path(0, "P/P.mhd"), header, sizeof header - 1);
    return 0;
}

/* The tissue table `name` from the next NUL-separated part of the input,
 * or none (removed) when the input has no such part. */
static const uint8_t *tissue_table(const char *name, const uint8_t *part,
                                   size_t n)
{
    char rel[64];
    snprintf(rel, sizeof rel, "P/P_%s.dat", name);
    if (!part) {
        remove(fuzz_path(1, rel));
        return NULL;
    }
    size_t here, next_n;
    const uint8_t *next;
    fuzz_split(part, n, &here, &next, &next_n);
    fuzz_write(fuzz_path(1, rel), part, here);
    return next;
}

static void check_fractions(const sf_phantom *ph)
{
    for (int l = 0; l < ph->n_labels; ++l) {
        const double *f = ph->regions[l].spongiosa;
        if (isnan(f[0]))
            continue;
        double sum = 0;
        for (int k = 0; k < SF_SPONGIOSA_N; ++k) {
            if (!(f[k] >= 0 && f[k] <= 1))
                abort();
            sum += f[k];
        }
        if (fabs(sum - 1) > 0.0051)
            abort();
        double b = ph->regions[l].blood_fraction;
        if (!isnan(b) && !(b >= 0 && b <= 10))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    size_t media_n, organs_n;
    const uint8_t *rest;
    fuzz_split(data, n, &media_n, &rest, &organs_n);
    fuzz_write(fuzz_path(1, "P/P_media.dat"), data, media_n);
    const uint8_t *tables = NULL;
    size_t tables_n = 0;
    if (rest) {
        size_t organs_only;
        fuzz_split(rest, organs_n, &organs_only, &tables, &tables_n);
        fuzz_write(fuzz_path(1, "P/P_organs.dat"), rest, organs_only);
    } else {
        fuzz_write(fuzz_path(1, "P/P_organs.dat"), organs, sizeof organs - 1);
    }
    const uint8_t *blood = tissue_table("spongiosa", tables, tables_n);
    size_t blood_n = blood ? tables_n - (size_t)(blood - tables) : 0;
    tissue_table("blood", blood, blood_n);
    sf_phantom *ph = NULL;
    if (sf_phantom_load(dir, &ph) == SF_OK)
        check_fractions(ph);
    sf_phantom_destroy(&ph);
    return 0;
}
