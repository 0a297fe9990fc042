# listwatch — the two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
LISTS := $(SHARED)/data/lists
DEMO_DB ?= sqlite:///demo.db
LW := COLUMNS=150 $(BIN)/listwatch --db $(DEMO_DB)
# The EU annex CSVs state no date of their own; the latest listing date they hold is 2026-03-30,
# so they were made on or after it (the importer refuses an earlier --observed-at).
EU_OBSERVED ?= 2026-03-30
# The subject `make demo` ends on and `make screenshots` shows.
DEMO_SUBJECT ?= Hayat Tahrir al-Sham
SHOTS ?= screenshots

.PHONY: install demo screenshots test bench clean

$(BIN)/listwatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/listwatch

# The main job on the embedded SQLite default: import the official lists (../shared when it is
# there, else the project's own fixtures), read the two seed articles, and answer the first
# questions about HTS: who lists it, since when, under which name, who pushes to change that.
demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	@if [ -d "$(LISTS)" ]; then \
	  set -e; \
	  $(LW) lists import $(LISTS)/un_consolidated $(LISTS)/uk_ofsi_conlist/*.xlsx; \
	  $(LW) lists import $(LISTS)/ofac_sdn_csv --date-from-filename; \
	  $(LW) lists import $(LISTS)/eu_terrorist_list_cp2001_931 $(LISTS)/eu_isil_alqaida_reg881 \
	    --observed-at $(EU_OBSERVED); \
	  $(LW) lists sources; \
	  $(LW) ingest $(SHARED)/seeds/000_*.txt --published 2024-12-16; \
	  $(LW) ingest $(SHARED)/seeds/001_*.txt --published 2024-12-18; \
	  $(LW) status "Hayat Tahrir al-Sham"; \
	  $(LW) claims --subject "Hayat Tahrir al-Sham"; \
	  $(LW) status "Hezbollah"; \
	  $(LW) screen "Хайят Тахрир аш-Шам"; \
	  $(LW) status "Abu Mohammed al-Jawlani" --as-of 2020-12-01; \
	  $(LW) status "Abu Mohammed al-Jawlani"; \
	  $(LW) diff un-sc --from 2020-11-30 --to 2020-12-01; \
	else \
	  echo "no $(LISTS): importing the project's own fixture lists instead (samples: no size floors)"; \
	  set -e; \
	  LISTWATCH_MIN_RECORDS="*=0" $(LW) lists import tests/fixtures/lists; \
	  $(LW) lists sources; \
	  $(LW) ingest tests/fixtures/news/*.txt --published 2025-03-10; \
	  $(LW) status "Hay'at Tahrir al-Sham"; \
	  $(LW) claims; \
	fi
	@echo
	@echo "HTTP API on this database: $(BIN)/listwatch --db $(DEMO_DB) serve"
	@echo "  then open http://127.0.0.1:8000/docs (OpenAPI), e.g. http://127.0.0.1:8000/status?q=Hayat%20Tahrir%20al-Sham"
	@echo "Web dossier (same server): http://127.0.0.1:8000/ — the page of $(DEMO_SUBJECT):"
	@echo "  http://127.0.0.1:8000/subjects/$$($(LW) status "$(DEMO_SUBJECT)" --json | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)["subject"]["id"])')"

# PNGs of the dossier's subject page (and a claim's document) at desktop and phone width, from
# the demo database (made first when missing), in $(SHOTS)/ (git-ignored).
screenshots: install
	@[ -f demo.db ] || $(MAKE) demo
	$(BIN)/python tools/screenshots.py --db $(DEMO_DB) --query "$(DEMO_SUBJECT)" --out $(SHOTS)

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_ledger.py --shared $(SHARED)

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache
