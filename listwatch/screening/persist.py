"""The screening index on disk, so that a process loads it (~0.1 s) instead of building it from
the whole ledger (~2–4 s).

One file, written once and replaced atomically (a temporary file in the same folder, fsync,
``os.replace``), so several processes may build and read it at once: a reader sees the old file
or the new one, never half of one. Layout::

    MAGIC
    one line of JSON: format, code hash, ledger fingerprint, body hash, sections and their sizes
    body: a JSON section (strings and weights) followed by int32 arrays

Nothing in it is executed or unpickled. It is used only when every check passes — the magic,
the format version, the hash of the code that built it (keys, scorer, index: a new version of
listwatch rebuilds), the ledger's fingerprint (snapshot ids and content hashes, counts of
subjects, links and judgements: an index of another database or an older ledger is never
used), the SHA-256 of the body, and the shapes and ranges of every array — otherwise the
caller rebuilds it and writes a fresh file.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import tempfile
from array import array
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from listwatch.screening import keys, scorer
from listwatch.screening.index import ScreeningIndex
from listwatch.screening.packed import Ragged, postings_of

MAGIC = b"listwatch screening index\n"
FORMAT = 1
ROLES = frozenset({"word", "stop", "legal", "initial"})
# the modules whose code decides what an index holds
_CODE = ("names.py", "screening/keys.py", "screening/scorer.py", "screening/index.py",
         "screening/packed.py", "screening/persist.py")
_KEYED = ("by_fold", "by_skel", "by_delete", "by_acronym")  # key → token ids (name ids)
_ARRAYS = ("name_entry", *(f"{name}.{part}" for name in (
    "postings", "name_tids", "entry_positions", "entry_versions", *_KEYED)
    for part in ("offsets", "values")))
_INT32_MAX = 2 ** 31 - 1


class IndexFileError(ValueError):
    """A persisted index that must not be used (why is the message)."""


@lru_cache(maxsize=1)
def code_hash() -> str:
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{FORMAT} {scorer.VERSION} {scorer.CONFIG_HASH}".encode())
    for part in _CODE:
        digest.update((root / part).read_bytes())
    digest.update(metadata.version("anyascii").encode())  # it writes the folded forms
    return digest.hexdigest()


def save(index: ScreeningIndex, path: Path, fingerprint: str) -> None:
    """Write ``index`` for the ledger with this fingerprint, atomically (raises OSError)."""
    document = {
        "tok_fold": index.tok_fold, "tok_skel": [t.skel for t in index.tok_info],
        "tok_role": [t.role for t in index.tok_info],
        "tok_vowels": [t.vowels for t in index.tok_info], "tok_weight": index.tok_weight,
        "name_value": index.name_value, "name_meta": index.name_meta,
        "entry_key": index.entry_key, "entry_type": index.entry_type,
        "entry_subject": index.entry_subject, "subjects": index.subjects,
        **{name: list(getattr(index, name)) for name in _KEYED},
    }
    arrays = {
        **_packed("postings", Ragged.of(index.postings)),
        **_packed("name_tids", Ragged.of(index.name_tids)),
        "name_entry": index.name_entry,
        **_packed("entry_positions", index.entry_positions),
        **_packed("entry_versions", index.entry_versions),
        **{k: v for name in _KEYED
           for k, v in _packed(name, Ragged.of(getattr(index, name).values())).items()},
    }
    parts = [json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()]
    sections = [["document", len(parts[0])]]
    for name in _ARRAYS:
        data = _little_endian(arrays[name]).tobytes()
        parts.append(data)
        sections.append([name, len(data)])
    body = b"".join(parts)
    header = {"format": FORMAT, "code": code_hash(), "ledger": fingerprint,
              "built_at": index.built_at, "sections": sections,
              "sha256": hashlib.sha256(body).hexdigest()}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + json.dumps(header).encode() + b"\n" + body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _packed(name: str, ragged: Ragged) -> dict[str, array]:
    return {f"{name}.offsets": ragged.offsets, f"{name}.values": ragged.values}


def load(path: Path, fingerprint: str, into: ScreeningIndex) -> ScreeningIndex:
    """Fill ``into`` (an index holding the ledger's snapshots, authorities and record reader)
    from the file; raises :class:`IndexFileError` saying why it cannot be used, or OSError."""
    raw = path.read_bytes()
    if not raw.startswith(MAGIC):
        raise IndexFileError("not a listwatch screening index")
    end = raw.find(b"\n", len(MAGIC))
    try:
        header = json.loads(raw[len(MAGIC):end])
    except ValueError as exc:
        raise IndexFileError(f"unreadable header ({exc})") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise IndexFileError("another format version")
    if header.get("code") != code_hash():
        raise IndexFileError("built by another version of the screening code")
    if header.get("ledger") != fingerprint:
        raise IndexFileError("built from another ledger state")
    body = memoryview(raw)[end + 1:]
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise IndexFileError("the body does not match its hash (truncated or altered)")
    sections = _sections(header.get("sections"), body)
    collecting = gc.isenabled()
    gc.disable()  # ~500,000 new objects, none cyclic: collector passes would only slow them
    try:
        document = json.loads(bytes(sections.pop("document")))
        return _fill(into, document, {name: _int32(data) for name, data in sections.items()},
                     header.get("built_at"))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise IndexFileError(f"inconsistent content ({exc})") from None
    finally:
        if collecting:
            gc.enable()


def _sections(declared, body: memoryview) -> dict[str, memoryview]:
    names = ["document", *_ARRAYS]
    if (not isinstance(declared, list) or [s[0] if isinstance(s, list) and s else None
                                           for s in declared] != names):
        raise IndexFileError("unexpected sections")
    result, at = {}, 0
    for name, size in declared:
        if not isinstance(size, int) or size < 0 or (name != "document" and size % 4):
            raise IndexFileError(f"bad size of section {name}")
        result[name] = body[at:at + size]
        at += size
    if at != len(body):
        raise IndexFileError("sections do not span the body")
    return result


def _little_endian(values: array) -> array:
    if sys.byteorder == "little":
        return values
    swapped = array("i", values)
    swapped.byteswap()
    return swapped


def _int32(data: memoryview) -> array:
    values = array("i")
    if values.itemsize != 4:
        raise IndexFileError("this platform has no 4-byte array('i')")
    values.frombytes(data)
    return _little_endian(values)


def _fill(index: ScreeningIndex, doc: dict, arrays: dict[str, array],
          built_at: str | None) -> ScreeningIndex:
    folds, skels, roles, vowels, weights = (doc["tok_fold"], doc["tok_skel"], doc["tok_role"],
                                            doc["tok_vowels"], doc["tok_weight"])
    tokens, names, entries = len(folds), len(doc["name_value"]), len(doc["entry_key"])
    _require(len(skels) == len(roles) == len(vowels) == len(weights) == tokens,
             "token columns differ in length")
    _require(_only(str, folds, skels, vowels) and set(roles) <= ROLES, "bad token forms")
    _require(_only(float, weights) and (not weights or 0 <= min(weights) <= max(weights) <= 1),
             "bad weights")
    _require(len(doc["name_meta"]) == names and _only(str, doc["name_value"]),
             "name columns differ")
    _require(len(doc["entry_type"]) == len(doc["entry_subject"]) == entries, "entry columns differ")
    index.tok_info = list(map(keys.Token._make, zip(folds, skels, roles, vowels)))
    index.tok_weight = [float(w) for w in weights]
    index.name_value = doc["name_value"]
    index.name_meta = [tuple(m) for m in doc["name_meta"]]
    index.entry_key = [tuple(k) for k in doc["entry_key"]]
    _require(all(len(m) == 3 for m in index.name_meta) and all(len(k) == 2 for k in
                                                              index.entry_key), "bad tuples")
    index.entry_type, index.entry_subject = doc["entry_type"], doc["entry_subject"]
    index.subjects = {s: tuple(v) for s, v in doc["subjects"].items()}
    index.postings = _ragged(arrays, "postings", tokens, names).lists()
    index.name_tids = _ragged(arrays, "name_tids", names, tokens).lists()
    index.name_entry = arrays["name_entry"]
    _require(len(index.name_entry) == names and (not names or (
        min(index.name_entry) >= 0 and max(index.name_entry) < entries)), "bad name entries")
    most_snapshots = max((len(s) for s in index.snapshots.values()), default=0)
    index.entry_positions = _ragged(arrays, "entry_positions", entries, most_snapshots)
    index.entry_versions = _ragged(arrays, "entry_versions", entries, _INT32_MAX)
    _require(index.entry_positions.offsets == index.entry_versions.offsets,
             "entry positions and versions differ")
    for name in _KEYED:
        keys_ = doc[name]
        _require(_only(str, keys_), f"bad {name} keys")
        limit = names if name == "by_acronym" else tokens
        postings = postings_of(keys_, _ragged(arrays, name, len(keys_), limit))
        _require(len(postings) == len(keys_), f"repeated {name} keys")
        setattr(index, name, postings)
    index.built_at = built_at if isinstance(built_at, str) else index.built_at
    index.complete()
    return index


def _ragged(arrays: dict[str, array], name: str, length: int, value_limit: int) -> Ragged:
    ragged = Ragged(arrays[f"{name}.offsets"], arrays[f"{name}.values"])
    _require(len(ragged) == length, f"{name} has the wrong length")
    problem = ragged.problem(value_limit)
    _require(problem is None, f"{name}: {problem}")
    return ragged


def _only(kind: type, *columns: list) -> bool:
    return all(set(map(type, column)) <= {kind} for column in columns)


def _require(condition: bool, why: str) -> None:
    if not condition:
        raise IndexFileError(why)
