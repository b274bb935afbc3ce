#!/usr/bin/env python3
"""Writes currency-names.tsv: each currency of currencies.tsv in French and Spanish, from the
translations Debian's iso-codes package ships (apt-get install iso-codes). Run it here after
updating currencies.tsv; the output is committed and embedded in the binary. A name with no
translation stays English; a name starts with a capital, as in a list or a cell."""
import gettext

langs = ['fr', 'es']
catalog = {l: gettext.GNUTranslations(open(f'/usr/share/locale/{l}/LC_MESSAGES/iso_4217.mo', 'rb'))
           for l in langs}
# Mistakes and names of retired currencies in the translations iso-codes 4.x ships, mended.
CORRECTIONS = {
    ('fr', 'Dollar liberien'): 'Dollar libérien',
    ('fr', 'Kwanza (ajusté)'): 'Kwanza',
    ('fr', 'Sol (nouveau)'): 'Sol',
    ('fr', 'Zloty (nouveau)'): 'Zloty',
    ('fr', 'Nafka'): 'Nakfa',
    ('fr', 'Dinar macédonien'): 'Denar macédonien',
}
rows = [l.rstrip('\n').split('\t') for l in open('currencies.tsv', encoding='utf-8')
        if not l.startswith('#') and l.strip()]
with open('currency-names.tsv', 'w', encoding='utf-8') as out:
    out.write('# ISO 4217 code, French name, Spanish name (Debian iso-codes translations,'
              ' through currency_names.py)\n')
    for code, _minor, english, *_ in rows:
        translated = []
        for l in langs:
            name = catalog[l].gettext(english) if english else english
            name = CORRECTIONS.get((l, name), name)
            translated.append(name[:1].upper() + name[1:])
        out.write('\t'.join([code] + translated) + '\n')
