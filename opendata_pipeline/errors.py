"""Errors that name the dataset, the file and the place in it — never a raw value."""

from __future__ import annotations


class DatasetError(Exception):
    """A problem with one dataset's input: says which dataset, file and row/field, and why."""

    def __init__(
        self, dataset: str, reason: str, *, file: str | None = None, location: str | None = None
    ) -> None:
        self.dataset = dataset
        self.file = file
        self.location = location
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [f"dataset '{self.dataset}'"]
        if self.file:
            parts.append(f"file '{self.file}'")
        if self.location:
            parts.append(self.location)
        return f"{', '.join(parts)}: {self.reason}"


class SourceUnchanged(Exception):
    """The source answered 'not modified': no new raw snapshot was taken."""
