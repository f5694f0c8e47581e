#!/usr/bin/python3
# What a screen reader reads: the real `wrapup` binary with GTK's accessibility bridge on,
# walked with a real AT-SPI client (pyatspi, the library Orca and Accerciser use), screen by
# screen, as an agent reaches them: the start window, Preferences, My callbacks, the keyboard
# shortcuts, a call's wrap-up and journey pages, the callback booking, and the outbox.
#
# Every object a screen reader can land on (focusable, or with an action) must have a name
# that says what it is: never empty, never a GTK type name ("GtkButton"), never a mnemonic
# read twice ("_Save Save"). ALLOWED lists, per GTK version, only what that GTK cannot name.
#
# Run by meson under its own session bus (dbus-run-session), where GTK and pyatspi find the
# accessibility bus by D-Bus activation. Needs: LCM_SIM, WRAPUP, GSETTINGS_SCHEMA_DIR (as
# every test gets them), /usr/bin/python3 with pyatspi (python3-pyatspi), at-spi2-core, and a
# display. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
import os, re, signal, sqlite3, subprocess, time, urllib.parse

import pyatspi
from gi.repository import Atspi, GLib

from wrapup_tap import Run

CALL = '12345'
TYPE_NAME = re.compile(r'^(Gtk|Adw|Wrapup)[A-Z]\w*$')
DOUBLED_MNEMONIC = re.compile(r'(^|\s)_\w')

# (GTK minor version range, role, name pattern, why): what a GTK version cannot name.
# Empty: everything Wrapup shows is named on GTK 4.8 and on the current GTK.
ALLOWED = []

run = Run('wrapup-accessible-')
tmp = run.tmp
check = run.check


def gtk_minor():
    out = subprocess.run(['pkg-config', '--modversion', 'gtk4'], capture_output=True,
                         text=True).stdout.strip()
    return int(out.split('.')[1]) if out else 0


# The tree, as a screen reader walks it

def states(acc):
    return acc.getState()


def is_visible(acc):
    try:
        return states(acc).contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def n_actions(acc):
    try:
        return acc.queryAction().nActions
    except NotImplementedError:
        return 0
    except Exception:
        return 0


def visible_objects(root):
    """Every object under root whose ancestors are all visible, with its path of roles."""
    stack = [(root, ())]
    while stack:
        acc, path = stack.pop()
        if acc is None or (path and not is_visible(acc)):
            continue
        yield acc, path
        try:
            children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
        except Exception:
            children = []
        for child in reversed(children):
            stack.append((child, path + ('%s %r' % (acc.getRoleName(), acc.name or ''),)))


def context_text(acc, depth=0):
    """The first text under acc, to say which object a failure is about."""
    try:
        if acc.getRoleName() == 'label' and acc.name and not TYPE_NAME.match(acc.name):
            return acc.name
        if depth < 6:
            for i in range(min(acc.childCount, 10)):
                text = context_text(acc.getChildAtIndex(i), depth + 1)
                if text:
                    return text
    except Exception:
        pass
    return None


def allowed(role, name):
    minor = gtk_minor()
    return any(lo <= minor <= hi and role == r and re.match(pattern, name)
               for (lo, hi), r, pattern, _ in ALLOWED)


def unnamed(root):
    """What a screen reader can land on and cannot name: (role, name, where) for each."""
    bad = []
    count = 0
    for acc, path in visible_objects(root):
        role = acc.getRoleName()
        name = acc.name or ''
        try:
            focusable = states(acc).contains(pyatspi.STATE_FOCUSABLE)
        except Exception:
            focusable = False
        # GTK gives every label the actions of its context menu (copy, select all): a label
        # counts when it can take the focus (a selectable one), as a reader lands there. The
        # same for a label with the caption role (GTK 4.18's titles of shortcut groups),
        # whose text a reader reads, and which ARIA forbids to name.
        if not (focusable or (n_actions(acc) > 0
                              and acc.getRole() not in (pyatspi.ROLE_LABEL, pyatspi.ROLE_CAPTION))):
            continue
        count += 1
        if name.strip() and not TYPE_NAME.match(name) and not DOUBLED_MNEMONIC.search(name):
            continue
        if allowed(role, name):
            continue
        bad.append('%s %r (in %s; text under it: %r)' %
                   (role, name, ' > '.join(path[-6:]), context_text(acc)))
    return count, bad


def dump(root, screen):
    """With WRAPUP_ACCESSIBLE_DUMP=FOLDER, the whole visible tree of each screen, for people."""
    folder = os.environ.get('WRAPUP_ACCESSIBLE_DUMP')
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, screen.replace(' ', '-') + '.txt'), 'w') as out:
        for acc, path in visible_objects(root):
            try:
                attributes = acc.getAttributes()
            except Exception:
                attributes = []
            out.write('%s%s %r actions=%d %s %s\n' % (
                '  ' * len(path), acc.getRoleName(), acc.name or '', n_actions(acc),
                ','.join(pyatspi.stateToString(s) for s in acc.getState().getStates()),
                ' '.join(attributes)))


def check_named(root, screen):
    dump(root, screen)
    count, bad = unnamed(root)
    check(count > 0 and not bad,
          '%s: every object a screen reader lands on is named (%d objects)' % (screen, count),
          '\n'.join(bad[:40]) if bad else ('nothing found to check' if count == 0 else ''))


# Finding and acting

def application_names():
    desktop = pyatspi.Registry.getDesktop(0)
    names = []
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        names.append(None if app is None else (app.name, [app.getChildAtIndex(j).name for j in range(app.childCount)]))
    return names


def app_root():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == 'wrapup':
            return app
    return None


def wait_for(what, timeout=60):
    """What `what` returns once it is true, or None after timeout seconds (generous: under
    AddressSanitizer the app and its accessibility bridge are several times slower; a wait
    ends as soon as its object is there)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = what()
        except Exception:
            found = None
        if found:
            return found
        # Events (announcements) arrive through the main loop.
        while GLib.MainContext.default().iteration(False):
            pass
        time.sleep(0.2)
    return None


def top_level(name_pattern):
    app = app_root()
    if app is None:
        return None
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None and re.search(name_pattern, window.name or '') and is_visible(window):
            return window
    return None


def find(root, role, name_pattern):
    """The first visible object under root with that role (a pyatspi.ROLE_ constant: the
    role's name changed with at-spi2-core, "push button" became "button") and name."""
    for acc, _ in visible_objects(root):
        if acc.getRole() == role and re.search(name_pattern, acc.name or ''):
            return acc
    return None


def press(acc):
    """The object's first action (click, activate): what a screen reader's Enter does. A
    menu button's action is its inner button's."""
    for candidate, _ in visible_objects(acc):
        if n_actions(candidate) > 0:
            candidate.queryAction().doAction(0)
            return
    raise AssertionError('%s %r has no action' % (acc.getRoleName(), acc.name))


def close_window(window):
    button = find(window, pyatspi.ROLE_PUSH_BUTTON, r'^Close$')
    if button is None:
        return False
    press(button)
    return wait_for(lambda: not is_visible(window) or None, 60) is not None


def main():
    sim, url, db = run.start_sim('sim')
    with sqlite3.connect(db, timeout=5) as conn:
        account = conn.execute('SELECT c.account_number FROM calls k JOIN contacts c '
                               'USING (contact_id) WHERE k.callid = ?', (CALL,)).fetchone()[0]
    link = 'wrapup://call/%s?account=%s&type=INBOUND' % (CALL, urllib.parse.quote(account, safe=''))

    env = dict(os.environ)
    for key in ('NO_AT_BRIDGE', 'GTK_A11Y'):
        env.pop(key, None)
    env.update(XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
               XDG_DATA_HOME=os.path.join(tmp, 'data'),
               XDG_CACHE_HOME=os.path.join(tmp, 'cache'))
    env.pop('WRAPUP_TOKEN_FILE', None)
    # GLib's warnings about the accessibility bus are not the app's: not fatal here.
    env.pop('G_DEBUG', None)
    wrapup = [os.environ['WRAPUP'], '--server-url', url, '--agent-id', 'agent1']
    # Now and then, right after the accessibility bus starts, the X server refuses the app's
    # first connection ("cannot open display"): that launch is tried again.
    for attempt in range(3):
        app = run.start(wrapup, env=env, stdout=subprocess.DEVNULL,
                        stderr=open(os.path.join(tmp, 'wrapup.err'), 'w'))
        try:
            app.wait(3)
        except subprocess.TimeoutExpired:
            break
        if 'cannot open display' not in open(os.path.join(tmp, 'wrapup.err')).read():
            break

    start = wait_for(lambda: top_level(r'^Wrapup$'), 60)
    if not check(start is not None, 'the start window is on the accessibility bus',
                 'applications on the bus: %r; wrapup %s; its stderr: %s' % (
                     application_names(),
                     'runs' if app.poll() is None else 'exited %s' % app.returncode,
                     open(os.path.join(tmp, 'wrapup.err')).read()[-2000:])):
        return
    check_named(start, 'start window')

    # Preferences, from the start window's button.
    press(find(start, pyatspi.ROLE_PUSH_BUTTON, r'^Preferences$'))
    prefs = wait_for(lambda: top_level(r'^Preferences$'))
    if check(prefs is not None, 'Preferences opens'):
        check_named(prefs, 'Preferences')
        check(close_window(prefs), 'Preferences closes from its Close button')

    press(find(start, pyatspi.ROLE_PUSH_BUTTON, r'^My Callbacks$'))
    callbacks = wait_for(lambda: top_level(r'^My [Cc]allbacks$'))
    if check(callbacks is not None, 'My callbacks opens'):
        # Loaded, or said why not: no spinner left.
        wait_for(lambda: find(callbacks, pyatspi.ROLE_LIST, r'.') or find(callbacks, pyatspi.ROLE_LABEL, r'No '), 60)
        check_named(callbacks, 'My callbacks')
        check(close_window(callbacks), 'My callbacks closes')

    # The keyboard shortcuts, from the main menu.
    press(find(start, pyatspi.ROLE_PUSH_BUTTON, r'^Main Menu$'))
    item = wait_for(lambda: find(app_root(), pyatspi.ROLE_MENU_ITEM, r'Keyboard Shortcuts'), 60)
    if item is None:
        dump(app_root(), 'main menu')
    if check(item is not None, 'the main menu lists the keyboard shortcuts'):
        menu_count, menu_bad = unnamed(item.parent)
        check(not menu_bad, 'main menu: every item is named', '\n'.join(menu_bad))
        press(item)
        shortcuts = wait_for(lambda: top_level(r'Shortcuts'))
        if check(shortcuts is not None, 'the shortcuts window opens',
                 'windows: %r' % [(w.getRoleName(), w.name, is_visible(w)) for w in
                                  (app_root().getChildAtIndex(i) for i in range(app_root().childCount))]):
            check_named(shortcuts, 'keyboard shortcuts')
            close_window(shortcuts)

    # The call, from a second launch with the link (as the dialer does).
    subprocess.run(wrapup + [link], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=60)
    call = wait_for(lambda: top_level(r'Call %s' % CALL), 60)
    if not check(call is not None, 'the call window is on the accessibility bus'):
        return
    wait_for(lambda: find(call, pyatspi.ROLE_LIST_ITEM, r'^Busy$'), 60)
    check(find(call, pyatspi.ROLE_LIST_ITEM, r'^Busy$') is not None,
          'a telephony outcome row is named by its outcome')
    check(find(call, pyatspi.ROLE_LIST_ITEM, r' › ') is not None,
          'a business outcome row is named by its path (Group › Outcome)')
    check_named(call, 'wrap-up page')

    book = find(call, pyatspi.ROLE_PUSH_BUTTON, r'^Book')
    if check(book is not None, 'the wrap-up page has a Book button'):
        press(book)
        dialog = wait_for(lambda: top_level(r'Callback'), 60)
        if check(dialog is not None, 'the callback booking opens'):
            check_named(dialog, 'callback booking')
            cancel = find(dialog, pyatspi.ROLE_PUSH_BUTTON, r'^Cancel$')
            if cancel is not None:
                press(cancel)
            check(wait_for(lambda: top_level(r'Callback') is None or None, 60) is not None,
                  'the callback booking closes from Cancel')

    journey_tab = find(call, pyatspi.ROLE_PAGE_TAB, r'^Journey$')
    if check(journey_tab is not None, 'the Journey page tab is named'):
        press(journey_tab)
        rows = wait_for(lambda: find(call, pyatspi.ROLE_TABLE_ROW, r'\d\d:\d\d, [^,]+, '), 60)
        check(rows is not None, 'the journey rows are named (date, channel, outcome)')
        check_named(call, 'journey page')

        # A filter: its button says what it filters and what is chosen; its menu's choices
        # are named, and picking one is read back.
        def channel_button(pattern):
            return (find(call, pyatspi.ROLE_TOGGLE_BUTTON, pattern)
                    or find(call, pyatspi.ROLE_PUSH_BUTTON, pattern))
        channel = channel_button(r'^Channel: All channels$')
        if check(channel is not None, 'the channel filter is named by its purpose and choice'):
            press(channel)
            # A radio menu item from GTK 4.10 on; a menu item with a checked state on 4.8.
            sms = wait_for(lambda: find(app_root(), pyatspi.ROLE_RADIO_MENU_ITEM, r'^SMS$')
                           or find(app_root(), pyatspi.ROLE_MENU_ITEM, r'^SMS$'), 60)
            if check(sms is not None, "the channel filter's menu lists its choices by name"):
                menu = sms
                while menu is not None and menu.getRole() != pyatspi.ROLE_MENU:
                    menu = menu.parent
                # "Channel" (GTK 4.8), or the button's whole name (4.18 labels it by the button)
                check(menu is not None and re.match(r'^Channel\b', menu.name or ''),
                      "the channel filter's menu is named by its purpose",
                      repr(menu.name if menu is not None else None))
                count, bad = unnamed(menu if menu is not None else sms.parent)
                check(not bad, "channel filter's menu: every choice is named", '\n'.join(bad))
                press(sms)
                check(wait_for(lambda: channel_button(r'^Channel: SMS$'), 60) is not None,
                      "the channel filter's name says the new choice")

    # A wrap-up waiting in the outbox: the gateway stops, the agent saves.
    sim.send_signal(signal.SIGKILL)
    sim.wait()
    press(find(call, pyatspi.ROLE_PAGE_TAB, r'^Wrap-up$'))
    busy = wait_for(lambda: find(call, pyatspi.ROLE_LIST_ITEM, r'^Busy$'), 60)
    saved = False
    if busy is not None:
        # Selecting a row is choosing it (the list's selection, as Orca's Space does).
        parent = busy.parent
        try:
            selection = parent.querySelection()
            selection.selectChild(busy.getIndexInParent())
            saved = True
        except Exception:
            saved = False
    # What is said away from the focus (GTK 4.14 added announcements; GTK 4.8 has none, so
    # there the check is not made).
    announcements = []
    listener = Atspi.EventListener.new(
        lambda event: announcements.append(str(event.any_data)))
    listener.register('object:announcement')
    if saved:
        save = wait_for(lambda: find(call, pyatspi.ROLE_PUSH_BUTTON, r'^Save'), 60)
        if save is not None:
            press(save)
        outbox = wait_for(lambda: find(call, pyatspi.ROLE_PUSH_BUTTON, r'[Oo]utbox|waiting'), 60)
        if check(outbox is not None, 'the outbox button appears, named, when a wrap-up waits'):
            press(outbox)
            popover = wait_for(lambda: find(app_root(), pyatspi.ROLE_LIST, r'waiting'), 60)
            if check(popover is not None, 'the outbox popover opens'):
                check_named(popover.parent.parent, 'outbox popover')
        if gtk_minor() >= 14:
            said = wait_for(lambda: [a for a in announcements if 'Waiting to send' in a], 60)
            check(said, "saving with the gateway down is said: saved here, waiting to send",
                  'announcements: %r' % announcements)


try:
    main()
except Exception:
    import traceback
    check(False, 'the walk went through', traceback.format_exc())
finally:
    run.finish()
