"""Budget of the exchange issue: merging a busy week's changes from two laptops, and what the exchange costs in bytes.

Three copies of the demo partnership (set up for exchange once, then copied, as laptops get them). On laptop A
and laptop B, a busy week: about 250 edits each through the core's operations (contacts, action progress and
status, notes on planned meetings, new partners and actions, representatives' roles), some of the same fields on
both. Then laptop C merges both laptops' exchange files at once.

Budget: the merge on C under 1 s. Also printed: taking each laptop's week into its exchange file, and the sizes of
the exchange file (the whole document, as a shared folder holds it), of the week alone as a pycrdt update, and of
the JSON of the same records (what ``apply`` would need), each raw and compressed.

Run: ``uv run python bench/exchange.py [--runs 5] [--years 1]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import time
import zlib
from dataclasses import replace
from pathlib import Path

from common import OUT, build_demo_file, environment, remove_file_and_companions


def _week(path: Path, laptop: str, seed: int) -> list[tuple[str, str]]:
    """About 250 edits; returns the (kind, id) of every record touched."""
    from facilitator.actions import Action, ActionStatus, save_action
    from facilitator.entities import Partner, Representative
    from facilitator.meeting_ops import agenda, meetings_of, save_notes
    from facilitator.meetings import MeetingStatus
    from facilitator.operations import save_partner, save_representative
    from facilitator.storage import open_partnership

    rng = random.Random(seed)
    touched: list[tuple[str, str]] = []
    with open_partnership(path) as store:
        store.author = replace(store.author, laptop=laptop, coordinator=f"Coordinator on {laptop}")
        partners, people = store.all(Partner), store.all(Representative)
        actions = [a for a in store.all(Action) if not a.is_closed]
        planned = [m for m in meetings_of(store) if m.status is MeetingStatus.PLANNED]
        items = [i for m in planned for i in agenda(store, m.id)]
        for n in range(250):
            choice = n % 6
            if choice == 0:
                p = store.get(Partner, rng.choice(partners).id)
                save_partner(store, replace(p, contact=f"{laptop} contact {n}")).apply(store)
                touched.append(("partners", p.id))
            elif choice == 1 and actions:
                a = store.get(Action, rng.choice(actions).id)
                save_action(store, replace(a, details=f"{laptop}: progress {n}")).apply(store)
                touched.append(("actions", a.id))
            elif choice == 2 and actions:
                a = store.get(Action, rng.choice(actions).id)
                status = rng.choice([ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
                # Starting an action before what it waits for is done needs the coordinator's reason.
                reason = f"{laptop}: started anyway {n}"
                save_action(store, replace(a, status=status), override_reason=reason).apply(store)
                touched.append(("actions", a.id))
            elif choice == 3 and items:
                item = rng.choice(items)
                save_notes(store, item.id, f"{laptop} notes {n}: who will bring the figures").apply(store)
                touched.append(("agenda_items", item.id))
            elif choice == 4:
                p = Partner(name=f"{laptop} new partner {n}")
                save_partner(store, p).apply(store)
                touched.append(("partners", p.id))
            else:
                r = store.get(Representative, rng.choice(people).id)
                save_representative(store, replace(r, role=f"{laptop} role {n}")).apply(store)
                touched.append(("representatives", r.id))
    return touched


def _json_of(path: Path, touched: list[tuple[str, str]]) -> bytes:
    from facilitator.records import KINDS, record_to_dict
    from facilitator.storage import open_partnership

    document: dict[str, object] = {"format": "partnership-facilitator", "version": 2}
    with open_partnership(path, read_only=True) as store:
        for kind in sorted({k for k, _i in touched}):
            ids = sorted({i for k, i in touched if k == kind})
            document[kind] = [record_to_dict(store.get(KINDS[kind], i)) for i in ids]
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=1)
    options = parser.parse_args()

    from facilitator.storage import open_partnership
    from facilitator.storage.exchange import exchange, load_doc
    from facilitator.storage.exchange_sync import export_file, import_files

    folder = OUT / "exchange"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    template = folder / "template.sqlite"
    build_demo_file(template, options.years)
    started = time.perf_counter()
    with open_partnership(template) as store:
        exchange(store)
        base_state = bytes(load_doc(store.db).doc.get_state())
    setup = time.perf_counter() - started

    captures, merges, rounds = [], [], []
    sizes: dict[str, int] = {}
    for run in range(options.runs):
        paths = {}
        for name in "ABC":
            paths[name] = folder / f"{name}.sqlite"
            remove_file_and_companions(paths[name])
            shutil.copy(template, paths[name])
        touched = _week(paths["A"], "A", run) + _week(paths["B"], "B", 100 + run)
        files = {}
        for name in "AB":
            files[name] = folder / f"{name}.pfexchange"
            with open_partnership(paths[name]) as store:
                started = time.perf_counter()
                export_file(store, files[name])
                captures.append(time.perf_counter() - started)
        with open_partnership(paths["C"]) as store:
            started = time.perf_counter()
            report = import_files(store, [files["A"], files["B"]])
            merges.append(time.perf_counter() - started)
            rounds.append(report.changed)
            week_update = bytes(load_doc(store.db).doc.get_update(base_state))
        if run == 0:
            week_json = _json_of(paths["C"], touched)
            sizes = {
                "exchange file (whole document, compressed)": files["A"].stat().st_size,
                "the week as a pycrdt update, raw": len(week_update),
                "the week as a pycrdt update, compressed": len(zlib.compress(week_update, 6)),
                "the same records as JSON, raw": len(week_json),
                "the same records as JSON, compressed": len(zlib.compress(week_json, 6)),
            }
    print(f"exchange bench: {environment()}, {options.years}-year demo, {options.runs} runs")
    print(f"  setting the demo up for exchange once: {setup:.2f} s")
    print(
        f"  taking one laptop's week (~250 edits) into its exchange file: median {statistics.median(captures):.3f} s"
    )
    print(
        f"  merging both laptops' weeks (~500 edits, {rounds[0]} records changed) on a third: "
        f"median {statistics.median(merges):.3f} s, worst {max(merges):.3f} s (budget 1 s)"
    )
    for what, size in sizes.items():
        print(f"  {what}: {size:,} bytes")


if __name__ == "__main__":
    main()
