#!/usr/bin/env bash
# Copy the front-end packages installed from the npm registry into our static files (no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/phonlap/static/vendor
rm -rf "$out"
mkdir -p "$out"/{sarabun/files,htmx,leaflet,chartjs,axe}
fs=node_modules/@fontsource/sarabun
cp "$fs"/files/sarabun-{thai,latin,latin-ext}-{400,700}-normal.woff2 "$out"/sarabun/files/
# One stylesheet for the weights we use, Thai and Latin subsets, woff2 only.
python3 - "$fs" "$out/sarabun/sarabun.css" <<'PY'
import re, sys
src, dest = sys.argv[1], sys.argv[2]
blocks = []
for weight in ("400", "700"):
    css = open(f"{src}/{weight}.css", encoding="utf-8").read()
    for block in re.findall(r"/\* sarabun-(?:thai|latin|latin-ext)-%s-normal \*/\s*@font-face\s*{[^}]*}" % weight, css):
        block = re.sub(r",\s*url\([^)]*\.woff\)\s*format\('woff'\)", "", block)
        blocks.append(block)
open(dest, "w", encoding="utf-8").write("\n".join(blocks) + "\n")
PY
cp node_modules/htmx.org/dist/htmx.min.js "$out"/htmx/
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$out"/leaflet/
cp -r node_modules/leaflet/dist/images "$out"/leaflet/
cp node_modules/chart.js/dist/chart.umd.min.js "$out"/chartjs/
cp node_modules/axe-core/axe.min.js "$out"/axe/
