#!/usr/bin/env python3
# Counts the test cases of meson test logs: every TAP "ok"/"not ok" line of every test
# program; a program that failed without reporting a failing case counts as one failure,
# and a skipped case counts as neither passed nor failed. An argument that is a file rather
# than a build directory is a TAP stream of its own (tools/valgrind-lcmctl.sh, run-fuzz.sh).
# Prints "N passed, N failed" and exits 1 when anything failed or nothing ran.
import json, os, re, sys

passed = failed = skipped = 0
# What a failed program printed last, shown again just before the count: CI keeps only the
# tail of the output, and meson's --print-errorlogs prints it long before.
reports = []


def tail(text, count):
    lines = [l for l in (text or '').splitlines() if '-DEBUG: ' not in l]
    return lines[-count:]


for build in sys.argv[1:]:
    if os.path.isfile(build):
        with open(build, encoding='utf-8', errors='replace') as f:
            out = f.read()
        passed += len(re.findall(r'^ok\b(?!.*# SKIP)', out, re.M))
        skipped += len(re.findall(r'^ok\b.*# SKIP', out, re.M))
        bad = len(re.findall(r'^not ok\b', out, re.M))
        if bad == 0 and re.search(r'^Bail out!', out, re.M):
            bad = 1
        failed += bad
        continue
    log = os.path.join(build, 'meson-logs', 'testlog.json')
    if not os.path.exists(log):
        print(f'{build}: no test log (the build failed)')
        failed += 1
        continue
    with open(log, encoding='utf-8') as f:
        for line in f:
            entry = json.loads(line)
            out = entry.get('stdout') or ''
            ok = len(re.findall(r'^ok \d+(?! .*# SKIP)', out, re.M))
            skip = len(re.findall(r'^ok \d+ .*# SKIP', out, re.M))
            bad = len(re.findall(r'^not ok \d+', out, re.M))
            if entry['result'] not in ('OK', 'EXPECTEDFAIL'):
                reports.append((f"{os.path.basename(build)}: {entry['name']} {entry['result']}",
                                tail(out, 30) + ['--- stderr ---'] +
                                tail(entry.get('stderr'), 15)))
                if bad == 0:
                    bad = 1
            passed += ok
            failed += bad
            skipped += skip

for title, lines in reports:
    print(f'=== {title}')
    for l in lines:
        print('    ' + l[:400])
for title, _ in reports:
    print(title)

line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(1 if failed or passed == 0 else 0)
