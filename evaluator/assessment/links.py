"""Links from the bank ("guide/core-skills.md#ci-cd-for-ml") as the site serves them ("guide/core-skills/#ci-cd-for-ml")."""

from __future__ import annotations

from .bank import Link


def site_path(link: str) -> str:
    """The page's address relative to the site root (MkDocs' directory URLs), anchor kept."""
    page, _, anchor = link.partition("#")
    path = page[: -len(".md")]
    path = "" if path == "index" else path[: -len("index")] if path.endswith("/index") else path + "/"
    return path + (f"#{anchor}" if anchor else "")


def link_dict(link: Link) -> dict[str, str]:
    return {"title": link.title, "link": link.link, "href": site_path(link.link)}
