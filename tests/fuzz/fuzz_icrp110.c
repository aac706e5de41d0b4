/* Fuzzes the ICRP 110 organ and media tables. Input: P_media.dat, then
 * optionally a NUL byte and P_organs.dat (else a fixed organs table). The
 * label image is fixed: 4x4x3 voxels with labels 0, 1, 2 and 141 (the end
 * slices' skin). */
#include <stdint.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    size_t media_n, organs_n;
    const uint8_t *rest;
    fuzz_split(data, n, &media_n, &rest, &organs_n);
    fuzz_write(fuzz_path(1, "P/P_media.dat"), data, media_n);
    if (rest)
        fuzz_write(fuzz_path(1, "P/P_organs.dat"), rest, organs_n);
    else
        fuzz_write(fuzz_path(1, "P/P_organs.dat"), organs, sizeof organs - 1);
    sf_phantom *ph = NULL;
    sf_phantom_load(dir, &ph);
    sf_phantom_destroy(&ph);
    return 0;
}
