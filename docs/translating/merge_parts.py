#!/usr/bin/env python3
"""Folds catalog fragments ({"en": {...}, "fr": {...}, "es": {...}}, one file per screen or
translator) into the one catalog per language (ui/i18n/{en,fr,es}.json), keys sorted. A key
defined twice with different texts is an error (pass --replace to let the fragment win).

The catalogs are the source of truth; fragments are a working format for several people
translating different screens at once: write them anywhere outside ui/ (everything in ui/ is
embedded in the app), e.g. docs/translating/parts/, and run
    python3 docs/translating/merge_parts.py docs/translating/parts
then delete them."""
import json, pathlib, sys

here = pathlib.Path(__file__).resolve().parents[2] / "ui" / "i18n"
args = [a for a in sys.argv[1:] if not a.startswith("--")]
fragments = pathlib.Path(args[0]) if args else pathlib.Path(__file__).parent / "parts"
langs = ["en", "fr", "es"]
merged = {lang: {} for lang in langs}
for lang in langs:
    path = here / f"{lang}.json"
    if path.exists():
        merged[lang].update(json.loads(path.read_text(encoding="utf-8")))
problems = []
for part in sorted(fragments.glob("*.json")):
    data = json.loads(part.read_text(encoding="utf-8"))
    for lang in langs:
        for key, value in data.get(lang, {}).items():
            old = merged[lang].get(key)
            if old is not None and old != value and "--replace" not in sys.argv:
                problems.append(f"{part.name}: {lang} {key} differs from an earlier definition")
            merged[lang][key] = value
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
for lang in langs:
    text = json.dumps(dict(sorted(merged[lang].items())), ensure_ascii=False, indent=1)
    (here / f"{lang}.json").write_text(text + "\n", encoding="utf-8")
print({lang: len(merged[lang]) for lang in langs})
