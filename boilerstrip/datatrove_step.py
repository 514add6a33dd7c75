"""boilerstrip as a datatrove pipeline step (``pip install "boilerstrip[datatrove]"``).

datatrove runs pipelines of steps over sharded corpora with local, Slurm or Ray
executors. `BoilerstripClean` cleans each document like ``boilerstrip clean`` does a
JSONL record: the clean text goes into ``metadata[output_field]`` (default ``clean``;
with ``replace_text=True`` into ``doc.text`` instead), and a page that fails keeps its
place with ``metadata["error"]``, so every document that goes in comes out.
`record_adapter` writes the documents back as the CLI's records, so a datatrove run
and ``boilerstrip clean`` give the same JSONL::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from boilerstrip.datatrove_step import BoilerstripClean, record_adapter, reader_adapter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("corpus/", adapter=reader_adapter),
        BoilerstripClean(profile="corpus.profile"),
        JsonlWriter("clean/", adapter=record_adapter, compression=None),
    ], tasks=8, workers=8).run()

This module imports datatrove; the rest of boilerstrip never does.
"""
from __future__ import annotations

import json

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from .batch import CleanJob
from .config import Config

_RECORD = "_record"  # metadata key holding the original JSONL record


def reader_adapter(self, data: dict, path: str, id_in_file: int | str) -> dict:
    """For `JsonlReader(adapter=...)`: keep the whole record, so it can be written back."""
    text = data.get("text")
    # datatrove's readers skip documents with empty text: a record without a usable page
    # carries its own JSON as text, so it still reaches the step (and comes out failed).
    return {"text": text if isinstance(text, str) and text else json.dumps(data, ensure_ascii=False),
            "id": str(data.get("id", f"{path}/{id_in_file}")),
            "metadata": {_RECORD: json.dumps(data, ensure_ascii=False)}}


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
