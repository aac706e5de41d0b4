# Dose-map slice for `saffron plot OUT.h5 slice` (see src/results/
# slice_plot.c). saffron sets: out, datadir, plot_title, hname, vname, the
# plane's ranges hmin hmax vmin vmax (cm) and flip_v. Data files:
# slice.dat (h v dose, blank line between rows; NaN where no dose) and
# outline.dat (h v dh dv segments between regions).
set terminal pngcairo size 900,900 font "sans,11" noenhanced
set output out
set title plot_title
set size ratio -1
set xlabel sprintf("%s (cm)", hname)
set ylabel sprintf("%s (cm)", vname)
set xrange [hmin:hmax]
if (flip_v) { set yrange [vmax:vmin] } else { set yrange [vmin:vmax] }
set logscale cb
set format cb "%.0e"
set cblabel "Dose (Gy per emitted particle)"
set palette defined (0 "#000004", 1 "#51127c", 2 "#b73779", 3 "#fc8961", 4 "#fcfdbf")
set object 1 rectangle from graph 0,0 to graph 1,1 behind fc rgb "#f4f4f4" fs solid noborder
plot datadir."/slice.dat" using 1:2:3 with image notitle, \
     datadir."/outline.dat" using 1:2:3:4 with vectors nohead lc rgb "#1f77b4" lw 0.6 notitle
