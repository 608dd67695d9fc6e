#!/usr/bin/env bash
# Runs ServiceIndex on its embedded defaults from a fresh clone. Installs what it needs
# (the pinned tools under tools/), builds the host, and starts it. Arguments are passed on.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
command -v node >/dev/null || { echo "error: Node.js 20 (node, npm) is required for the Azurite emulator" >&2; exit 1; }

./tools/install.sh run
dotnet build functions/ServiceIndex.Host -c Release --nologo -v quiet -clp:NoSummary >/dev/null
host=functions/ServiceIndex.Host/bin/Release/net10.0/serviceindex.dll

# Until the local service lands, the main job is the offline scorer on a generated quarter.
mkdir -p .local
sample=.local/sample-2023-Q2.jsonl
[ -f "$sample" ] || dotnet "$host" simulate --out "$sample" --from 2023-04-01 --to 2023-06-30
exec dotnet "$host" score --input "$sample" --period 2023-Q2 --format table "$@"
