#!/usr/bin/env python3
"""Compacts the R4 search parameters and the Patient compartment into
data/fhir/r4-search.json, which src/search embeds.

Usage: tools/gen_search_registry.py FHIR_R4_DIR OUT_FILE
FHIR_R4_DIR holds search-parameters.json and compartmentdefinition-patient.json
(the official R4 4.0.1 definitions).
"""
import json
import os
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(src, "search-parameters.json"), encoding="utf-8") as f:
        bundle = json.load(f)
    params = []
    for entry in bundle["entry"]:
        p = entry["resource"]
        item = {
            "url": p["url"],
            "code": p["code"],
            "base": p["base"],
            "type": p["type"],
            "expr": p.get("expression", ""),
        }
        if p.get("target"):
            item["target"] = p["target"]
        if p.get("component"):
            item["comp"] = [{"def": c["definition"], "expr": c["expression"]}
                            for c in p["component"]]
        params.append(item)
    params.sort(key=lambda x: x["url"])
    with open(os.path.join(src, "compartmentdefinition-patient.json"), encoding="utf-8") as f:
        compartment = json.load(f)
    patient = {r["code"]: r["param"] for r in compartment["resource"] if r.get("param")}
    data = {"fhirVersion": "4.0.1", "params": params, "compartments": {"Patient": patient}}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
