"""Hostile notes, generated: the shapes that have made note parsers hang, blow up or crash.

Used by the test suite (a few hundred small cases) and by ``make fuzz``
(thousands of cases, and the worst shapes at sizes up to 20 MB).  Every
shape is a function ``(rng, size) -> bytes`` producing about *size* bytes;
:func:`corpus` draws named files from all of them, file names included
(newlines, escape sequences, leading dashes, long unicode names).

>>> import random
>>> data = SHAPES["nested_lists"](random.Random(1), 2000)
>>> 1500 <= len(data) <= 2500, data.startswith(b"- ")
(True, True)
>>> len(list(corpus(random.Random(2), 20, 500)))
20
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

Shape = Callable[[random.Random, int], bytes]

NAMES = ["Lena Hofmann", "Bob Okafor", "Ana Lima", "Yusuf Demir", "Chris ?", "TG", "@jdoe42",
         "Jean-Luc Picard", "O'Brien", "Zoë Ünal", "李雷", "Δημήτρης"]
JUNK = ["(x)", "[a](", "**a", "_b", "`c", "<d>", "![e]", "{{", "}}", "&#x", "\\", "|", "~~", "@f ",
        "http://", "#1", "A:", "-->", "<!--", "]]>", "<![CDATA[", "\x1b[31m", "\u202e", "\x00", "\r",
        "\t", "\u200b", "\ufeff", "'", '"', "*", "#", ">", "- ", "1. ", "---", "```", ":::", "$$"]


def _fill(unit: str, size: int, sep: str = "") -> bytes:
    """*unit* repeated (joined by *sep*) to about *size* bytes of UTF-8."""
    piece = unit + sep
    count = max(1, size // max(1, len(piece.encode())))
    return (piece * count).encode("utf-8", "surrogatepass")


def random_bytes(rng: random.Random, size: int) -> bytes:
    return rng.randbytes(size)


def random_unicode(rng: random.Random, size: int) -> bytes:
    chars = [chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0, 0x20), rng.randrange(0x80, 0x800),
                             rng.randrange(0x800, 0xd800), rng.randrange(0xe000, 0x10ffff)]))
             for _ in range(size // 2)]
    return "".join(chars).encode("utf-8")


def long_line(rng: random.Random, size: int) -> bytes:
    """One line of one character: backticks, asterisks, brackets, pipes, ..."""
    char = rng.choice("`*_[]()<>|#>-=\\!$&~:.@ \t")
    return b"# Call 2024-01-02\n\n" + _fill(char, size) + b"\n"


def repeated_token(rng: random.Random, size: int) -> bytes:
    """One line of a repeated fragment: ``(x)(x)(x)``, ``[a]([a](``, ``**a**a``."""
    token = rng.choice(JUNK + ["Bob will ", "Ana, ", "TG: ", "(chair) ", "Attendees: ", "ACTION: ",
                               "[x](y)", "`a` ", "*a* ", "<b>", "Lena Hofmann ", "2024-01-02 "])
    return b"# Call\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## Topic\n" + _fill(token, size) + b"\n"


def speaker_line(rng: random.Random, size: int) -> bytes:
    return b"# Call\n\nAttendees: Lena Hofmann\n\n## A\nLena Hofmann " + _fill("(x)", size) + b": hi\n"


def nested_lists(rng: random.Random, size: int) -> bytes:
    lines, depth, total = [], 0, 0
    while total < size:
        line = "  " * depth + rng.choice(["- ", "* ", "1. "]) + rng.choice(["Bob will do it", "x",
                                                                            "[ ] Ana: fix"])
        lines.append(line)
        total += len(line) + 1
        depth = max(0, depth + rng.choice([1, 1, 1, -1]))
    return "\n".join(lines).encode()


def nested_quotes(rng: random.Random, size: int) -> bytes:
    depth = max(1, size // 4)
    return b"# Call\n\n" + b"> " * depth + b"Bob will fix it.\n"


def nested_brackets(rng: random.Random, size: int) -> bytes:
    half = max(1, size // 2)
    opener, closer = rng.choice([("[", "]"), ("(", ")"), ("*", "*"), ("_", "_"), ("![", "](x)")])
    return b"# Call\n\n" + (opener * (half // len(opener))).encode() + b"x" + \
        (closer * (half // len(closer))).encode() + b"\n"


def nested_html(rng: random.Random, size: int) -> bytes:
    opener, closer = rng.choice([("<table><tr><td>", ""), ("<div>", "</div>"), ("<ul><li>", ""),
                                 ("<b><i>", ""), ("<p>", ""), ("<table><tr><td>", "</td></tr></table>")])
    count = max(1, size // (len(opener) + len(closer)))
    return (f"<html><head><title>Call 2024-01-02</title></head><body><h1>Call</h1>"
            f"{opener * count}Bob will fix it.{closer * count}</body></html>").encode()


def broken_html(rng: random.Random, size: int) -> bytes:
    token = rng.choice(["<", "<!", "<![", "<!--", "</", "<a href='", "&", "&#99999999;", "<?x", "<![CDATA[",
                        "<svg><script>", "<table>", "<td>", "<h2>"])
    return b"<html><body><h1>Call</h1>" + _fill(token, size) + b"</body></html>"


def many_headings(rng: random.Random, size: int) -> bytes:
    marker = rng.choice(["## ", "# ", "### ", "#### "])
    return b"# Call 2024-01-02\n\n" + b"".join(f"{marker}H{i}\ntext\n".encode()
                                               for i in range(max(1, size // 12)))


def many_attendees(rng: random.Random, size: int) -> bytes:
    names = []
    total = 0
    while total < size:
        name = rng.choice(NAMES) + rng.choice(["", " (chair)", " (notes)", " ?", f" {rng.randrange(99)}"])
        names.append(name)
        total += len(name) + 2
    return ("# Call 2024-01-02\n\nAttendees: " + ", ".join(names) + "\n\n## A\nBob will go.\n").encode()


def many_actions(rng: random.Random, size: int) -> bytes:
    parts = []
    total = 0
    while total < size:
        verb = rng.choice(["fix", "write", "ship"])
        part = f"{rng.choice(NAMES)} will {verb} mirage/x#{rng.randrange(999)}. "
        parts.append(part)
        total += len(part)
        if rng.random() < 0.05:
            parts.append("\n")
    head = "# Call 2024-01-02\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## Actions\n"
    return (head + "".join(parts)).encode()


def long_paragraph(rng: random.Random, size: int) -> bytes:
    words = ["the", "release", "Bob", "will", "Mirage", "ship", "it", "and", "we", "agreed", "on", "Friday"]
    count = max(1, size // 6)
    text = " ".join(rng.choice(words) for _ in range(count))
    return b"# Call 2024-01-02\n\n## A\n" + text.encode() + b"\n"


def big_table(rng: random.Random, size: int) -> bytes:
    columns = rng.choice([2, 5, 50, 500])
    row = "|" + "|".join(rng.choice(["Bob", "x", "Action", "Owner", ""]) for _ in range(columns)) + "|\n"
    head = "|" + "|".join(["Action", "Owner"] + ["c"] * (columns - 2) if columns > 2 else ["Action", "Owner"])
    sep = "|" + "|".join(["---"] * columns) + "|\n"
    rows = max(1, size // max(1, len(row)))
    return ("# Call\n\n" + head + "|\n" + sep + row * rows).encode()


def yaml_bomb(rng: random.Random, size: int) -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("---\n" + "\n".join(lines) + "\ntitle: Bomb\n---\n# Call\n\nBob will go.\n").encode()


def yaml_tags(rng: random.Random, size: int) -> bytes:
    tag = rng.choice(["!!python/object/apply:os.system ['touch pwned']", "!!python/name:os.system",
                      "!!binary aGVsbG8=", "!!set {a, b}", "!custom x", "!!timestamp 2024-13-45",
                      "!!float .inf", "!!int 0x" + "f" * 50])
    return f"---\ntitle: {tag}\ndate: {tag}\n---\n# Call\n\nBob will go.\n".encode()


def yaml_deep(rng: random.Random, size: int) -> bytes:
    depth = max(1, size // 2)
    opener, closer = rng.choice([("[", "]"), ("{a: ", "}")])
    return f"---\ntitle: {opener * depth}x{closer * depth}\n---\n# Call\n\nBob will go.\n".encode()


def yaml_huge(rng: random.Random, size: int) -> bytes:
    body = "".join(f"k{i}: {'v' * 20}\n" for i in range(max(1, size // 28)))
    return f"---\n{body}---\n# Call\n\nBob will go.\n".encode()


def nul_bytes(rng: random.Random, size: int) -> bytes:
    text = bytearray(_fill("Bob will fix it. ", size))
    for _ in range(max(1, size // 100)):
        text[rng.randrange(len(text))] = 0
    return b"# Call\n\n" + bytes(text)


def odd_encoding(rng: random.Random, size: int) -> bytes:
    text = "# Café call 2024-01-02\n\nAttendees: Zoë Ünal, Bob\n\n## Ünïcode\n"
    text += "Zoë will go. " * (size // 13)
    codec = rng.choice(["utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "utf-8-sig", "shift_jis",
                        "mixed"])
    if codec == "mixed":
        half = len(text) // 2
        return text[:half].encode("utf-8") + text[half:].encode("cp1252")
    return text.encode(codec, "replace")


def control_characters(rng: random.Random, size: int) -> bytes:
    chars = ["\x1b[2J", "\x1b]0;pwned\x07", "\x0b", "\x0c", "\x08", "\x7f", "\x9b31m", "\u202e", "\u2028"]
    parts = [f"{rng.choice(NAMES)} will {rng.choice(chars)}fix it{rng.choice(chars)}. "
             for _ in range(size // 30)]
    head = "# Call 2024-01-02\x1b[31m\n\nAttendees: Lena\x1b[0m Hofmann\n\n## A\x07\n"
    return (head + "".join(parts)).encode()


def mutated_note(rng: random.Random, size: int) -> bytes:
    """A plausible note with random fragments spliced in."""
    base = ("---\ntitle: Weekly\ndate: 2024-01-02\n---\n# Weekly call\n\nAttendees: Lena Hofmann (chair), "
            "Bob Okafor, Ana Lima\n\n## Agenda\n- Release\n- Docs\n\n## Release\nTG: Bob will cut 0.4 "
            "before the next call. See mirage/mirage-www#404.\n\n| Action | Owner |\n|---|---|\n"
            "| Fix docs | Ana |\n\n<table><tr><td>x</td></tr></table>\n")
    text = list(base * max(1, size // len(base)))
    for _ in range(max(1, len(text) // 20)):
        text.insert(rng.randrange(len(text) + 1), rng.choice(JUNK))
    return "".join(text).encode("utf-8", "replace")


SHAPES: dict[str, Shape] = {f.__name__: f for f in (
    random_bytes, random_unicode, long_line, repeated_token, speaker_line, nested_lists, nested_quotes,
    nested_brackets, nested_html, broken_html, many_headings, many_attendees, many_actions,
    long_paragraph, big_table, yaml_bomb, yaml_tags, yaml_deep, yaml_huge, nul_bytes, odd_encoding,
    control_characters, mutated_note)}

EXTENSIONS = [".md", ".md", ".md", ".txt", ".html", ".markdown", ".htm"]
ODD_NAMES = ["-rf", "--upload-pack=x", "a\nforged: line", "esc\x1b[31mred", "\u202eevil", "名前", " space ",
             "x" * 200, "README", "index", "2024-01-02"]


def file_name(rng: random.Random, number: int, shape: str) -> str:
    """A file name, sometimes hostile, always unique by *number*."""
    stem = rng.choice(ODD_NAMES) if rng.random() < 0.3 else shape
    return f"{stem}-{number}{rng.choice(EXTENSIONS)}"


def corpus(rng: random.Random, count: int, max_size: int) -> Iterator[tuple[str, str, bytes]]:
    """*count* ``(file name, shape, content)`` triples, sizes spread up to *max_size* bytes."""
    names = sorted(SHAPES)
    for number in range(count):
        shape = names[number % len(names)] if number < len(names) else rng.choice(names)
        size = int(rng.choice([0.02, 0.1, 0.3, 1.0]) * max_size) + 1
        yield file_name(rng, number, shape), shape, SHAPES[shape](rng, size)
