"""PDFs of data-rights letters and complaint bundles, drawn with reportlab. No Django.

    letter_pdf(letter, sender=requester, recipient=controller) -> bytes   # one A4 letter
    bundle_pdf([LetterPart(complaint, union, authority), timeline, missing, dossier]) -> bytes

Text is set in DejaVu Sans when the system has it (Debian's fonts-dejavu-core), otherwise in
the Bitstream Vera that reportlab ships: TrueType fonts with the accents of the five letter
languages (é ñ ü ß à …), embedded in each PDF. A drive renders thousands of letters, so the
layout is drawn straight on reportlab's canvas (platypus paragraphs were 4× slower): words are
measured once per process and cached, lines are broken here, tables are drawn row by row.
"""

from __future__ import annotations

import functools
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont
from reportlab.pdfgen.canvas import Canvas

from suma.rights.letters import TEXTS, Annex, Block, Letter, annex_heading, format_date

FONT = "SumaSans"
FONT_BOLD = "SumaSans-Bold"
# Where distributions put DejaVu Sans (Debian/Ubuntu, Fedora, Arch, Alpine).
_DEJAVU_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
                "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu-sans-fonts")

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = RIGHT = 2.2 * cm
TOP, BOTTOM = 1.8 * cm, 2.0 * cm
WIDTH = PAGE_WIDTH - LEFT - RIGHT

BODY, BODY_LEADING = 10.0, 13.5
SMALL, SMALL_LEADING = 8.5, 11.0
CELL, CELL_LEADING, CELL_PAD = 7.5, 9.0, 3.0  # dossier tables
BULLET_INDENT = 14.0


class Party(Protocol):
    """A sender or a recipient: a Requester, a Recipient or a Representative."""

    @property
    def name(self) -> str: ...

    @property
    def address(self) -> str: ...

    @property
    def email(self) -> str: ...


@dataclass(frozen=True)
class LetterPart:
    """A letter in a bundle, with who sends it to whom."""

    letter: Letter
    sender: Party
    recipient: Party


def font_files() -> tuple[Path, Path]:
    """The regular and bold TrueType files: DejaVu Sans if installed, else reportlab's Vera."""
    for folder in map(Path, _DEJAVU_DIRS):
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    return bundled / "Vera.ttf", bundled / "VeraBd.ttf"


# The characters of every letter's own text (ASCII, the catalogue's accents, quotes and
# no-break spaces, the bullet), given their codes in this order at the start of each document:
# the embedded font subset is then the same file for nearly every letter, and is made and
# compressed once per process instead of once per PDF (a 2× speed-up; each PDF carries these
# ~130 glyphs, about 12 KB more). A name with other letters just adds glyphs to the subset.
BASE_ALPHABET = "".join(dict.fromkeys(
    [chr(code) for code in range(32, 127)]
    + sorted({char for texts in TEXTS.values() for text in texts.values() for char in text})
    + list("•—…€")))


def _cache_subsets(font: TTFont) -> None:
    """Make and compress each distinct subset of this font once per process.

    This is reportlab's TTFontFace.addSubsetObjects, set on our own font objects only, with the
    font file memoised: the stream carries its Filter already, so reportlab writes the
    compressed bytes as they are."""
    face = font.face
    make_subset = face.makeSubset

    @functools.lru_cache(maxsize=128)
    def font_file(codes: tuple[int, ...]) -> tuple[bytes, bytes]:
        data = make_subset(list(codes))
        return data, zlib.compress(data)

    def add_subset_objects(doc: pdfdoc.PDFDocument, fontname: str,
                           subset: list[int]) -> pdfdoc.PDFObjectReference:
        data, packed = font_file(tuple(subset))
        stream = pdfdoc.PDFStream(content=packed if doc.compression else data)
        stream.dictionary["Length1"] = len(data)
        if doc.compression:
            stream.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
        file_ref = doc.Reference(stream, f"fontFile:{face.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": file_ref,
            "MissingWidth": face.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)

    face.addSubsetObjects = add_subset_objects


@functools.cache
def _fonts() -> dict[str, TTFont]:
    regular, bold = font_files()
    # asciiReadable=False: subsets numbered in order of use, smaller than with ASCII reserved.
    fonts = {FONT: TTFont(FONT, str(regular), asciiReadable=False),
             FONT_BOLD: TTFont(FONT_BOLD, str(bold), asciiReadable=False)}
    for font in fonts.values():
        _cache_subsets(font)
        pdfmetrics.registerFont(font)
    return fonts


def has_glyphs(text: str, font: str = FONT) -> bool:
    """Whether the font draws every character of `text` (no empty boxes)."""
    face = _fonts()[font].face
    return all(ord(char) in face.charToGlyph for char in text if not char.isspace())


@functools.cache
def _char_widths(font: str) -> tuple[dict[int, float], float]:
    face = _fonts()[font].face
    return dict(face.charWidths), float(face.defaultWidth)


_WORD_WIDTHS: dict[tuple[str, str], float] = {}


def _width(text: str, font: str, size: float) -> float:
    """Width in points; words are measured once per process (letters repeat them)."""
    key = (text, font)
    units = _WORD_WIDTHS.get(key)
    if units is None:
        widths, default = _char_widths(font)
        units = sum(widths.get(ord(char), default) for char in text)
        if len(_WORD_WIDTHS) < 200_000:
            _WORD_WIDTHS[key] = units
    return units * size / 1000.0


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, broken at spaces (never at no-break spaces); a word
    wider than the line is cut; a newline always breaks."""
    lines: list[str] = []
    space = _width(" ", font, size)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            if not word:
                continue
            w = _width(word, font, size)
            if line and used + space + w <= width:
                line.append(word)
                used += space + w
                continue
            if line:
                lines.append(" ".join(line))
            while w > width:  # an address or a URL longer than the line
                cut = max(1, _fits(word, font, size, width))
                lines.append(word[:cut])
                word = word[cut:]
                w = _width(word, font, size)
            line, used = [word], w
        lines.append(" ".join(line))
    return lines


def _fits(word: str, font: str, size: float, width: float) -> int:
    total = 0.0
    for i, char in enumerate(word):
        total += _width(char, font, size)
        if total > width:
            return i
    return len(word)


# PDF string escapes for the one-byte codes of a font subset (as reportlab writes them).
_ESCAPES = [f"\\{code:03o}" if code < 32 or code >= 127 else
            "\\" + chr(code) if chr(code) in "\\()" else chr(code) for code in range(256)]


class _Glyphs:
    """One font in one document: the subset and code reportlab gave each character drawn.

    reportlab's drawString re-measures and re-encodes every line in pure Python (without its
    optional C accelerator); here each character is encoded once per document and a line is
    two str.translate calls. reportlab still embeds the subsets (TTFont.splitString and
    getSubsetInternalName register them with the document)."""

    def __init__(self, font: TTFont, doc: object) -> None:
        self.font, self.doc = font, doc
        self.known: set[str] = set()
        self.subset: dict[int, int] = {}
        self.tables: list[dict[int, str]] = []
        self.names: list[str] = []

    def _learn(self, char: str) -> None:
        ((subset, code),) = self.font.splitString(char, self.doc)
        while len(self.tables) <= subset:
            self.tables.append({})
            self.names.append(self.font.getSubsetInternalName(len(self.names), self.doc))
        self.tables[subset][ord(char)] = _ESCAPES[code[0]]
        self.subset[ord(char)] = subset
        self.known.add(char)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(font resource name, escaped PDF string) for each run of one subset."""
        unseen = set(text).difference(self.known)
        for char in text if unseen else ():
            if char not in self.known:  # in the text's order: the same subset every time
                self._learn(char)
        if len(self.tables) == 1:
            return [(self.names[0], text.translate(self.tables[0]))]
        runs: list[tuple[str, str]] = []
        for char in text:
            subset = self.subset[ord(char)]
            escaped = self.tables[subset][ord(char)]
            if runs and runs[-1][0] == self.names[subset]:
                runs[-1] = (runs[-1][0], runs[-1][1] + escaped)
            else:
                runs.append((self.names[subset], escaped))
        return runs


class _Pages:
    """A cursor over A4 pages: draws lines and starts new pages when the current one is full."""

    def __init__(self, canvas: Canvas, *, number_first_page: bool) -> None:
        self.canvas = canvas
        self.page = 1
        self.number_first_page = number_first_page
        self.y = PAGE_HEIGHT - TOP
        fonts = _fonts()
        self.glyphs = {name: _Glyphs(font, canvas._doc) for name, font in fonts.items()}
        for glyphs in self.glyphs.values():
            glyphs.runs(BASE_ALPHABET)

    def draw(self, x: float, y: float, text: str, font: str, size: float) -> None:
        """One line of text with its baseline at (x, y)."""
        if not text:
            return
        ops = [f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm"]
        for name, escaped in self.glyphs[font].runs(text):
            ops.append(f"{name} {size:g} Tf ({escaped}) Tj")
        ops.append("ET")
        self.canvas._code.append(" ".join(ops))

    def _number(self) -> None:
        if self.page > 1 or self.number_first_page:
            number = str(self.page)
            self.draw((PAGE_WIDTH - _width(number, FONT, 8)) / 2, 1.2 * cm, number, FONT, 8)

    def new_page(self) -> None:
        self._number()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_HEIGHT - TOP

    def finish(self) -> None:
        self._number()
        self.canvas.showPage()

    def room(self, height: float) -> None:
        """Start a new page unless `height` points still fit on this one."""
        if self.y - height < BOTTOM and self.y < PAGE_HEIGHT - TOP:
            self.new_page()

    def text(self, text: str, *, font: str = FONT, size: float = BODY,
             leading: float = BODY_LEADING, left: float = LEFT, width: float = WIDTH,
             right_aligned: bool = False, after: float = 6.0, keep: int = 2,
             bullet: str = "") -> None:
        """A paragraph; `keep` lines stay together at a page break (no lone first line)."""
        lines = wrap(text, font, size, width)
        self.room(leading * min(keep, len(lines)))
        for number, line in enumerate(lines):
            if self.y - leading < BOTTOM:
                self.new_page()
            self.y -= leading
            if bullet and number == 0:
                self.draw(left - BULLET_INDENT + 3, self.y + 3, bullet, font, size)
            x = left + width - _width(line, font, size) if right_aligned else left
            self.draw(x, self.y + 3, line, font, size)
        self.y -= after

    def blocks(self, blocks: Sequence[Block]) -> None:
        for index, (kind, content) in enumerate(blocks):
            if kind == "ul":
                for line in content:
                    self.text(line, left=LEFT + BULLET_INDENT, width=WIDTH - BULLET_INDENT,
                              after=2.0, bullet="•")
                self.y -= 4.0
            elif kind == "h":
                self.y -= 4.0
                self.room(BODY_LEADING * 3)  # a heading keeps its first lines of text
                self.text(str(content), font=FONT_BOLD, after=4.0)
            else:
                text = str(content)
                if index + 1 < len(blocks) and blocks[index + 1][0] == "ul":
                    # "I ask the authority to:" stays with the start of its list.
                    lines = len(wrap(text, FONT, BODY, WIDTH))
                    self.room(BODY_LEADING * (lines + 2) + 6)
                self.text(text)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A table across as many pages as it needs, the header repeated on each. A few
        columns get body-sized text; a dossier's nine get small text."""
        columns = max([len(header)] + [len(row) for row in rows[:1]] + [1])
        size, leading = (BODY - 1, BODY_LEADING - 2) if columns <= 4 else (CELL, CELL_LEADING)
        widths = _column_widths(header, rows, columns, size)

        def cells(row: Sequence[str], font: str) -> list[list[str]]:
            return [wrap(text, font, size, widths[i] - 2 * CELL_PAD)
                    for i, text in enumerate(row[:columns])]

        head = cells(header, FONT_BOLD) if header else []
        if head:
            self.room(_height(head, leading) * 3)
            self._cells(head, widths, FONT_BOLD, size, leading, rule=0.6)
        for row in rows:
            lines = cells(row, FONT)
            if self.y - _height(lines, leading) < BOTTOM:
                self.new_page()
                if head:
                    self._cells(head, widths, FONT_BOLD, size, leading, rule=0.6)
            self._cells(lines, widths, FONT, size, leading, rule=0.25)

    def _cells(self, cells: list[list[str]], widths: list[float], font: str, size: float,
               leading: float, rule: float) -> None:
        x = LEFT
        for lines, width in zip(cells, widths, strict=False):
            y = self.y - 2
            for line in lines:
                y -= leading
                self.draw(x + CELL_PAD, y + 2, line, font, size)
            x += width
        self.y -= _height(cells, leading)
        self.canvas.setLineWidth(rule)
        self.canvas.setStrokeGray(0.2 if rule > 0.5 else 0.7)
        self.canvas.line(LEFT, self.y, LEFT + sum(widths), self.y)


def _height(cells: list[list[str]], leading: float) -> float:
    return max([len(lines) for lines in cells] + [1]) * leading + 4


def _column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], columns: int,
                   size: float) -> list[float]:
    """Widths from the header and the first 200 rows: every column at least as wide as its
    longest word (headers are not cut mid-word), and the rest of the page shared out in
    proportion to what each column needs to show its texts on one line."""
    sample = [(FONT_BOLD, header), *((FONT, row) for row in rows[:200])]
    pad = 2 * CELL_PAD
    natural = [pad + 8.0] * columns
    least = [pad + 8.0] * columns
    for font, row in sample:
        for i, text in enumerate(row[:columns]):
            natural[i] = max(natural[i], pad + _width(text, font, size))
            longest = max((_width(word, font, size) for word in text.split()), default=0.0)
            least[i] = max(least[i], pad + longest)
    if sum(natural) <= WIDTH:
        return [w * WIDTH / sum(natural) for w in natural]
    if sum(least) >= WIDTH:
        return [w * WIDTH / sum(least) for w in least]
    spare = WIDTH - sum(least)
    extra = [n - m for n, m in zip(natural, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _party_lines(party: Party, *, with_email: bool = True) -> list[str]:
    lines = [line.strip() for line in (party.address or "").splitlines() if line.strip()]
    if with_email and (party.email or "").strip():
        lines.append(party.email.strip())
    return lines


def _draw_letter(pages: _Pages, letter: Letter, sender: Party, recipient: Party) -> None:
    # The sender top right, small; the recipient where a window envelope shows it.
    pages.text(sender.name or "", font=FONT_BOLD, size=SMALL, leading=SMALL_LEADING,
               right_aligned=True, after=0)
    for line in _party_lines(sender):
        pages.text(line, size=SMALL, leading=SMALL_LEADING, right_aligned=True, after=0)
    pages.y = min(pages.y - 0.6 * cm, PAGE_HEIGHT - 5.0 * cm)
    pages.text(recipient.name or "", font=FONT_BOLD, after=0)
    for line in _party_lines(recipient, with_email=False):
        pages.text(line, after=0)
    pages.y -= 1.0 * cm
    pages.text(format_date(letter.date, letter.language), right_aligned=True, after=12)
    pages.text(letter.subject, font=FONT_BOLD, size=11, leading=14.5, after=12)
    pages.blocks(letter.blocks or (("p", letter.body),))


def _draw_annex(pages: _Pages, number: int, annex: Annex) -> None:
    pages.text(annex_heading(number, annex), font=FONT_BOLD, size=13, leading=17, after=10)
    pages.blocks(annex.blocks)
    if annex.header or annex.rows:
        pages.y -= 4
        pages.table(annex.header, annex.rows)


def _save(canvas: Canvas) -> None:
    """Save with binary streams: reportlab's default ASCII85 encoding of compressed streams
    (made for 7-bit mail transports) costs a third of the time and a quarter more bytes. The
    switch is global in reportlab, so it is flipped only for the save; another thread saving at
    that moment would write binary streams too, which are just as valid."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = previous


def _canvas(buffer: io.BytesIO, *, title: str, author: str) -> Canvas:
    _fonts()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("Suma")
    return canvas


def letter_pdf(letter: Letter, *, sender: Party, recipient: Party) -> bytes:
    """One letter on A4: sender, recipient, date, subject, body; pages numbered from the 2nd."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, title=letter.subject, author=sender.name or "")
    pages = _Pages(canvas, number_first_page=False)
    _draw_letter(pages, letter, sender, recipient)
    pages.finish()
    _save(canvas)
    return buffer.getvalue()


def bundle_pdf(parts: Sequence[LetterPart | Annex]) -> bytes:
    """A complaint bundle: letters and annexes, each from a new page, annexes numbered in
    order ("Annex 1: Timeline of the request"); tables of any length run across pages."""
    if not parts:
        raise ValueError("a bundle needs at least one part")
    first = parts[0]
    buffer = io.BytesIO()
    canvas = _canvas(
        buffer, title=first.letter.subject if isinstance(first, LetterPart) else first.title,
        author=(first.sender.name or "") if isinstance(first, LetterPart) else "")
    pages = _Pages(canvas, number_first_page=True)
    annexes = 0
    for index, part in enumerate(parts):
        if index:
            pages.new_page()
        if isinstance(part, LetterPart):
            _draw_letter(pages, part.letter, part.sender, part.recipient)
        else:
            annexes += 1
            _draw_annex(pages, annexes, part)
    pages.finish()
    _save(canvas)
    return buffer.getvalue()
