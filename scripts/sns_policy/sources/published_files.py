"""Every file under ``docs/`` that is not a page is checked for its kind before it is published.

MkDocs copies any file it finds under ``docs/`` to the site byte for byte. An ``.html`` or ``.js``
file, or an SVG image holding a script, would then run script on the City's own address with no
page rule in the way. So a file is published only when it is one of the kinds the site needs:

* pages (``.md``), checked by the page rules;
* raster images (PNG, JPEG, GIF, WebP) whose first bytes are what their extension says, no larger
  than :data:`MAX_IMAGE_BYTES`;
* SVG images with no script, no event attribute (``on…``), no ``<foreignObject>`` and no reference
  to anything outside the image itself, read with DOCTYPEs and entities refused;
* downloads (PDF, Office Open XML and OpenDocument files, CSV and plain text), whose first bytes
  match their extension, no larger than :data:`MAX_DOWNLOAD_BYTES`.

Anything else is refused, naming the file and what to do, in Japanese and English. Files MkDocs
never publishes (names starting with ``.``) are left alone.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

from sns_policy.problems import Problem, display_path

MAX_IMAGE_BYTES = 2_000_000  # a photo for a web page fits well under this; larger ones slow phones down
MAX_DOWNLOAD_BYTES = 10_000_000  # a form or a printed edition; GitHub's web editor takes 25 MB at most


def _zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def _text(data: bytes) -> bool:
    """UTF-8 text without NUL bytes (a CSV or a note a reader downloads)."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Extension → (what it is, in English and Japanese; does the start of the file match).
IMAGES: dict[str, tuple[str, str, Callable[[bytes], bool]]] = {
    ".png": ("PNG image", "PNG 画像", lambda d: d.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG image", "JPEG 画像", lambda d: d.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG image", "JPEG 画像", lambda d: d.startswith(b"\xff\xd8\xff")),
    ".gif": ("GIF image", "GIF 画像", lambda d: d.startswith((b"GIF87a", b"GIF89a"))),
    ".webp": ("WebP image", "WebP 画像", lambda d: d[:4] == b"RIFF" and d[8:12] == b"WEBP"),
}
DOWNLOADS: dict[str, tuple[str, str, Callable[[bytes], bool]]] = {
    ".pdf": ("PDF document", "PDF 文書", lambda d: d.startswith(b"%PDF-")),
    ".docx": ("Word document", "Word 文書", _zip),
    ".xlsx": ("Excel workbook", "Excel ブック", _zip),
    ".pptx": ("PowerPoint presentation", "PowerPoint プレゼンテーション", _zip),
    ".odt": ("OpenDocument text", "OpenDocument テキスト", _zip),
    ".ods": ("OpenDocument spreadsheet", "OpenDocument スプレッドシート", _zip),
    ".csv": ("CSV file", "CSV ファイル", _text),
    ".txt": ("text file", "テキストファイル", _text),
}
SVG = ".svg"
PAGE = ".md"
_KINDS_EN = "pages (.md), images (.png, .jpg, .gif, .webp, a plain .svg) or downloads (.pdf, .docx, .xlsx, .pptx, .odt, .ods, .csv, .txt)"
_KINDS_JA = "ページ（.md）、画像（.png、.jpg、.gif、.webp、単純な .svg）、ダウンロード用のファイル（.pdf、.docx、.xlsx、.pptx、.odt、.ods、.csv、.txt）"
# Elements of SVG that run script, embed a document of another kind, or fetch or load something.
_SVG_REFUSED_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
                                   "set", "animate", "animatemotion", "animatetransform", "style"})
# The only references an SVG image may hold: to a part of itself (href="#shape", url(#gradient)).
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace (expat gives ``uri local``)."""
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1].lower()


class _Refused(Exception):
    """Why an SVG may not be published, at a line of the file."""

    def __init__(self, line: int, en: str, ja: str) -> None:
        super().__init__(en)
        self.line, self.en, self.ja = line, en, ja


def svg_problem(data: bytes) -> tuple[int | None, str, str] | None:
    """Why an SVG image could run script or fetch something (line, English, Japanese), or None when it is plain.

    Read with the standard library's expat, with every DOCTYPE and entity declaration refused
    before anything is expanded (no "billion laughs", no external entity).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def here() -> int:
        return parser.CurrentLineNumber

    def doctype(*_: object) -> None:
        raise _Refused(here(), "has a DOCTYPE, which a plain image never needs",
                       "に DOCTYPE があります。単純な画像には不要です。")

    def start(name: str, attributes: dict[str, str]) -> None:
        element = _local(name)
        if element in _SVG_REFUSED_ELEMENTS:
            raise _Refused(here(), f"has a <{element}> element, which can run script, load another document or change "
                           "what readers see", f"に <{element}> 要素があります。スクリプトの実行や別の文書の読み込みができる要素です。")
        for attribute, value in attributes.items():
            local = _local(attribute)
            if local.startswith("on"):
                raise _Refused(here(), f"has an event attribute {local}= on <{element}>, which runs script",
                               f"の <{element}> にイベント属性 {local}= があります。スクリプトを実行する属性です。")
            references = [value] if local in ("href", "src") else _CSS_URL.findall(value)
            for reference in references:
                if not _URL_NOISE.sub("", reference).startswith("#"):
                    raise _Refused(here(), f"refers to {reference[:60]!r} on <{element}>: an image may refer only to parts "
                                   "of itself (#id)", f"の <{element}> が {reference[:60]!r} を参照しています。"
                                   "画像の中の部分（#id）以外は参照できません。")

    def instruction(target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise _Refused(here(), "links a style sheet (<?xml-stylesheet?>)", "にスタイルシートへのリンク（<?xml-stylesheet?>）があります。")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.line, refused.en, refused.ja
    except expat.ExpatError as error:
        return error.lineno, f"is not well-formed XML ({expat.ErrorString(error.code)})", \
            f"が XML として正しくありません（{expat.ErrorString(error.code)}）。"
    return None


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def file_problem(path: Path, file: str) -> Problem | None:
    """Why ``path`` (named ``file`` for the editor) may not be published, or None."""
    suffix = path.suffix.lower()
    if suffix == PAGE:
        return None
    todo_en = f"only {_KINDS_EN} are published; remove the file, or save it as one of these"
    todo_ja = f"公開できるのは{_KINDS_JA}だけです。ファイルを削除するか、これらの形式で保存し直してください。"
    if suffix not in IMAGES and suffix not in DOWNLOADS and suffix != SVG:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        kind_ja = f"{suffix} のファイル" if suffix else "拡張子のないファイル"
        return Problem(file, "", f"is {kind}, which the site does not publish: {todo_en}", None,
                       f"は{kind_ja}で、サイトでは公開しません。{todo_ja}")
    size = path.stat().st_size
    limit = MAX_DOWNLOAD_BYTES if suffix in DOWNLOADS else MAX_IMAGE_BYTES
    if size > limit:
        what, what_ja = ("a download", "ダウンロード用のファイル") if suffix in DOWNLOADS else ("an image", "画像")
        return Problem(file, "", f"is {_size(size)}, larger than {_size(limit)} allowed for {what}: make it smaller "
                       "(fewer pixels, or split the document)", None,
                       f"は {_size(size)} で、{what_ja}の上限 {_size(limit)} を超えています。小さくしてください（画素数を減らす、文書を分けるなど）。")
    data = path.read_bytes()
    if suffix == SVG:
        found = svg_problem(data)
        if found is None:
            return None
        line, en, ja = found
        return Problem(file, "", f"{en}: publish a plain SVG (shapes and text only) or a PNG instead", line,
                       f"{ja}図形と文字だけの単純な SVG か、PNG にしてください。")
    name, name_ja, matches = IMAGES.get(suffix) or DOWNLOADS[suffix]
    if not matches(data):
        return Problem(file, "", f"is not a {name} although its name ends in {suffix}: save it again as a {name}, "
                       "or give it the extension of what it is", None,
                       f"は名前が {suffix} で終わっていますが、{name_ja}ではありません。{name_ja}として保存し直すか、正しい拡張子にしてください。")
    return None


def published(docs: Path) -> list[Path]:
    """Every file MkDocs would copy from ``docs`` (names starting with "." are never published), in order;
    symbolic links are left to :func:`sns_policy.sources.pages.symbolic_links`."""
    found = []
    for folder, dirs, files in os.walk(docs, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder) / name for name in sorted(files) if not name.startswith(".")
                  and not (Path(folder) / name).is_symlink()]
    return found


def check_files(docs: Path) -> list[Problem]:
    """Every file under ``docs`` that is not of a kind the site publishes, each named for the editor."""
    problems = []
    for path in published(docs):
        file = display_path(path)
        try:
            problem = file_problem(path, file)
        except OSError as error:
            problem = Problem(file, "", f"cannot be read ({error.strerror or type(error).__name__}): it must be an "
                              "ordinary file", None, f"を読み取れません（{error.strerror or type(error).__name__}）。普通のファイルにしてください。")
        if problem:
            problems.append(problem)
    return problems
