# Suma: `make run` serves the demo union; `make test` runs the whole suite on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.9
# The PostgreSQL the tests use (pytest-django creates and drops test_<name> beside it).
SUMA_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install run test test-sqlite test-postgres lint messages bench bench-decisions bench-pledges bench-petitions \
	bench-rights-letters bench-rights-sweep \
	clean

install: $(VENV)/.installed

# The environment, exactly as uv.lock pins it (the project itself is installed editable).
$(VENV)/.installed: uv.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --all-extras --inexact --quiet
	touch $@

run: install
	$(BIN)/suma run

test: test-sqlite test-postgres

# The SQLite test database is a file, so that worker processes started by the tests share it.
test-sqlite: install
	mkdir -p var && rm -f var/test-sqlite3*
	SUMA_DATABASE_URL=sqlite:///:memory: SUMA_TEST_DATABASE_NAME=$(CURDIR)/var/test-sqlite3 \
	  $(BIN)/pytest -q -n 2 --dist loadgroup

test-postgres: install
	SUMA_DATABASE_URL=$(SUMA_TEST_POSTGRES) $(BIN)/pytest -q -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check suma tests bench

# Translations (needs GNU gettext): extract every marked string into suma/locale/{es,fr,it},
# then compile the .mo files, which are committed so `make run` needs no gettext. Translate
# the new empty msgstr (and fuzzy ones) in each django.po, run `make messages` again and
# commit the .po and .mo files; tests/test_translations.py fails while one is missing.
messages: install
	cd suma && ../$(BIN)/django-admin makemessages -l es -l fr -l it --no-obsolete --no-location \
	  --settings=suma.settings
	# A date that changes on every run would make a diff of every catalogue: drop it.
	sed -i.bak '/^"POT-Creation-Date: /d' suma/locale/*/LC_MESSAGES/django.po
	rm -f suma/locale/*/LC_MESSAGES/django.po.bak
	cd suma && ../$(BIN)/django-admin compilemessages --settings=suma.settings

# Load benchmark (docs/benchmarks.md): 100,000 members on PostgreSQL, gunicorn, wrk with 50
# connections; fails when a target's p95 is over 100 ms. Options: make bench BENCH_ARGS="--help".
SUMA_BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432
# Two runs on one fresh database: 50 people each pausing about a second between pages (the
# goal, p95 < 100 ms, gates this one), then 50 connections flat out (saturation, reported).
bench: install
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/members_load.py \
	  --think-ms 1000 --worker-class gthread $(BENCH_ARGS)
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/members_load.py \
	  --reuse-db --report-only $(BENCH_ARGS)

# Decisions (docs/benchmarks.md): 1,000,000 stored ballots tallied in at most 10 s, then at
# least 300 ballots/s cast through the API with 100 connections, none lost or doubled.
# Both run even when the first misses its goal; the target fails if either does.
bench-decisions: install
	status=0; \
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/decisions_stored_tally.py \
	  || status=$$?; \
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/decisions_casting.py \
	  || status=$$?; \
	exit $$status

# Pledges (docs/pledges.md): the activation race, 100 trials of 200 members pledging at once
# past a threshold of 150 through the API; every trial must activate exactly once with an
# exact count. Options: make bench-pledges BENCH_ARGS="--trials 5".
bench-pledges: install
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/pledges_activation.py \
	  $(BENCH_ARGS)

# Petitions (docs/petitions.md): members and visitors sign through the real pages, 100
# connections for 60 s, beside a bare one-INSERT endpoint; goal ≥ 500 signatures/s, p99 under
# 500 ms, ratio ≥ 0.5, zero errors, the counter equal to the stored valid signatures.
bench-petitions: install
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/petitions_signing.py $(BENCH_ARGS)

# Data-rights letters (docs/benchmarks.md): a drive's 10,000 PDF request letters made by the real
# worker while the progress is polled, beside platypus drawing the same letters; goal ≥ 50/s.
bench-rights-letters: install
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/rights_letters.py $(BENCH_ARGS)

# The overdue sweep (docs/benchmarks.md): 1,000,000 open requests, 10 % past due, swept by one
# set-based statement in at most 10 s, beside a per-row loop extrapolated from a sample.
bench-rights-sweep: install
	SUMA_BENCH_POSTGRES=$(SUMA_BENCH_POSTGRES) $(BIN)/python bench/rights_sweep.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
