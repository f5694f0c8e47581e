#!/usr/bin/env python3
# The layers, as the #include lines draw them (HACKING.md, "The layers"):
#   src/lcm/   the protocol library: its own headers and GLib, json-glib, libsoup, SQLite;
#              never GTK, never the app, the simulator or the command line;
#   src/sim/, src/cli/   the two other programs: the library and their own headers, no GTK,
#              nothing of the app;
#   src/       the app: the library and its own headers; only main.c and the application's
#              own file include the application (a widget is handed what it needs);
#              its core (libwrapupcore in src/meson.build: the session, the call, the
#              stores) no GTK, and nothing of the app outside the core.
# and no circle of includes among the project's headers.
#
# Usage: check-includes.py SOURCE_ROOT. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)
GTK = re.compile(r'^(gtk/|gdk/|adwaita\.h|gsk/)')

top = sys.argv[1]
src = os.path.join(top, 'src')
results = []


def check(ok, name, detail=''):
    results.append((ok, name, detail))


def layer_files(folder, recurse=False):
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted(filenames):
            if name.endswith(('.c', '.h')):
                found.append(os.path.join(dirpath, name))
        if not recurse:
            break
    return found


def includes(path):
    with open(path, encoding='utf-8') as f:
        return INCLUDE.findall(f.read())


def rel(path):
    return os.path.relpath(path, top)


layers = {
    'src/lcm': layer_files(os.path.join(src, 'lcm')),
    'src/sim': layer_files(os.path.join(src, 'sim')),
    'src/cli': layer_files(os.path.join(src, 'cli')),
    'src': layer_files(src),
}
for name, files in layers.items():
    check(len(files) > 0, '%s has source files to check (%d)' % (name, len(files)))

own_headers = {name: {os.path.basename(f) for f in files if f.endswith('.h')}
               for name, files in layers.items()}
# Generated headers each layer may include besides its own (config.h, enum types, resources).
generated = {'config.h', 'lcm-enum-types.h', 'wrapup-resources.h'}


def misplaced(layer, allowed_layers, gtk_allowed):
    bad = []
    allowed = set(generated)
    for other in allowed_layers:
        allowed |= own_headers[other]
    for path in layers[layer]:
        for kind, header in includes(path):
            if kind == '<':
                if GTK.match(header) and not gtk_allowed:
                    bad.append('%s includes <%s>' % (rel(path), header))
                continue
            if os.path.basename(header) not in allowed:
                bad.append('%s includes "%s"' % (rel(path), header))
    return bad


bad = misplaced('src/lcm', ['src/lcm'], False)
check(not bad, 'the library (src/lcm) includes only itself, and no GTK', '\n'.join(bad))
bad = misplaced('src/sim', ['src/lcm', 'src/sim'], False)
check(not bad, 'the simulator (src/sim) includes only the library and itself, no GTK',
      '\n'.join(bad))
bad = misplaced('src/cli', ['src/lcm', 'src/cli'], False)
check(not bad, 'lcmctl (src/cli) includes only the library and itself, no GTK', '\n'.join(bad))
bad = misplaced('src', ['src/lcm', 'src'], True)
check(not bad, 'the app (src) includes only the library and itself', '\n'.join(bad))

# The app's core: the files of libwrapupcore, as src/meson.build lists them, and their headers.
with open(os.path.join(src, 'meson.build'), encoding='utf-8') as f:
    build = f.read()
core_call = re.search(r"static_library\('wrapupcore',(.*?)\n\)", build, re.S)
core_c = re.findall(r"'([\w-]+\.c)'", core_call.group(1)) if core_call else []
check(len(core_c) > 0, "the app's core is listed in src/meson.build (%d files)" % len(core_c))
core_files = []
for name in core_c:
    for candidate in (name, name[:-2] + '.h', name[:-2] + '-private.h'):
        if os.path.exists(os.path.join(src, candidate)):
            core_files.append(os.path.join(src, candidate))
core_headers = {os.path.basename(f) for f in core_files if f.endswith('.h')}
bad = []
for path in core_files:
    for kind, header in includes(path):
        if kind == '<':
            if GTK.match(header):
                bad.append('%s includes <%s>' % (rel(path), header))
        elif os.path.basename(header) not in own_headers['src/lcm'] | core_headers | generated:
            bad.append('%s includes "%s"' % (rel(path), header))
check(not bad, "the app's core includes only the library and itself, and no GTK",
      '\n'.join(bad))

bad = [rel(path) for path in layers['src']
       if os.path.basename(path) != 'main.c'
       and not re.match(r'wrapup-application(-[a-z]+)?(-private)?\.[ch]$', os.path.basename(path))
       and any(h == 'wrapup-application.h' for _, h in includes(path))]
check(not bad, 'only main.c and the application include wrapup-application.h',
      'also: ' + ', '.join(bad))

# No circle: a header that, through the project's headers, includes itself.
paths = {}
for files in layers.values():
    for path in files:
        if path.endswith('.h'):
            paths.setdefault(os.path.basename(path), path)
graph = {name: [os.path.basename(h) for kind, h in includes(path)
                if kind == '"' and os.path.basename(h) in paths]
         for name, path in paths.items()}
circles = []
state = {}


def visit(name, stack):
    state[name] = 'open'
    stack.append(name)
    for nxt in graph.get(name, []):
        if state.get(nxt) == 'open':
            circles.append(' -> '.join(stack[stack.index(nxt):] + [nxt]))
        elif nxt not in state:
            visit(nxt, stack)
    stack.pop()
    state[name] = 'done'


for name in sorted(graph):
    if name not in state:
        visit(name, [])
check(not circles, 'no circle of includes among the project headers (%d headers)' % len(graph),
      '\n'.join(circles))

print('1..%d' % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok and detail:
        for line in detail.splitlines():
            print('# ' + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
