"""The exceptions briefgen shows to users as one line, without a traceback.

Any other exception escaping a command is a bug. Each error has a category
("facts", "template", "config", "write", "usage") that the command line shows
before the message, and may carry several problems found in one pass.
"""

from __future__ import annotations


class BriefgenError(Exception):
    """An error in what the user gave briefgen: shown as "category: message"."""

    category = "error"
    exit_code = 1

    def __init__(self, message: str, problems: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


class FactsError(BriefgenError):
    """The facts store is missing, unreadable or invalid."""

    category = "facts"


class TemplateError(BriefgenError):
    """A template does not parse, or names something that does not exist."""

    category = "template"


class ConfigError(BriefgenError):
    """briefgen.toml or a command-line option is invalid."""

    category = "config"


class UsageError(BriefgenError):
    """The command line itself is wrong."""

    category = "usage"
    exit_code = 2


class WriteError(BriefgenError):
    """An output could not be written."""

    category = "write"


class InputError(BriefgenError):
    """Several inputs (facts, templates, config) have problems; all are listed."""

    category = "input"


def combine(errors: list[BriefgenError]) -> BriefgenError:
    """One error for problems found in several inputs: each problem prefixed with its category."""
    if len(errors) == 1:
        return errors[0]
    problems = tuple(f"{e.category}: {p}" for e in errors for p in (e.problems or (e.message,)))
    kinds = ", ".join(dict.fromkeys(e.category for e in errors))
    return InputError(f"{len(problems)} problems in {kinds}; first: {problems[0]}", problems)


def collect(problems: list[str], error_type: type[BriefgenError], what: str) -> None:
    """Raise `error_type` listing every problem found, if there is any.

    The message is the first problem, with a count of the others, so a single
    problem reads as one line and many are all shown below it.
    """
    if not problems:
        return
    if len(problems) == 1:
        raise error_type(problems[0], tuple(problems))
    raise error_type(f"{len(problems)} problems in {what}; first: {problems[0]}", tuple(problems))
