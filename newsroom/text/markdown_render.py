"""Editors write article bodies in Markdown; readers get sanitised HTML.

Markdown passes raw HTML straight through, so its output is never trusted: it
always goes through :func:`newsroom.text.sanitize.sanitize_html`. Only the
extensions whose output survives that allow-list are enabled — footnotes,
definition lists and abbreviations would produce tags and ids the sanitiser
strips, leaving readers with broken fragments instead of a clear "not
supported".
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

from newsroom.text.sanitize import sanitize_html

TOP_HEADING_LEVEL = 2
BOTTOM_HEADING_LEVEL = 4

_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}


class _ClampHeadings(Treeprocessor):
    """Keep body headings between h2 and h4.

    The page's h1 is the article title, so the sanitiser admits only h2–h4;
    without this, "# Підзаголовок" would lose its heading entirely when the
    sanitiser strips the h1 tag. Raw HTML headings are not touched: they are
    the sanitiser's business.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            level = _HEADING_TAGS.get(element.tag)
            if level is not None:
                clamped = min(max(level, TOP_HEADING_LEVEL), BOTTOM_HEADING_LEVEL)
                element.tag = f"h{clamped}"


def markdown_to_html(md: str) -> str:
    """Render an article body from Markdown to HTML that is safe to publish."""
    # A fresh converter per call: markdown.Markdown keeps per-document state
    # (references, footnotes) and is not safe to share between threads.
    converter = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists"],
        output_format="html",
    )
    converter.treeprocessors.register(_ClampHeadings(converter), "newsroom_clamp_headings", 5)
    return sanitize_html(converter.convert(md))
