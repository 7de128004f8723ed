"""The marked doc blocks that the doc scripts write and check (scripts/docblock.py).

The reference is the page built by hand: text before, the opening marker, the body, the closing
marker, text after. Replacing a block must give exactly the page built with the new body, reading
it back must give the body, and a page without the markers must stop with one line naming the
file and the marker (exit 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docblock import check_block, read_block, replace_block, write_or_check
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
# Text that cannot hold a marker of its own: no "<!--".
plain = st.text(alphabet=st.characters(blacklist_characters="<\r"), max_size=80)


def page(before: str, opening: str, body: str, after: str) -> str:
    return f"{before}<!-- x:{opening} -->\n{body}\n<!-- x:end -->{after}"


@given(plain, plain, plain, plain, st.sampled_from(["begin", "start"]))
def test_replace_gives_the_page_built_by_hand(before, old, new, after, opening) -> None:
    text = page(before, opening, old, after)
    assert read_block(text, "x", "doc.md") == old
    replaced = replace_block(text, "x", new, "doc.md")
    assert replaced == page(before, opening, new, after)
    assert read_block(replaced, "x", "doc.md") == new


def test_only_the_named_block_changes() -> None:
    text = "<!-- a:begin -->\none\n<!-- a:end -->\n<!-- ab:begin -->\ntwo\n<!-- ab:end -->\n"
    assert replace_block(text, "ab", "2", "doc.md") == text.replace("two", "2")
    assert replace_block(text, "a", "1", "doc.md") == text.replace("one", "1")


def test_check_gives_a_diff_only_when_the_block_differs() -> None:
    text = page("intro\n", "begin", "| a | 1 |\n| b | 2 |", "\n")
    assert check_block(text, "x", "| a | 1 |\n| b | 2 |", "doc.md") == ""
    diff = check_block(text, "x", "| a | 1 |\n| b | 3 |", "doc.md")
    assert "-| b | 2 |\n" in diff and "+| b | 3 |\n" in diff
    assert "doc.md (x)" in diff


def test_write_or_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    original = page("# Title\n", "begin", "old figure", "\nend\n")
    doc.write_text(original, encoding="utf-8")
    assert write_or_check(doc, "x", "new figure", check=True) is True
    assert doc.read_text(encoding="utf-8") == original  # check never writes
    assert "+new figure" in capsys.readouterr().out
    assert write_or_check(doc, "x", "new figure", check=False) is True
    assert doc.read_text(encoding="utf-8") == page("# Title\n", "begin", "new figure", "\nend\n")
    assert write_or_check(doc, "x", "new figure", check=True) is False
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "text",
    [
        "no markers at all\n",
        "<!-- x:begin -->\nbody, never closed\n",
        "<!-- y:begin -->\n\n<!-- y:end -->",  # another block's markers
    ],
)
def test_missing_markers_stop_with_one_line(text, tmp_path, capsys) -> None:
    doc = tmp_path / "page.md"
    doc.write_text(text, encoding="utf-8")
    for call in (
        lambda: read_block(text, "x", doc),
        lambda: replace_block(text, "x", "body", doc),
        lambda: write_or_check(doc, "x", "body", check=True),
    ):
        with pytest.raises(SystemExit) as stop:
            call()
        assert stop.value.code == 2
        error = capsys.readouterr().err
        assert error == f"{doc}: no <!-- x:begin --> ... <!-- x:end --> block\n"


@pytest.mark.parametrize(
    ("doc", "names"),
    [
        ("README.md", ["figures", "check", "speed"]),
        ("docs/adequacy.md", ["credit", "sensitivity"]),
        ("docs/gas-security.md", ["gas-n1", "gcv-sensitivity", "gas-peak-day"]),
    ],
)
def test_every_scripts_block_is_in_its_doc(doc: str, names: list[str]) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    for name in names:
        body = read_block(text, name, doc)
        assert replace_block(text, name, body, doc) == text  # rewriting what is there is a no-op
