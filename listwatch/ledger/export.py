"""Subjects with their designations and history, written out as FollowTheMoney entities or CSV.

FollowTheMoney (FtM) is how this field exchanges entity data (OpenSanctions, yente, Aleph), so an
export is readable by the ``followthemoney`` package and by our own ``ftm-<dataset>`` importer:

- each list entry linked into a subject is one ``Person``/``Organization``/``Vessel``/
  ``Airplane``/``LegalEntity`` with the names *that list* gives, in dataset ``<source id>``
  (OpenSanctions' ``datasets``), marked ``target``;
- each entry's designation is a ``Sanction`` pointing at it: ``authority``, ``authorityId`` (the
  list's reference), ``program``, ``listingDate``/``startDate`` and ``endDate`` (legal dates, only
  where the list states them), ``status`` as of the export, ``modifiedAt`` (the list's amendment
  dates), ``retrievedAt`` (the snapshot the answer rests on) and, for an entry gone from the list
  between two snapshots, the bracket in ``summary`` — never as an invented ``endDate``;
- each subject is one entity of its own whose ``referents`` are its entries' entities (the
  OpenSanctions way of saying "these records are one"), the link reasons in ``notes``.

The CSV has one row per designation with the subject, the legal dates, the bracket and the
entry's history (every listing, amendment, delisting and relisting the ledger derived).
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# followthemoney's country lookup (countrynames) asks for PyICU, which has no wheels and which
# we do not install (see pyproject.toml); its fallback transliteration is fine for country names.
warnings.filterwarnings("ignore", message="Install 'pyicu'")
from followthemoney import model  # noqa: E402 - after the warning filter
from followthemoney.proxy import EntityProxy

from listwatch import sources
from listwatch.ledger import queries
from listwatch.ledger.asof import designation_as_of
from listwatch.records import Record
from listwatch.store import Snapshot, Store

_SCHEMATA = {"organisation": "Organization", "person": "Person", "vessel": "Vessel",
             "aircraft": "Airplane", "other": "LegalEntity"}
_NAME_PROPERTIES = {("alias", "strong"): "alias", ("alias", "weak"): "weakAlias",
                    ("original-script", "strong"): "alias", ("original-script", "weak"): "weakAlias",
                    ("former", "strong"): "previousName", ("former", "weak"): "previousName"}
# our identifier schemes → the FtM property of the entry's entity that holds them ("un-ref" goes
# on the Sanction as unscId)
_IDENTIFIER_PROPERTIES = {"registration": "registrationNumber", "national-id": "idNumber",
                          "passport": "passportNumber", "tax-number": "taxNumber",
                          "imo": "imoNumber", "lei": "leiCode", "swift-bic": "swiftBic",
                          "inn": "innCode", "ogrn": "ogrnCode", "wikidata": "wikidataId",
                          "website": "website"}
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")
CSV_COLUMNS = ("subject_id", "subject_name", "subject_type", "source", "authority", "reference",
               "name", "aliases", "status", "listed_on", "delisted_on", "delisted_between",
               "programmes", "identifiers", "legal_basis", "as_of_snapshot", "first_seen",
               "last_seen", "linked_because", "history")


class ExportError(ValueError):
    """Nothing to export for the selection; the message says why."""


@dataclass(frozen=True)
class Entry:
    """One list entry of a subject: its latest record, its designation now, why it is linked, and
    its events (each with ``seen_on``, the local date of the snapshot that showed it)."""

    source: str
    reference: str
    record: Record
    designation: dict
    reason: str | None
    events: list[dict]


@dataclass(frozen=True)
class SubjectExport:
    id: str
    name: str
    type: str
    entries: tuple[Entry, ...]


def subject_ids(store: Store, query: str | None, source_id: str | None) -> list[str]:
    """The subjects a query names, or those with an entry on a source, or every subject."""
    if query is not None:
        subject_id, _ = queries.resolve_subject(store, query)
        return [subject_id]
    links = store.subject_links()
    if source_id is not None:
        sources.get(source_id)
        chosen = sorted({s for (src, _), s in links.items() if src == source_id})
        if not chosen:
            raise ExportError(f"no subject has an entry on {source_id}")
        return chosen
    if not links:
        raise ExportError("no subjects: the ledger is empty (run listwatch lists import …)")
    return sorted(set(links.values()))


def collect(store: Store, query: str | None = None, source_id: str | None = None) -> list[SubjectExport]:
    authorities = store.source_rows()
    snapshots: dict[str, list[Snapshot]] = {}  # per source, read once: an export touches thousands
    exported = []
    for subject_id in subject_ids(store, query, source_id):
        subject = store.subject(subject_id)
        entries = []
        for member in subject["members"]:
            source = member["source"]
            if source not in snapshots:
                snapshots[source] = store.snapshots(source)
            entries.append(_entry(store, source, member["reference"], member["reason"],
                                  snapshots[source], authorities))
        exported.append(SubjectExport(subject["id"], subject["name"], subject["type"], tuple(entries)))
    return exported


def _entry(store: Store, source_id: str, reference: str, reason: str | None,
           snapshots: list[Snapshot], authorities: dict[str, dict]) -> Entry:
    """The entry as the latest snapshot that holds it states it, with its designation now (see
    :mod:`listwatch.ledger.asof`) and its events."""
    order = {s.id: i for i, s in enumerate(snapshots)}
    containing = store.snapshots_containing(source_id, reference)
    positions = sorted(order[snapshot_id] for snapshot_id in containing)
    versions = [containing[snapshots[i].id] for i in positions]
    data = store.record_data(set(versions))
    records = {version: Record.from_dict(data[version]) for version in data}
    designation = designation_as_of(source_id, snapshots, [s.observed_on for s in snapshots],
                                    positions, versions, None, records.__getitem__, authorities)
    seen_on = {s.id: s.observed_on for s in snapshots}
    events = [{**e, "seen_on": seen_on[e["snapshot_id"]]} for e in store.events([(source_id, reference)])]
    return Entry(source_id, reference, records[versions[-1]], designation, reason, events)


# --- FollowTheMoney ----------------------------------------------------------------------------


def entity_id(*parts: str) -> str:
    """A readable, stable FtM id: "lw-un-sc-QDe.137"."""
    return "lw-" + "-".join(_UNSAFE_ID.sub("-", part).strip("-") for part in parts)


def ftm_entities(subjects: Iterable[SubjectExport]) -> Iterator[dict]:
    for subject in subjects:
        entry_ids = []
        for entry in subject.entries:
            entry_ids.append(entity_id(entry.source, entry.reference))
            yield _as_dict(_entry_entity(entry), target=True)
            yield _as_dict(_sanction(entry))
        proxy = _proxy(_SCHEMATA[subject.type], entity_id("subject", subject.id), ["listwatch"])
        proxy.add("name", subject.name)
        for entry in subject.entries:
            if entry.reason:
                proxy.add("notes", f"{entry.source}:{entry.reference} linked: {entry.reason}")
        yield _as_dict(proxy, referents=sorted(entry_ids))


def _proxy(schema: str, id_: str, datasets: list[str]) -> EntityProxy:
    return model.get_proxy({"id": id_, "schema": schema, "properties": {}, "datasets": datasets})


def _as_dict(proxy: EntityProxy, target: bool = False, referents: list[str] | None = None) -> dict:
    data = proxy.to_dict()
    data["target"] = target
    if referents is not None:
        data["referents"] = referents
    return data


def _entry_entity(entry: Entry) -> EntityProxy:
    record = entry.record
    proxy = _proxy(_SCHEMATA[record.type], entity_id(entry.source, entry.reference), [entry.source])
    proxy.add("name", record.name)
    for name in record.aliases:
        proxy.add(_NAME_PROPERTIES[(name.kind, name.quality)], name.value)
    for identifier in record.identifiers:
        if prop := _IDENTIFIER_PROPERTIES.get(identifier.scheme):
            proxy.add(prop, identifier.value, quiet=True)
    # quiet: a property the schema lacks (a vessel's birth date) or a value its type cannot read
    # (a country FtM does not know) is left out rather than written wrong
    proxy.add("birthDate", list(record.birth_dates), quiet=True)
    proxy.add("nationality", list(record.nationalities), quiet=True)
    proxy.add("country", list(record.countries), quiet=True)
    proxy.add("notes", record.remarks, quiet=True)
    proxy.add("sourceUrl", record.source_url, quiet=True)
    proxy.add("topics", "sanction")
    return proxy


def _sanction(entry: Entry) -> EntityProxy:
    record, designation = entry.record, entry.designation
    proxy = _proxy("Sanction", entity_id(entry.source, entry.reference, "sanction"), [entry.source])
    proxy.add("entity", entity_id(entry.source, entry.reference))
    proxy.add("authority", designation["authority"])
    proxy.add("authorityId", record.reference)
    proxy.add("program", list(record.programmes))
    proxy.add("listingDate", record.listed_on)
    proxy.add("startDate", record.listed_on)
    proxy.add("endDate", designation["delisted_on"])
    proxy.add("status", designation["status"])
    proxy.add("modifiedAt", list(record.amended_on))
    proxy.add("provisions", record.legal_basis)
    proxy.add("unscId", [i.value for i in record.identifiers if i.scheme == "un-ref"])
    proxy.add("retrievedAt", designation["snapshot"]["observed_on"])
    proxy.add("sourceUrl", sources.get(entry.source).url, quiet=True)
    if designation["delisted_between"]:
        since, until = designation["delisted_between"]
        proxy.add("summary", f"gone from the list between the snapshots of {since} and {until}; "
                             "the list states no delisting date")
    return proxy


def write_ftm(subjects: Iterable[SubjectExport]) -> str:
    """FtM JSON lines, as OpenSanctions' entities.ftm.json: one entity per line."""
    return "".join(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n"
                   for entity in ftm_entities(subjects))


# --- CSV ---------------------------------------------------------------------------------------


def csv_rows(subjects: Iterable[SubjectExport]) -> Iterator[dict]:
    for subject in subjects:
        for entry in subject.entries:
            record, designation = entry.record, entry.designation
            yield {
                "subject_id": subject.id, "subject_name": subject.name,
                "subject_type": subject.type, "source": entry.source,
                "authority": designation["authority"], "reference": entry.reference,
                "name": record.name, "aliases": "; ".join(n.value for n in record.aliases),
                "status": designation["status"], "listed_on": record.listed_on or "",
                "delisted_on": designation["delisted_on"] or "",
                "delisted_between": "/".join(designation["delisted_between"] or ()),
                "programmes": "; ".join(record.programmes),
                "identifiers": "; ".join(f"{i.scheme}:{i.value}" for i in record.identifiers),
                "legal_basis": record.legal_basis or "",
                "as_of_snapshot": designation["snapshot"]["observed_on"],
                "first_seen": designation["first_seen"], "last_seen": designation["last_seen"],
                "linked_because": entry.reason or "",
                "history": "; ".join(_event_text(e) for e in entry.events),
            }


def _event_text(event: dict) -> str:
    """"2021-07-01 amended (valid 2021-06-30): name, aliases": first the local date of the
    snapshot that showed the event (as the source dates it, like first_seen), then the legal date."""
    text = f"{event['seen_on']} {event['kind']}"
    if event["valid_date"]:
        text += f" (valid {event['valid_date']})"
    elif any(event["between"] or ()):
        text += " (between " + " and ".join(d or "?" for d in event["between"]) + ")"
    if event["changes"]:
        text += ": " + ", ".join(sorted(event["changes"]))
    return text


def write_csv(subjects: Iterable[SubjectExport]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(subjects))
    return out.getvalue()


WRITERS = {"ftm": write_ftm, "csv": write_csv}
FORMATS = tuple(WRITERS)


def export(store: Store, fmt: str, query: str | None = None, source_id: str | None = None) -> str:
    """The export of the chosen subjects in ``fmt`` ("ftm" or "csv")."""
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r} (use {' or '.join(FORMATS)})")
    return WRITERS[fmt](collect(store, query, source_id))
