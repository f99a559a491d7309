"""The app's real work in one process, for ``test_bundle_data.py`` to watch which files it opens (run under
strace, never imported by the tests): what the smoke run asks of a bundle, in the source checkout.

    python tests/packaging/app_at_work.py OUT_FOLDER

The demo partnership; a held meeting's minutes as PDF and DOCX in English and Arabic; a leaflet in English and
Arabic; a PDF with characters Noto Sans lacks (a PDF reads a fallback font only when it draws from it); the window,
offscreen, in French with the demo open. Exit code 0 when every step did its work.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from facilitator import cli


def run(*argv: str) -> str:
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        code = cli.main(list(argv))
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code})")
    return said.getvalue()


def main() -> int:
    out = Path(sys.argv[1])
    demo = out / "demo.sqlite"
    run("demo", "--db", str(demo))
    meetings = json.loads(run("meetings", "--db", str(demo), "--json"))
    held = [m["id"] for m in meetings if m["status"] not in ("planned", "cancelled")]
    public = [m["id"] for m in meetings if m["kind"] == "public"]
    for language in ("en", "ar"):
        for kind in ("pdf", "docx"):
            target = out / f"minutes-{language}.{kind}"
            run("minutes", "--db", str(demo), "--meeting", held[-1], "--audience", "partners",
                "--lang", language, "--format", kind, "--out", str(target))  # fmt: skip
    run("leaflet", "--db", str(demo), "--meeting", public[0], "--lang", "en", "--second-lang", "ar",
        "--size", "a4", "--format", "pdf", "--out", str(out / "leaflet.pdf"))  # fmt: skip
    from facilitator import exports
    from facilitator.docmodel import DocumentModel, Paragraph

    symbols = DocumentModel("Street notes ✓ ☎ 🙂", "", "en", False, (Paragraph("Shalom: שלום ✓"),), "Draft")
    exports.write(symbols, exports.Format.PDF, out / "symbols.pdf")

    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.settings import Settings

    app = create_application()
    window = build_main_window(Settings(), demo, "fr")
    window.show()
    app.processEvents()
    window.close()
    app.processEvents()
    made = sorted(p.name for p in out.iterdir())
    print(json.dumps(made))
    return 0


if __name__ == "__main__":
    sys.exit(main())
