"""Fuzz every list adapter: mutate real and fixture files and feed them to the adapter, counting
clean refusals (a ``BadInput``), accepted files and crashes (any other exception), and timing
each input. Refusals by the safety net of ``Source.read`` (a failure the adapter did not foresee,
reported as "cannot read it as the …" with the library's own message) are counted apart as
"net": they are clean, but their message is less precise than an adapter's own. The suite's property tests (tests/hostile/test_fuzz_adapters.py) draw the same
mutations with hypothesis for a few seconds; this runs them at length.

    python bench/fuzz_sources.py [--inputs 1000] [--seed 1] [--real] [--source un-sc ...]
                                 [--show-crashes 3] [--save DIR]

``--inputs`` is per adapter. Seeds are the project's fixture files; ``--real`` adds the files in
../shared/data/lists (up to 3 MB each, so an input stays short). An xlsx is mutated inside its zip
as well as as raw bytes, so mutations reach the sheet XML. Prints, per adapter: inputs, refused (of
them by the net), accepted, crashes, the slowest input in CPU seconds (what the input costs,
whatever else the machine runs) and in wall seconds, and the process's peak memory. ``--save``
writes each input that crashed or fell to the net into DIR, to reproduce it.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import time
import traceback
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from listwatch import sources  # noqa: E402
from listwatch.errors import BadInput  # noqa: E402
from listwatch.sources import Source  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
SHARED_LISTS = REPO.parent / "shared" / "data" / "lists"
MAX_REAL_BYTES = 3 * 2**20

# Payloads that broke adapters before (issue 11) or that each format treats specially.
HOSTILE = (
    b"\x00", b"\r", b"\n", b"\x1a", b"\x07", b"\x85", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3\x28",
    b'"', b",", b";", b"-0- ", b"???", b"", b"   ",
    b"<", b">", b"&", b"&a;", b"]]>", b"<![CDATA[", b"<!--", b"<?pi x?>",
    b'<!DOCTYPE x [<!ENTITY a "b">]>', b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
    b"<b>" * 3000, b"</td></tr>", b"<tr><td>", b"</table>", b"<br>",
    b"A" * 140_000, b"{", b"}", b'{"id": null}', b"[]", b"null", b"0" * 40, b"9" * 400,
    b"31/02/2024", b"0000-00-00", b"Feb 30, 2024",
)

NET_PREFIX = "cannot read it as the "  # see listwatch.sources._descriptor._as_bad_input
OPERATIONS = ("flip", "insert", "delete", "truncate", "duplicate", "replace")


@dataclass(frozen=True)
class Mutation:
    operation: str
    at: float  # where, as a share of the length (so a mutation applies to any file)
    size: float  # how much, as a share of the length (delete, duplicate)
    payload: bytes


def mutate(data: bytes, mutations: list[Mutation]) -> bytes:
    """``data`` with each mutation applied in turn."""
    for m in mutations:
        at = int(m.at * len(data))
        span = max(1, int(m.size * len(data)))
        if m.operation == "flip":
            data = data[:at] + bytes([(data[at] if at < len(data) else 0) ^ 0xFF]) + data[at + 1:]
        elif m.operation == "insert":
            data = data[:at] + m.payload + data[at:]
        elif m.operation == "delete":
            data = data[:at] + data[at + span:]
        elif m.operation == "truncate":
            data = data[:at]
        elif m.operation == "duplicate":
            data = data[:at + span] + data[at:]
        elif m.operation == "replace":
            data = data[:at] + m.payload + data[at + len(m.payload):]
    return data


def mutate_input(data: bytes, mutations: list[Mutation], inside_zip: bool) -> bytes:
    """Mutate the raw bytes, or, for a zip (xlsx) and ``inside_zip``, one member chosen by the
    first mutation, re-zipped, so the mutation reaches the sheet XML and not only the archive."""
    if not (inside_zip and data.startswith(b"PK\x03\x04")):
        return mutate(data, mutations)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    chosen = int(mutations[0].at * len(members)) % len(members) if mutations else 0
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members):
            archive.writestr(name, mutate(content, mutations) if index == chosen else content)
    return out.getvalue()


def random_mutations(rng: random.Random) -> list[Mutation]:
    return [Mutation(rng.choice(OPERATIONS), rng.random(), rng.random() * rng.choice((0.001, 0.05, 0.5)),
                     rng.choice(HOSTILE)) for _ in range(rng.choice((1, 1, 2, 3, 8)))]


# -- seeds --------------------------------------------------------------------------------------

def seed_sets(real: bool) -> dict[str, list[dict[str, bytes]]]:
    """Source id → the seed inputs (part → content) its adapter reads."""
    found: dict[str, list[dict[str, bytes]]] = defaultdict(list)
    for folder in sorted((FIXTURES / "lists").iterdir()):
        source = sources.get(folder.name)
        parts = {sources.sniff_safely(source, p.read_bytes()) or "main": p.read_bytes()
                 for p in sorted(folder.iterdir())}
        found[source.id].append(parts)
    found["uk-ofsi"].append({"main": ofsi_workbook()})
    found["uk-ofsi"].append({"main": shared_strings_workbook(ofsi_workbook())})
    for path in sorted((FIXTURES / "ftm").iterdir()):
        if "delta" not in path.name:
            source, part = sources.detect(path.read_bytes())
            found[source.id].append({part: path.read_bytes()})
    if real and SHARED_LISTS.is_dir():
        for path in sorted(SHARED_LISTS.rglob("*")):
            if not path.is_file() or path.stat().st_size > MAX_REAL_BYTES or "suspect" in path.parts:
                continue
            content = path.read_bytes()
            try:
                source, part = sources.detect(content)
            except BadInput:
                continue
            if part == "main":
                found[source.id].append({"main": content})
    return dict(found)


def ofsi_workbook() -> bytes:
    """The OFSI CSV fixture as an xlsx workbook, so the xlsx reader is fuzzed without ../shared."""
    import csv

    from openpyxl import Workbook

    book = Workbook()
    text = (FIXTURES / "lists" / "uk-ofsi" / "ConList.csv").read_text(encoding="utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shared_strings_workbook(content: bytes) -> bytes:
    """The workbook with its inline strings moved into a shared-strings table, as Excel and the
    real OFSI workbook store them (openpyxl writes inline strings)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    sheet = etree.fromstring(members["xl/worksheets/sheet1.xml"])
    table = etree.Element(f"{{{main}}}sst", nsmap={None: main})
    for cell in sheet.xpath("//m:c[@t='inlineStr']", namespaces={"m": main}):
        inline = cell.find(f"{{{main}}}is")
        if inline is None:  # an empty string: an empty cell
            del cell.attrib["t"]
            continue
        item = etree.SubElement(table, f"{{{main}}}si")
        item.extend(list(inline))
        cell.remove(inline)
        cell.set("t", "s")
        etree.SubElement(cell, f"{{{main}}}v").text = str(len(table) - 1)
    members["xl/worksheets/sheet1.xml"] = etree.tostring(sheet, xml_declaration=True, encoding="UTF-8")
    members["xl/sharedStrings.xml"] = etree.tostring(table, xml_declaration=True, encoding="UTF-8")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# -- running ------------------------------------------------------------------------------------

@dataclass
class Outcome:
    kind: str  # "refused" | "net" | "accepted" | "crash"
    seconds: float  # wall
    cpu_seconds: float
    detail: str = ""


def read_once(source: Source, parts: dict[str, bytes]) -> Outcome:
    """Sniff and read one input the way an import does."""
    started, started_cpu = time.perf_counter(), time.process_time()
    try:
        for content in parts.values():
            sources.sniff_safely(source, content)
        if "main" not in parts:
            raise BadInput("no main part")
        source.read(parts)
        kind, detail = "accepted", ""
    except BadInput as exc:
        net = str(exc).startswith(NET_PREFIX)
        kind, detail = ("net" if net else "refused"), str(exc)[:160]
    except Exception:  # noqa: BLE001 - a crash is what this counts
        kind, detail = "crash", traceback.format_exc(limit=6)
    return Outcome(kind, time.perf_counter() - started, time.process_time() - started_cpu, detail)


def fuzz_source(source: Source, seeds: list[dict[str, bytes]], inputs: int,
                rng: random.Random, show: int, save: Path | None) -> dict:
    counts: Counter[str] = Counter()
    slowest, slowest_cpu, slowest_size, crashes, nets = 0.0, 0.0, 0, [], Counter()
    for number in range(inputs):
        parts = dict(rng.choice(seeds))
        part = rng.choice(sorted(parts))
        parts[part] = mutate_input(parts[part], random_mutations(rng), inside_zip=rng.random() < 0.7)
        outcome = read_once(source, parts)
        counts[outcome.kind] += 1
        slowest = max(slowest, outcome.seconds)
        if outcome.cpu_seconds > slowest_cpu:
            slowest_cpu, slowest_size = outcome.cpu_seconds, sum(map(len, parts.values()))
        if outcome.kind == "crash" and len(crashes) < show:
            crashes.append(outcome.detail)
        if outcome.kind == "net":
            nets[outcome.detail.removeprefix(NET_PREFIX).split(":", 2)[1].strip()] += 1
        if save and outcome.kind in ("crash", "net"):
            for part, content in parts.items():
                (save / f"{source.id}-{number}-{outcome.kind}-{part}").write_bytes(content)
            (save / f"{source.id}-{number}-{outcome.kind}.txt").write_text(outcome.detail)
    return {"source": source.id, "inputs": inputs, "refused": counts["refused"] + counts["net"],
            "net": counts["net"], "net_kinds": nets.most_common(3),
            "accepted": counts["accepted"], "crashes": counts["crash"],
            "slowest_s": slowest, "slowest_cpu_s": slowest_cpu, "slowest_bytes": slowest_size,
            "crash_examples": crashes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1000, help="inputs per adapter")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--real", action="store_true", help="add ../shared list files as seeds")
    parser.add_argument("--source", action="append", help="only these source ids")
    parser.add_argument("--show-crashes", type=int, default=3)
    parser.add_argument("--save", type=Path, help="write inputs that crash or fall to the net here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = seed_sets(args.real)
    wanted = args.source or sorted(seeds)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    print(f"{'source':<18} {'inputs':>8} {'refused':>8} {'net':>6} {'accepted':>8} {'crashes':>7} "
          f"{'slowest cpu s':>13} {'its bytes':>10} {'slowest wall s':>14}")
    total_crashes, started = 0, time.perf_counter()
    for source_id in wanted:
        row = fuzz_source(sources.get(source_id), seeds[source_id], args.inputs, rng,
                          args.show_crashes, args.save)
        total_crashes += row["crashes"]
        print(f"{row['source']:<18} {row['inputs']:>8} {row['refused']:>8} {row['net']:>6} {row['accepted']:>8} "
              f"{row['crashes']:>7} {row['slowest_cpu_s']:>13.2f} {row['slowest_bytes']:>10} "
              f"{row['slowest_s']:>14.2f}", flush=True)
        if row["net_kinds"]:
            print("    net:", "; ".join(f"{kind} ×{n}" for kind, n in row["net_kinds"]))
        for example in row["crash_examples"]:
            print("    crash:", example.strip().replace("\n", "\n    "))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"adapters {len(wanted)}, {args.inputs} inputs each, {total_crashes} crashes, "
          f"peak memory {peak:.0f} MiB, {time.perf_counter() - started:.0f} s")
    return 1 if total_crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
