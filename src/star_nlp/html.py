"""HTML view of a :class:`~star_nlp.results.Feedback` for notebooks and standalone pages.

Every piece of the answer is HTML-escaped; colours are translucent so the view reads in light
and dark themes.

Example:
    >>> import star_nlp
    >>> page = render_html(star_nlp.analyze("I fixed <b>the</b> build."), standalone=True)
    >>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;" in page
    (True, True)
"""

from __future__ import annotations

import html

from .results import Feedback

__all__ = ["render_html"]

COLOURS = {
    "situation": "rgba(66, 133, 244, 0.28)",
    "task": "rgba(171, 71, 188, 0.28)",
    "action": "rgba(52, 168, 83, 0.28)",
    "result": "rgba(251, 188, 4, 0.35)",
    "other": "rgba(128, 128, 128, 0.18)",
}
_CSS = """
.star-nlp{font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.6;color:inherit;max-width:60em}
.star-nlp .seg{border-radius:3px;padding:1px 2px}
.star-nlp .lab{font-size:0.7em;font-weight:600;text-transform:uppercase;opacity:0.75;margin-right:3px}
.star-nlp .qty{text-decoration:underline;text-decoration-thickness:2px;font-weight:600}
.star-nlp .own-we{border-bottom:2px dotted rgba(234,67,53,0.9)}
.star-nlp .score{font-size:1.4em;font-weight:700}
.star-nlp table{border-collapse:collapse;margin:0.5em 0}
.star-nlp td{padding:2px 8px;border-bottom:1px solid rgba(128,128,128,0.3)}
.star-nlp .sev-error{color:#d93025}.star-nlp .sev-warning{color:#e37400}.star-nlp .sev-info{color:#1a73e8}
"""


def _answer_html(fb: Feedback) -> str:
    text = fb.text
    marks: list[tuple[int, int, str, str]] = []  # start, end, open, close
    for q in fb.quantities:
        title = f"{q.kind}, {q.direction}" + (f", metric: {q.metric}" if q.metric else "") + (", outcome" if q.is_result else "")
        marks.append((q.start, q.end, f'<span class="qty" title="{html.escape(title, quote=True)}">', "</span>"))
    out: list[str] = []
    pos = 0
    for seg in fb.segments:
        out.append(html.escape(text[pos : seg.start]))
        out.append(
            f'<span class="seg seg-{seg.label}" style="background:{COLOURS[seg.label]}" '
            f'title="{seg.label} ({seg.confidence:.2f})"><span class="lab">{seg.label[0].upper()}</span>'
        )
        inner = [m for m in marks if seg.start <= m[0] and m[1] <= seg.end]
        p = seg.start
        for s, e, o, c in sorted(inner):
            out.append(html.escape(text[p:s]) + o + html.escape(text[s:e]) + c)
            p = e
        out.append(html.escape(text[p : seg.end]) + "</span>")
        pos = seg.end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def render_html(fb: Feedback, *, standalone: bool = False) -> str:
    """Render the answer with its STAR parts highlighted, the score and the suggestions.

    Args:
        fb: The feedback to show.
        standalone: Return a complete HTML page instead of a fragment.

    Example:
        >>> import star_nlp
        >>> "&lt;script&gt;" in render_html(star_nlp.analyze("I fixed <script>alert(1)</script> in our app."))
        True
    """
    subs = "".join(f"<tr><td>{html.escape(k)}</td><td>{v:.0f}</td></tr>" for k, v in fb.subscores.items())
    sugg = "".join(
        f'<li><span class="sev-{s.severity}">{html.escape(s.code)}</span>: {html.escape(s.message)}</li>' for s in fb.suggestions
    ) or "<li>None: a strong answer.</li>"
    legend = " ".join(f'<span class="seg" style="background:{c}">{lab}</span>' for lab, c in COLOURS.items())
    question = f"<p><em>{html.escape(fb.question)}</em></p>" if fb.question else ""
    body = (
        f'<div class="star-nlp"><style>{_CSS}</style>{question}'
        f'<div class="score">Score {fb.score:.0f}/100</div><table>{subs}</table>'
        f"<p>{legend}</p><p>{_answer_html(fb)}</p>"
        f"<p>{fb.metrics.words} words, about {fb.metrics.speaking_seconds / 60:.1f} min spoken; "
        f"I \u00d7{fb.ownership.first_person_singular}, we \u00d7{fb.ownership.first_person_plural}</p>"
        f"<ul>{sugg}</ul></div>"
    )
    if not standalone:
        return body
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>star_nlp feedback</title></head><body>{body}</body></html>'
