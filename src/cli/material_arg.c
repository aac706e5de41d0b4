#include "cli/material_arg.h"

#include <string.h>

#include "core/parse.h"
#include "geometry/phantom.h"

/* "PHANTOM:medium" splits at the last ':' so that "builtin:stylized:lung"
 * and "../shared/data/icrp110/AM:Liver" both work. */
sf_status sf_cli_resolve_material(const char *name, sf_material *out)
{
    const char *colon = strrchr(name, ':');
    if (!colon)
        return sf_material_builtin(name, out);

    char spec[4096];
    size_t len = (size_t)(colon - name);
    if (len == 0 || len >= sizeof spec)
        SF_FAIL(SF_ERR_VALUE, "material '%s': expected a built-in name or "
                "PHANTOM:medium", name);
    memcpy(spec, name, len);
    spec[len] = '\0';
    const char *medium = colon + 1;

    sf_phantom *ph = NULL;
    SF_TRY(sf_phantom_load(spec, &ph));
    int m = sf_phantom_find_medium(ph, medium);
    if (m < 0) {
        sf_phantom_destroy(&ph);
        SF_FAIL(SF_ERR_VALUE, "material '%s': phantom '%s' has no medium "
                "named '%s' (see 'saffron phantom info %s')", name, spec,
                medium, spec);
    }
    *out = ph->media[m];
    sf_phantom_destroy(&ph);
    return SF_OK;
}
