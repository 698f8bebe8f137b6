#!/usr/bin/env python3
"""Regenerate the chart font subset in this folder (see README.md).

Usage (needs fontTools; Debian: python3-fonttools, fonts-noto-cjk):
    python3 assets/fonts/make-subset.py /usr/share/fonts/opentype/noto

Keeps Latin (ASCII, Latin-1, Latin Extended-A, general punctuation), CJK and full-width punctuation, and
every Chinese character found in src/render/timeline-chart.ts and in corpus/predictions.json
(names and summaries). Writes the two .otf files and subset-chars.txt (what the renderer may draw).
"""
import json, pathlib, sys
from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SC_INDEX = 2  # face order in NotoSansCJK-*.ttc: JP, KR, SC, TC, HK, ...

def wanted_chars() -> set[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x180)}
    chars |= {chr(c) for c in range(0x2010, 0x2028)} | {chr(c) for c in range(0x3000, 0x3020)}
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)} | set('−≈')
    texts = [(ROOT / 'src/render/timeline-chart.ts').read_text('utf-8')]
    preds = ROOT / 'corpus/predictions.json'
    if preds.exists():
        for p in json.loads(preds.read_text('utf-8'))['predictions']:
            texts += [p['person']['zh'], p['implied']['summary']]
    for t in texts:
        chars |= {ch for ch in t if ord(ch) >= 0x2E80}
    return chars

def main(src_dir: str) -> None:
    chars = wanted_chars()
    covered = None
    for weight in ('Regular', 'Bold'):
        font = TTCollection(f'{src_dir}/NotoSansCJK-{weight}.ttc').fonts[SC_INDEX]
        opts = subset.Options()
        opts.layout_features = ['kern']   # no vertical/CJK alternates: the chart is horizontal text only
        opts.name_IDs = ['*']             # keep copyright and licence records
        opts.hinting = False
        s = subset.Subsetter(opts)
        s.populate(unicodes=[ord(c) for c in chars])
        s.subset(font)
        font.save(HERE / f'NotoSansCJKsc-{weight}.subset.otf')
        cmap = {chr(c) for c in font.getBestCmap()}
        covered = cmap if covered is None else covered & cmap
    (HERE / 'subset-chars.txt').write_text(''.join(sorted(covered)) + '\n', 'utf-8')
    print(f'{len(covered)} characters')

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '/usr/share/fonts/opentype/noto')
