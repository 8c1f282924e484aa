# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install lint format serve clean bench messages catalogues

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

TRANSLATIONS := dialogues/translations

## Compile the translation catalogues (.po → .mo) the app reads.
catalogues: $(STAMP)
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

## After marking new strings: extract them and merge them into every catalogue.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --no-location --sort-output -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

## Install everything, create the SQLite database with the demo data, start the app.
run: $(STAMP) catalogues
	scripts/system-packages.sh
	DIALOGUES_PRODUCTION=0 $(BIN)/dialogues init
	DIALOGUES_PRODUCTION=0 $(BIN)/dialogues demo
	DIALOGUES_PRODUCTION=0 $(BIN)/dialogues run --host $(HOST) --port $(PORT)

## Install everything and run every check: lint, format, tests.
test: $(STAMP) catalogues
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r dialogues
	scripts/system-packages.sh --test
	$(BIN)/pytest -n auto

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Production-like: gunicorn with several workers on the same database.
serve: $(STAMP) catalogues
	scripts/system-packages.sh
	$(BIN)/dialogues init
	$(BIN)/gunicorn -c python:dialogues.gunicorn_config --workers 2 --threads 4 --bind $(HOST):$(PORT) 'dialogues:create_app()'

## Benchmark at real scale on SQLite and PostgreSQL (minutes); writes bench/results.json.
bench: $(STAMP)
	scripts/system-packages.sh
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
