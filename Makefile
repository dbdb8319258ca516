# Two commands a newcomer needs: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-requirements
PORT   ?= 8000

.PHONY: run test lint messages makemessages bench check-deploy

# requirements.txt pins every package with its hashes (made from requirements.in); pip itself is
# upgraded first, on its own, and anything whose hash does not match is refused.
$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity=0

run: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(VENV)/bin/honcho -f Procfile.dev start --port $(PORT)

# `make test COVERAGE=1` measures branch coverage too (CI does; `coverage report` then checks the floor).
test: messages
	$(PY) -m $(if $(COVERAGE),coverage run -m pytest,pytest)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Refresh the catalogues after changing user-facing strings, then translate the new entries.
# The languages come from settings.LANGUAGES (and any catalogue begun under locale/): none is listed here.
makemessages: $(STAMP)
	for lang in $$($(PY) manage.py catalogue_locales); do \
	  $(PY) manage.py makemessages --locale=$$lang --no-location --no-wrap --ignore=.venv --ignore=tests --verbosity=0; \
	done

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY=throwaway-$$(date +%s)-not-a-real-secret-key-0123456789abcdefghijklmnop \
	ALLOWED_HOSTS=portal.example.org PUBLIC_BASE_URL=https://portal.example.org \
	FIELD_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	BLIND_INDEX_KEY=throwaway-blind-index-key \
	DATABASE_URL=$${DATABASE_URL:-postgres://portal@127.0.0.1:5432/portal} \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: messages
	$(PY) -m bench
