"""Write a large facts folder: the repository's store repeated under renamed ids.

Copy k of each fact gets ids ending in `_x<k>`; `--per-file` copies of a
topic file go into one file, `vr_p<n>.yaml` (topic `vr_p<n>`). Sources, names
and rates are the repository's own, so every copy checks exactly as the
original does: same quotes, same entities, same conversions.

    python bench/bigstore.py --copies 100 --out /tmp/facts-100x   # 8,600 facts in 50 topic files

A topic file's `statements:` are repeated the same way, under one
`statements:` key per written file.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
_NOT_TOPICS = ("sources.yaml", "names.yaml", "rates.yaml")
_HEADER = re.compile(r"\A(.*?)^topic: (\S+)\nfacts:\n", re.M | re.S)
_FACT_ID = re.compile(r"^(  - id: )(\S+)$", re.M)
_STATEMENTS = re.compile(r"^statements:\n", re.M)


def write_store(source: Path, out: Path, copies: int, per_file: int) -> tuple[int, int]:
    """Write `copies` copies of each topic file of `source` into the new folder `out`: (facts, topic files)."""
    out.mkdir(parents=True)
    for name in _NOT_TOPICS:
        if (source / name).exists():
            shutil.copyfile(source / name, out / name)
    if (source / "sources").is_dir():
        shutil.copytree(source / "sources", out / "sources")
    facts = files = 0
    for path in sorted(source.glob("*.yaml")):
        if path.name in _NOT_TOPICS:
            continue
        text = path.read_text(encoding="utf-8")
        header = _HEADER.match(text)
        if header is None:
            raise SystemExit(f"{path}: expected a `topic:` line followed by `facts:`")
        body = text[header.end():]
        split = _STATEMENTS.search(body)
        lists = (body[:split.start()], body[split.end():]) if split else (body, "")
        for first in range(0, copies, per_file):
            topic = f"{path.stem}_p{first // per_file:03d}"
            parts = [f"{header.group(1)}topic: {topic}\n"]
            for key, entries in zip(("facts", "statements"), lists):
                if not entries.strip():
                    continue
                parts.append(f"{key}:\n")
                for copy in range(first, min(first + per_file, copies)):
                    renamed, count = _FACT_ID.subn(lambda m: f"{m.group(1)}{m.group(2)}_x{copy:03d}", entries)
                    parts.append(renamed if renamed.endswith("\n") else renamed + "\n")
                    facts += count if key == "facts" else 0
            (out / f"{topic}.yaml").write_text("".join(parts), encoding="utf-8")
            files += 1
    return facts, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=HERE.parent / "facts", help="the store to repeat")
    parser.add_argument("--copies", type=int, default=100, help="copies of each fact (default 100)")
    parser.add_argument("--per-file", type=int, default=10, help="copies in one topic file (default 10)")
    parser.add_argument("--out", type=Path, required=True, help="a new folder")
    options = parser.parse_args()
    facts, files = write_store(options.facts, options.out, options.copies, options.per_file)
    print(f"{facts} facts in {files} topic files in {options.out}")


if __name__ == "__main__":
    main()
