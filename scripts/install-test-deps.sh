#!/usr/bin/env bash
# What the tests need beyond `make run`'s dependencies, in a virtualenv of
# the project's own: the official Python client of Kubernetes (PyPI
# `kubernetes`, the release for v1.32) for the client compatibility test, and
# kopf, the Python operator framework, for the kopf operator test, and h2
# (an HTTP/2 protocol library) for the test of the server's stream limit.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-tests
client=kubernetes==32.0.1
kopf=kopf==1.37.2
h2=h2==4.4.1
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import kubernetes, sys; sys.exit(0 if kubernetes.__version__ == "32.0.1" else 1)' 2>/dev/null; then
  echo "installing $client into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$client"
fi
if ! "$venv/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(0 if m.version("kopf") == "1.37.2" else 1)' 2>/dev/null; then
  echo "installing $kopf into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$kopf"
fi
if ! "$venv/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(0 if m.version("h2") == "4.4.1" else 1)' 2>/dev/null; then
  echo "installing $h2 into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$h2"
fi
