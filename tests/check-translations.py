#!/usr/bin/env python3
# Every translation is valid (msgfmt --check) and complete: it translates every message the
# sources have now, extracted afresh (not the committed template, which may lag), with
# nothing fuzzy. TAP output. Usage: check-translations.py SOURCE_ROOT
import os, subprocess, sys, tempfile

root = sys.argv[1]
po_dir = os.path.join(root, 'po')
with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
    languages = [w for line in f for w in line.split('#')[0].split()]

results = []
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'wrapup.pot')
    # The keywords of meson's 'glib' gettext preset.
    extract = subprocess.run(
        ['xgettext', '--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_',
         '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
         '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
         '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
         '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
         '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
         '--flag=g_string_append_printf:2:c-format', '--flag=g_error_new:3:c-format',
         '--flag=g_set_error:4:c-format', '--package-name=wrapup',
         '-D', root, '-f', os.path.join(po_dir, 'POTFILES'), '-o', pot],
        capture_output=True, text=True)
    results.append((extract.returncode == 0, 'messages extracted from POTFILES',
                    extract.stderr.strip()))
    # A glib format macro inside _() (G_GINT64_FORMAT) cuts the message short at extraction:
    # it can never be translated. xgettext only warns; make it a failure.
    cut = [line for line in extract.stderr.splitlines() if 'in the middle of a directive' in line]
    results.append((not cut, 'no message cut short by a format macro', '; '.join(cut)))
    # A source file with messages that POTFILES does not name is never extracted: its
    # messages would stay English whatever the language.
    with open(os.path.join(po_dir, 'POTFILES'), encoding='utf-8') as f:
        listed = {line.split('#')[0].strip() for line in f} - {''}
    unlisted = []
    for folder, _, files in os.walk(os.path.join(root, 'src')):
        for name in files:
            path = os.path.relpath(os.path.join(folder, name), root)
            if name.endswith('.c') and path not in listed:
                with open(os.path.join(root, path), encoding='utf-8') as f:
                    text = f.read()
                if '_("' in text or 'N_("' in text or 'C_("' in text:
                    unlisted.append(path)
    results.append((not unlisted, 'every source file with messages is in POTFILES',
                    ' '.join(sorted(unlisted))))
    results.append((len(languages) >= 2, 'LINGUAS names the translations',
                    ' '.join(languages)))

    for lang in languages:
        po = os.path.join(po_dir, f'{lang}.po')
        check = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                               capture_output=True, text=True)
        stats = check.stderr.strip()
        results.append((check.returncode == 0, f'{lang}: msgfmt --check', stats))
        results.append(('untranslated' not in stats and 'fuzzy' not in stats,
                        f'{lang}: nothing untranslated or fuzzy', stats))
        # msgcmp: every message of the sources has a translation in the file.
        cmp = subprocess.run(['msgcmp', po, pot], capture_output=True, text=True)
        results.append((cmp.returncode == 0, f'{lang}: translates every message of the sources',
                        cmp.stderr.strip().splitlines()[0] if cmp.stderr.strip() else ''))

print(f'1..{len(results)}')
for i, (ok, name, detail) in enumerate(results, 1):
    line = f"{'ok' if ok else 'not ok'} {i} {name}"
    if not ok and detail:
        line += ' # ' + detail.replace('\n', ' ')
    print(line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
