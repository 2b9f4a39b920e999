#!/usr/bin/env python3
"""Writes N synthetic Patients as NDJSON (ids kept by `lienthong import`) and their ids.

The Patients follow the shape Synthea gives them (narrative, race/ethnicity/birth-place
extensions, four identifiers, address with geolocation, marital status, communication)
with Vietnamese names and places, two addresses, three telecoms and an emergency contact,
about 3.6 KB of compact JSON each. Content varies from Patient to Patient; the output is
the same for the same seed.

Usage: gen_patients.py COUNT OUT.ndjson IDS.txt [SEED]
"""
import json
import random
import sys
import uuid

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Hoài", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân",
         "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn", "Vy", "Yến"]
PLACES = [("Hà Nội", "Hà Nội", "100000", 21.0285, 105.8542),
          ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", "700000", 10.8231, 106.6297),
          ("Đà Nẵng", "Đà Nẵng", "550000", 16.0544, 108.2022),
          ("Hải Phòng", "Hải Phòng", "180000", 20.8449, 106.6881),
          ("Cần Thơ", "Cần Thơ", "900000", 10.0452, 105.7469),
          ("Huế", "Thừa Thiên Huế", "530000", 16.4637, 107.5909),
          ("Nha Trang", "Khánh Hòa", "650000", 12.2388, 109.1967),
          ("Buôn Ma Thuột", "Đắk Lắk", "630000", 12.6667, 108.0500)]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
           "Điện Biên Phủ", "Phan Chu Trinh", "Quang Trung", "Bà Triệu", "Hàm Nghi"]
MARITAL = [("M", "Married"), ("S", "Never Married"), ("W", "Widowed"), ("D", "Divorced")]
LANG = [("vi", "Vietnamese"), ("en", "English"), ("fr", "French"), ("zh", "Chinese")]


def ident(code, display, system, value):
    return {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                 "code": code, "display": display}], "text": display},
            "system": system, "value": value}


def address(rng, use):
    city, state, postal, lat, lon = rng.choice(PLACES)
    return {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/geolocation",
                           "extension": [{"url": "latitude",
                                          "valueDecimal": round(lat + rng.uniform(-.1, .1), 6)},
                                         {"url": "longitude",
                                          "valueDecimal": round(lon + rng.uniform(-.1, .1), 6)}]}],
            "use": use, "type": "both",
            "line": [f"Số {rng.randint(1, 400)} đường {rng.choice(STREETS)}",
                     f"Phường {rng.randint(1, 20)}, Quận {rng.randint(1, 12)}"],
            "city": city, "state": state, "postalCode": postal, "country": "VN"}


def phone(rng):
    return f"+84 9{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def patient(rng, pid):
    male = rng.random() < 0.5
    family, given = rng.choice(FAMILY), rng.choice(GIVEN)
    middle = "Văn" if male else "Thị"
    if rng.random() < 0.5:
        middle = rng.choice(MIDDLE)
    full = f"{family} {middle} {given}"
    mrn = str(uuid.UUID(int=rng.getrandbits(128)))
    marital = rng.choice(MARITAL)
    lang = rng.choice(LANG[:2]) if rng.random() < 0.9 else rng.choice(LANG)
    year = rng.randint(1930, 2023)
    birth = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    home, work = address(rng, "home"), address(rng, "work")
    return {
        "resourceType": "Patient",
        "id": pid,
        "text": {"status": "generated",
                 "div": f"<div xmlns=\"http://www.w3.org/1999/xhtml\">{full}, "
                        f"{'nam' if male else 'nữ'}, sinh ngày {birth}, {home['city']}.</div>"},
        "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
             "valueString": f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN)}"},
            {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex",
             "valueCode": "M" if male else "F"},
            {"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
             "valueAddress": {"city": rng.choice(PLACES)[0], "country": "VN"}},
            {"url": "http://hl7.org/fhir/StructureDefinition/patient-nationality",
             "extension": [{"url": "code", "valueCodeableConcept": {"coding": [
                 {"system": "urn:iso:std:iso:3166", "code": "VN", "display": "Viet Nam"}]}}]},
            {"url": "http://synthetichealth.github.io/synthea/quality-adjusted-life-years",
             "valueDecimal": round(rng.uniform(0, 90), 2)}],
        "identifier": [
            {"system": "https://lienthong.example/patient-mrn", "value": mrn},
            ident("MR", "Medical Record Number", "http://benhvien.example.vn/mrn", mrn),
            ident("NI", "National unique individual identifier",
                  "http://cccd.gov.vn", f"0{rng.randint(10, 99)}{rng.randint(0, 10**9):09d}"),
            ident("SB", "Social Beneficiary Identifier", "http://bhxh.gov.vn/the-bhyt",
                  f"DN4{rng.randint(10, 99)}{rng.randint(0, 10**10):010d}"),
            ident("PPN", "Passport Number", "http://xuatnhapcanh.gov.vn/ho-chieu",
                  f"C{rng.randint(0, 10**7):07d}")],
        "active": True,
        "name": [{"use": "official", "text": full, "family": family, "given": [middle, given]},
                 {"use": "usual", "given": [given]}],
        "telecom": [{"system": "phone", "value": phone(rng), "use": "mobile", "rank": 1},
                    {"system": "phone", "value": f"+84 2{rng.randint(10, 99)} {rng.randint(1000000, 9999999)}",
                     "use": "home"},
                    {"system": "email", "value": f"benhnhan{rng.randint(1, 10**6)}@example.vn",
                     "use": "home"}],
        "gender": "male" if male else "female",
        "birthDate": birth,
        "address": [home, work],
        "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
                                      "code": marital[0], "display": marital[1]}], "text": marital[1]},
        "multipleBirthBoolean": rng.random() < 0.03,
        "contact": [{"relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0131",
                                                   "code": "C", "display": "Emergency Contact"}]}],
                     "name": {"text": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"},
                     "telecom": [{"system": "phone", "value": phone(rng), "use": "mobile"}],
                     "gender": rng.choice(["male", "female"])}],
        "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": lang[0],
                                                    "display": lang[1]}], "text": lang[1]},
                           "preferred": True}],
    }


def main():
    count, out_path, ids_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    with open(out_path, "w", encoding="utf-8") as out, open(ids_path, "w") as ids:
        for _ in range(count):
            pid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            out.write(json.dumps(patient(rng, pid), ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            ids.write(pid + "\n")


if __name__ == "__main__":
    main()
