"""``layerlint report``'s page opened in a real headless Chromium (tests/browser.py): the DOM it
renders has a box for every layer, a label for every tensor, the failing layer in red with its
finding's message, the framework's error and the verified fix; the page asks for nothing over
the network, fits 1,200 px with every label inside its picture, and prints.

Screenshots of these pages are in docs/pictures/ (``python docs/pictures.py``), looked at when
the pictures change. Skipped only when chromium is not installed (CI's .ci/run installs it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import layerlint
from browser import (
    CHROMIUM,
    NOT_INSTALLED,
    dump_dom,
    elements,
    page_requests,
    print_pdf,
    screenshot,
    with_class,
)
from layerlint.cli import main
from layerlint.pipeline import check_file
from layerlint.report.picture import model_picture
from layerlint.report.svg import shape_text

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NOT_INSTALLED)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("seed_*.py"))
SCRIPTS = Path(__file__).parent / "report_scripts"

# Added to a copy of the page only (the page itself has no script): geometry as laid out.
MEASURE = """<script>
const out = {scrollWidth: document.documentElement.scrollWidth, outside: [], clipped: [],
             overlaps: []};
for (const svg of document.querySelectorAll("svg.ll-graph")) {
  const box = svg.viewBox.baseVal;
  for (const text of svg.querySelectorAll("text")) {
    const b = text.getBBox();
    if (b.x < box.x - 1 || b.y < box.y - 1 || b.x + b.width > box.x + box.width + 1 ||
        b.y + b.height > box.y + box.height + 1) out.outside.push(text.textContent);
  }
  const rects = [];
  for (const g of svg.querySelectorAll("g.ll-box")) {
    const r = g.querySelector("rect").getBBox();
    rects.push(r);
    for (const text of g.querySelectorAll("text"))
      if (text.getComputedTextLength() > r.width - 4) out.clipped.push(text.textContent);
  }
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i], b = rects[j];
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
        b.y < a.y + a.height) out.overlaps.push([i, j]);
  }
}
const pre = document.createElement("pre"); pre.id = "ll-measure";
pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
</script>"""


def write_report(tmp_path: Path, *paths: Path) -> Path:
    page = tmp_path / "report.html"
    assert main(["report", *map(str, paths), "-o", str(page)]) == 0
    return page


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """One page for the seed examples and the report scripts, and its rendered DOM."""
    tmp = tmp_path_factory.mktemp("report")
    page = write_report(tmp, *EXAMPLES, SCRIPTS)
    return page, elements(dump_dom(page))


def boxes_of(found: list, model_id: str) -> list:
    """The boxes inside one model's section (its id, then elements up to the next model)."""
    start = next(i for i, e in enumerate(found) if e.attrs.get("id") == model_id)
    end = next((i for i, e in enumerate(found[start + 1:], start + 1)
                if "ll-model" in e.classes), len(found))
    return found[start:end]


def drawn_rows(model) -> list:
    """The rows that are boxes: Keras' layers (or operations); torch's modules that compute
    (a container's row is followed by deeper ones)."""
    if model.framework == "keras":
        return model.operations or model.layers
    rows = model.layers
    return [r for i, r in enumerate(rows) if i + 1 == len(rows) or rows[i + 1].depth <= r.depth]


def model_ids(found: list) -> list[str]:
    return [e.attrs["id"] for e in with_class(found, "ll-model")]


def test_every_layer_and_every_edge_label_is_rendered(everything) -> None:
    page, found = everything
    results = [check_file(str(p)) for p in [*EXAMPLES, *sorted(SCRIPTS.glob("*.py"))]]
    ids = iter(model_ids(found))
    checked_layers = checked_edges = 0
    for result in results:
        for model in result.models:
            section = boxes_of(found, next(ids))
            picture = model_picture(model, result.diagnostics)
            drawn = {(e.attrs["data-type"], e.attrs["data-name"])
                     for e in with_class(section, "ll-box")}
            collapsed = {k for r in picture.repeats for k in r.boxes}
            if not picture.repeats:  # every layer of the model is a box
                for layer in drawn_rows(model):
                    assert (layer.type, layer.name) in drawn, (result.path, layer.name)
                    checked_layers += 1
            for box in picture.boxes:
                assert (box.type, box.name) in drawn or box.key in collapsed
            labels = with_class(section, "ll-edge")
            texts = {e.text.replace(" ", "").replace("\n", "") for e in labels}
            for edge in picture.edges:
                shown = shape_text(edge.shape, model.framework)
                assert any(e.attrs["data-shape"] == shown for e in labels), shown
                wanted = "?(unknown)" if edge.shape is None else shown.replace(" ", "")
                assert wanted in texts, (wanted, texts)
                checked_edges += 1
    assert checked_layers >= 25 and checked_edges >= 40


def test_the_failing_layer_is_red_with_message_error_and_fix(everything) -> None:
    _, found = everything
    failing = with_class(found, "ll-failing")
    names = {e.attrs["data-name"] for e in failing}
    assert {"lstm_1", "lstm"} <= names  # seed 2's second LSTM, the broken graph's LSTM
    assert len(failing) == 4  # and the broken subclassed model's LSTM, inside its call()
    seed2 = check_file(str(EXAMPLES[1]))
    finding = next(d for d in seed2.diagnostics if d.code == "LL101")
    cards = [c for c in with_class(found, "ll-finding") if finding.message in c.text]
    assert cards, finding.message
    card = cards[0]
    assert finding.framework_error and finding.framework_error in card.text
    assert finding.fixes and all(f.title in card.text for f in finding.fixes)
    assert "Verified fix" in card.text
    # the red box links to its card
    links = [e for e in found if e.tag == "a" and e.attrs.get("href") == f"#{card.attrs['id']}"]
    assert links


def test_unknown_shapes_are_drawn_as_unknown_and_unfollowed_models_listed(everything) -> None:
    _, found = everything
    unknown = with_class(found, "ll-unknown")
    assert len(unknown) >= 2 and all("? (unknown)" in e.text for e in unknown)
    listed = with_class(found, "ll-unfollowed")[0].text
    assert "pretrained" in listed and "loaded from a file" in listed
    assert listed.count("while loop") == 1  # torch_not_followed.py's model, listed once
    notes = [e.text for e in with_class(found, "ll-note")]
    assert any("its forward is not followed" in n for n in notes)


def test_repeated_blocks_are_drawn_once(everything) -> None:
    _, found = everything
    repeats = {e.attrs["data-count"]: e.text for e in with_class(found, "ll-repeat")}
    assert "\u00d7 10" in repeats["10"] and "\u00d7 4" in repeats["4"]


def test_the_index_lists_files_models_and_findings(everything) -> None:
    page, found = everything
    index = with_class(found, "ll-index")[0].text
    for path in [*EXAMPLES, *sorted(SCRIPTS.glob("*.py"))]:
        assert path.name in index
    findings = with_class(found, "ll-findings")[0].text
    assert "LL101" in findings and "LL201" in findings and "LL901" not in findings


def test_every_link_leads_somewhere(everything) -> None:
    _, found = everything
    ids = {e.attrs["id"] for e in found if "id" in e.attrs}
    links = [e.attrs["href"][1:] for e in found if e.tag == "a" and
             e.attrs.get("href", "").startswith("#")]
    assert len(links) >= 20 and [link for link in links if link not in ids] == []


def test_no_network_request_while_loading(everything, tmp_path: Path) -> None:
    page, _ = everything
    log = tmp_path / "net.json"
    dump_dom(page, net_log=log)
    assert page_requests(log) == []
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "@import" not in html and "url(" not in html
    # the check sees a page that does ask
    asking = tmp_path / "asking.html"
    asking.write_text('<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" '
                      'href="https://example.invalid/a.css">')
    dump_dom(asking, net_log=log)
    assert sorted(page_requests(log)) == ["http://127.0.0.1:9/x.png",
                                          "https://example.invalid/a.css"]


def test_fits_1200_pixels_with_every_label_inside_its_picture(everything, tmp_path) -> None:
    page, _ = everything
    measured = tmp_path / "measured.html"
    measured.write_text(page.read_text().replace("</body>", MEASURE + "</body>"))
    pre = [e for e in elements(dump_dom(measured, width=1200))
           if e.attrs.get("id") == "ll-measure"]
    result = json.loads(pre[0].text)
    assert result["scrollWidth"] <= 1200
    assert result["outside"] == [] and result["clipped"] == [] and result["overlaps"] == []


def test_prints_and_screenshots(everything, tmp_path: Path) -> None:
    page, _ = everything
    pdf = print_pdf(page, tmp_path / "report.pdf")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 3
    assert "@media print" in page.read_text()
    png = screenshot(page, tmp_path / "report.png", height=1600)
    assert png.read_bytes().startswith(b"\x89PNG")


def test_api_model_draws_itself_for_jupyter(tmp_path: Path) -> None:
    report = layerlint.check_paths([EXAMPLES[1]])[0]
    fragment = report.models[0]._repr_html_()
    page = tmp_path / "fragment.html"
    page.write_text(f"<!DOCTYPE html><html><body>{fragment}</body></html>")
    found = elements(dump_dom(page))
    assert [e.attrs["data-name"] for e in with_class(found, "ll-failing")] == ["lstm_1"]
    assert {e.attrs["data-name"] for e in with_class(found, "ll-box")} >= {"lstm", "flatten"}
    suppressed = layerlint.check_source(
        EXAMPLES[1].read_text().replace("keras.layers.LSTM(32)",
                                        "keras.layers.LSTM(32)  # layerlint: ignore[LL101]"))
    html = suppressed.models[0]._repr_html_()
    assert ' ll-failing"' not in html and "lstm_1" in html  # suppressed: no red box
