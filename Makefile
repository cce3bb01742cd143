# The two commands a newcomer runs (see README.md): `make demo` and `make test`.
# Both create the virtual environment in .venv when it is missing and install the project
# into it; nothing else on the machine is changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test package clean

demo: $(STAMP)
	$(BIN)/gather-desktop --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,build]'
	$(BIN)/pyinstaller --noconfirm --clean build.spec

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build dist $(VENV)
