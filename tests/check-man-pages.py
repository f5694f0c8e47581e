#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Keeps the manual pages true to the programs: every option each program's help lists is
# documented in its manual page, in the right section, and the page documents no option the
# program does not have. A page documents an option in the tag of a tagged paragraph
# (.TP/.TQ); `lcmctl`'s page documents its global options under OPTIONS and each command's
# own options under COMMANDS, in a .SS of the command's name, and its exit statuses.
# Programs from $WRAPUP, $LCMCTL, $LCM_SIM. TAP output.
# Usage: check-man-pages.py MAN_DIR
import os, re, subprocess, sys

man_dir = sys.argv[1]
n = 0
failed = False


def report(ok, name, detail=''):
    global n, failed
    n += 1
    if ok:
        print(f'ok {n} - {name}')
    else:
        failed = True
        print(f'not ok {n} - {name}')
        for line in detail.splitlines():
            print(f'# {line}')


def run_help(*argv):
    env = dict(os.environ)
    # --help must need no display.
    env.pop('DISPLAY', None)
    env.pop('WAYLAND_DISPLAY', None)
    out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f'{" ".join(argv)} exited {out.returncode}: {out.stderr.strip()}')
    return out.stdout


OPTION = re.compile(r'(?<![\w-])(--[A-Za-z0-9][A-Za-z0-9-]*|-[A-Za-z])(?![\w-])')


def help_sections(text):
    """{section heading: set of options} of a GOption-style help text; the heading of the
    lines before any heading is ''."""
    sections = {}
    heading = ''
    for line in text.splitlines():
        if line and not line.startswith(' ') and line.rstrip().endswith(':'):
            heading = line.rstrip()[:-1]
            continue
        m = re.match(r'\s+((?:-\w, )?--[\w-]+)', line)
        if m:
            sections.setdefault(heading, set()).update(OPTION.findall(m.group(1)))
    return sections


def unroff(text):
    text = re.sub(r'\\f[BIRP]', '', text)
    text = text.replace('\\-', '-').replace('\\(aq', "'").replace('\\ ', ' ').replace('\\e', '\\')
    text = re.sub(r'^\.(B|I|BR|RB|BI|IB|IR|RI)\s+', '', text)
    return text.replace('"', '')


def man_tags(path):
    """{(section, subsection): set of options in the tags of its tagged paragraphs}."""
    tags = {}
    section = subsection = ''
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith('.SH '):
            section, subsection = line[4:].strip().strip('"'), ''
        elif line.startswith('.SS '):
            subsection = unroff(line[4:].strip().strip('"'))
        elif line in ('.TP', '.TQ') and i + 1 < len(lines):
            tags.setdefault((section, subsection), set()).update(OPTION.findall(unroff(lines[i + 1])))
    return tags


def compare(name, documented, listed, may_be_empty=False):
    missing = sorted(listed - documented)
    extra = sorted(documented - listed)
    detail = ''
    if missing:
        detail += 'in the help but not in the manual page: ' + ' '.join(missing) + '\n'
    if extra:
        detail += 'in the manual page but not in the help: ' + ' '.join(extra) + '\n'
    report(not missing and not extra and (listed or may_be_empty), name,
           detail or 'no option found')


def every_option(sections):
    return set().union(*sections.values()) if sections else set()


# wrapup (a GApplication: --help-all adds the GApplication options) and lcm-sim: one
# OPTIONS section each.
for program, env in (('wrapup', 'WRAPUP'), ('lcm-sim', 'LCM_SIM')):
    try:
        listed = every_option(help_sections(run_help(os.environ[env], '--help-all')))
        tags = man_tags(os.path.join(man_dir, program + '.1'))
        compare(f'{program}.1 documents exactly the options of {program} --help-all',
                tags.get(('OPTIONS', ''), set()), listed)
    except Exception as e:  # noqa: BLE001
        report(False, f'{program} --help-all', str(e))

# lcmctl: global options, then each command's own.
lcmctl = os.environ['LCMCTL']
page = os.path.join(man_dir, 'lcmctl.1')
try:
    text = run_help(lcmctl, '--help')
    tags = man_tags(page)
    globals_ = help_sections(text).get('Options', set())
    compare('lcmctl.1 documents exactly the global options of lcmctl --help',
            tags.get(('OPTIONS', ''), set()), globals_)
    commands = re.findall(r'^  ([a-z][a-z-]+)  ', text.split('Commands:', 1)[1].split('\n\n')[0], re.M)
    with open(page, encoding='utf-8') as f:
        subsections = {unroff(l[4:].strip()) for l in f.read().splitlines() if l.startswith('.SS ')}
    report(len(commands) == 9 and set(commands) == subsections,
           'lcmctl.1 has a section for each command of lcmctl --help, and no other',
           f'commands: {sorted(commands)}\nsections: {sorted(subsections)}')
    for command in commands:
        own = every_option(help_sections(run_help(lcmctl, command, '--help'))) - globals_
        compare(f'lcmctl.1 documents exactly the options of lcmctl {command} --help',
                tags.get(('COMMANDS', command), set()), own, may_be_empty=True)
    statuses = set(re.findall(r'^  (\d)  ', text.split('Exit status:', 1)[1], re.M))
    documented = set()
    with open(page, encoding='utf-8') as f:
        lines = f.read().splitlines()
    section = ''
    for i, line in enumerate(lines):
        if line.startswith('.SH '):
            section = line[4:].strip()
        elif section == 'EXIT STATUS' and line == '.TP':
            documented.add(unroff(lines[i + 1]).strip())
    report(statuses and statuses == documented,
           'lcmctl.1 documents exactly the exit statuses of lcmctl --help',
           f'help: {sorted(statuses)}\nmanual page: {sorted(documented)}')
except Exception as e:  # noqa: BLE001
    report(False, 'lcmctl --help', str(e))

print(f'1..{n}')
sys.exit(1 if failed else 0)
