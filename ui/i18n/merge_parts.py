#!/usr/bin/env python3
"""Folds the catalog fragments in ui/i18n/parts/*.json ({"en": {...}, "fr": {...}, "es": {...}})
into the one catalog per language (ui/i18n/{en,fr,es}.json), keys sorted. A key defined twice
with different texts is an error. Used while several people translate different screens at
once; the merged catalogs are what the app, the documents and the CLI read."""
import json, pathlib, sys

here = pathlib.Path(__file__).parent
langs = ["en", "fr", "es"]
merged = {lang: {} for lang in langs}
for lang in langs:
    path = here / f"{lang}.json"
    if path.exists():
        merged[lang].update(json.loads(path.read_text(encoding="utf-8")))
problems = []
for part in sorted((here / "parts").glob("*.json")):
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
