"""The CI recipes that build the site on every push to main and (only when asked) publish it.

One source for the workflow files `lif init` writes into a new records
repository and the samples in examples/ci/ (a test holds the two to this
text). Publishing is off until the repository sets ``LIF_SITE_PUBLISH`` to
``true``, which docs/site.md says to do only once the host's pages are
restricted to the partnership: a public site is never the default.
"""

from __future__ import annotations

# the install step is the validate workflow's own, so the two never disagree
from lif_cli.authoring.ci import GITHUB_INSTALL, GITLAB_INSTALL

GITHUB_PATH = ".github/workflows/lif-site.yml"
GITLAB_PATH = ".gitlab/ci/lif-site.yml"


def github_pages(install: str = GITHUB_INSTALL) -> str:
    """GitHub Actions: build on every push to main; deploy to Pages when enabled."""
    return f"""\
# Builds the partnership's dashboard site (`lif site`) on every push to main and
# keeps it as a download on the run. It is published with GitHub Pages only when
# the repository variable LIF_SITE_PUBLISH is "true": set Pages visibility to
# private first (docs/site.md). A public site is never the default.
name: lif site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: lif-site
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # the stamp and "what changed since the last board" read history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install lif
{install}
      - name: Build the site (refused while the records hold personal data)
        run: lif site -o site
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    if: vars.LIF_SITE_PUBLISH == 'true'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def gitlab_pages(install: str = GITLAB_INSTALL) -> str:
    """GitLab CI: build on every push to main; the `pages` job publishes when enabled."""
    return f"""\
# Builds the partnership's dashboard site (`lif site`) on every push to main and
# keeps it as a job artifact. It is published with GitLab Pages only when the
# CI/CD variable LIF_SITE_PUBLISH is "true": set Pages access control to
# "Only project members" first (docs/site.md). A public site is never the default.
# Use it from .gitlab-ci.yml with:
#   include:
#     - local: {GITLAB_PATH}
.lif-site:
  image: python:3.11-slim
  variables:
    GIT_DEPTH: "0"                # the stamp and "what changed since the last board" read history
  before_script:
    - apt-get update -qq && apt-get install -y -qq git
{install}

lif-site:
  extends: .lif-site
  rules:
    - if: $CI_COMMIT_BRANCH == "main" && $LIF_SITE_PUBLISH != "true"
  script:
    - lif site -o site            # refused while the records hold personal data
  artifacts:
    paths: [site]
    expire_in: 30 days

pages:
  extends: .lif-site
  rules:
    - if: $CI_COMMIT_BRANCH == "main" && $LIF_SITE_PUBLISH == "true"
  script:
    - lif site -o public
  artifacts:
    paths: [public]
"""


def workflows() -> dict[str, str]:
    """{path in a records repository: text} of both recipes."""
    return {GITHUB_PATH: github_pages(), GITLAB_PATH: gitlab_pages()}
