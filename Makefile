# Suma: `make run` serves the demo union; `make test` runs the whole suite on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.9
# The PostgreSQL the tests use (pytest-django creates and drops test_<name> beside it).
SUMA_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install run test test-sqlite test-postgres lint messages bench clean

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

test-sqlite: install
	SUMA_DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -q -n 2 --dist loadgroup

test-postgres: install
	SUMA_DATABASE_URL=$(SUMA_TEST_POSTGRES) $(BIN)/pytest -q -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check suma tests bench

messages: install
	cd suma && ../$(BIN)/django-admin makemessages -l es -l fr -l it --no-obsolete --no-location \
	  --settings=suma.settings && ../$(BIN)/django-admin compilemessages --settings=suma.settings

clean:
	rm -rf $(VENV) var
