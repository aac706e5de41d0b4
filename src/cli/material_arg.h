/* Resolves a material named on the command line: a built-in name ("water")
 * or "PHANTOM:medium" (a medium of a phantom, e.g.
 * "../shared/data/icrp110/AM:Liver" or "builtin:stylized:lung"). */
#ifndef SF_MATERIAL_ARG_H
#define SF_MATERIAL_ARG_H

#include "core/error.h"
#include "physics/material.h"

sf_status sf_cli_resolve_material(const char *name, sf_material *out);

#endif
