"""Regular expressions that clients send (the ``name`` and ``ip`` list filters).

They run on RE2, whose matching time is linear in the text: no pattern can hold a
worker (Python's backtracking ``re`` takes exponential time for ``^(a+)+$`` against
``aaaa…a!``). RE2 speaks Perl's syntax less backreferences and lookaround, which
only backtracking can match; a pattern it cannot compile is a 400, as Nova's
``format: regex`` query check makes an invalid one.
"""

import re2

from translator import exception

# The most memory one compiled pattern and its DFA caches take (RE2's default is
# 8 MiB; the re2 module keeps the last 128 patterns compiled). A larger pattern is
# refused, and matching one whose DFA outgrows it goes on in RE2's NFA, still linear.
MAX_MEMORY = 1 << 20


def compile_pattern(parameter: str, pattern: str, *, ignore_case: bool = False):
    """``pattern`` compiled by RE2; ``ValidationError`` (400) naming the query
    ``parameter`` when RE2 cannot compile it."""
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.max_mem = MAX_MEMORY
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as e:
        reason = e.args[0].decode(errors='replace')
        raise exception.ValidationError(
            detail=f"Invalid input for query parameters {parameter}. Value: {pattern}. "
                   f"'{pattern}' is not a 'regex' (RE2: {reason})") from e
