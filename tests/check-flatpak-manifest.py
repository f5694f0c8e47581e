#!/usr/bin/env python3
# The Flatpak manifest, checked offline (nothing here can download a runtime): valid JSON,
# and its app id, command and permissions agree with the desktop file. TAP output.
# Usage: check-flatpak-manifest.py MANIFEST DESKTOP_FILE
import configparser, json, sys

manifest_path, desktop_path = sys.argv[1], sys.argv[2]
results = []

def check(name, ok, detail=''):
    results.append((ok, name, detail))

try:
    with open(manifest_path, encoding='utf-8') as f:
        manifest = json.load(f)
    check('manifest is valid JSON', True)
except (OSError, ValueError) as e:
    check('manifest is valid JSON', False, str(e))
    manifest = {}

desktop = configparser.ConfigParser(interpolation=None, strict=False)
desktop.optionxform = str
desktop.read(desktop_path, encoding='utf-8')
entry = desktop['Desktop Entry'] if desktop.has_section('Desktop Entry') else {}
app_id = desktop_path.rsplit('/', 1)[-1].removesuffix('.desktop')

check('app id matches the desktop file name', manifest.get('id') == app_id,
      f"{manifest.get('id')} != {app_id}")
exec_binary = entry.get('Exec', '').split()[0] if entry.get('Exec') else None
check('command is the binary the desktop file runs', manifest.get('command') == exec_binary,
      f"{manifest.get('command')} != {exec_binary}")
check('runtime is GNOME', manifest.get('runtime') == 'org.gnome.Platform'
      and manifest.get('sdk') == 'org.gnome.Sdk')

# Only what the app needs: the gateway (network), a display (Wayland, X11 as fallback), the
# GPU, IPC for X11's shared memory, and the host's own data folder of Wrapup, so that the
# outbox, drafts and cache are the same whether the agent runs the package or the Flatpak
# (nothing waiting is stranded on a move). No other files, no session bus holes beyond the
# portals.
needed = {'--share=network', '--socket=wayland', '--socket=fallback-x11', '--device=dri',
          '--filesystem=xdg-data/wrapup:create'}
allowed = needed | {'--share=ipc'}
args = set(manifest.get('finish-args', []))
check('finish-args grant what the app needs', needed <= args, str(sorted(needed - args)))
check('finish-args grant nothing more', args <= allowed, str(sorted(args - allowed)))

# The scheme handler works in the sandbox when the exported desktop file declares it and
# is D-Bus activatable under the app id (flatpak exports both).
check('desktop file handles wrapup:// links',
      'x-scheme-handler/wrapup' in entry.get('MimeType', '').split(';'))
check('desktop file is D-Bus activatable', entry.get('DBusActivatable') == 'true')
modules = manifest.get('modules', [])
wrapup = [m for m in modules if isinstance(m, dict) and m.get('name') == 'wrapup']
check('the app module builds this tree with meson',
      len(wrapup) == 1 and wrapup[0].get('buildsystem') == 'meson'
      and {'type': 'dir', 'path': '..'} in wrapup[0].get('sources', []))

print(f'1..{len(results)}')
for i, (ok, name, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}" + ('' if ok or not detail else f' # {detail}'))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
