#!/usr/bin/env python3
# Cuts the sample frames out of the vendor pages: extract-samples.py SEEDS_DIR OUT_DIR
# See samples/README.md for the one normalisation applied.
import glob, json, os, re, sys

seeds, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for path in sorted(glob.glob(os.path.join(seeds, '*.txt'))):
    page = os.path.basename(path)[:-4]
    text = open(path, encoding='utf-8').read().replace('\xa0', ' ')
    for m in re.finditer(r'Sample (Request|Response)([^\n{]*)', text):
        kind = m.group(1).lower()
        label = m.group(2).strip(' -\t').lower().replace(' ', '-')
        start = text.index('{', m.end())
        depth, in_string, escaped = 0, False, False
        for i in range(start, len(text)):
            c = text[i]
            if in_string:
                if escaped:
                    escaped = False
                elif c == '\\':
                    escaped = True
                elif c == '"':
                    in_string = False
                continue
            if c == '"':
                in_string = True
            elif c == '{':
                depth += 1
            elif c == '}':
                depth -= 1
                if depth == 0:
                    break
        block = text[start:i + 1]
        json.loads(block)
        name = f'{page}-{kind}' + (f'-{label}' if label else '') + '.json'
        with open(os.path.join(out, name), 'w', encoding='utf-8') as f:
            f.write(block.strip() + '\n')
