# SAF versus energy for `saffron plot OUT.h5 saf` (see src/cli/cmd_plot.c).
# saffron sets, in a file read before this one: out (PNG path), datadir,
# plot_title, particle, n and names[1..n] (targets), has_ref and ref_label.
# Data files in datadir: saf_K.dat (E_MeV SAF low high), ref_K.dat
# (E_MeV SAF) and ratio_K.dat (E_MeV ratio sigma).
set terminal pngcairo size 1000,760 font "sans,11" noenhanced
set output out
set logscale x
set format x "%g"
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key outside right top box opaque
set style data linespoints
set pointsize 0.9
file(kind, i) = sprintf("%s/%s_%d.dat", datadir, kind, i)

if (has_ref) {
    set multiplot title plot_title
    set lmargin at screen 0.11
    set rmargin at screen 0.70
    set tmargin at screen 0.92
    set bmargin at screen 0.40
    set logscale y
    set format y "%.0e"
    set ylabel "SAF (kg^-1)"
    set format x ""
    plot for [i=1:n] file("saf", i) using 1:2:3:4 with yerrorlines lc i pt 7 \
             title names[i], \
         for [i=1:n] file("ref", i) using 1:2 with lines lc i dt 2 lw 1.5 \
             title names[i]." (reference)"
    set tmargin at screen 0.37
    set bmargin at screen 0.10
    unset logscale y
    set format y "%.2f"
    set format x "%g"
    set xlabel sprintf("%s energy (MeV)", particle)
    set ylabel "saffron / reference"
    set key off
    plot for [i=1:n] file("ratio", i) using 1:2:3 with yerrorbars lc i pt 7 \
             notitle, \
         1 with lines lc rgb "black" dt 3 notitle
    unset multiplot
} else {
    set title plot_title
    set logscale y
    set format y "%.0e"
    set xlabel sprintf("%s energy (MeV)", particle)
    set ylabel "SAF (kg^-1)"
    set lmargin 12
    plot for [i=1:n] file("saf", i) using 1:2:3:4 with yerrorlines lc i pt 7 \
             title names[i]
}
