"""boilerstrip as a datatrove pipeline step (``pip install "boilerstrip[datatrove]"``).

datatrove runs pipelines of steps over sharded corpora with local, Slurm or Ray
executors. `BoilerstripClean` cleans each document like ``boilerstrip clean`` does a
JSONL record: the clean text goes into ``metadata[output_field]`` (default ``clean``;
with ``replace_text=True`` into ``doc.text`` instead), and a page that fails keeps its
place with ``metadata["error"]``, so every document that goes in comes out.
`JsonlRecords` reads every line of a JSONL corpus (also the ones that are not JSON) and
`JsonlRecordsWriter` writes each document back as the CLI's record line, so a datatrove
run and ``boilerstrip clean`` give the same lines, byte for byte (`record_adapter` gives
datatrove's own `JsonlWriter` the same records, serialised its way)::

    from datatrove.executor import LocalPipelineExecutor
    from boilerstrip.datatrove_step import BoilerstripClean, JsonlRecords, JsonlRecordsWriter

    LocalPipelineExecutor(pipeline=[
        JsonlRecords("corpus/"),
        BoilerstripClean(profile="corpus.profile"),
        JsonlRecordsWriter("clean/"),
    ], tasks=8, workers=8).run()

`BoilerstripProfile` is the profile's first pass as a stage (one profile file per task).
This module imports datatrove; the rest of boilerstrip never does.
"""
from __future__ import annotations

import json

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers.disk_base import DiskWriter

from .batch import CleanJob
from .config import Config

_RECORD = "_record"  # metadata key holding the original JSONL record


class JsonlRecords(JsonlReader):
    """datatrove's `JsonlReader`, but every non-blank line becomes a document, also one
    that is not JSON or not an object (datatrove's reader skips those; ``boilerstrip
    clean`` keeps them as failed records, and so does this pipeline)."""

    name = "🐿 Jsonl records"

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(filepath, "r", compression=self.compression) as fh:
            for number, line in enumerate(fh):
                if line.strip():
                    with self.track_time():
                        yield _document(line.rstrip("\n"), f"{filepath}/{number}")


def _document(line: str, where: str) -> Document:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError):  # (nested deeper than json's parser recurses)
        record = None
    record = record if isinstance(record, dict) else {}
    text = record.get("text")
    return Document(text=text if isinstance(text, str) and text else line,
                    id=str(record.get("id", where)), metadata={_RECORD: line})


class JsonlRecordsWriter(DiskWriter):
    """Writes each document's record line exactly as ``boilerstrip clean`` writes it (same
    bytes: datatrove's `JsonlWriter` re-serialises with orjson, spacing differs). One file
    per task, ``${rank}.jsonl`` by default; a ``.gz`` name compresses."""

    default_output_filename = "${rank}.jsonl"
    name = "🐿 Jsonl records"

    def __init__(self, output_folder, output_filename: str | None = None, compression: str | None = "infer"):
        super().__init__(output_folder, output_filename, compression, adapter=_line_of, mode="wt")

    def _write(self, document: dict, file_handler, filename: str) -> None:
        file_handler.write(document["line"] + "\n")


def _line_of(self, document) -> dict:
    return {"line": document.metadata[_RECORD]}


def record_adapter(self, document) -> dict:
    """For `JsonlWriter(adapter=...)`: the record as ``boilerstrip clean`` writes it."""
    return json.loads(document.metadata[_RECORD])


class BoilerstripClean(PipelineStep):
    """Clean every document's page; failures are kept and marked, never dropped.

    config, field, output_field, site_field: as ``boilerstrip clean``'s options.
    profile: a `Profile` or the path of a profile file (loaded once per task).
    """

    name = "🧹 boilerstrip"
    type = "🛢 - EXTRAC"

    def __init__(self, config: Config | None = None, field: str | None = None, output_field: str = "clean",
                 profile=None, site_field: str | None = None, replace_text: bool = False):
        super().__init__()
        self.config = config or Config()
        self.field, self.output_field, self.site_field = field, output_field, site_field
        self.profile, self.replace_text = profile, replace_text

    def _job(self) -> CleanJob:
        profile = self.profile
        if isinstance(profile, str):
            from .profile import Profile

            profile = Profile.load(profile)
        return CleanJob(self.config, "text", self.field, self.output_field, profile, self.site_field)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        job = self._job()
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                line = doc.metadata.get(_RECORD) or json.dumps({"id": doc.id, "text": doc.text}, ensure_ascii=False)
                outcome = job.record(line)
            record = json.loads(outcome.text)
            doc.metadata[_RECORD] = outcome.text.rstrip("\n")
            if outcome.error is not None:
                self.stat_update("failed")
                doc.metadata["error"] = outcome.error
            elif self.replace_text:
                doc.text = record[self.output_field]
            else:
                doc.metadata[self.output_field] = record[self.output_field]
            yield doc


class BoilerstripProfile(PipelineStep):
    """The profile's first pass as a pipeline stage: each task counts its documents and
    writes ``{output_folder}/{rank:05d}.profile``; documents pass through unchanged.
    ``Profile.merge`` (or ``boilerstrip profile --merge``) of the task files equals the
    profile of the whole corpus, so a second stage can clean with it."""

    name = "🧮 boilerstrip profile"
    type = "📊 - STATS"

    def __init__(self, output_folder: str, config: Config | None = None, field: str | None = None,
                 site_field: str | None = None):
        super().__init__()
        self.output_folder, self.config = output_folder, config or Config()
        self.field, self.site_field = field, site_field

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from pathlib import Path

        from .profile import Profile

        counts = []
        for doc in data or ():
            self.stat_update("documents")
            found = self._counts(doc)
            if found is None:
                self.stat_update("failed")
            else:
                counts.append(found)
            yield doc
        Path(self.output_folder).mkdir(parents=True, exist_ok=True)
        Profile.from_counts(counts).save(Path(self.output_folder) / f"{rank:05d}.profile")

    def _counts(self, doc):
        from .batch import page_of
        from .profile import PageCounts, site_of

        try:
            record = json.loads(doc.metadata.get(_RECORD) or json.dumps({"text": doc.text}))
            if not isinstance(record, dict):
                return None
            page, fmt = page_of(record, self.field)
            config = self.config.replace(input_format=fmt) if self.config.input_format == "auto" else self.config
            return PageCounts.of(site_of(record, self.site_field), page, config)
        except Exception:  # noqa: BLE001 - counted as failed, as `boilerstrip profile` reports it
            return None

