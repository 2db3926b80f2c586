"""Any failure while a page is read, checked or converted becomes a message about that page.

Sources come from anyone who opens a pull request, and Python-Markdown has limits of its
own: deeply nested blocks exhaust Python's recursion, and some inputs take time that
grows with the square of their length (a few thousand ``[`` on one line take minutes).
An editor must never see a traceback, nor a build that runs for an hour; they see which
page failed, why in words, and what to change, in Japanese and English.

Two things live here, used by the validator (``scripts/sns_policy/pipeline/validate.py``), the HTML check
(``scripts/sns_policy/sources/html_policy.py``) and the build (``scripts/sns_policy/pipeline/page_source.py``):

* :func:`failure` words any exception as a :class:`~sns_policy.problems.Problem`;
* :func:`time_limit` stops one page's conversion after :data:`CONVERT_SECONDS`. A page of
  this site converts in well under a second; the limit is a catch-all for inputs no rule
  foresaw. It uses a timer signal, so it applies where builds run in the main thread
  (``mkdocs build``, CI, the tests); ``mkdocs serve`` rebuilds in another thread, where
  only the size limits of ``scripts/sns_policy/sources/source_limits.py`` apply.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from sns_policy.problems import Problem

# Read at every call of :func:`time_limit`, never bound at import, so a test of the limit itself can
# lower it for the one page it makes slow (tests/sources/test_pathological.py) and wait less.
CONVERT_SECONDS = 10


class TooSlow(BaseException):
    """A page took longer than :data:`CONVERT_SECONDS` to convert.

    Not an ``Exception``: code inside the converter that catches every ``Exception``
    (and carries on, slowly) must not swallow it. Callers catch it by name.
    """


@contextlib.contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`TooSlow` inside the block once ``seconds`` (default :data:`CONVERT_SECONDS`)
    have passed (main thread only)."""
    seconds = CONVERT_SECONDS if seconds is None else seconds
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0]:  # no timer, or one is already running
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TooSlow(f"took longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failure(file: str, error: BaseException, doing: str = "converted", line: int | None = None) -> Problem:
    """What went wrong with ``file``, for an editor: the kind of failure and what to change.

    ``doing`` says at which step (``read``, ``checked``, ``converted``), in English; the
    Japanese wording follows it.
    """
    step_ja = {"read": "読み込み", "checked": "検査", "converted": "HTML への変換", "built": "ページの作成"}.get(doing, "処理")
    if isinstance(error, RecursionError):
        return Problem(file, "", f"could not be {doing}: blocks (lists, quotes, tags) are nested too deeply for the "
                       "Markdown converter; write them with fewer levels", line,
                       f"このページの{step_ja}ができません。箇条書き・引用・タグの入れ子が深すぎます。階層を減らしてください。")
    if isinstance(error, TooSlow):
        return Problem(file, "", f"could not be {doing}: it took longer than {CONVERT_SECONDS} seconds, which a page "
                       "of ordinary text never does; look for very long runs of [ or < or very deep nesting, and "
                       "split or simplify them", line,
                       f"このページの{step_ja}が {CONVERT_SECONDS} 秒を超えました。普通の文章ではこうなりません。"
                       "[ や < が非常に長く続く箇所や、深すぎる入れ子を探し、分けるか簡単にしてください。")
    if isinstance(error, MemoryError):
        return Problem(file, "", f"could not be {doing}: it needs more memory than the build has; split the page", line,
                       f"このページの{step_ja}に必要なメモリが足りません。ページを分けてください。")
    if isinstance(error, OSError):
        return Problem(file, "", f"could not be {doing} ({error.strerror or type(error).__name__}): it must be an "
                       "ordinary file that can be read", line,
                       f"このページの{step_ja}ができません（{error.strerror or type(error).__name__}）。読み取れる普通のファイルにしてください。")
    detail = f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}".rstrip(": ")
    return Problem(file, "", f"could not be {doing} ({detail}): this is a fault of the site's tools as much as of the "
                   "page; simplify the part you changed and tell whoever looks after the site's tools", line,
                   f"このページの{step_ja}ができません（{detail}）。サイトの仕組みの不具合の可能性もあります。"
                   "変更した箇所を簡単にして、サイトの仕組みの担当に知らせてください。")
