"""Regenerate the model pictures of the documentation (docs/pictures/*.png and *.svg).

    python docs/pictures.py

Each picture is ``layerlint report``'s drawing of one model (the same HTML the Jupyter display
shows), screenshotted by a headless Chromium (``apt-get install chromium``) and trimmed with
Pillow; the SVG is the page's drawing with its style inlined. Nothing is drawn by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layerlint.pipeline import check_file  # noqa: E402
from layerlint.report.html import CSS, model_fragment  # noqa: E402
from layerlint.report.picture import model_picture  # noqa: E402
from layerlint.report.svg import render_svg  # noqa: E402

OUT = ROOT / "docs" / "pictures"
CASES = {
    "seed_1_input_shape": ROOT / "examples" / "seed_1_input_shape.py",
    "seed_2_layer_stack": ROOT / "examples" / "seed_2_layer_stack.py",
    "seed_3_padded_sequences": ROOT / "examples" / "seed_3_padded_sequences.py",
    "functional_two_inputs": ROOT / "tests" / "report_scripts" / "functional_two_inputs.py",
    "functional_broken": ROOT / "tests" / "report_scripts" / "functional_broken.py",
    "torch_residual": ROOT / "tests" / "report_scripts" / "torch_residual.py",
}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND"]


def screenshot(html: str, png: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
                        f"<body style='margin:0;background:#fff'>{html}</body></html>",
                        encoding="utf-8")
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp}/profile",
                        "--window-size=1200,4000", f"--screenshot={png}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
    _trim(png)


def _trim(png: Path) -> None:
    from PIL import Image, ImageChops

    image = Image.open(png).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box is not None:
        left, top, right, bottom = box
        image = image.crop((max(left - 12, 0), max(top - 12, 0), min(right + 12, image.width),
                            min(bottom + 12, image.height)))
    image.save(png, optimize=True)


def standalone_svg(model, result) -> str:  # type: ignore[no-untyped-def]
    svg = render_svg(model_picture(model, result.diagnostics), model.framework, {})
    return svg.replace('role="img">', f'role="img"><style>{CSS}</style>', 1)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, path in CASES.items():
        result = check_file(str(path))
        result.path = str(path.relative_to(ROOT))
        model = result.models[0]
        screenshot(model_fragment(model, result), OUT / f"{name}.png")
        (OUT / f"{name}.svg").write_text(standalone_svg(model, result), encoding="utf-8")
        print(f"docs/pictures/{name}.png, .svg")


if __name__ == "__main__":
    main()
