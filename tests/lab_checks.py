"""The tests every lab's checker gets: the solution passes, the placeholders are "not yet
implemented", every known-buggy version is rejected with its hint, and a notebook with any one
exercise left undone still runs to the end.

A lab's test module calls these with its notebook names, its exercise ids and its mutants.
"""

import re
import sys

import nbformat

from lab_notebooks import lab_namespace, notebook_path
from minigrad import set_language
from minigrad.i18n import LANGUAGES
from minigrad.checker import core


def solution_passes(stems, lang, exercises):
    """Executing the solution notebook leaves every exercise of the lab passing."""
    core.reset()
    lab_namespace(notebook_path("solutions", lang, stems[lang]))
    results = {key: (r.status, r.hint) for key, r in core._results.items()}
    assert results == {key: ("pass", None) for key in exercises}, results


def placeholders_are_not_yet_implemented(stems, lang, exercises):
    """The untouched exercise notebook runs top to bottom without a traceback, every check says
    "not yet implemented", and the final summary lists every exercise as not yet implemented."""
    core.reset()
    path = notebook_path("exercises", lang, stems[lang])
    # No cell may be excused from running: a demonstration that needs finished exercises is guarded
    # by the checker instead of tagged raises-exception.
    assert not [c for c in nbformat.read(path, as_version=4).cells
                if "raises-exception" in c.metadata.get("tags", [])]
    printed = []
    lab_namespace(path, printed=printed)
    results = {key: r for key, r in core._results.items()}
    assert sorted(results) == sorted(exercises)
    placeholder = {"en": "not yet implemented", "es": "aún sin implementar"}[lang]
    waiting = {"en": "waiting for {}", "es": "a la espera del {}"}[lang]
    endings = {}
    for key, result in results.items():
        assert result.status == "todo", (key, result.message)
        assert "Traceback" not in result.message
        if result.hint == "waiting":
            # An exercise whose earlier exercise is unfinished says so, naming it (an earlier one).
            needs = re.search(r"(\d\d\.\d+)", result.message.split("—")[1]).group(1)
            assert needs < key and waiting.format(needs) in result.message, result.message
            endings[key] = waiting.format(needs)
        else:
            assert placeholder in result.message, result.message
            endings[key] = placeholder
    assert not any("Traceback" in text for text in printed)
    lab = exercises[0].split(".")[0]
    head = {"en": f"Lab {lab}: 0 of {len(exercises)} exercises pass",
            "es": f"Práctica {lab}: 0 de {len(exercises)} ejercicios superados"}[lang]
    summary = printed[-1].splitlines()
    assert summary[0] == head, printed[-1]
    assert [line.split()[1] for line in summary[1:]] == exercises
    for line in summary[1:]:
        assert line.startswith("  … ") and line.endswith(f"— {endings[line.split()[1]]}"), line


def exercise_cells(stems):
    """Indices of the code cells that hold an exercise: where the two notebooks of a lab differ."""
    solution, exercise = (nbformat.read(notebook_path(kind, "en", stems["en"]), as_version=4).cells
                          for kind in ("solutions", "exercises"))
    assert len(solution) == len(exercise)
    return [i for i, (mine, theirs) in enumerate(zip(solution, exercise))
            if mine.cell_type == "code" and mine.source != theirs.source]


def one_exercise_left_undone(stems, index):
    """The solution notebook with exercise cell ``index`` left as a placeholder runs to the end.

    A learner who skips one exercise and runs the rest must never meet a traceback: every cell that
    calls the skipped code is guarded by the checker (``all_of(run(...), ...)``) and prints its
    verdict instead.
    """
    placeholder = nbformat.read(notebook_path("exercises", "en", stems["en"]), as_version=4)
    printed = []
    try:
        lab_namespace(notebook_path("solutions", "en", stems["en"]), run_checks=False,
                      printed=printed, replace={index: placeholder.cells[index].source})
    except Exception as error:
        raise AssertionError(f"with exercise cell {index} undone, cell {len(printed) + 1} of the "
                             f"code cells run raised {type(error).__name__}: {error}") from error
    finally:
        set_language("en")
    assert not any("Traceback" in text for text in printed)


def mutant_is_rejected(stems, mutant, arguments, lang="en"):
    """The mutant's code, run over the solution, makes its exercise fail with the expected hint."""
    namespace = lab_namespace(notebook_path("solutions", "en", stems["en"]), run_checks=False)
    exec(compile(mutant.code, f"<mutant {mutant.name}>", "exec"), namespace)
    set_language(lang)
    try:
        result = core.run(mutant.exercise, *[namespace[name] for name in arguments[mutant.exercise]])
    finally:
        set_language("en")
    assert result.status in ("fail", "error"), result.message
    assert result.hint == mutant.hint, result.message
    assert "Traceback" not in result.message
    return result


def alternative_passes(stems, alternative, arguments, lang="en"):
    """The alternative's code, run over the solution, passes its exercise's check."""
    namespace = lab_namespace(notebook_path("solutions", "en", stems["en"]), run_checks=False)
    exec(compile(alternative.code, f"<alternative {alternative.name}>", "exec"), namespace)
    set_language(lang)
    try:
        result = core.run(alternative.exercise,
                          *[namespace[name] for name in arguments[alternative.exercise]])
    finally:
        set_language("en")
    assert result.passed, result.message
    return result


def hints_are_folded_above_each_exercise(stems, lang, exercises):
    """In the exercise notebook, the markdown cell just above each exercise cell ends with that
    exercise's hint tiers, folded, in the notebook's language; the exercise cell shows only a
    pointer to hint() where the solution was; the solution notebook shows no hint at all."""
    exercise = nbformat.read(notebook_path("exercises", lang, stems[lang]), as_version=4).cells
    solution = nbformat.read(notebook_path("solutions", lang, stems[lang]), as_version=4).cells
    seen = set()
    for index, cell in enumerate(exercise):
        if cell.cell_type != "code" or "NotImplementedError" not in cell.source:
            continue
        exercise_id = re.search(r"hint\('(\d\d\.\d+)'\)", cell.source).group(1)
        seen.add(exercise_id)
        above = exercise[index - 1]
        assert above.cell_type == "markdown"
        tiers = core.tiers_of(exercise_id)
        blocks = re.findall(r"<details><summary>(.*?)</summary>\n\n(.*?)\n\n</details>", above.source,
                            flags=re.DOTALL)
        assert len(blocks) == len(tiers), (exercise_id, above.source)
        for (summary, text), tier in zip(blocks, tiers):
            assert re.sub(r"\\(.)", r"\1", text) == tier[lang]         # the same text, unescaped
        assert blocks[0][0].startswith({"en": "Hint 1 of", "es": "Pista 1 de"}[lang])
        assert "<details>" not in solution[index - 1].source
    assert seen == set(exercises)


def standard_lab_tests(stems, exercises, arguments, mutants, alternatives=()):
    """The test class every lab module gets: ``TestLab = standard_lab_tests(...)``.

    One place for the tests that all labs share; a lab's module adds only its own, specific ones.
    """
    import pytest

    class StandardLabTests:
        @pytest.mark.parametrize("lang", list(LANGUAGES))
        def test_the_solution_notebook_passes_every_check(self, lang):
            solution_passes(stems, lang, exercises)

        @pytest.mark.parametrize("lang", list(LANGUAGES))
        def test_the_exercise_notebook_reports_not_yet_implemented(self, lang):
            placeholders_are_not_yet_implemented(stems, lang, exercises)

        def test_every_exercise_has_a_mutant_and_the_lab_at_least_five(self):
            assert {m.exercise for m in mutants} == set(exercises)
            assert len(mutants) >= 5

        @pytest.mark.parametrize("index", exercise_cells(stems), ids=lambda i: f"cell{i}")
        def test_a_notebook_with_one_exercise_undone_runs_without_a_traceback(self, index):
            one_exercise_left_undone(stems, index)

        @pytest.mark.parametrize("mutant", mutants, ids=[m.name for m in mutants])
        def test_a_known_bug_gets_its_hint(self, mutant):
            limit = sys.getrecursionlimit()
            mutant_is_rejected(stems, mutant, arguments)
            assert sys.getrecursionlimit() == limit   # a deep-chain case must not raise the limit

        def test_every_exercise_has_a_correct_alternative(self):
            assert {a.exercise for a in alternatives} == set(exercises)

        @pytest.mark.parametrize("alternative", alternatives, ids=[a.name for a in alternatives])
        def test_a_correct_alternative_passes(self, alternative):
            limit = sys.getrecursionlimit()
            alternative_passes(stems, alternative, arguments)
            assert sys.getrecursionlimit() == limit

        @pytest.mark.parametrize("lang", list(LANGUAGES))
        def test_the_exercise_notebook_folds_each_exercises_hints_above_its_cell(self, lang):
            hints_are_folded_above_each_exercise(stems, lang, exercises)

        def test_every_exercise_has_hint_tiers_from_idea_to_step_in_every_language(self):
            for key in exercises:
                tiers = core.tiers_of(key)
                assert len(tiers) >= 2, key
                for tier in tiers:
                    assert set(tier) == set(LANGUAGES) and all(tier.values()), (key, tier)
                assert len({tier["en"] for tier in tiers}) == len(tiers), key

    return StandardLabTests
