"""Recall and precision of `briefgen facts extract` on the articles the repository's store cites.

    python bench/extract_recall.py [--facts facts] [--verbose]

Recall: the share of the store's observations that a proposal from the same
source (or an `also` source, or the source an article belongs to) finds with
the right value and unit; the qualifier is counted apart, among those found.
Precision: the share of proposals that are real figures, either matching a
stored observation (value, unit, source) or listed in
bench/extract_reviewed.yaml, the figures a person read in the articles and
judged real though the store does not hold them (each with its reason). The
store's "already in the store" step is off here, or every figure would be skipped.
The entity, period and status guesses are counted among those found too:
they are for a person to check, so no target is set for them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from briefgen.facts.loader import read_facts
from briefgen.intake.extract import extract

HERE = Path(__file__).resolve().parent


def _family(source_id: str) -> set[str]:
    return {source_id, source_id.split(".")[0]}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--facts", type=Path, default=HERE.parent / "facts")
    options.add_argument("--verbose", action="store_true", help="list each miss and each unreviewed proposal")
    args = options.parse_args()
    store = read_facts(args.facts)
    reviewed = yaml.safe_load((HERE / "extract_reviewed.yaml").read_text(encoding="utf-8"))["real"]
    proposals = []
    for source_id in sorted(s for s in store.sources if "." not in s):
        proposals += extract(args.facts, source_id, skip_known=False)[1]
    found = qualified = total = 0
    guessed = {"entity": 0, "period": 0, "status": 0}
    matched: set[int] = set()
    for fact in store.facts:
        for o in fact.observations:
            total += 1
            cited = set().union(*(_family(s) for s in (o.source_id, *(q.source_id for q in o.also))))
            hits = [i for i, p in enumerate(proposals)
                    if p.value == o.value and p.unit == fact.unit and _family(p.source) & cited]
            matched.update(hits)
            if hits:
                found += 1
                for field, stored in (("entity", fact.entity), ("period", o.period), ("status", o.status)):
                    if any(getattr(proposals[i], field) == stored for i in hits):
                        guessed[field] += 1
                    elif args.verbose:
                        print(f"{field}: {fact.id} {o.period}: {stored}, proposed "
                              f"{', '.join(str(getattr(proposals[i], field)) for i in hits)}")
                if any(proposals[i].qualifier == o.qualifier for i in hits):
                    qualified += 1
                elif args.verbose:
                    print(f"qualifier: {fact.id} {o.period}: {o.qualifier}, proposed "
                          f"{', '.join(proposals[i].qualifier for i in hits)}")
            elif args.verbose:
                print(f"missed: {fact.id} {o.period} = {o.value} {fact.unit} ({o.qualifier}) from {o.source_id}")
    real = set(matched)
    for i, p in enumerate(proposals):
        if any(r["source"] == p.source and r["value"] == p.value and r["unit"] == p.unit for r in reviewed):
            real.add(i)
        elif i not in matched and args.verbose:
            print(f"not real or not reviewed: {p.source}: {p.value} {p.unit} ({p.qualifier}): {p.quote}")
    print(f"recall: {found}/{total} observations found = {100 * found / total:.1f} %")
    print(f"qualifier right: {qualified}/{found} of those found = {100 * qualified / max(found, 1):.1f} %")
    for field, right in guessed.items():
        print(f"{field} guessed right: {right}/{found} of those found = {100 * right / max(found, 1):.1f} %")
    print(f"precision: {len(real)}/{len(proposals)} proposals are real figures = "
          f"{100 * len(real) / max(len(proposals), 1):.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
