#!/usr/bin/env python3
"""The record layout of the published ICRP Publication 133 SAF files
(rcp-am_photon_2016-08-12.SAF and its siblings), written from the published
rules and independently of saffron's writer, for the tests:

  icrp133_layout.py generate OUT.SAF [--sources N] [--targets N] [--particle P]
      writes a file of the ICRP 133 shape (by default 43 targets x 79
      sources, the published names and order, 28 columns) with made-up,
      reproducible values: self-irradiation pairs 1/M at E -> 0, cross-fire
      pairs zero below an energy that depends on the pair;
  icrp133_layout.py check FILE [--sources A,B,...] [--targets A,B,...]
      checks a file column by column against the rules (record lengths, LF
      line ends, header texts in their columns, fields, Ecutoff and ID),
      and, when given, the order of the sources and targets.

Rules (1-based columns, n energy columns plus the 0.0 one, record length
L = 22 + 10 (n + 1) + 13, 315 for the 27 energies of ICRP 133):
  record 1  title from column 1, date YYYY-MM-DD ending in column L;
  record 2  phantom from column 1, '|' in column L;
  record 3  particle word (Photons, Electrons) from column 1, '|' in L;
  record 4  I4 targets, I4 sources; '0.0' in columns 26-28; the i-th title
            (i >= 2) right-aligned to end in column 20 + 10 i; 'Ecutoff' in
            columns L-11..L-5; 'ID|' in L-2..L;
  record 5  dashes, '|' in column L;
  data      target A10, '<-', source A10, n + 1 fields of 10 columns (a
            blank, then 9.999E-99 or '0.0' left-aligned), Ecutoff F8.3 (the
            energy of the first non-zero field, 0.000 for the 0.0 one), ID I5
            (its 1-based index; 0 when all are zero).
"""
import re
import sys

ENERGIES = [0.001, 0.005, 0.010, 0.015, 0.020, 0.030, 0.040, 0.050, 0.060,
            0.080, 0.100, 0.150, 0.200, 0.300, 0.400, 0.500, 0.600, 0.800,
            1.000, 1.500, 2.000, 3.000, 4.000, 5.000, 6.000, 8.000, 10.000]

# Names and order of sregions_2016-08-12.NDX and torgans_2016-08-12.NDX.
SOURCES = """O-cavity O-mucosa Teeth-S Teeth-V Tongue Tonsils Oesophag-s Oesophag-f
Oesophag-w St-cont St-mucosa St-wall SI-cont SI-mucosa SI-wall SI-villi RC-cont
RC-mucosa RC-wall LC-cont LC-mucosa LC-wall RS-cont RS-mucosa RS-wall ET1-sur
ET2-sur ET2-bnd ET2-seq LN-ET Bronchi Bronchi-b Bronchi-q Brchiole Brchiole-b
Brchiole-q ALV LN-Th Lungs Adrenals Blood C-bone-S C-bone-V T-bone-S T-bone-V
C-marrow T-marrow R-marrow Y-marrow Brain Breast Eye-lens GB-wall GB-cont
Ht-wall Kidneys Liver LN-Sys Ovaries Pancreas P-gland Prostate S-glands Skin
Spleen Testes Thymus Thyroid Ureters UB-wall UB-cont Uterus Adipose Cartilage
Muscle ET1-wall ET2-wall Lung-Tis RT-air""".split()
TARGETS = """O-mucosa Oesophagus St-stem SI-stem RC-stem LC-stem RS-stem ET1-bas
ET2-bas LN-ET Bronch-bas Bronch-sec Bchiol-sec AI LN-Th R-marrow Endost-BS Brain
Eye-lens P-gland Tongue Tonsils S-glands Thyroid Breast Thymus Ht-wall Adrenals
Liver Pancreas Kidneys Spleen GB-wall Ureters UB-wall Ovaries Testes Prostate
Uterus LN-Sys Skin Adipose Muscle""".split()
assert len(SOURCES) == 79 and len(TARGETS) == 43

WORDS = {"photon": "Photons", "electron": "Electrons"}


def place(rec, col, text):
    """Puts text at 1-based column col of the record (a list of chars)."""
    for i, c in enumerate(text):
        rec[col - 1 + i] = c


def field(v):
    return " 0.0      " if v == 0 else " %.3E" % v


def header(n_t, n_s, word, energies):
    length = 22 + 10 * (len(energies) + 1) + 13
    recs = []
    r = [" "] * length
    place(r, 1, "Specific absorbed fractions of energy (1/kg)")
    place(r, length - 9, "2016-08-12")
    recs.append(r)
    r = [" "] * length
    place(r, 1, "Adult Male Reference Computational Phantom")
    place(r, length, "|")
    recs.append(r)
    r = [" "] * length
    place(r, 1, word)
    place(r, length, "|")
    recs.append(r)
    r = [" "] * length
    place(r, 1, "%4d%4d" % (n_t, n_s))
    place(r, 26, "0.0")
    for i, e in enumerate(energies, start=2):
        t = "%.3f" % e
        place(r, 20 + 10 * i - len(t) + 1, t)
    place(r, length - 11, "Ecutoff")
    place(r, length - 2, "ID|")
    recs.append(r)
    recs.append(list("-" * (length - 1) + "|"))
    return ["".join(r) for r in recs]


def generate(path, n_s, n_t, particle):
    sources, targets = SOURCES[:n_s], TARGETS[:n_t]
    lines = header(n_t, n_s, WORDS[particle], ENERGIES)
    for j, s in enumerate(sources):
        for i, t in enumerate(targets):
            mass = 0.05 + 0.01 * ((7 * i + 3) % 23)
            self_pair = s == t
            first = 0 if self_pair else 1 + (i + 2 * j) % 9
            vals = [1.0 / mass if self_pair else 0.0]
            for k, e in enumerate(ENERGIES):
                if not self_pair and k < first:
                    vals.append(0.0)
                else:
                    vals.append((1.0 + 0.1 * ((i * 31 + j * 17 + k) % 13)) *
                                (1.0 / mass if self_pair else 1e-3 / (1 + k)))
            idx = next((k for k, v in enumerate(vals) if v > 0), None)
            ecut = 0.0 if idx in (None, 0) else ENERGIES[idx - 1]
            ident = 0 if idx is None else idx + 1
            rec = "%-10s<-%-10s" % (t, s) + "".join(field(v) for v in vals)
            rec += "%8.3f%5d" % (ecut, ident)
            lines.append(rec)
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def fail(path, rec, msg):
    sys.exit("%s: record %d: %s" % (path, rec, msg))


VALUE = re.compile(r"^ (0\.0      |\d\.\d{3}E[-+]\d{2})$")


def check(path, want_sources=None, want_targets=None):
    data = open(path, "rb").read()
    if b"\r" in data:
        sys.exit("%s: CR in the file; the published records end in LF" % path)
    if not data.endswith(b"\n"):
        sys.exit("%s: the last record has no LF" % path)
    recs = data.decode("ascii").split("\n")[:-1]
    if len(recs) < 6:
        sys.exit("%s: %d records" % (path, len(recs)))
    length = len(recs[0])
    n_fields = (length - 22 - 13) // 10
    if 22 + 10 * n_fields + 13 != length or n_fields < 2:
        fail(path, 1, "length %d is not 22 + 10 (n + 1) + 13" % length)
    for k, r in enumerate(recs, start=1):
        if len(r) != length:
            fail(path, k, "%d characters, expected %d" % (len(r), length))
    r1, r2, r3, r4, r5 = recs[:5]
    if not (r1.startswith("Specific absorbed fractions of energy (1/kg)") or
            (n_fields < 28 and r1.startswith("SAF (1/kg) at "))):
        fail(path, 1, "title not in column 1")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r1[length - 10:]):
        fail(path, 1, "no date ending in column %d" % length)
    for k, r in ((2, r2), (3, r3)):
        if r[-1] != "|" or r[0] == " ":
            fail(path, k, "text must start in column 1 and '|' end it")
    if r3.split()[0] not in WORDS.values():
        fail(path, 3, "particle word %r" % r3.split()[0])
    n_t, n_s = int(r4[0:4]), int(r4[4:8])
    if r4[8:25].strip() or r4[25:28] != "0.0":
        fail(path, 4, "'0.0' must be in columns 26-28 after the counts")
    energies = []
    for i in range(2, n_fields + 1):
        end = 20 + 10 * i
        title = r4[end - 10:end]
        if title[0] != " " or not re.fullmatch(r" *\d+\.\d{3,6}", title):
            fail(path, 4, "title %d %r does not end in column %d" % (i, title, end))
        energies.append(float(title))
    if r4[length - 12:length - 5] != "Ecutoff" or r4[length - 3:] != "ID|":
        fail(path, 4, "'Ecutoff' in columns %d-%d and 'ID|' in %d-%d expected"
             % (length - 11, length - 5, length - 2, length))
    if r5 != "-" * (length - 1) + "|":
        fail(path, 5, "dashes and '|' expected")
    if len(recs) != 5 + n_t * n_s:
        sys.exit("%s: %d records, record 4 gives %d x %d + 5" % (path, len(recs), n_t, n_s))
    sources, targets = [], []
    for k, r in enumerate(recs[5:], start=6):
        t, arrow, s = r[0:10], r[10:12], r[12:22]
        if arrow != "<-" or t[0] == " " or s[0] == " ":
            fail(path, k, "target A10, '<-', source A10 expected")
        t, s = t.strip(), s.strip()
        j, i = divmod(k - 6, n_t)
        if i == 0:
            sources.append(s)
        if j == 0:
            targets.append(t)
        if sources[j] != s or targets[i] != t:
            fail(path, k, "record order: for each source, every target")
        vals = []
        for f in range(n_fields):
            text = r[22 + 10 * f:32 + 10 * f]
            if not VALUE.match(text):
                fail(path, k, "field %d %r" % (f + 1, text))
            vals.append(float(text))
        ecut, ident = r[length - 13:length - 5], r[length - 5:]
        if not re.fullmatch(r" *\d+\.\d{3}", ecut) or not re.fullmatch(r" *\d+", ident):
            fail(path, k, "Ecutoff F8.3 and ID I5 expected, got %r %r" % (ecut, ident))
        idx = next((f for f, v in enumerate(vals) if v > 0), None)
        want_id = 0 if idx is None else idx + 1
        want_e = 0.0 if idx in (None, 0) else energies[idx - 1]
        if int(ident) != want_id or abs(float(ecut) - round(want_e, 3)) > 1e-9:
            fail(path, k, "Ecutoff %s ID %s; the fields give %.3f %d"
                 % (ecut.strip(), ident.strip(), want_e, want_id))
        if s == t and not vals[0] > 0:
            fail(path, k, "self-irradiation: the 0.0 column must be 1/M_T")
    if want_sources and sources != want_sources:
        sys.exit("%s: sources %s, expected %s" % (path, sources, want_sources))
    if want_targets and targets != want_targets:
        sys.exit("%s: targets %s, expected %s" % (path, targets, want_targets))
    print("%s: %d records of %d characters, %d targets x %d sources, %d energies: "
          "layout as published" % (path, len(recs), length, n_t, n_s, n_fields - 1))


def option(args, name, default=None):
    if name in args:
        return args[args.index(name) + 1]
    return default


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) >= 2 and a[0] == "generate":
        generate(a[1], int(option(a, "--sources", 79)), int(option(a, "--targets", 43)),
                 option(a, "--particle", "photon"))
    elif len(a) >= 2 and a[0] == "check":
        s, t = option(a, "--sources"), option(a, "--targets")
        check(a[1], s.split(",") if s else None, t.split(",") if t else None)
    else:
        sys.exit(__doc__)
