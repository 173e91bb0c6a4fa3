"""Derive data/places.tsv from the address data that underthesea ships (old 63 and new 34 provinces,
districts before July 2025, communes before and after). Run after upgrading underthesea; a test checks that
the committed file still matches.

    python tools/build_gazetteer.py            # rewrite src/vnunion_nlp/data/places.tsv
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "vnunion_nlp" / "data" / "places.tsv"
ADMIN = re.compile(r"^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn|Đặc khu)\s+(.+)$")


def mapping_path() -> Path:
    import underthesea

    return Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"


def build() -> str:
    data = json.loads(mapping_path().read_text(encoding="utf-8"))
    rows: set[tuple[str, str]] = set()
    for table in ("province_names", "old_province_names"):
        for info in data[table].values():
            rows.add((info["short"], "province"))
    for rec in data["ward_mapping"]:
        for field, kind in (("old_district", "district"), ("old_ward", "commune"), ("new_ward", "commune")):
            full = rec.get(field) or ""
            m = ADMIN.match(full.strip())
            if m and not m.group(2).isdigit() and not re.match(r"^\d", m.group(2)):
                rows.add((m.group(2), kind))
    lines = ["# derived by tools/build_gazetteer.py from underthesea/address/data/mapping.json "
             "(vietnamadminunits); do not edit by hand", "name\tkind"]
    for name, kind in sorted(rows, key=lambda r: (r[1], r[0])):
        lines.append(f"{unicodedata.normalize('NFC', name)}\t{kind}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = build()
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 2} places)", file=sys.stderr)
