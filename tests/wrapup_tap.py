# The end-to-end scripts' common part: the processes they start (each in a session of its
# own, ended with it), a scratch folder, the simulator, and their results as TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
import os, shutil, signal, subprocess, sys, tempfile


class Run:
    def __init__(self, prefix):
        self.results = []
        self.processes = []
        self.tmp = tempfile.mkdtemp(prefix=prefix)

    def check(self, ok, name, detail=''):
        self.results.append((ok, name, detail))
        return ok

    def start(self, argv, **kwargs):
        """Starts argv in a session of its own, ended (SIGTERM, then SIGKILL) by finish()."""
        process = subprocess.Popen(argv, start_new_session=True, **kwargs)
        self.processes.append(process)
        return process

    def start_sim(self, name):
        """An lcm-sim on a free port with a database of its own: (process, url, db)."""
        db = os.path.join(self.tmp, name + '.db')
        process = self.start([os.environ['LCM_SIM'], '--port', '0', '--db', db],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        url = process.stdout.readline().strip()
        if not url.startswith('ws://'):
            raise SystemExit('Bail out! lcm-sim did not start: %r' % url)
        return process, url, db

    def finish(self):
        """Ends what was started, prints TAP and exits: non-zero on any failure."""
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
        print('1..%d' % len(self.results))
        for i, (ok, name, detail) in enumerate(self.results, 1):
            print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
            if not ok and detail:
                for line in detail.splitlines():
                    print('# ' + line)
        sys.exit(0 if self.results and all(ok for ok, _, _ in self.results) else 1)
