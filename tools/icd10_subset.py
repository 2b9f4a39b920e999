#!/usr/bin/env python3
"""Writes data/vn/icd10-vn-generator-codes.csv: the rows of the full Vietnamese
ICD-10 list (icd10-vn.csv, QD 4469/QD-BYT) for the codes that the generator's
catalogue (src/synth/*.cpp) uses, so that tests can check codes and displays
without the 5 MB list. Names are written in Unicode NFC: some rows of the
official list use decomposed diacritics, and FHIR displays should compare equal
to what users type.

usage: tools/icd10_subset.py PATH/TO/icd10-vn.csv > data/vn/icd10-vn-generator-codes.csv
"""
import csv
import pathlib
import re
import sys
import unicodedata

root = pathlib.Path(__file__).resolve().parent.parent
codes = set()
for source in sorted((root / "src" / "synth").glob("*.cpp")):
    codes.update(re.findall(r'\{\s*"([A-Z][0-9]{2}(?:\.[0-9]{1,2})?)",', source.read_text()))
writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(["code", "code_nodot", "name_vi", "name_en"])
found = set()
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["code"] in codes:
            name_vi = unicodedata.normalize("NFC", row["name_vi"])
            writer.writerow([row["code"], row["code_nodot"], name_vi, row["name_en"]])
            found.add(row["code"])
missing = codes - found
if missing:
    sys.exit("codes not in the list: " + ", ".join(sorted(missing)))
