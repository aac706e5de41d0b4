/* Drawing with gnuplot (Debian's gnuplot-nox): saffron writes the data and
 * a small file of gnuplot variables into a scratch directory, then runs
 * gnuplot on those variables and one of the scripts in scripts/
 * (plot-saf.gp, plot-slice.gp), which hold all the drawing. */
#ifndef SF_GNUPLOT_H
#define SF_GNUPLOT_H

#include <stdio.h>

#include "core/error.h"

typedef struct sf_plot_dir {
    char path[4096];
    char vars[4200];   /* path of the variables file */
    FILE *vars_file;   /* open for writing until sf_plot_run */
} sf_plot_dir;

/* Makes the scratch directory (under $TMPDIR or /tmp) and opens its
 * variables file; `datadir` is set there. */
sf_status sf_plot_dir_create(sf_plot_dir *d);

/* Removes the directory and everything in it. */
void sf_plot_dir_remove(sf_plot_dir *d);

/* Opens DIR/NAME for writing data; the caller closes it. */
FILE *sf_plot_data_file(const sf_plot_dir *d, const char *name);

/* Writes `name = "value"` to the variables file, escaped for gnuplot. */
void sf_plot_var_string(sf_plot_dir *d, const char *name, const char *value);

/* Writes an array element `name[index] = "value"`. */
void sf_plot_var_array(sf_plot_dir *d, const char *name, int index,
                       const char *value);

/* Closes the variables file and runs gnuplot on it and
 * scripts/SCRIPT; the script writes the PNG named by its `out`
 * variable. */
sf_status sf_plot_run(sf_plot_dir *d, const char *script);

#endif
