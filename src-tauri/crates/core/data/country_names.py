#!/usr/bin/env python3
"""Writes country-names.tsv: each country of countries.tsv in French and Spanish, from the
translations Debian's iso-codes package ships (apt-get install iso-codes). Run it here after
updating countries.tsv; the output is committed and embedded in the binary."""
import gettext
import json

names = json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1']
by_code = {e['alpha_2']: e for e in names}
langs = ['fr', 'es']
catalog = {l: gettext.GNUTranslations(open(f'/usr/share/locale/{l}/LC_MESSAGES/iso_3166-1.mo', 'rb'))
           for l in langs}
rows = [l.rstrip('\n').split('\t') for l in open('countries.tsv', encoding='utf-8')
        if not l.startswith('#') and l.strip()]
with open('country-names.tsv', 'w', encoding='utf-8') as out:
    out.write('# ISO 3166-1 alpha-2 code, French name, Spanish name (Debian iso-codes translations,'
              ' through country_names.py)\n')
    for code, _alpha3, english, *_ in rows:
        entry = by_code.get(code, {})
        translated = []
        for l in langs:
            found = english
            # The short name used in countries.tsv, else iso-codes' common and official names.
            for candidate in [english, entry.get('common_name'), entry.get('name')]:
                if candidate and catalog[l].gettext(candidate) != candidate:
                    found = catalog[l].gettext(candidate)
                    break
            translated.append(found)
        out.write('\t'.join([code] + translated) + '\n')
