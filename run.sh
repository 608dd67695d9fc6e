#!/usr/bin/env bash
# Runs ServiceIndex on its embedded defaults from a fresh clone: installs what it needs (the pinned
# Azurite under tools/), builds the host, and starts `serviceindex run` — Azurite, the bundled
# procedure-system simulator, the pipeline, the API and the dashboard on http://localhost:5080.
# Arguments are passed on as configuration, e.g. ./run.sh --Feed:BaseUrl=https://… --Feed:ApiKey=…
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
command -v node >/dev/null || { echo "error: Node.js 20 (node, npm) is required for the Azurite emulator" >&2; exit 1; }

./tools/install.sh run
echo "• building the host…"
dotnet build functions/ServiceIndex.Host -c Release --nologo -v quiet -clp:NoSummary >/dev/null
exec dotnet functions/ServiceIndex.Host/bin/Release/net10.0/serviceindex.dll run "$@"
