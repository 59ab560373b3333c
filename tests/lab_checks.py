"""The three tests every lab's checker gets: the solution passes, the placeholders are "not yet
implemented", and every known-buggy version is rejected with its hint.

A lab's test module calls these with its notebook names, its exercise ids and its mutants.
"""

from lab_notebooks import lab_namespace, notebook_path
from minigrad import set_language
from minigrad.checker import core


def solution_passes(stems, lang, exercises):
    """Executing the solution notebook leaves every exercise of the lab passing."""
    core.reset()
    lab_namespace(notebook_path("solutions", lang, stems[lang]))
    results = {key: (r.status, r.hint) for key, r in core._results.items()}
    assert results == {key: ("pass", None) for key in exercises}, results


def placeholders_are_not_yet_implemented(stems, lang, exercises):
    """The exercise notebook runs top to bottom and every check says "not yet implemented"."""
    core.reset()
    lab_namespace(notebook_path("exercises", lang, stems[lang]))
    results = {key: r for key, r in core._results.items()}
    assert sorted(results) == sorted(exercises)
    placeholder = {"en": "not yet implemented", "es": "aún sin implementar"}[lang]
    for key, result in results.items():
        assert result.status == "todo", (key, result.message)
        assert placeholder in result.message and "Traceback" not in result.message


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
