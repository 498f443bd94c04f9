"""The one HTML policy for everything that ends up on the public site.

Article bodies come from editors' Markdown, from pasted Word documents and from
the old website's HTML; all of it is published under the office's name, so all
of it passes one allow-list here. Anything not named below is dropped: a new
tag must be added on purpose, never let through by default.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s",
        "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption",
        "table", "thead", "tbody", "tr", "th", "td", "hr", "code", "pre",
        "sup", "sub",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    # An explicit empty "*" entry: without it nh3 keeps its own defaults, "lang"
    # and "title", on every tag.
    "*": frozenset(),
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
}

# Dropped together with their content: the text inside a script or a style
# sheet is code, and showing it as article text would be as wrong as running it.
REMOVED_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "form", "svg", "math",
        "noscript", "template", "textarea", "select", "applet", "frameset",
        "frame", "noframes", "noembed", "xmp", "title",
    }
)  # fmt: skip

# "data" is admitted here only so that nh3 hands data: URLs to the attribute
# filter, which keeps them solely as inline images on <img src>.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})

LINK_REL = "noopener noreferrer"

# Images pasted from a clipboard arrive inline. SVG is excluded because an SVG
# image is a document that can carry script.
_INLINE_IMAGE = re.compile(r"(?i:data:image/(?:png|jpeg|gif|webp);base64,)[A-Za-z0-9+/]*={0,2}")
# Browsers ignore control characters and whitespace in a URL's scheme
# ("jav&#x09;ascript:"), so the scheme is judged with them removed.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_FORBIDDEN_SCHEMES = frozenset({"javascript", "vbscript", "data"})
_DIMENSION = re.compile(r"\d{1,5}%?")


def _url_scheme(url: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url).lower())
    return match.group(1) if match else None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Second line of defence after nh3's own scheme check.

    nh3 cannot allow a scheme for one attribute only, so data: URLs are decided
    here; script schemes are rejected again so that a change in nh3's parsing
    cannot reopen them.
    """
    if attribute in ("href", "src"):
        scheme = _url_scheme(value)
        if scheme == "data" and tag == "img" and attribute == "src":
            compact = _IGNORED_IN_URL.sub("", value)
            return compact if _INLINE_IMAGE.fullmatch(compact) else None
        if scheme in _FORBIDDEN_SCHEMES:
            return None
    if attribute in ("width", "height"):
        return value.strip() if _DIMENSION.fullmatch(value.strip()) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=REMOVED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=URL_SCHEMES,
    url_relative="pass_through",
)


def sanitize_html(html: str) -> str:
    """Reduce untrusted HTML to the allow-listed tags, attributes and URLs."""
    return _CLEANER.clean(html)
