#!/usr/bin/env bash
# Smoke test of the built package, run by .ci/run after pytest.
#
# Builds the wheel, installs it into a fresh virtualenv outside the repository
# and runs `storyline run` on a small folder of our own Croatian and English
# texts, then `storyline eval --sets own` on the gold shipped in the package.
# Fails on any error, and when `storyline` is imported from anywhere but the
# virtualenv (so a data file missing from the wheel cannot hide behind the
# source tree). The virtualenv sees the system's site-packages so that the
# dependencies are not downloaded again; storyline itself comes from the wheel.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" -m pip wheel "$root" --no-deps -q -w "$work/dist"
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install -q --no-deps --force-reinstall "$work"/dist/storyline-*.whl

cd "$work"  # nowhere near the source tree
"$work/venv/bin/python" - "$work/venv" <<'EOF'
import sys
from pathlib import Path

import storyline

where = Path(storyline.__file__).resolve()
venv = Path(sys.argv[1]).resolve()
if venv not in where.parents:
    sys.exit(f"wheel smoke: storyline imported from {where}, not from the wheel installed in {venv}")
print(f"wheel smoke: storyline from {where.parent}")
EOF

mkdir -p in
cat > in/poplava.txt <<'EOF'
Rijeka se izlila kod Slavonskog Broda

Voda je u utorak ujutro poplavila tridesetak kuća u naselju uz nasip, javila je policija.
„Nasip smo pojačali vrećama pijeska, ali razina rijeke i dalje raste”, rekao je zapovjednik vatrogasaca Tomislav Barić.
Oko 120 ljudi evakuirano je u školu, a župan je najavio pomoć u četvrtak.
EOF
cat > in/council.txt <<'EOF'
Council approves new bridge over the river

The city council voted on Monday to build a second bridge, ending a debate that lasted two years.
"Traffic on the old bridge has doubled since 2015," said the mayor, Helen Ward.
About 40 residents protested outside the town hall, police said.
EOF
# Serbian in Cyrillic and Bosnian: the trained hbs model, transliteration and nominatives from the wheel.
cat > in/most.txt <<'EOF'
Нови мост у Крагујевцу биће отворен у мају

Градоначелник Крагујевца Милан Јовановић рекао је у понедељак да ће радови на новом мосту бити завршени до краја априла.
„Мост ће растеретити саобраћај у центру града”, рекао је Јовановић новинарима.
Град је за радове издвојио око 300 милиона динара, саопштило је Министарство грађевинарства.
EOF
cat > in/skola.txt <<'EOF'
Nova škola u Tuzli otvorena za učenike

Načelnik općine Tuzla Edin Hodžić otvorio je u utorak novu osnovnu školu u naselju Slavinovići.
„Ovo je najveća investicija u obrazovanje u posljednjih deset godina”, kazao je Hodžić.
Školu će pohađati oko 400 učenika, saopćeno je iz Ministarstva obrazovanja Tuzlanskog kantona.
EOF
# The same Croatian text saved as cp1250, as older editors do.
"$work/venv/bin/python" -c "import pathlib; p = pathlib.Path('in/poplava.txt'); pathlib.Path('in/poplava-cp1250.txt').write_bytes(p.read_text(encoding='utf-8').replace('utorak', 'srijedu').encode('cp1250'))"

"$work/venv/bin/storyline" run in --db smoke.db --out out --quiet
"$work/venv/bin/python" - <<'EOF'
import json
import sys

brief = json.load(open("out/brief.json", encoding="utf-8"))
text = json.dumps(brief, ensure_ascii=False)
for needle in ("Barić", "Helen Ward", "Milan Jovanović", "Kragujevac", "Edin Hodžić"):
    if needle not in text:
        sys.exit(f"wheel smoke: {needle!r} missing from the brief")
languages = {d["id"]: d["language"] for d in brief["documents"]}
for doc, language in (("most", "sr"), ("skola", "bs"), ("poplava", "hr"), ("council", "en")):
    if languages.get(doc) != language:
        sys.exit(f"wheel smoke: {doc} read as {languages.get(doc)!r}, not {language!r}")
print("wheel smoke: storyline run wrote a brief with the hr, sr (Cyrillic), bs and en articles")
EOF

"$work/venv/bin/storyline" eval --sets own --json > eval.json
"$work/venv/bin/python" - <<'EOF'
import json
import sys

results = json.load(open("eval.json", encoding="utf-8"))
if not results:
    sys.exit("wheel smoke: storyline eval --sets own returned nothing")
for r in results:
    if "skipped" in r:
        print(f"wheel smoke: {r['set']} skipped: {r['skipped']}")
    elif "entities" not in r:
        sys.exit(f"wheel smoke: unexpected eval result {r}")
    else:
        print(f"wheel smoke: eval {r['set']}: entities {r['entities']}")
EOF
echo "wheel smoke: ok"
