"""Similar meaning: cosine of a local static embedding model's vectors (optional, for GG503).

Off unless the configuration names a model folder::

    # glossgraph.toml (or [tool.glossgraph] in pyproject.toml)
    embeddings = "models/potion-base-8M"   # a local folder, relative to this file

The model is a model2vec `StaticModel` saved in that folder (model.safetensors,
tokenizer.json, config.json), loaded with the optional extra
(`pip install 'glossgraph[embeddings]'`). Nothing is ever downloaded: a name
that is not a local folder is refused (a hub id such as
"minishlab/potion-base-8M" included), and the hub library is put offline
(`HF_HUB_OFFLINE=1`) before model2vec is imported. This module imports
numpy only when it computes (`check` reads `model_stamp` for its cache key).

Each term's label, aliases and definitions become one text and one unit
vector; cosine similarity is a dense product of a block of rows with all the
vectors (numpy), and each row keeps its `TOP_K` best pairs that are not
excluded (already linked, one broader chain). GG503 proposes those pairs too,
and the ranking weighs their cosine as the feature "GG503 meaning".
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from .text import definitions_of, names_of

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy import sparse

    from .context import SuggestContext

__all__ = ["CONFIG_KEY", "TOP_K", "model_folder", "model_stamp", "load_model", "meaning_pairs"]

#: The configuration key that names the model folder.
CONFIG_KEY = "embeddings"
#: Pairs kept per term.
TOP_K = 10
#: Rows of the dense similarity block (a block of _BLOCK x n float32 at a time).
_BLOCK = 256
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")
_INSTALL = "pip install 'glossgraph[embeddings]'"


def model_folder(config: dict[str, Any] | None) -> Path | None:
    """The model folder the configuration names (relative to the configuration file), or None.

    Raises
    ------
    ConfigError
        When the setting names no existing folder (a hub id is named as such).
    """
    value = (config or {}).get(CONFIG_KEY)
    if value is None:
        return None
    where = f"{config['_path']}: " if config.get("_path") else ""
    base = Path(config["_path"]).parent if config.get("_path") else Path.cwd()
    path = (base / Path(value).expanduser()).resolve()
    if not path.exists():
        if _HUB_ID.fullmatch(value) and not value.startswith("."):
            raise ConfigError(f"{where}setting {CONFIG_KEY!r}: {value!r} is not a local folder "
                              f"({path} does not exist) and looks like a model hub id; glossgraph "
                              "never downloads a model: give the folder of a model on this machine")
        raise ConfigError(f"{where}setting {CONFIG_KEY!r}: {path} does not exist")
    if not path.is_dir():
        raise ConfigError(f"{where}setting {CONFIG_KEY!r}: {path} is not a folder "
                          "(expected a model2vec model folder)")
    return path


def model_stamp(config: dict[str, Any] | None) -> list | None:
    """[name, size, mtime_ns, ctime_ns] of each file in the configured model folder (for the
    check cache's key: another model in the same folder is another result); None when unset
    or unusable (the error is raised when the suggestions run)."""
    try:
        folder = model_folder(config)
        if folder is None:
            return None
        stats = [(item.name, item.stat()) for item in sorted(folder.iterdir())]
    except (ConfigError, OSError):
        return None
    return [[name, st.st_size, st.st_mtime_ns, st.st_ctime_ns] for name, st in stats]


def load_model(path: Path) -> Any:
    """The model2vec `StaticModel` saved in `path`, loaded offline.

    Raises
    ------
    ConfigError
        When the extra is not installed, or `path` holds no model2vec model.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"  # read when huggingface_hub is imported: no network at all
    try:
        from model2vec import StaticModel
    except ImportError:
        raise ConfigError(f"setting {CONFIG_KEY!r} needs the optional extra: {_INSTALL}") from None
    try:
        return StaticModel.from_pretrained(str(path), force_download=False)
    except Exception as exc:  # safetensors, tokenizers and json raise their own kinds
        reason = " ".join(str(exc).split())[:200]
        raise ConfigError(f"{path} is not a model2vec model folder (model.safetensors, "
                          f"tokenizer.json, config.json): {reason}") from None


def term_texts(ctx: SuggestContext) -> list[str]:
    """One text per term: label, aliases, then definitions."""
    return [". ".join([*names_of(ctx.term(i)), *(text for _, text in definitions_of(ctx.term(i)))])
            for i in range(ctx.n)]


def term_vectors(ctx: SuggestContext, model: Any) -> np.ndarray:
    """(n x d) unit vectors of the terms' texts, centred on their mean (a text with no known
    token: zeros). Averaged word vectors of texts on one topic all point one way (the raw
    cosine of two ai-glossary terms is 0.78 on average, linked or not); centred, two
    unrelated terms are near 0."""
    import numpy as np

    vectors = np.asarray(model.encode(term_texts(ctx), show_progress_bar=False), dtype=np.float32)
    known = np.linalg.norm(vectors, axis=1) > 0
    if known.any():
        vectors[known] -= vectors[known].mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def meaning_pairs(ctx: SuggestContext, k: int = TOP_K) -> sparse.csr_matrix | None:
    """Each term's `k` nearest terms by embedding cosine (> 0, not excluded); None when the
    configuration names no model. Cached per context."""
    if "meaning" not in ctx.cache:
        folder = model_folder(getattr(ctx.glossary, "config", None))
        ctx.cache["meaning"] = None if folder is None else _nearest(ctx, term_vectors(
            ctx, load_model(folder)), k)
    return ctx.cache["meaning"]


def _nearest(ctx: SuggestContext, vectors: np.ndarray, k: int) -> sparse.csr_matrix:
    import numpy as np

    from .context import pairs_matrix

    found = [_block_nearest(ctx, vectors, start, k) for start in range(0, ctx.n, _BLOCK)]
    rows, cols, values = (np.concatenate(parts) for parts in zip(*found))
    return pairs_matrix(ctx.n, rows, cols, values)


def _block_nearest(ctx: SuggestContext, vectors: np.ndarray, start: int,
                   k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import numpy as np

    stop = min(start + _BLOCK, ctx.n)
    block = vectors[start:stop] @ vectors.T
    blocked = ctx.excluded[start:stop].tocoo()
    block[blocked.row, blocked.col] = -np.inf
    block[np.arange(stop - start), np.arange(start, stop)] = -np.inf
    keep = min(k, ctx.n - 1)  # suggest never runs on fewer than 2 terms
    cols = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
    values = np.take_along_axis(block, cols, axis=1)
    rows = np.repeat(np.arange(start, stop), keep).reshape(-1, keep)
    positive = values > 0
    return rows[positive].astype(np.int64), cols[positive].astype(np.int64), \
        values[positive].astype(np.float64)
