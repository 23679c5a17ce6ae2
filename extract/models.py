"""Every record the pipeline emits, as pydantic v2 models: the one source of `schemas/`.

Values are exact: numbers are computed as `Decimal` and serialised as JSON numbers (integers
where integral), never through a float computation, so 366.67万元 is 3666700, not 3666699.99.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

SCHEMA_VERSION = "1.0"


def _decimal_to_json(value: Decimal) -> int | float:
    """An exact JSON number: int when integral, else the shortest float that prints the
    same digits (safe for the <= 15 significant digits that report figures have)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


ExactNumber = Annotated[
    Decimal,
    PlainSerializer(_decimal_to_json, return_type=Union[int, float]),
    WithJsonSchema({"type": "number"}),
]

Approx = Literal["more_than", "less_than", "nearly", "about", "at_least", "at_most"]
QuantityKind = Literal["count", "money", "percent", "fraction", "multiple", "measure"]
Role = Literal["level", "growth", "delta", "share"]
PeriodType = Literal["flow", "stock", "cumulative", "other"]
# How the agency was found, nearest first: the body acting in the figure's own clause or
# sentence, the one opening its paragraph or section, the body the passage cites as its source
# (据X统计, 记者从X获悉), or the document's issuer.
AgencyBasis = Literal["clause", "sentence", "paragraph", "section", "source", "issuer"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class RecordBase(_Strict):
    id: str = Field(description="Stable id: type prefix and offsets, unique in the document")
    type: str
    start: int = Field(ge=0, description="Start offset into the ORIGINAL decoded text")
    end: int = Field(ge=0, description="End offset (exclusive) into the ORIGINAL decoded text")
    text: str = Field(description="Exactly original[start:end]")
    section: str | None = Field(description="Id of the innermost section containing the record")
    page: int | None = Field(
        default=None, ge=1, description="Page (1 = the first) of a paged source (PDF) where the record starts"
    )


class FactRecord(RecordBase):
    """What a figure measures, who states it and when (filled by the linkers)."""

    metric: str | None = Field(default=None, description="The phrase the figure measures, as written")
    metric_key: str | None = Field(default=None, description="Normalised metric, stable across documents")
    agency: str | None = Field(default=None, description="Canonical name of the body responsible")
    agency_basis: AgencyBasis | None = Field(default=None, description="Where the agency was found")
    subject: str | None = Field(
        default=None, description="Whom the figure is about when not the paper's own scope: a region, firm, country"
    )
    period: str | None = Field(default=None, description="ISO date, or start/end span")
    period_type: PeriodType | None = None
    of: str | None = Field(default=None, description="Id of the level record a growth/share describes")
    parent: str | None = Field(default=None, description="Id of the record of the whole")


class Quantity(FactRecord):
    type: Literal["quantity"] = "quantity"
    kind: QuantityKind
    value: ExactNumber | None = Field(description="Normalised value in `unit`; null when not derivable")
    value_max: ExactNumber | None = Field(default=None, description="Upper end of a range")
    unit: str = Field(description="Base unit: 件, 元, 人次, %, 倍 …")
    approx: Approx | None = None
    role: Role = "level"
    currency: str | None = Field(default=None, description="ISO 4217 code for money")
    unresolved: str | None = Field(default=None, description="Why value is null, when it is")


class Ranking(FactRecord):
    type: Literal["ranking"] = "ranking"
    rank: int | None = Field(description="1 for 首位/第一; null when no number (前列)")
    rank_text: str = Field(description="The rank phrase as written: 首位, 第二位, 前列")
    rank_max: int | None = Field(default=None, description="Upper end of a range of ranks: 第三至八位 is 3..8")
    scope: str | None = Field(description="Population ranked within: 全省, 全国, 副省级城市")


class DateRecord(RecordBase):
    type: Literal["date"] = "date"
    value: str = Field(description="ISO date or partial date: 2021, 2021-10, 2021-07-15")
    value_end: str | None = Field(default=None, description="End of a span, ISO")
    granularity: Literal["year", "month", "day"]
    qualifier: Literal["as_of", "since", "year_end", "fiscal_year", "span"] | None = None
    year_inferred: bool = Field(default=False, description="Year taken from context, not the span")


class DocumentRef(RecordBase):
    type: Literal["document_ref"] = "document_ref"
    title: str | None = Field(description="The title inside 《》; null for a bare 文号")
    doc_number: str | None = Field(default=None, description="文号, e.g. 青政字〔2021〕21号")
    abbreviation: str | None = Field(default=None, description="以下简称 short name")
    abbreviation_of: str | None = Field(default=None, description="Id of the full reference this abbreviates")


class AgencyMention(_Strict):
    start: int
    end: int
    text: str


class Agency(RecordBase):
    type: Literal["agency"] = "agency"
    name: str = Field(description="Canonical full name")
    kind: str | None = None
    parent_agency: str | None = None
    in_gazetteer: bool
    mentions: list[AgencyMention]


Record = Annotated[
    Union[Quantity, Ranking, DateRecord, DocumentRef, Agency],
    Field(discriminator="type"),
]


class Section(_Strict):
    id: str = Field(description="Dotted path: 3 for 三、, 3.1 for （一） inside it; 0 is the preamble")
    level: int
    number: str | None = Field(description="The numbering as written: 三、 or （一）")
    title: str
    start: int
    end: int
    parent: str | None


class DocumentInfo(_Strict):
    id: str
    source: str
    sha256: str = Field(description="SHA-256 of the input file's bytes (of the text's UTF-8 when given a str)")
    text_sha256: str | None = Field(
        default=None, description="SHA-256 of the decoded text's UTF-8: what the record offsets index"
    )
    encoding: str = Field(description="The text file's encoding; for PDF, HTML and Word the source's")
    format: Literal["text", "pdf", "html", "docx"] = Field(default="text", description="The source file's format")
    title: str | None
    issuer: str | None
    published: str | None
    year: int | None
    region: str | None
    chars: int


class AuditFinding(_Strict):
    check: str
    message: str
    expected: ExactNumber | None = None
    found: ExactNumber | None = None
    records: list[str]
    start: int
    end: int


class Document(_Strict):
    schema_version: str = SCHEMA_VERSION
    extractor_version: str
    document: DocumentInfo
    sections: list[Section]
    records: list[Record]
    audit: list[AuditFinding] = Field(default_factory=list)
