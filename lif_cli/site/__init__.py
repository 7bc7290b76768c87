"""`lif site`: the partnership's dashboard as a self-contained static web site.

:func:`~lif_cli.site.build.build_site` gathers every figure from the compute
layer (the same functions `lif status`, `lif plan` and the papers use) and
renders one page per view and per record with the templates in
``templates/site/``; :func:`~lif_cli.site.build.write_site` puts the pages in
place. Nothing on a page comes from outside it: no fonts, scripts or styles
from another host, no cookies, so the site works from ``file://`` and from any
static host.
"""
