# The two commands the README names are `make lab` and `make test`; the rest are helpers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: lab test lint format clean-notebooks benchmark present html

# (Re)install whenever the dependency list changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable . --group test
	touch $(STAMP)

# JupyterLab refuses to start as root unless told; CI and containers run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) $(LAB_ARGS) notebooks/00_start_here.ipynb

# Where the machine allows it (root, with unshare and ip), the tests run in a network
# namespace that has only a loopback interface: proof that notebooks, charts and the browser
# tests need no network. Tests marked `needs_index` (they ask the package index) run outside.
OFFLINE := $(shell unshare --net sh -c 'ip link set lo up' 2>/dev/null \
	&& echo "unshare --net sh -c 'ip link set lo up && exec \"\$$0\" \"\$$@\"'")

test: $(STAMP)
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m ruff format --check src tests benchmarks
	$(PY) -m pytest -m needs_index || test $$? -eq 5  # 5: none collected
	$(OFFLINE) $(PY) -m pytest -m "not needs_index"
	# The notebooks once more through nbval: --nbval-lax runs every cell and fails on an error
	# (outputs are not compared: the notebooks are committed without them). The stricter check,
	# no warning and nothing on stderr, is tests/test_notebooks.py.
	rm -rf build/nbval-data
	ALLIANCE_LAB_DATA_DIR=$(CURDIR)/build/nbval-data $(OFFLINE) $(PY) -m pytest --nbval-lax notebooks

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks

format: $(STAMP)
	$(PY) -m ruff format src tests benchmarks
	$(PY) -m ruff check --fix src tests benchmarks

# Strip outputs and execution counts from every notebook before committing.
clean-notebooks: $(STAMP)
	$(VENV)/bin/jupyter nbconvert --clear-output --inplace \
		--ClearMetadataPreprocessor.enabled=True notebooks/*.ipynb

benchmark: $(STAMP)
	for f in benchmarks/bench_*.py; do $(PY) $$f || exit 1; done

# Lecture-hall view of one notebook: `make present NB=06` (code hidden, large type, Voila).
# Without NB it lists the notebooks.
present: $(STAMP)
	$(PY) -m alliance_lab.app.present $(NB) $(PRESENT_ARGS)

# Static site for reading without a kernel or a network: site/index.html.
html: $(STAMP)
	$(PY) -m alliance_lab.app.site notebooks site
