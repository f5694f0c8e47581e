#!/usr/bin/env python3
# An administrator's lock, end to end, the way docs/deploying.md tells administrators to set
# one: a dconf database with a locks file, compiled with `dconf compile`, read through a
# dconf profile (a private one here: file-db: instead of the machine's system-db:). The real
# `wrapup` binary, started by a launcher that passes --server-url, must connect to the locked
# gateway, never to the one on its command line, and say so. Prints TAP.
#
# Needs: LCM_SIM, WRAPUP, GSETTINGS_SCHEMA_DIR (as every test gets them), dconf (dconf-cli),
# gsettings, PRIVATE_SESSION_BUS (tests/private-session-bus.sh), and a display (the suite runs under xvfb-run).
# SPDX-License-Identifier: GPL-3.0-or-later
import os, sqlite3, subprocess, time, urllib.parse

from wrapup_tap import Run

SCHEMA = 'io.github.wrapupdesk.Wrapup'
PATH = '/io/github/wrapupdesk/Wrapup/'
CALL = '12345'

run = Run('wrapup-lockdown-')
tmp = run.tmp
check = run.check


def start_sim(name):
    _, url, db = run.start_sim(name)
    return url, db


def query(db, sql, *args):
    with sqlite3.connect(db, timeout=5) as conn:
        return conn.execute(sql, args).fetchone()


def call_requests(db):
    return query(db, "SELECT count(*) FROM wire_log WHERE text LIKE ?", '%' + CALL + '%')[0]


def main():
    locked_url, locked_db = start_sim('locked')
    other_url, other_db = start_sim('other')
    account = query(locked_db, 'SELECT c.account_number FROM calls k JOIN contacts c '
                    'USING (contact_id) WHERE k.callid = ?', CALL)[0]
    link = 'wrapup://call/%s?account=%s&type=INBOUND' % (
        CALL, urllib.parse.quote(account, safe=''))

    # What an administrator writes in /etc/dconf/db/local.d/ (here, in a folder of ours).
    keyfiles = os.path.join(tmp, 'local.d')
    os.makedirs(os.path.join(keyfiles, 'locks'))
    with open(os.path.join(keyfiles, '00-wrapup'), 'w') as f:
        f.write("[io/github/wrapupdesk/Wrapup]\nserver-url='%s'\nagent-id='lockedagent'\n"
                % locked_url)
    with open(os.path.join(keyfiles, 'locks', '00-wrapup'), 'w') as f:
        f.write(PATH + 'server-url\n' + PATH + 'agent-id\n')
    database = os.path.join(tmp, 'local')
    subprocess.run(['dconf', 'compile', database, keyfiles], check=True)
    profile = os.path.join(tmp, 'profile')
    with open(profile, 'w') as f:
        f.write('user-db:user\nfile-db:%s\n' % database)

    env = dict(os.environ)
    env.update(GSETTINGS_BACKEND='dconf', DCONF_PROFILE=profile,
               XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
               XDG_DATA_HOME=os.path.join(tmp, 'data'),
               XDG_CACHE_HOME=os.path.join(tmp, 'cache'))
    env.pop('WRAPUP_TOKEN_FILE', None)

    def gsettings(*args):
        return subprocess.run(['gsettings'] + list(args), env=env, capture_output=True,
                              text=True).stdout.strip()

    check(gsettings('writable', SCHEMA, 'server-url') == 'false',
          'dconf: the locked gateway address is not writable')
    check(gsettings('get', SCHEMA, 'server-url') == "'%s'" % locked_url,
          "dconf: the locked gateway address is the administrator's")
    check(gsettings('writable', SCHEMA, 'close-after-save') == 'true',
          'dconf: what is not locked stays writable')

    # A launcher passing its own gateway and agent: a session bus of its own, so that this
    # instance is the primary one whatever else the suite runs.
    err_path = os.path.join(tmp, 'wrapup.err')
    with open(err_path, 'w') as err:
        app = run.start([os.environ['PRIVATE_SESSION_BUS'], os.environ['WRAPUP'],
                         '--server-url', other_url, '--agent-id', 'someoneelse', link],
                        env=env, stdout=subprocess.DEVNULL, stderr=err)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and call_requests(locked_db) == 0 and app.poll() is None:
        time.sleep(0.2)
    reached = call_requests(locked_db)
    check(reached > 0, "the link's call was asked of the administrator's gateway",
          'no request for call %s reached it; the app %s' %
          (CALL, 'exited %s' % app.returncode if app.poll() is not None else 'runs'))
    time.sleep(1)
    check(query(other_db, 'SELECT count(*) FROM wire_log')[0] == 0,
          "nothing reached the gateway given with --server-url")
    with open(err_path) as f:
        err_text = f.read()
    check('--server-url is ignored' in err_text and '--agent-id is ignored' in err_text,
          'the app says what it ignored', err_text.strip()[-300:])


try:
    main()
finally:
    run.finish()
