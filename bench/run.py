#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Wrapup's benchmarks: every figure beside its baseline, measured in the same run.

    python3 bench/run.py [--build DIR] [--runs N] [--write-doc docs/performance.md]
    python3 bench/run.py --smoke --build DIR     # tiny sizes, checks the harness (a test)

Run it through tools/bench.sh (a release build, a virtual display, a private D-Bus session).
Each figure is the median of --runs runs (at least 5), with the minimum and maximum beside it;
baselines are measured in the same run, interleaved with what they are the baseline of, so
that a busy machine weighs on both alike. Ratios are of medians. What each figure measures is
in docs/performance.md.
"""
import argparse
import http.server
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

DEMO_CALL = '12345'
DEMO_ACCOUNT = '5|3|1|0|0|44|1'
DEMO_LINK = ('wrapup://call/12345?account=5%7C3%7C1%7C0%7C0%7C44%7C1&type=OUTBOUND'
             '&contact=447700900123&campaign=SamplePreviewCampaign-ACQ')
SCHEMA_PATH = 'io/github/wrapupdesk/Wrapup'


def now_us():
    return int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6)


def pss_kib(pids):
    """Proportional set size of the processes, in KiB: shared pages are counted once across
    them, so a many-process browser is not overcounted (nor a single process undercounted:
    its own pages are all its own)."""
    total = 0
    for pid in pids:
        try:
            with open(f'/proc/{pid}/smaps_rollup') as f:
                for line in f:
                    if line.startswith('Pss:'):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def descendants(pid):
    """pid and every process below it."""
    children = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                parent = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def settle_pss(pid, quiet_s, limit_s):
    """Samples the tree's PSS until it has not grown for quiet_s (or limit_s passed)."""
    best, best_at, start = 0, time.monotonic(), time.monotonic()
    while time.monotonic() - start < limit_s:
        value = pss_kib(descendants(pid))
        if value > best * 1.01:
            best, best_at = value, time.monotonic()
        elif time.monotonic() - best_at >= quiet_s:
            break
        time.sleep(0.1)
    return max(best, pss_kib(descendants(pid)))


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def read_events(process, wanted, timeout_s, every=None):
    """Reads "EVENT MONOTONIC_US" lines from the process until every wanted event was seen."""
    seen = {}
    deadline = time.monotonic() + timeout_s
    while set(wanted) - set(seen):
        if time.monotonic() > deadline:
            raise RuntimeError(f'{process.args[0]}: no {sorted(set(wanted) - set(seen))} '
                               f'within {timeout_s} s')
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f'{process.args[0]} ended before {sorted(set(wanted) - set(seen))}')
        parts = line.split()
        if len(parts) == 2 and parts[0] in wanted:
            seen[parts[0]] = int(parts[1])
        if len(parts) == 2 and every is not None and parts[1].isdigit():
            every.setdefault(parts[0], int(parts[1]))
    return seen


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.work = tempfile.mkdtemp(prefix='wrapup-bench-', dir=args.output)
        self.samples = {}   # name -> [values]
        self.notes = []
        self.sims = []

    def program(self, *path):
        return os.path.join(self.build, *path)

    def add(self, name, value):
        self.samples.setdefault(name, []).append(value)

    def env(self, months=None):
        """The application's environment: its own settings, data and config directories."""
        home = os.path.join(self.work, 'home')
        config = os.path.join(home, 'config')
        os.makedirs(os.path.join(config, 'glib-2.0', 'settings'), exist_ok=True)
        with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
            f.write(f'[{SCHEMA_PATH}]\n')
            if months:
                f.write(f'journey-months={months}\n')
        env = dict(os.environ,
                   GSETTINGS_BACKEND='keyfile',
                   GSETTINGS_SCHEMA_DIR=self.program('data'),
                   XDG_CONFIG_HOME=config,
                   XDG_DATA_HOME=os.path.join(home, 'data'),
                   XDG_CACHE_HOME=os.path.join(home, 'cache'),
                   GTK_A11Y='none', NO_AT_BRIDGE='1', ADW_DISABLE_PORTAL='1',
                   # No GPU here: GTK's GL renderer would run on llvmpipe, a GPU emulated on
                   # the CPU, and time the emulator. Cairo is GTK's own CPU renderer.
                   GSK_RENDERER=os.environ.get('GSK_RENDERER', 'cairo'),
                   WRAPUP_REPORT_READY='1', LC_ALL='C.UTF-8')
        env.pop('WRAPUP_TOKEN_FILE', None)
        return env

    def start_sim(self, name, journey_rows):
        db = os.path.join(self.work, f'{name}.db')
        process = subprocess.Popen([self.program('src', 'sim', 'lcm-sim'), '--port', '0',
                                    '--db', db, '--journey-rows', str(journey_rows)],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        url = process.stdout.readline().strip()
        if not url.startswith('ws'):
            raise RuntimeError(f'lcm-sim did not start: {url!r}')
        self.sims.append(process)
        return url

    def bench_tool(self, *args, display=False, env=None):
        out = subprocess.run([self.program('bench', 'wrapup-bench'), *map(str, args)],
                             capture_output=True, text=True, env=env, timeout=1800)
        if out.returncode != 0:
            raise RuntimeError(f'wrapup-bench {args[0]} failed: {out.stderr.strip()[-2000:]}')
        values = {}
        for line in out.stdout.splitlines():
            parts = line.split()
            if len(parts) != 3:   # the app's own trace lines (src/wrapup-trace.c)
                continue
            kind, name, number = parts
            if kind == 'sample':
                values.setdefault(name, []).append(float(number))
            else:
                values[name] = float(number)
        return values

    def launch(self, argv, env, wanted, timeout_s=120, every=None):
        """Starts a program, returns (process, {event: ms since the start}). With every, a
        dict, also puts there each event the program printed before the last wanted one."""
        start = now_us()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True, env=env)
        seen = {}
        try:
            events = read_events(process, wanted, timeout_s, seen)
        except Exception:
            stop(process)
            raise
        if every is not None:
            every.update({k: (v - start) / 1000 for k, v in seen.items()})
        return process, {k: (v - start) / 1000 for k, v in events.items()}

    def timeline(self, runs):
        """Where the time to a ready call goes: the median time of each step the app
        reports (src/wrapup-trace.c), from the process start, in the order they happen."""
        url = self.start_sim('demo', 2000)
        env = self.env()
        wrapup = [self.program('src', 'wrapup'), '--server-url', url, '--agent-id', 'benchagent']
        minimal = [self.program('bench', 'bench-minimal-window')]
        launches = [('minimal window', minimal, 'first-frame'),
                    ('wrapup, no link', wrapup, 'first-frame'),
                    ('wrapup, deep link', wrapup + [DEMO_LINK], 'call-ready')]
        steps = {title: {} for title, _, _ in launches}
        for _ in range(runs):
            for title, argv, last in launches:
                every = {}
                process, _ = self.launch(argv, env, [last], every=every)
                stop(process)
                for name, ms in every.items():
                    steps[title].setdefault(name, []).append(ms)
        lines = []
        for title, _, _ in launches:
            lines += ['', f'| {title}: step | median ms from the start (min–max) |', '|---|---|']
            for name, values in sorted(steps[title].items(),
                                       key=lambda kv: statistics.median(kv[1])):
                lines.append(f'| {name} | {statistics.median(values):.1f} '
                             f'({min(values):.1f}–{max(values):.1f}) |')
        return '\n'.join(lines)

    # The figures

    def start_and_ready(self, url, runs):
        env = self.env()
        minimal = [self.program('bench', 'bench-minimal-window')]
        wrapup = [self.program('src', 'wrapup'), '--server-url', url, '--agent-id', 'benchagent']
        for _ in range(runs):
            process, events = self.launch(minimal, env, ['first-frame'])
            self.add('start-minimal', events['first-frame'])
            time.sleep(0.5)
            self.add('pss-minimal', settle_pss(process.pid, 1.0, 10) / 1024)
            stop(process)

            process, events = self.launch(wrapup, env, ['first-frame'])
            self.add('start-wrapup', events['first-frame'])
            stop(process)

            rt = self.bench_tool('roundtrip', url, DEMO_CALL, DEMO_ACCOUNT, 'OUTBOUND', 3, 1)
            self.add('ready-roundtrip', rt['roundtrip'][0])
            self.add('ready-baseline', self.samples['start-minimal'][-1] + rt['roundtrip'][0])

            process, events = self.launch(wrapup + [DEMO_LINK], env,
                                          ['first-frame', 'call-ready'])
            self.add('ready-wrapup', events['call-ready'])
            # The goal holds in every run, each against its own baseline.
            self.add('ready-ratio', events['call-ready'] / self.samples['ready-baseline'][-1])
            time.sleep(0.5)
            self.add('pss-idle-call', settle_pss(process.pid, 1.0, 10) / 1024)
            stop(process)

    def big_journey(self, url, rows, runs):
        env = self.env(months=12)
        wrapup = [self.program('src', 'wrapup'), '--server-url', url, '--agent-id', 'benchagent']
        answer = os.path.join(self.work, 'journey.json')
        captured = self.bench_tool('capture', url, DEMO_ACCOUNT, 12, answer)
        self.notes.append(f'journey answer: {captured["capture-bytes"] / 1e6:.1f} MB')

        parse = self.bench_tool('parse', answer, runs)
        self.samples['parse-baseline'] = parse['parse-baseline']
        self.samples['parse'] = parse['parse']
        self.notes.append(f'journey rows parsed: {int(parse["parse-rows"])}')

        filt = self.bench_tool('filter', url, DEMO_CALL, DEMO_ACCOUNT, 12, runs, env=env)
        self.samples['filter'] = filt['filter']
        self.notes.append(f'rows under the filter: {int(filt["filter-rows"])}, '
                          f'matching "voicemail": {int(filt["filter-matches"])}')

        # The call window opens on its wrap-up page: the journey's table is built when the
        # agent opens the Journey page (Ctrl+2), pressed here through XTest, as a person would.
        xdotool = shutil.which('xdotool')
        if xdotool is None:
            self.notes.append('xdotool missing: the 100,000 rows measured loaded, not shown')
        for _ in range(runs):
            process, events = self.launch(wrapup + [DEMO_LINK], env, ['call-ready'], 600)
            self.add('ready-big', events['call-ready'])
            if xdotool is not None:
                pressed = now_us()
                subprocess.run([xdotool, 'key', 'ctrl+2'], check=True)
                built = read_events(process, ['trace-journey-page-built'], 60)
                # The rows on screen: the call ready (every row loaded, the window painted),
                # then the Journey page built once asked for.
                self.add('first-rows-wrapup', events['call-ready'] +
                         (built['trace-journey-page-built'] - pressed) / 1000)
            self.add('pss-big-call', settle_pss(process.pid, 2.0, 60) / 1024)
            stop(process)

        self.chromium(answer, runs)

    def chromium(self, answer, runs):
        """Chromium showing the same rows two ways: the naive page (every row an HTML table
        row) and a virtualized one (only the rows in view are in the DOM, as a well-built web
        agent desktop would do it, in plain JavaScript). For each: the time from starting the
        browser to the first rows painted, and the memory (PSS) once it has settled."""
        browser = shutil.which('chromium') or shutil.which('chromium-browser')
        if browser is None or self.args.smoke and not self.args.chromium:
            self.notes.append('Chromium is not installed: its columns are empty '
                              '(tools/bench.sh installs it)')
            return
        # The pages tell a local HTTP server, which also serves them and the answer, when the
        # rows have been laid out and painted: waiting for the memory to stop growing alone
        # caught pauses in the middle of the layout.
        rendered = threading.Event()
        work = self.work
        write_table_page(answer, os.path.join(work, 'table.html'), '/rendered')
        write_virtual_page(os.path.join(work, 'virtual.html'), '/journey.json', '/rendered')
        files = {'/table.html': os.path.join(work, 'table.html'),
                 '/virtual.html': os.path.join(work, 'virtual.html'),
                 '/journey.json': answer}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == '/rendered':
                    rendered.set()
                if self.path not in files:
                    self.send_response(204)
                    self.end_headers()
                    return
                with open(files[self.path], 'rb') as f:
                    body = f.read()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json' if self.path.endswith('.json')
                                 else 'text/html; charset=utf-8')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f'http://127.0.0.1:{server.server_port}'
        try:
            for page, name in (('/table.html', 'chromium'), ('/virtual.html', 'chromium-virtual')):
                for run in range(runs):
                    rendered.clear()
                    profile = os.path.join(work, f'chromium-{run}')
                    start = now_us()
                    process = subprocess.Popen([browser, '--headless=new', '--no-sandbox',
                                                '--disable-gpu', '--no-first-run',
                                                '--disable-extensions',
                                                '--disable-background-networking',
                                                '--disable-component-update', '--disable-sync',
                                                '--window-size=1280,1024',
                                                f'--user-data-dir={profile}', base + page],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                               start_new_session=True)
                    try:
                        if not rendered.wait(300):
                            raise RuntimeError(f'Chromium did not render {page} in 300 s')
                        self.add(f'first-rows-{name}', (now_us() - start) / 1000)
                        self.add(f'pss-{name}', settle_pss(process.pid, 2.0, 60) / 1024)
                    finally:
                        os.killpg(process.pid, signal.SIGTERM)
                        process.wait()
                        shutil.rmtree(profile, ignore_errors=True)
        finally:
            server.shutdown()
            server.server_close()

    def outbox(self, url, writes, runs):
        directory = os.path.join(self.work, 'outbox')
        os.makedirs(directory, exist_ok=True)
        for _ in range(runs):
            values = self.bench_tool('outbox', url, directory, writes)
            self.add('outbox-p99', percentile(values['outbox'], 99))
            self.add('outbox-baseline-p99', percentile(values['outbox-baseline'], 99))
            self.add('outbox-p50', percentile(values['outbox'], 50))
            os.remove(os.path.join(directory, 'bench-outbox.db'))

    def sim_load(self, url, clients, requests, runs):
        for _ in range(runs):
            values = self.bench_tool('sim-load', url, clients, requests)
            self.add('sim-rps', values['sim-requests'] / values['sim-seconds'])
            self.add('sim-p50', percentile(values['sim-latency'], 50))
            self.add('sim-p99', percentile(values['sim-latency'], 99))

    def run(self):
        a = self.args
        try:
            demo = self.start_sim('demo', 2000)
            big = self.start_sim('big', 2 * a.rows)   # half of the rows are the demo account's
            self.start_and_ready(demo, a.runs)
            self.big_journey(big, a.rows, a.runs)
            self.outbox(demo, a.writes, a.runs)
            self.sim_load(demo, a.clients, a.requests, a.runs)
        finally:
            for sim in self.sims:
                stop(sim)
        return self.table()

    def table(self):
        s = self.samples
        rows = []

        def stat(name):
            values = s.get(name) or []
            if not values:
                return None
            return (statistics.median(values), min(values), max(values))

        def ratio(a, b):
            return a[0] / b[0] if a and b and b[0] else None

        start, minimal = stat('start-wrapup'), stat('start-minimal')
        rows.append(('process start to first frame (ms)', start, 'minimal window', minimal,
                     ratio(start, minimal), 'ratio <= 1.3', lambda r: r <= 1.3))
        ready, base = stat('ready-wrapup'), stat('ready-baseline')
        rows.append(('deep link to a ready call (ms)', ready,
                     'minimal first frame + bare round trip', base, ratio(ready, base),
                     'ratio <= 1.2', lambda r: r <= 1.2))
        each = stat('ready-ratio')
        rows.append(('deep link to a ready call, ratio of each run to its baseline', each, '—',
                     None, None, '<= 1.2 in every run', lambda _: each[2] <= 1.2))
        parse, jb = stat('parse'), stat('parse-baseline')
        rows.append((f'parse {self.args.rows:,}-row journey into models (ms)', parse,
                     'json_parser_load_from_data', jb, ratio(parse, jb), 'ratio <= 0.5',
                     lambda r: r <= 0.5))
        filt = stat('filter')
        rows.append((f'text filter over {self.args.rows:,} rows, per keystroke (ms)', filt,
                     '—', None, None, '< 16 ms', lambda _: filt[0] < 16 and filt[2] < 16))
        idle, pm = stat('pss-idle-call'), stat('pss-minimal')
        rows.append(('memory, idle call window (MiB PSS)', idle, 'minimal window', pm,
                     ratio(idle, pm), 'ratio < 1.5', lambda r: r < 1.5))
        bigm, chrome = stat('pss-big-call'), stat('pss-chromium')
        virtual = stat('pss-chromium-virtual')
        rows.append((f'memory, call window with {self.args.rows:,} rows (MiB PSS)', bigm,
                     'Chromium, same rows, virtualized table', virtual, ratio(bigm, virtual),
                     '<= 150 MiB', lambda _: bigm[2] <= 150))
        rows.append((f'memory, call window with {self.args.rows:,} rows (MiB PSS)', bigm,
                     'Chromium, same rows as a plain HTML table', chrome, ratio(bigm, chrome),
                     'ratio < 0.25', lambda r: r < 0.25))
        out, ob = stat('outbox-p99'), stat('outbox-baseline-p99')
        rows.append(('one write through the outbox, p99 (ms)', out, 'the same write, no outbox',
                     ob, ratio(out, ob), 'p99 < 10 ms', lambda _: out[0] < 10))
        rows.append((f'lcm-sim, {self.args.clients} clients: requests/s', stat('sim-rps'), '—',
                     None, None, 'reported', None))
        rows.append((f'lcm-sim, {self.args.clients} clients: latency p50 (ms)', stat('sim-p50'),
                     '—', None, None, 'reported', None))
        rows.append((f'lcm-sim, {self.args.clients} clients: latency p99 (ms)', stat('sim-p99'),
                     '—', None, None, 'reported', None))
        first, first_virtual = stat('first-rows-wrapup'), stat('first-rows-chromium-virtual')
        if first is None:  # no xdotool to open the Journey page: not measured
            return rows
        rows.append((f'start to the first of {self.args.rows:,} rows painted (ms)', first,
                     'Chromium, virtualized table', first_virtual, ratio(first, first_virtual),
                     'reported', None))
        first_table = stat('first-rows-chromium')
        rows.append((f'start to the first of {self.args.rows:,} rows painted (ms)', first,
                     'Chromium, plain HTML table', first_table, ratio(first, first_table),
                     'reported', None))
        return rows


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def write_table_page(answer, page, rendered_url=None):
    """The journey's rows as a plain HTML table, the columns the journey view shows. With
    rendered_url, the page asks for it once loaded, laid out and painted."""
    with open(answer, encoding='utf-8') as f:
        frame = json.load(f)
    payload = frame.get('message') or frame.get('data') or {}
    rows = payload.get('response') or []
    columns = [('CompletedOn', 'Date'), ('CampaignName', 'Campaign'), ('ChannelType', 'Channel'),
               ('ModeName', 'Mode'), ('OutcomeName', 'Outcome'), ('AgentName', 'Agent'),
               ('AgentComment', 'Comment'), ('TargetValue', 'Target'),
               ('CurrentLeadScore', 'Lead score')]

    def cell(row, key):
        for k, v in row.items():
            if k.lower() == key.lower():
                return (str(v).replace('&', '&amp;').replace('<', '&lt;'))
        return ''

    with open(page, 'w', encoding='utf-8') as f:
        f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Journey</title>'
                '</head><body><table><thead><tr>')
        f.write(''.join(f'<th>{title}</th>' for _, title in columns))
        f.write('</tr></thead><tbody>\n')
        for row in rows:
            f.write('<tr>' + ''.join(f'<td>{cell(row, k)}</td>' for k, _ in columns) + '</tr>\n')
        f.write('</tbody></table>')
        if rendered_url:
            # After the load event, two animation frames: the table was laid out and painted.
            f.write('<script>addEventListener("load", () => requestAnimationFrame(() => '
                    'requestAnimationFrame(() => { document.body.offsetHeight; '
                    f'fetch("{rendered_url}", {{mode: "no-cors"}}); }})));</script>')
        f.write('</body></html>\n')


def write_virtual_page(page, answer_url, rendered_url):
    """The journey's rows in a virtualized table: the page fetches the same answer, parses it
    with JSON.parse and keeps only the rows in view in the DOM (one absolutely positioned
    block of them over a spacer as tall as every row), rewritten on scroll. Plain JavaScript,
    as a well-built web agent desktop would show a long list."""
    with open(page, 'w', encoding='utf-8') as f:
        f.write('''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Journey</title>
<style>
body { margin: 0; font: 14px sans-serif; }
#viewport { height: 100vh; overflow-y: auto; position: relative; }
#rows { position: absolute; top: 0; left: 0; right: 0; }
.row { display: flex; height: 24px; line-height: 24px; white-space: nowrap; }
.row > div { flex: 0 0 120px; overflow: hidden; text-overflow: ellipsis; padding: 0 4px; }
.row > div.comment { flex: 1 1 auto; }
</style></head><body><div id="viewport"><div id="spacer"></div><div id="rows"></div></div>
<script>
const ROW_HEIGHT = 24;
const COLUMNS = ['CallCompletedTime', 'ChannelType', 'CampaignName', 'Mode', 'ContactValue',
                 'Outcome', 'AgentName', 'AgentComment', 'CurrentLeadScore', 'CallType'];
function cell(row, key) {
  if (key in row) return row[key];
  const lower = key.toLowerCase();
  for (const k in row) if (k.toLowerCase() === lower) return row[k];
  return '';
}
fetch('ANSWER').then(r => r.json()).then(frame => {
  const payload = frame.message || frame.data || {};
  const rows = payload.response || [];
  const viewport = document.getElementById('viewport');
  const block = document.getElementById('rows');
  document.getElementById('spacer').style.height = (rows.length * ROW_HEIGHT) + 'px';
  let shownFirst = -1;
  function render() {
    const first = Math.floor(viewport.scrollTop / ROW_HEIGHT);
    if (first === shownFirst) return;
    shownFirst = first;
    const count = Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 1;
    const fragment = document.createDocumentFragment();
    for (let i = first; i < Math.min(rows.length, first + count); i++) {
      const line = document.createElement('div');
      line.className = 'row';
      for (const key of COLUMNS) {
        const c = document.createElement('div');
        if (key === 'AgentComment') c.className = 'comment';
        c.textContent = cell(rows[i], key);
        line.appendChild(c);
      }
      fragment.appendChild(line);
    }
    block.replaceChildren(fragment);
    block.style.transform = 'translateY(' + (first * ROW_HEIGHT) + 'px)';
  }
  viewport.addEventListener('scroll', () => requestAnimationFrame(render));
  render();
  requestAnimationFrame(() => requestAnimationFrame(() => {
    document.body.offsetHeight;
    fetch('RENDERED', {mode: 'no-cors'});
  }));
});
</script></body></html>
'''.replace('ANSWER', answer_url).replace('RENDERED', rendered_url))


def format_stat(value):
    if value is None:
        return '—'
    median, low, high = value
    digits = 1 if median >= 100 else 2
    return f'{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})'


def stack_name():
    """The system and the GTK, libadwaita and GLib the build was made against."""
    name = platform.system()
    try:
        with open('/etc/os-release', encoding='utf-8') as f:
            for line in f:
                if line.startswith('PRETTY_NAME='):
                    name = line.split('=', 1)[1].strip().strip('"')
    except OSError:
        pass
    versions = []
    for label, module in (('GTK', 'gtk4'), ('libadwaita', 'libadwaita-1'), ('GLib', 'glib-2.0')):
        try:
            version = subprocess.run(['pkg-config', '--modversion', module], check=True,
                                     capture_output=True, text=True).stdout.strip()
            versions.append(f'{label} {version}')
        except (OSError, subprocess.CalledProcessError):
            pass
    return name + (' (' + ', '.join(versions) + ')' if versions else '')


def render(rows, notes, args):
    lines = ['| figure | median (min–max) | baseline | baseline median (min–max) | ratio | goal '
             '| met |', '|---|---|---|---|---|---|---|']
    for name, value, base_name, base, r, goal, check in rows:
        met = '—'
        if check is not None and value is not None:
            subject = r if 'ratio' in goal else value[0]
            if subject is not None:
                met = 'yes' if check(subject) else 'no'
        lines.append(f'| {name} | {format_stat(value)} | {base_name} | {format_stat(base)} | '
                     f'{"—" if r is None else f"{r:.2f}"} | {goal} | {met} |')
    lines.append('')
    lines.append(f'{args.runs} runs per figure on {os.cpu_count()} CPUs, {stack_name()}; '
                 + '; '.join(notes) + '.')
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--build', default='_build-bench')
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--rows', type=int, default=100000)
    parser.add_argument('--writes', type=int, default=200)
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--requests', type=int, default=10000)
    parser.add_argument('--output', default=None, help='where temporary files go')
    parser.add_argument('--write-doc', default=None,
                        help='replace the table in this Markdown file (between its markers)')
    parser.add_argument('--smoke', action='store_true',
                        help='tiny sizes, to check the harness; prints TAP')
    parser.add_argument('--chromium', action='store_true', help='with --smoke: run Chromium too')
    parser.add_argument('--stack', default='debian12', choices=('debian12', 'debian13'),
                        help='which table of --write-doc this run replaces (tools/bench.sh)')
    parser.add_argument('--timeline', action='store_true',
                        help='only the steps of opening a call from a deep link, with their times')
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.rows, args.writes, args.clients, args.requests = 2, 200, 5, 4, 40
    elif args.runs < 5:
        parser.error('--runs must be at least 5: the table gives medians')
    if args.output:
        os.makedirs(args.output, exist_ok=True)

    bench = Bench(args)
    if args.timeline:
        try:
            timeline = bench.timeline(args.runs)
            print(timeline)
            if args.write_doc:
                replace_table(args.write_doc, timeline.strip(), '<!-- timeline -->',
                              '<!-- end timeline -->')
        finally:
            for sim in bench.sims:
                stop(sim)
            shutil.rmtree(bench.work, ignore_errors=True)
        return 0
    try:
        rows = bench.run()
    except Exception as error:  # the harness's own failure, said plainly
        if args.smoke:
            print('1..1')
            print(f'not ok 1 the benchmark ran # {error}')
            return 1
        print(f'bench: {error}', file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)

    table = render(rows, bench.notes, args)
    if args.smoke:
        return smoke_report(rows, table)
    print(table)
    if args.write_doc:
        if args.stack == 'debian12':
            replace_table(args.write_doc, table)
        else:
            replace_table(args.write_doc, table, f'<!-- bench table {args.stack} -->',
                          f'<!-- end bench table {args.stack} -->')
    return 0


def smoke_report(rows, table):
    """TAP: every figure has a value (and a baseline where it has one). No timing is judged."""
    checks = []
    for name, value, base_name, base, _, goal, _ in rows:
        if base_name.startswith('Chromium') and base is None:
            checks.append((value is not None, f'{name} measured (Chromium not run)'))
            continue
        ok = value is not None and all(v >= 0 for v in value) and \
            (base_name == '—' or base is not None)
        checks.append((ok, f'{name} measured' + ('' if base_name == '—' else ' with its baseline')))
    checks.append((table.count('\n|') == len(rows) + 1, 'one table row per figure'))
    print(f'1..{len(checks)}')
    for i, (ok, what) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} {what}')
    for line in table.splitlines():
        print(f'# {line}')
    return 0 if all(ok for ok, _ in checks) else 1


def replace_table(path, table, begin='<!-- bench table -->', end='<!-- end bench table -->'):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if begin not in text or end not in text:
        raise SystemExit(f'{path} has no {begin} … {end} markers')
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(f'{head}{begin}\n{table}\n{end}{tail}')


if __name__ == '__main__':
    sys.exit(main())
