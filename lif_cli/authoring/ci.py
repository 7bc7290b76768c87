"""The CI recipe for a records repository: one text, written by `lif init` and
shipped as examples/ci (a test keeps the two the same).

lif is not on a public package index: each partnership installs it from where
it keeps it (a git URL, a wheel on a file share, an internal index). The
recipe reads that from one repository variable, ``LIF_SPEC``, a pip
requirement such as ``lif-cli @ git+https://github.com/OWNER/lif@v0.1.0``, and
stops with a message saying how to set it when it is missing. lif's cache
folder is kept between runs, so a push re-parses only the files it changed.
"""

from __future__ import annotations

# The message a run prints when LIF_SPEC is not set.
MISSING_SPEC = (
    "LIF_SPEC is not set: add a repository variable LIF_SPEC holding the pip "
    "requirement lif is installed from, e.g. "
    "'lif-cli @ git+https://github.com/OWNER/lif@v0.1.0' ({where})"
)

_GITHUB_VARIABLES = "Settings > Secrets and variables > Actions > Variables"

# The "Install lif" step, the same in every workflow (validate, site).
GITHUB_INSTALL = f"""\
        env:
          LIF_SPEC: ${{{{ vars.LIF_SPEC }}}}
        run: |
          if [ -z "$LIF_SPEC" ]; then
            echo "::error::{MISSING_SPEC.format(where=_GITHUB_VARIABLES)}"
            exit 1
          fi
          pip install "$LIF_SPEC\""""

GITLAB_INSTALL = f"""\
    - |
      if [ -z "$LIF_SPEC" ]; then
        echo "{MISSING_SPEC.format(where="Settings > CI/CD > Variables")}"
        exit 1
      fi
    - pip install "$LIF_SPEC\""""

GITHUB_WORKFLOW = f"""\
# Validates the records on every push and pull request; problems show as
# annotations on the changed lines, and the job fails when a record has an error.
# Before the first push, set the repository variable LIF_SPEC (Settings >
# Secrets and variables > Actions > Variables) to the pip requirement lif is
# installed from, e.g.: lif-cli @ git+https://github.com/OWNER/lif@v0.1.0
name: lif validate

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    env:
      LIF_CACHE_DIR: ${{{{ github.workspace }}}}/../lif-cache
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # full history: `lif changes` and `--at` need it
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install lif
{GITHUB_INSTALL}
      - name: Keep lif's cache between runs
        uses: actions/cache@v4
        with:
          path: ${{{{ env.LIF_CACHE_DIR }}}}
          key: lif-${{{{ runner.os }}}}-${{{{ github.sha }}}}
          restore-keys: lif-${{{{ runner.os }}}}-
      - name: Validate every record
        run: lif validate --format github
"""

GITLAB_CI = f"""\
# Validates the records on every push; the JSON report is kept as an artifact.
# Before the first push, set the CI/CD variable LIF_SPEC (Settings > CI/CD >
# Variables) to the pip requirement lif is installed from, e.g.:
# lif-cli @ git+https://gitlab.example.org/OWNER/lif.git@v0.1.0
lif-validate:
  image: python:3.11-slim
  variables:
    GIT_DEPTH: "0"                # full history: `lif changes` and `--at` need it
    LIF_CACHE_DIR: "$CI_PROJECT_DIR/.lif-cache"
  cache:
    key: lif
    paths: [.lif-cache/]
  script:
    - apt-get update -qq && apt-get install -y -qq git
{GITLAB_INSTALL}
    - lif validate --format json > lif-validate.json || (lif validate; exit 1)
  artifacts:
    when: always
    paths: [lif-validate.json]
"""
