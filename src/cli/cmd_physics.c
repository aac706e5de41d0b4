/* saffron physics mu: mass attenuation coefficients of a material. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/json.h"
#include "cli/material_arg.h"
#include "core/parse.h"
#include "physics/material.h"
#include "physics/photon_data.h"

static const char *const json_process_keys[SF_NPROC] = {
    "photoelectric_cm2_g", "incoherent_cm2_g", "coherent_cm2_g",
    "pair_nuclear_cm2_g", "pair_electron_cm2_g"};

static void mu_help(void)
{
    printf("usage: saffron physics mu --material NAME --energies E1,E2,... "
           "[--json]\n\n"
           "Mass attenuation coefficients (cm2/g), total with coherent "
           "scattering and per\nprocess, at energies in MeV (%g to %g).\n"
           "NAME is a built-in material (water, soft_tissue, cortical_bone, "
           "lung, air)\nor PHANTOM:medium, e.g. builtin:stylized:lung or "
           "../shared/data/icrp110/AM:Liver.\n",
           SF_PHOTON_E_MIN_MEV, SF_PHOTON_E_MAX_MEV);
}

static void print_table(const sf_material *m, const double *E,
                        const sf_mu_rho *mu, size_t n)
{
    printf("# %s, density %g g/cm3: mass attenuation coefficients, cm2/g\n",
           m->name, m->density_g_cm3);
    printf("%12s %12s %12s %12s %12s %12s %12s\n", "E_MeV", "total",
           "photoelec", "incoherent", "coherent", "pair_nuc", "pair_el");
    for (size_t i = 0; i < n; ++i) {
        printf("%12.5g %12.5e", E[i], mu[i].total_cm2_g);
        for (int p = 0; p < SF_NPROC; ++p)
            printf(" %12.5e", mu[i].process_cm2_g[p]);
        printf("\n");
    }
}

static void print_json(const sf_material *m, const double *E,
                       const sf_mu_rho *mu, size_t n)
{
    printf("{\"material\": ");
    sf_json_string(stdout, m->name);
    printf(", \"density_g_cm3\": %.17g, \"energies_MeV\": ", m->density_g_cm3);
    sf_json_doubles(stdout, E, n, 1, 0);
    printf(", \"total_cm2_g\": ");
    sf_json_doubles(stdout, &mu[0].total_cm2_g, n,
                    sizeof *mu / sizeof(double), 0);
    for (int p = 0; p < SF_NPROC; ++p) {
        printf(", \"%s\": ", json_process_keys[p]);
        sf_json_doubles(stdout, &mu[0].process_cm2_g[p], n,
                        sizeof *mu / sizeof(double), 0);
    }
    printf("}\n");
}

int sf_cmd_physics_mu(int argc, char **argv)
{
    const char *material = NULL, *energies = NULL;
    int json = 0;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            mu_help();
            return 0;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--material") && i + 1 < argc) {
            material = argv[++i];
        } else if (!strcmp(argv[i], "--energies") && i + 1 < argc) {
            energies = argv[++i];
        } else {
            return sf_cli_usage("physics mu", "unexpected argument '%s'",
                                argv[i]);
        }
    }
    if (!material || !energies)
        return sf_cli_usage("physics mu", "--material and --energies are "
                            "required");

    double *E = NULL;
    size_t n = 0;
    if (sf_parse_double_list(energies, "--energies", &E, &n) != SF_OK)
        return sf_cli_fail();
    for (size_t i = 0; i < n; ++i)
        if (!(E[i] >= SF_PHOTON_E_MIN_MEV && E[i] <= SF_PHOTON_E_MAX_MEV)) {
            sf_error_set(SF_ERR_VALUE, "--energies: %g MeV is outside the "
                         "photon data range %g to %g MeV", E[i],
                         SF_PHOTON_E_MIN_MEV, SF_PHOTON_E_MAX_MEV);
            free(E);
            return sf_cli_fail();
        }

    sf_material m;
    sf_photon_data *pd = NULL;
    sf_mu_rho *mu = calloc(n, sizeof *mu);
    int rc = 0;
    if (!mu || sf_cli_resolve_material(material, &m) != SF_OK ||
        sf_photon_data_load(sf_photon_data_default_dir(), m.Z, m.n_elements,
                            &pd) != SF_OK) {
        if (!mu)
            sf_error_set(SF_ERR_NOMEM, "out of memory");
        rc = sf_cli_fail();
    } else {
        for (size_t i = 0; i < n; ++i)
            sf_material_mu_rho(pd, &m, E[i], &mu[i]);
        if (json)
            print_json(&m, E, mu, n);
        else
            print_table(&m, E, mu, n);
    }
    sf_photon_data_destroy(&pd);
    free(mu);
    free(E);
    return rc;
}

int sf_cmd_physics(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("usage: saffron physics mu --material NAME --energies E1,... "
               "[--json]\n"
               "       saffron physics electron --material NAME --energies "
               "E1,... [--json]\n");
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "mu"))
        return sf_cmd_physics_mu(argc - 1, argv + 1);
    if (!strcmp(argv[1], "electron"))
        return sf_cmd_physics_electron(argc - 1, argv + 1);
    return sf_cli_usage("physics", "unknown query '%s' (expected mu or "
                        "electron)",
                        argv[1]);
}
