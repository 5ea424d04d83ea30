# Simutasi task runner. `make run` and `make test` need only Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test e2e fuzz bench bench-load lint format migrate seed install worker beat clean siasn-fake

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 diperlukan ($(PYTHON) tidak ditemukan)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py sync_schedules
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: install
	$(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

# The schemathesis fuzzing of the whole API with every check (also part of `make test`).
fuzz: install
	$(PY) -m pytest tests/security/test_fuzz_api.py $(PYTEST_ARGS)

bench: install
	$(PY) benchmarks/workload.py
	$(PY) benchmarks/planning.py

bench-load: install
	$(PY) benchmarks/load.py --compare --bound --write-docs

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install
	$(VENV)/bin/celery -A config worker -l info

beat: install
	$(VENV)/bin/celery -A config beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .test-media

# A fake BSrE (electronic signature) on 127.0.0.1:8765 for the demo: run it, then start the app with
# BSRE_URL=http://127.0.0.1:8765. Demo signer NIK/passphrase: tools/fakes/bsre_fake.py DEMO_USERS.
.PHONY: bsre-fake bench-decree
bsre-fake: install
	$(PY) -m tools.fakes.bsre_fake --port $${BSRE_FAKE_PORT:-8765}

bench-decree: install
	$(PY) benchmarks/decree.py

# A fake SIASN on 127.0.0.1:8765 for development (prints the SIASN_* settings to use).
siasn-fake: install
	$(PY) -m siasn.fake --port $${SIASN_FAKE_PORT:-8765} --employees $${SIASN_FAKE_EMPLOYEES:-2000}
