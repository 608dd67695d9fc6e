#!/usr/bin/env bash
# Runs every test of ServiceIndex from a fresh clone: installs what the tests need (the Azurite
# storage emulator from tools/azurite, Debian's Chromium for the dashboard test), builds, tests.
# .ci/run calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
command -v node >/dev/null || { echo "error: Node.js 20 (node, npm) is required for the Azurite emulator" >&2; exit 1; }

./tools/install.sh tests

results="$(mktemp -d)"
status=0
dotnet test ServiceIndex.sln --nologo -v minimal --logger "trx;LogFilePrefix=run" --results-directory "$results" "$@" || status=$?

# One closing line for people and CI alike: the totals over every test project.
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is not None:
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
        skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
