"""Safe XML parsing for the arXiv feeds.

defusedxml refuses entity declarations, so a billion-laughs or external-entity file
fails cleanly instead of exhausting memory or reading local files.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from digest_tui.core.errors import IngestError
from digest_tui.core.sources.common import ParseContext, collapse

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def parse_xml(data: bytes, ctx: ParseContext, expected: str) -> Element:
    if b"\x00" in data[:4096]:
        raise IngestError(f"binary data, expected {expected}", source=ctx.name)
    try:
        root: Any = fromstring(data, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        raise IngestError(
            f"refused unsafe XML ({type(exc).__name__}): entity declarations are not allowed",
            source=ctx.name,
        ) from None
    except ParseError as exc:
        raise IngestError(
            f"not well-formed XML ({exc}); expected {expected}", source=ctx.name
        ) from None
    except (ValueError, LookupError, RecursionError) as exc:  # LookupError: unknown encoding
        raise IngestError(f"unreadable XML ({exc}); expected {expected}", source=ctx.name) from None
    if not isinstance(root, Element):
        raise IngestError(f"not XML; expected {expected}", source=ctx.name)
    return root


def text_of(element: Element | None) -> str:
    return collapse("".join(element.itertext())) if element is not None else ""
