/* Fuzzes the MetaImage reader. Input: the .mhd header, then optionally a
 * NUL byte and the raw voxel data (written to f.raw beside the header).
 * The label table is fixed (labels 0 to 3). Headers naming a data file
 * outside the scratch directory (any '/') are skipped, so the fuzzer does
 * not read the machine's files. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "geometry/phantom.h"

static const char table[] =
    "0 \"Outside air\" air 0.001205 outside\n"
    "1 Soft soft_tissue 1.03\n"
    "2 Liver water 1.06\n"
    "3 Bone cortical_bone 1.92\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_silence();
    fuzz_write(fuzz_path(0, "f.labels"), table, sizeof table - 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    size_t header_n, raw_n;
    const uint8_t *raw;
    fuzz_split(data, n, &header_n, &raw, &raw_n);
    if (memchr(data, '/', header_n))
        return 0;
    fuzz_write(fuzz_path(1, "f.mhd"), data, header_n);
    fuzz_write(fuzz_path(2, "f.raw"), raw ? raw : data, raw_n);
    sf_phantom *ph = NULL;
    char spec[1100];
    strcpy(spec, fuzz_path(1, "f.mhd"));
    strcat(spec, ":f.labels");
    sf_phantom_load(spec, &ph);
    sf_phantom_destroy(&ph);
    return 0;
}
