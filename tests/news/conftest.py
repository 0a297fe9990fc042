from __future__ import annotations

from pathlib import Path

import pytest

from listwatch.news.mentions.subjects import SubjectIndex
from listwatch.news.intake import RawDocument
from listwatch.news.reader import Reader, load_pipeline

NEWS = Path(__file__).resolve().parents[1] / "fixtures" / "news"

# invented subjects, as the ledger would give them: (subject id, name, type, name value)
SUBJECT_ROWS = [
    ("SNLF", "NORTHERN LIBERATION FRONT", "organisation", "NORTHERN LIBERATION FRONT"),
    ("SNLF", "NORTHERN LIBERATION FRONT", "organisation", "Northern Liberation Front"),
    ("SAEC", "ARMY OF THE EASTERN COAST", "organisation", "Army of the Eastern Coast"),
    ("SBOH", "BRIGADES OF HOPE", "organisation", "Brigades of Hope"),
]


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def reader(nlp) -> Reader:
    return Reader(SubjectIndex.from_names(SUBJECT_ROWS), nlp)


@pytest.fixture
def read(reader):
    def _read(name: str, published: str | None = None):
        text = (NEWS / name).read_text(encoding="utf-8")
        return reader.read(RawDocument(name, "text", text=text), published=published)
    return _read


def claims_of(article, **where):
    return [c for c in article.claims if all(c[k] == v for k, v in where.items())]
