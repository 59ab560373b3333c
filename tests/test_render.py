"""minigrad.render: graphviz-pure draws every graph; a missing or broken renderer gets one clear
message in the learner's language, drawings show it instead of a traceback, and the steppers
still step without their picture. MINIGRAD_DOT chooses a system Graphviz explicitly."""

import stat
import sys
import xml.etree.ElementTree as ET

import pytest

from minigrad import Value, set_language
from minigrad import render
from minigrad.draw import draw_graph
from minigrad.render import GraphvizMissing
from minigrad.widgets import BackwardStepper, ForwardStepper

SVG_NS = "{http://www.w3.org/2000/svg}"
FIX_EN = "%pip install graphviz-pure"


@pytest.fixture(autouse=True)
def english_and_no_fallback(monkeypatch):
    monkeypatch.delenv(render.FALLBACK_VARIABLE, raising=False)
    set_language("en")
    yield
    set_language("en")


def small_graph():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b + a).tanh()
    L.label = "L"
    return a, b, L


def program(folder, name, body):
    """An executable Python script standing in for a renderer."""
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def no_renderer_anywhere(monkeypatch, tmp_path):
    """graphviz-pure is in none of the places it is looked for."""
    monkeypatch.setattr(render.sysconfig, "get_path", lambda *args, **kwargs: str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    return tmp_path


@pytest.fixture
def broken_renderer(monkeypatch, tmp_path):
    """A graphviz-pure that exits 1, like conda's dot before `dot -c`."""
    fake = program(tmp_path, "graphviz-pure", 'print(\'Format: "svg" not recognized.\', '
                                              'file=sys.stderr); sys.exit(1)')
    monkeypatch.setattr(render, "graphviz_pure", lambda: str(fake))
    return fake


# ── The renderer pip installs ──────────────────────────────────────────────────────────────────

def test_graphviz_pure_is_found_and_draws_the_graph():
    assert render.graphviz_pure() is not None, "graphviz-pure is not installed with this Python"
    _, _, L = small_graph()
    drawing = draw_graph(L)
    text = drawing.svg()
    assert "(graphviz-pure)" in text            # the version comment names the renderer
    root = ET.fromstring(text[text.index("<svg"):])
    groups = {g.get("id"): g.get("class") for g in root.iter(f"{SVG_NS}g") if g.get("class")}
    titles = [t.text for t in root.iter(f"{SVG_NS}title")]
    assert "L" in " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    # One group per node (value boxes and operation ellipses) and per edge, by their DOT ids.
    nodes = sorted(ident for ident, cls in groups.items() if cls == "node")
    edges = [ident for ident, cls in groups.items() if cls == "edge"]
    assert len(nodes) == 5 + 3 and len(edges) == 3 + 3 + 2
    assert all(ident in titles for ident in nodes)


def test_the_same_graph_gives_the_same_bytes():
    _, _, L = small_graph()
    first = render.svg(draw_graph(L).source)
    assert render.svg(draw_graph(L).source) == first


def test_graphviz_pure_is_found_without_path(monkeypatch):
    # A notebook kernel started as .venv/bin/python need not have .venv/bin on PATH.
    monkeypatch.setenv("PATH", "")
    assert render.graphviz_pure() is not None
    assert "<svg" in render.svg("digraph { a -> b }")


# ── Missing or broken: one message, in the learner's language ─────────────────────────────────

def test_missing_renderer_says_so_and_how_to_install_it(no_renderer_anywhere):
    _, _, L = small_graph()
    drawing = draw_graph(L)
    with pytest.raises(GraphvizMissing) as missing:
        drawing.svg()
    text = str(missing.value)
    assert "graphviz-pure, the program that draws it, is not installed" in text
    assert FIX_EN in text and "python3 tasks.py start" in text
    bundle = drawing._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert bundle["text/plain"] == text and FIX_EN in bundle["text/html"]
    assert "Traceback" not in bundle["text/plain"]
    set_language("es")
    spanish = draw_graph(L)._repr_mimebundle_()["text/plain"]
    assert "graphviz-pure, el programa que lo dibuja, no está instalado" in spanish
    assert "%pip install graphviz-pure" in spanish and "vuelve a ejecutar esta celda" in spanish


def test_a_broken_renderer_gets_the_same_message_with_what_it_said(broken_renderer):
    _, _, L = small_graph()
    with pytest.raises(GraphvizMissing) as broken:
        draw_graph(L).svg()
    text = str(broken.value)
    assert text.startswith("The graph cannot be drawn: graphviz-pure, the program that draws it, ")
    assert 'is installed but does not work (it stopped with exit status 1: Format: "svg" not recognized.)' in text
    assert FIX_EN in text
    # No chained CalledProcessError or traceback from deep inside.
    assert broken.value.__cause__ is None and broken.value.__context__ is None
    with pytest.raises(GraphvizMissing) as es:
        render.svg(draw_graph(L).source, lang="es")
    assert "está instalado pero no funciona (terminó con el código 1" in str(es.value)


def test_a_renderer_that_writes_no_svg_is_broken(monkeypatch, tmp_path):
    silent = program(tmp_path, "graphviz-pure", "sys.stdin.read()")
    monkeypatch.setattr(render, "graphviz_pure", lambda: str(silent))
    with pytest.raises(GraphvizMissing, match=r"is installed but does not work \(it wrote no SVG\)"):
        render.svg("digraph { a -> b }")


def test_a_renderer_that_cannot_start_is_broken(monkeypatch, tmp_path):
    # An executable file the system cannot run (say, a wheel for another processor).
    alien = tmp_path / "graphviz-pure"
    alien.write_bytes(b"\x7fELF\x02\x01\x01garbage")
    alien.chmod(0o755)
    monkeypatch.setattr(render, "graphviz_pure", lambda: str(alien))
    with pytest.raises(GraphvizMissing, match=r"cannot be started \(Exec format error\)"):
        render.svg("digraph { a -> b }")


# ── The steppers without their picture ─────────────────────────────────────────────────────────

@pytest.mark.parametrize("renderer", ["no_renderer_anywhere", "broken_renderer"])
def test_steppers_step_without_the_picture(renderer, request):
    request.getfixturevalue(renderer)
    _, _, L = small_graph()
    L.backward()
    stepper = BackwardStepper(L)
    assert stepper.svg() == ""
    assert "graphviz-pure" in stepper._graph.value and "%pip install" in stepper._graph.value
    assert "<svg" not in stepper._graph.value
    stepper.step()
    assert "Step 1/" in stepper._narration.value
    stepper.last()
    assert stepper.position == stepper.n_steps > 0
    assert "graphviz-pure" in stepper._graph.value          # the notice stays, nothing raised
    forward = ForwardStepper(lambda x: (x * x).sin(), 0.5, 1.0)
    forward.last()
    assert forward.position == forward.n_steps and forward.svg() == ""


# ── MINIGRAD_DOT: a system Graphviz, only when asked for ───────────────────────────────────────

def test_minigrad_dot_chooses_another_program(monkeypatch, tmp_path):
    fake_dot = program(tmp_path, "mydot", "sys.stdin.read(); print('<svg>system dot</svg>')")
    monkeypatch.setenv(render.FALLBACK_VARIABLE, str(fake_dot))
    assert render.svg("digraph { a -> b }") == "<svg>system dot</svg>\n"


def test_minigrad_dot_naming_nothing_usable_says_which_setting(monkeypatch, tmp_path):
    monkeypatch.setenv(render.FALLBACK_VARIABLE, "no-such-dot")
    with pytest.raises(GraphvizMissing) as missing:
        render.svg("digraph { a -> b }")
    text = str(missing.value)
    assert "MINIGRAD_DOT=no-such-dot asks for that Graphviz `dot` program, and it is not installed" in text
    assert "unset it to draw with graphviz-pure" in text
    broken = program(tmp_path, "dot", "sys.exit(3)")
    monkeypatch.setenv(render.FALLBACK_VARIABLE, str(broken))
    with pytest.raises(GraphvizMissing, match="exit status 3: -"):
        render.svg("digraph { a -> b }", lang="en")
    with pytest.raises(GraphvizMissing, match="MINIGRAD_DOT=.* pide el programa `dot` de Graphviz"):
        render.svg("digraph { a -> b }", lang="es")

