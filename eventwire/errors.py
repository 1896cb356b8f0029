"""Every error eventwire raises on purpose, as one tree.

    EventwireError
     ├── ModelNotInstalled      no English spaCy model is installed
     ├── DataFileError          a lexicon or gazetteer file is missing or malformed
     ├── InputError             an input record cannot be coded
     │    ├── EmptyInput        nothing but whitespace
     │    ├── BinaryInput       NUL bytes or undecodable bytes
     │    ├── InputTooLarge     over the size limit for one article
     │    ├── MalformedRecord   a JSON line without the fields the contract needs
     │    └── CodingFailed      the parser or a coding stage failed on this article alone
     └── StoreError             the store cannot be opened, migrated or written
          └── StoreLocked       another process holds the store's write lock

Messages carry a code in brackets (`[E101]`) so that users can search for them and batch
summaries can count failures by reason.
"""
from __future__ import annotations


class EventwireError(Exception):
    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.reason = message


class ModelNotInstalled(EventwireError):
    code = "E001"


class DataFileError(EventwireError):
    code = "E002"


class InputError(EventwireError):
    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class InputTooLarge(InputError):
    code = "E103"


class MalformedRecord(InputError):
    code = "E104"


class CodingFailed(InputError):
    """A stage raised on one article: the article is reported and the rest of its batch is coded."""
    code = "E105"


class StoreError(EventwireError):
    code = "E200"


class StoreLocked(StoreError):
    code = "E201"
