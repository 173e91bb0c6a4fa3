# The two commands of the README: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test install models evaluate notebook benchmark lint clean

$(VENV)/.deps: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install ".[test,html]"
	touch $@

# Install the package itself as a wheel (not editable), so tests run against what users get.
install: $(VENV)/.deps
	$(PIP) install --no-deps --force-reinstall .

demo: install
	$(VENV)/bin/vnunion-nlp tag examples/articles.jsonl -o build/examples.tagged.jsonl --summary --overwrite

test: install
	cd tests && ../$(PY) -m pytest -q -p no:cacheprovider

# Rebuild the corpora from data/*/raw and retrain both bundled models (metrics go into models/*.card.json).
models: install
	$(PY) tools/corpus.py build entities
	$(PY) tools/corpus.py build activities
	$(VENV)/bin/vnunion-nlp train entities --data data/entities/train.jsonl --dev data/entities/dev.jsonl --test data/entities/test.jsonl data/entities/page_test.jsonl --out models
	$(VENV)/bin/vnunion-nlp train activities --data data/activities/train.jsonl --dev data/activities/dev.jsonl --test data/activities/test.jsonl data/activities/page_test.jsonl --compare --out models

evaluate: install
	$(VENV)/bin/vnunion-nlp evaluate entities --data data/entities/test.jsonl data/entities/page_test.jsonl
	$(VENV)/bin/vnunion-nlp evaluate activities --data data/activities/test.jsonl data/activities/page_test.jsonl

notebook: install
	$(PY) tools/run_notebook.py

benchmark: install
	$(PY) benchmarks/run.py

lint: $(VENV)/.deps
	$(PY) -m pip install -q ruff && $(VENV)/bin/ruff check src tests

clean:
	rm -rf $(VENV) build dist
