/* Fuzzes the label-table reader (regions, media defined by 'medium'
 * lines) with a fixed 6x5x4 image holding labels 0 to 3. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "geometry/phantom.h"

static const char header[] =
    "ObjectType = Image\nNDims = 3\nDimSize = 6 5 4\n"
    "ElementType = MET_USHORT\nElementSpacing = 5 5 5\n"
    "ElementByteOrderMSB = False\nElementDataFile = img.raw\n";

static char spec[1100];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_silence();
    uint8_t raw[6 * 5 * 4 * 2];
    for (int i = 0; i < 6 * 5 * 4; ++i) {
        raw[2 * i] = (uint8_t)(i % 4);
        raw[2 * i + 1] = 0;
    }
    fuzz_write(fuzz_path(0, "img.raw"), raw, sizeof raw);
    fuzz_write(fuzz_path(0, "img.mhd"), header, sizeof header - 1);
    strcpy(spec, fuzz_path(0, "img.mhd"));
    strcat(spec, ":t.labels");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_write(fuzz_path(1, "t.labels"), data, n);
    sf_phantom *ph = NULL;
    sf_phantom_load(spec, &ph);
    sf_phantom_destroy(&ph);
    return 0;
}
