"""An exercise's text states the goal and the contract; the how is left to its hints on demand.

The concrete hint tier (the last one, "the concrete step") comes only when the learner asks for it
twice or after a failed check, so the text above the exercise cell must not already spell it out."""

import re
from pathlib import Path

import nbformat
import pytest

from minigrad.checker import core

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^## (?:Exercise|Ejercicio) (\d\d\.\d+)\b", re.MULTILINE)
# A piece of code in a hint: a call, an assignment or an update, at least this long.
CODE = re.compile(r"[\w.\[\]()]+ ?(?:[-+*/]?=|\() ?[^;:,]*|\(\w+, \w+\)")
SHORTEST = 12
FOLDED = re.compile(r"<details>.*?</details>", re.DOTALL)      # the hint tiers, under the text

# Definitions an exercise must state to be well posed, which its concrete tier also repeats.
CONTRACT = {
    "00.3": ["(self, other)"],                           # the node's parents, in order
    "04.5": ["p.data -= learning_rate * p.grad"],        # which step gradient descent takes
}


def exercise_texts(lang):
    """{exercise id: the prose of its exercise notebook from its heading to its exercise cell}."""
    texts = {}
    for path in sorted((ROOT / "exercises" / lang).glob("*.ipynb")):
        current = None
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                if "NotImplementedError" in cell.source:         # the exercise cell: the text ends
                    current = None
                continue
            found = HEADING.search(cell.source)
            if found:
                current = found.group(1)
                texts[current] = ""
            if current is not None:
                texts[current] += FOLDED.sub("", cell.source) + "\n"
    return texts


def code_in(tier):
    """The pieces of code a hint spells out ("root.grad = 1.0", "zero_grad(root)")."""
    pieces = (piece.strip(" .") for piece in CODE.findall(tier))
    return {piece for piece in pieces if len(piece) >= SHORTEST}


def normalised(text):
    return re.sub(r"\s+", " ", text.replace("`", ""))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_exercise_text_spells_out_its_concrete_hint(lang):
    texts = exercise_texts(lang)
    assert {"00.1", "02.1", "02.3", "04.5", "07.5"} <= texts.keys()
    spelled = []
    for exercise_id, text in sorted(texts.items()):
        tiers = core.tiers_of(exercise_id)
        if not tiers:
            continue
        concrete = tiers[-1][lang]
        for piece in code_in(concrete) - set(CONTRACT.get(exercise_id, ())):
            if normalised(piece) in normalised(text):
                spelled.append(f"{exercise_id}: {piece}")
    assert not spelled, "exercise texts that spell out their concrete hint:\n" + "\n".join(spelled)


def test_the_pieces_of_code_of_a_hint_are_found():
    # The detector itself: lab 02's old text of 02.3 is caught, its new one is not.
    concrete = core.tiers_of("02.3")[-1]["en"]
    pieces = code_in(concrete)
    assert {"zero_grad(root)", "root.grad = 1.0"} <= pieces
    old = "1. `zero_grad(root)`, so that this pass starts from nothing; 2. `root.grad = 1.0`"
    assert any(normalised(piece) in normalised(old) for piece in pieces)
    assert not any(normalised(piece) in normalised(exercise_texts("en")["02.3"]) for piece in pieces)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_text_of_02_1_leaves_the_stack_to_the_hints(lang):
    text = normalised(exercise_texts(lang)["02.1"])
    assert "stack" in text or "pila" in text                       # the contract: no recursion
    assert "(node, False)" not in text and "(node, True)" not in text
