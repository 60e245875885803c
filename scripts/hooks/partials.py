"""Rendering the Jinja partials under overrides/partials/ from a hook, with HTML escaping on.

MkDocs' own theme environment does not escape by default; these partials show maintainers' data,
so they get an environment over the same template folders (custom_dir first) that escapes every
value unless a template marks it safe.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig

_environments: dict[int, jinja2.Environment] = {}


def code_spans(text: str) -> Markup:
    """Escape prose, then turn `backtick` spans into <code> (the data files' prose uses backticks)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def render(config: MkDocsConfig, template: str, **context: Any) -> str:
    """Render ``partials/<template>`` with ``context``; the output has no blank lines, so Markdown
    keeps it as one raw HTML block."""
    key = id(config)
    if key not in _environments:
        _environments.clear()  # one build at a time (live reload makes a new config)
        _environments[key] = jinja2.Environment(
            loader=config.theme.get_env().loader,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        _environments[key].filters["code_spans"] = code_spans
        _environments[key].globals["zip"] = zip
    html = _environments[key].get_template(f"partials/{template}").render(**context)
    return "\n".join(line for line in html.splitlines() if line.strip())
