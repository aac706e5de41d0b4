/* saffron version: what a result file records as provenance. */
#include <stdio.h>

#include "cli/commands.h"
#include "physics/photon_data.h"

int sf_cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("saffron %s (git %s)\n", SAFFRON_VERSION, SAFFRON_GIT_COMMIT);
    sf_photon_data *pd = NULL;
    int only_hydrogen = 1;
    if (sf_photon_data_load(sf_photon_data_default_dir(), &only_hydrogen, 1,
                            &pd) != SF_OK)
        return sf_cli_fail();
    printf("photon data: %s (sha256 %s)\n", pd->dir, pd->checksum);
    sf_photon_data_destroy(&pd);
    return 0;
}
