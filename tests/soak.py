#!/usr/bin/env python3
# soak.py: the delivery guarantees of the README, under faults, for a bounded time.
#
#   soak.py BUILD_DIR [SECONDS]          (SOAK_SECONDS overrides; default 120)
#
# Writers store dispositions through durable outboxes while the soak kills them (SIGKILL),
# kills and restarts the gateway simulator, and lets the simulator drop connections
# (--close-after) and fills and empties the disk of one outbox (a small tmpfs, as root):
# three lcmctl writers (two of them sharing one outbox file, one process per
# write) and one writer that holds a connection and an outbox as the app does
# (tests/soak-writer.c). Every write carries "soak WRITER N" as its comment. At the end the
# outboxes are flushed and the simulator's database is read. TAP, then the figures:
#   - every write reported stored (lcmctl exit 0 or 4, soak-writer "stored N") arrived;
#   - each writer's writes arrived in the order they were stored;
#   - every duplicate is explained by a lost answer the simulator recorded: each earlier copy
#     is the last frame its connection carried (the connection dropped, the simulator or the
#     writer was killed, before the answer went out). One-at-a-time sending means a write
#     whose answer arrived is followed by another frame on the same connection, or by none.
# SPDX-License-Identifier: GPL-3.0-or-later
import atexit, os, random, signal, sqlite3, subprocess, sys, tempfile, time

build = os.path.abspath(sys.argv[1])
seconds = int(os.environ.get('SOAK_SECONDS', sys.argv[2] if len(sys.argv) > 2 else '120'))
seed = int(os.environ.get('SOAK_SEED', str(random.randrange(1 << 30))))
rng = random.Random(seed)
lcm_sim = os.path.join(build, 'src', 'sim', 'lcm-sim')
lcmctl = os.path.join(build, 'src', 'cli', 'lcmctl')
writer_program = os.path.join(build, 'tests', 'soak-writer')
CLOSE_AFTER = 9

tmp = tempfile.mkdtemp(prefix='wrapup-soak-')
db = os.path.join(tmp, 'sim.db')
env = dict(os.environ)
env.pop('http_proxy', None)
env.pop('HTTP_PROXY', None)
figures = {'lcmctl writes': 0, 'app-writer writes': 0, 'reported stored': 0,
           'writer kills': 0, 'simulator kills': 0, 'disk fills': 0,
           'writes refused for a full disk': 0}


class SmallDisk:
    """A 512 KiB tmpfs for one writer's outbox, filled and emptied in turn (root only: where
    it cannot be mounted, that fault is left out and the figures say so)."""

    def __init__(self):
        self.path = os.path.join(tmp, 'small-disk')
        os.mkdir(self.path)
        self.mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=512k', 'tmpfs',
                                       self.path], stderr=subprocess.DEVNULL).returncode == 0
        self.filler = os.path.join(self.path, 'filler')
        self.full = False

    def fill(self):
        if not self.mounted:
            return
        with open(self.filler, 'wb') as f:
            try:
                while True:
                    f.write(b'\0' * 65536)
                    f.flush()
            except OSError:
                pass
        self.full = True
        figures['disk fills'] += 1

    def empty(self):
        if os.path.exists(self.filler):
            os.unlink(self.filler)
        self.full = False

    def unmount(self):
        if self.mounted:
            self.empty()
            subprocess.run(['umount', '-l', self.path], stderr=subprocess.DEVNULL)
            self.mounted = False


class Simulator:
    def __init__(self):
        self.port = 0
        self.process = None
        self.runs = []          # the highest wire_log id of each finished run
        self.url = None

    def start(self):
        self.process = subprocess.Popen(
            [lcm_sim, '--port', str(self.port), '--db', db, '--close-after', str(CLOSE_AFTER)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith('ws://'):
            raise SystemExit('lcm-sim did not start: %r' % line)
        self.url = line
        self.port = int(line.split(':')[2].split('/')[0])

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        with sqlite3.connect(db) as conn:
            top = conn.execute('SELECT coalesce(max(id), 0) FROM wire_log').fetchone()[0]
        self.runs.append(top)
        figures['simulator kills'] += 1

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


sim = Simulator()


def clean_up():
    """Whatever happens, nothing of the soak outlives it."""
    for process in [sim.process] + [w.process for w in globals().get('writers', [])]:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
    if 'disk' in globals():
        disk.unmount()
    subprocess.run(['rm', '-rf', tmp])


atexit.register(clean_up)
sim.start()
with sqlite3.connect(db) as conn:
    account = conn.execute("SELECT c.account_number FROM calls k JOIN contacts c "
                           "USING (contact_id) WHERE k.callid = '1001'").fetchone()[0]


class LcmctlWriter:
    """One lcmctl process per write, on an outbox file it may share with another writer."""

    def __init__(self, name, outbox):
        self.name, self.outbox = name, outbox
        self.next, self.process, self.current = 0, None, None
        self.stored, self.unknown = [], []

    def step(self):
        if self.process is not None:
            rc = self.process.poll()
            if rc is None:
                return
            if rc in (0, 4):
                self.stored.append(self.current)
            elif rc == -signal.SIGKILL:
                self.unknown.append(self.current)
            elif rc == 5 and disk.mounted and self.outbox.startswith(disk.path):
                # The outbox could not store it (a full disk): said, and not reported stored.
                figures['writes refused for a full disk'] += 1
                self.unknown.append(self.current)
            else:
                raise SystemExit('lcmctl write %s %d exited %d: %s' % (
                    self.name, self.current, rc, self.process.stderr.read()))
            self.process = None
        self.current = self.next
        self.next += 1
        figures['lcmctl writes'] += 1
        self.process = subprocess.Popen(
            [lcmctl, '--url', sim.url, '--timeout', '3', '--outbox', self.outbox,
             'set-telephony-outcome', '--callid', '1001', '--account', account, '--outcome',
             '3', '--user', 'soak', '--comments', 'soak %s %d' % (self.name, self.current)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            figures['writer kills'] += 1

    def finish(self):
        while self.process is not None and self.process.poll() is None:
            time.sleep(0.05)
        self.step_done()

    def step_done(self):
        if self.process is None:
            return
        rc = self.process.returncode
        (self.stored if rc in (0, 4) else self.unknown).append(self.current)
        self.process = None


class AppWriter:
    """soak-writer: one connection and one outbox for many writes, as the app has."""

    def __init__(self, name, outbox):
        self.name, self.outbox = name, outbox
        self.next, self.process = 0, None
        self.stored, self.unknown = [], []
        self.attempting = None

    def spawn(self, count=25):
        self.process = subprocess.Popen(
            [writer_program, sim.url, self.outbox, self.name, account, str(self.next),
             str(count)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        os.set_blocking(self.process.stdout.fileno(), False)
        self.attempting = self.next
        self.next += count
        self.buffer = ''

    def read(self):
        try:
            chunk = self.process.stdout.read()
        except (BlockingIOError, TypeError):
            chunk = None
        if chunk:
            self.buffer += chunk
            *lines, self.buffer = self.buffer.split('\n')
            for line in lines:
                if line.startswith('stored '):
                    n = int(line.split()[1])
                    self.stored.append(n)
                    self.attempting = n + 1
                    figures['app-writer writes'] += 1

    def step(self):
        if self.process is None:
            self.spawn()
            return
        self.read()
        rc = self.process.poll()
        if rc is not None:
            self.read()
            if rc != 0 and rc != -signal.SIGKILL:
                raise SystemExit('soak-writer exited %d' % rc)
            # A killed writer may have stored the write it was at: it may arrive, or not.
            if rc == -signal.SIGKILL and self.attempting < self.next:
                self.unknown.append(self.attempting)
            self.process = None

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            figures['writer kills'] += 1


disk = SmallDisk()
shared = os.path.join(tmp, 'shared.db')
own = os.path.join(disk.path, 'own.db')
writers = [LcmctlWriter('L0', shared), LcmctlWriter('L1', shared), LcmctlWriter('L2', own),
           AppWriter('A0', os.path.join(tmp, 'app.db'))]

deadline = time.monotonic() + seconds
next_writer_kill = time.monotonic() + rng.uniform(0.5, 2)
next_sim_kill = time.monotonic() + rng.uniform(8, 15)
next_disk = time.monotonic() + rng.uniform(3, 6)
while time.monotonic() < deadline:
    for writer in writers:
        writer.step()
    now = time.monotonic()
    if now >= next_writer_kill:
        rng.choice(writers).kill()
        next_writer_kill = now + rng.uniform(0.5, 2)
    if now >= next_sim_kill:
        sim.kill()
        time.sleep(rng.uniform(0.2, 1.5))
        sim.start()
        next_sim_kill = time.monotonic() + rng.uniform(8, 15)
    if now >= next_disk:
        # Full for a while, then space again.
        (disk.empty if disk.full else disk.fill)()
        next_disk = now + rng.uniform(2, 5)
    time.sleep(0.02)

# The end: no more faults but the simulator's drops; everything waiting is sent.
disk.empty()
for writer in writers:
    if isinstance(writer, LcmctlWriter):
        writer.finish()
app = writers[-1]
while app.process is not None:
    app.step()
    time.sleep(0.05)
app.spawn(count=0)
while app.process is not None:
    app.step()
    time.sleep(0.05)
for outbox in (shared, own):
    for attempt in range(10):
        rc = subprocess.run([lcmctl, '--url', sim.url, '--timeout', '20', '--outbox', outbox,
                             'outbox', 'flush'], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env).returncode
        if rc == 0:
            break
    else:
        raise SystemExit('%s could not be flushed' % outbox)
sim.stop()

# What arrived.
conn = sqlite3.connect(db)
frames = conn.execute('SELECT id, connection_id, text FROM wire_log ORDER BY id').fetchall()
rows = conn.execute("SELECT id, comments FROM dispositions WHERE comments LIKE 'soak %' "
                    "ORDER BY id").fetchall()
conn.close()


def run_of(frame_id):
    for index, top in enumerate(sim.runs):
        if frame_id <= top:
            return index
    return len(sim.runs)


last_frame = {}            # (run, connection) -> the id of its last frame
count_on = {}              # (run, connection) -> frames
run_last = {}              # run -> the id of its last frame
for frame_id, connection, text in frames:
    key = (run_of(frame_id), connection)
    last_frame[key] = frame_id
    count_on[key] = count_on.get(key, 0) + 1
    run_last[key[0]] = frame_id
sent = {}                  # comment -> [(frame id, run, connection)]
for frame_id, connection, text in frames:
    marker = text.find('"AgentComments":"soak ')
    if marker < 0:
        continue
    comment = text[marker + len('"AgentComments":"'):].split('"', 1)[0]
    sent.setdefault(comment, []).append((frame_id, run_of(frame_id), connection))

arrived = {}
for row_id, comment in rows:
    arrived.setdefault(comment, []).append(row_id)

results = []
lost = []
out_of_order = []
unexplained = []
duplicates = {'connection dropped by the gateway (--close-after)': 0,
              'gateway killed before answering': 0,
              'writer killed before the answer': 0}
for writer in writers:
    figures['reported stored'] += len(writer.stored)
    for n in writer.stored:
        if 'soak %s %d' % (writer.name, n) not in arrived:
            lost.append('%s %d' % (writer.name, n))
    # In the order stored: the first arrival of each write, by the writer's own numbering.
    firsts = sorted((n, arrived['soak %s %d' % (writer.name, n)][0])
                    for n in writer.stored + writer.unknown
                    if 'soak %s %d' % (writer.name, n) in arrived)
    for (n1, a1), (n2, a2) in zip(firsts, firsts[1:]):
        if a2 < a1:
            out_of_order.append('%s %d arrived before %s %d' % (writer.name, n2, writer.name, n1))

for comment, copies in arrived.items():
    if len(copies) < 2:
        continue
    sendings = sent.get(comment, [])
    # Every sending but the last must have lost its answer: the last frame of its connection.
    for frame_id, run, connection in sendings[:-1]:
        key = (run, connection)
        if last_frame.get(key) != frame_id:
            unexplained.append('%s (frame %d had frames after it on its connection)' % (
                comment, frame_id))
        elif count_on[key] == CLOSE_AFTER:
            duplicates['connection dropped by the gateway (--close-after)'] += 1
        elif run < len(sim.runs) and frame_id == run_last.get(run):
            duplicates['gateway killed before answering'] += 1
        else:
            duplicates['writer killed before the answer'] += 1

drops = sum(1 for key, n in count_on.items() if n == CLOSE_AFTER)
results.append((not lost, 'every write reported stored arrived', ', '.join(lost[:10])))
results.append((not out_of_order, "each writer's writes arrived in order",
                '; '.join(out_of_order[:10])))
results.append((not unexplained, 'every duplicate is explained by a lost answer',
                '; '.join(unexplained[:10])))
results.append((figures['reported stored'] > 0, 'writes were stored', ''))

print('1..%d' % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print('%s %d %s%s' % ('ok' if ok else 'not ok', i, name, ' # ' + detail if detail else ''))
n_dup = sum(len(c) - 1 for c in arrived.values() if len(c) > 1)
print('# soak: %d s, seed %d' % (seconds, seed))
print('# writes: %d by lcmctl, %d by the app-like writer; %d reported stored, %d arrived '
      '(%d rows)' % (figures['lcmctl writes'], figures['app-writer writes'],
                     figures['reported stored'], len(arrived), len(rows)))
print('# faults: %d writer kills, %d simulator kills, %d connections dropped by the gateway, '
      '%s' % (figures['writer kills'], figures['simulator kills'], drops,
              '%d disk fills (%d writes refused for a full disk)' % (
                  figures['disk fills'], figures['writes refused for a full disk'])
              if disk.mounted else 'no disk fills (no tmpfs could be mounted: not root)'))
print('# lost: %d; out of order: %d; duplicates: %d (%s); unexplained: %d' % (
    len(lost), len(out_of_order), n_dup,
    ', '.join('%d %s' % (v, k) for k, v in duplicates.items()), len(unexplained)))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
