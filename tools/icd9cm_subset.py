#!/usr/bin/env python3
"""Writes data/vn/icd9cm-vn-generator-procedures.csv: the ICD-9-CM procedure
codes that the generator's catalogue (src/synth/clinical_catalog.cpp) uses,
with their Vietnamese names as the ministry's technical-service list
(QĐ 4440/QĐ-BYT, icd9cm-vn-procedures.csv, 8,057 rows) gives them, so that tests can check
codes and displays without the full list. A code appears in several rows of
that list (one per technical service); its name is the same in each.

usage: tools/icd9cm_subset.py PATH/TO/icd9cm-vn-procedures.csv > data/vn/icd9cm-vn-generator-procedures.csv
"""
import csv
import pathlib
import re
import sys
import unicodedata

root = pathlib.Path(__file__).resolve().parent.parent
source = (root / "src" / "synth" / "clinical_catalog.cpp").read_text()
codes = set(re.findall(r'ProcedureSpec\s+k\w+\{\s*"([0-9]{2}(?:\.[0-9]{1,2})?)",', source))
names = {}
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["icd9cm_code"] in codes:
            names.setdefault(row["icd9cm_code"], unicodedata.normalize("NFC", row["icd9cm_name_vi"]))
missing = codes - set(names)
if missing:
    sys.exit("codes not in the list: " + ", ".join(sorted(missing)))
writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(["icd9cm_code", "icd9cm_name_vi"])
for code in sorted(names):
    writer.writerow([code, names[code]])
