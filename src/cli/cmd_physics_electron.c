/* saffron physics electron: stopping powers, CSDA range and radiation yield
 * of electrons (or positrons) in a material, from the electron data tables
 * built at start-up (src/physics/electron_data.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/json.h"
#include "cli/material_arg.h"
#include "core/parse.h"
#include "physics/electron_data.h"
#include "physics/material.h"


#define COMMAND "physics electron"

/* Columns printed, in order, with their JSON keys. */
static const sf_electron_quantity columns[] = {
    SF_EQ_COLLISION, SF_EQ_RADIATIVE, SF_EQ_TOTAL, SF_EQ_CSDA_RANGE,
    SF_EQ_RADIATION_YIELD};
static const char *const json_keys[] = {
    "collision", "radiative", "total", "csda_range_g_cm2", "radiation_yield"};
#define N_COLUMNS (sizeof columns / sizeof columns[0])

static void electron_help(void)
{
    printf("usage: saffron physics electron --material NAME --energies "
           "E1,E2,... [--positron] [--json]\n\n"
           "Collision, radiative and total stopping powers (MeV cm2/g), CSDA "
           "range (g/cm2)\nand radiation yield of electrons (or positrons "
           "with --positron) at kinetic\nenergies in MeV (%g to %g), computed "
           "from ICRU 37 formulas (see\ndocs/electron-physics.md).\n"
           "NAME is a built-in material (water, soft_tissue, cortical_bone, "
           "lung, air)\nor PHANTOM:medium, e.g. builtin:stylized:lung or "
           "../shared/data/icrp110/AM:Liver.\n",
           SF_ELECTRON_E_MIN_MEV, SF_ELECTRON_E_MAX_MEV);
}

static void print_table(const sf_electron_data *d, sf_electron_particle p,
                        const double *E, size_t n)
{
    printf("# %s %s, density %g g/cm3, I = %.4g eV (%s), density effect: "
           "%s\n", p == SF_POSITRON ? "positrons in" : "electrons in",
           d->material, d->density_g_cm3, d->collision.I_MeV * 1e6,
           d->collision.I_source,
           d->collision.density_effect.fitted
               ? "Sternheimer-Berger-Seltzer 1984 fit"
               : "Sternheimer-Peierls general formula");
    printf("# stopping powers in MeV cm2/g, CSDA range in g/cm2\n");
    printf("%12s %12s %12s %12s %12s %12s\n", "E_MeV", "collision",
           "radiative", "total", "csda_range", "rad_yield");
    for (size_t i = 0; i < n; ++i) {
        printf("%12.5g", E[i]);
        for (size_t c = 0; c < N_COLUMNS; ++c)
            printf(" %12.5e", sf_electron_data_lookup(d, p, columns[c], E[i]));
        printf("\n");
    }
}

static void print_json(const sf_electron_data *d, sf_electron_particle p,
                       const double *E, double *buf, size_t n)
{
    printf("{\"material\": ");
    sf_json_string(stdout, d->material);
    printf(", \"energies_MeV\": ");
    sf_json_doubles(stdout, E, n, 1, 0);
    for (size_t c = 0; c < N_COLUMNS; ++c) {
        for (size_t i = 0; i < n; ++i)
            buf[i] = sf_electron_data_lookup(d, p, columns[c], E[i]);
        printf(", \"%s\": ", json_keys[c]);
        sf_json_doubles(stdout, buf, n, 1, 0);
    }
    printf("}\n");
}

static int check_energies(const double *E, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        if (!(E[i] >= SF_ELECTRON_E_MIN_MEV && E[i] <= SF_ELECTRON_E_MAX_MEV)) {
            sf_error_set(SF_ERR_VALUE, "--energies: %g MeV is outside the "
                         "electron data range %g to %g MeV", E[i],
                         SF_ELECTRON_E_MIN_MEV, SF_ELECTRON_E_MAX_MEV);
            return 0;
        }
    return 1;
}

int sf_cmd_physics_electron(int argc, char **argv)
{
    const char *material = NULL, *energies = NULL;
    int json = 0;
    sf_electron_particle particle = SF_ELECTRON;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            electron_help();
            return 0;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--positron")) {
            particle = SF_POSITRON;
        } else if (!strcmp(argv[i], "--material") && i + 1 < argc) {
            material = argv[++i];
        } else if (!strcmp(argv[i], "--energies") && i + 1 < argc) {
            energies = argv[++i];
        } else {
            return sf_cli_usage(COMMAND, "unexpected argument '%s'", argv[i]);
        }
    }
    if (!material || !energies)
        return sf_cli_usage(COMMAND, "--material and --energies are required");

    double *E = NULL, *buf = NULL;
    size_t n = 0;
    if (sf_parse_double_list(energies, "--energies", &E, &n) != SF_OK)
        return sf_cli_fail();
    sf_material m;
    sf_electron_data *d = NULL;
    int rc = 0;
    if (!check_energies(E, n) || sf_cli_resolve_material(material, &m) != SF_OK ||
        sf_electron_data_build(&m, m.density_g_cm3, NULL, &d) != SF_OK) {
        rc = sf_cli_fail();
    } else if (!(buf = malloc(n * sizeof *buf))) {
        sf_error_set(SF_ERR_NOMEM, "out of memory");
        rc = sf_cli_fail();
    } else if (json) {
        print_json(d, particle, E, buf, n);
    } else {
        print_table(d, particle, E, n);
    }
    sf_electron_data_destroy(&d);
    free(buf);
    free(E);
    return rc;
}
