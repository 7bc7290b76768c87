"""Optional fields lif adds to FORMAT.md kinds for the rest of the framework
(documented in docs/FORMAT-EXTENSIONS.md): a published review's cascade
confirmations, an audit's practitioners and the decision on its trigger."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Date, Id, IdList, Model, Text, many


class Cascade(Model):
    """An agency's confirmation that it cascaded a published review's learning."""

    agency: Id
    date: Date
    note: Text | None = None


class Practitioners(Model):
    """The practitioners who took part in an audit: how many, from which agencies."""

    number: Annotated[int, Field(ge=0)] | None = None
    agencies: IdList = many()


class TriggerDecision(Model):
    """The quality-assurance group's decision on an audit's trigger."""

    by: Id  # the group that decided
    date: Date
    decision: Literal["commissioned", "declined", "deferred"]
    note: Text | None = None
