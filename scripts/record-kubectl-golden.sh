#!/bin/sh
# Re-record the golden outputs of the real kubectl that the unit tests compare
# against (tests/unit/kubectl/golden/). Only client-side commands run without
# a server: `create … --dry-run=client` cases listed in create-cases.json,
# version --client, and config on a kubeconfig shaped like the sandbox's.
# Usage: KUBECTL=/path/to/kubectl scripts/record-kubectl-golden.sh
set -eu
KUBECTL=${KUBECTL:-/tmp/kc/layer/kubectl/kubectl}
OUT=$(cd "$(dirname "$0")/../tests/unit/kubectl/golden" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export KUBECONFIG="$TMP/none"

# create generators: each case runs in a directory holding the listed input
# files; `.err` cases keep stderr, the others stdout. Some generators (role,
# clusterrole, run) ask the server for API discovery: without one reachable,
# their recorded files are kept rather than overwritten with a connection error.
KUBECTL="$KUBECTL" OUT="$OUT" WORK="$TMP/work" node --input-type=module -e '
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
const { KUBECTL, OUT, WORK } = process.env;
const spec = JSON.parse(readFileSync(join(OUT, "create-cases.json"), "utf8"));
for (const [path, text] of Object.entries(spec.files)) {
  mkdirSync(dirname(join(WORK, path)), { recursive: true });
  writeFileSync(join(WORK, path), text);
}
for (const c of spec.cases) {
  const r = spawnSync(KUBECTL, c.args, { cwd: WORK, encoding: "utf8" });
  if (/The connection to the server .* was refused/.test(r.stderr)) { console.error(`kept ${c.name}: needs a server`); continue; }
  writeFileSync(join(OUT, `create-${c.name}.${c.ext}`), c.ext === "err" ? r.stderr : r.stdout);
}
'

# version (K1): no kubeconfig, so nothing reaches for a server.
k() { "$KUBECTL" "$@" 2>&1 || true; }
k version --client > "$OUT/version-client.txt"
k version --client -o yaml > "$OUT/version-client.yaml"
k version --client -o json > "$OUT/version-client.json"
k version -o foo > "$OUT/version-bad-output.txt"

# config (K1).
cat > "$TMP/config" <<'YAML'
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTg==
    server: https://10.140.0.10:6443
  name: podsphere
contexts:
- context:
    cluster: podsphere
    namespace: default
    user: podsphere-admin
  name: podsphere
current-context: podsphere
users:
- name: podsphere-admin
  user:
    client-certificate-data: LS0tLS1CRUdJTg==
    client-key-data: LS0tLS1CRUdJTg==
YAML
export KUBECONFIG="$TMP/config"
k config view > "$OUT/config-view.yaml"
k config view -o json > "$OUT/config-view.json"
k config get-contexts > "$OUT/config-get-contexts.txt"
k config current-context > "$OUT/config-current-context.txt"
k config get-clusters > "$OUT/config-get-clusters.txt"
k config get-users > "$OUT/config-get-users.txt"
k config use-context nope > "$OUT/config-use-context-missing.txt"
k config set-context --current --namespace=web > "$OUT/config-set-context.txt"
k config get-contexts > "$OUT/config-get-contexts-web.txt"

# describe (K2): the errors kubectl gives before it needs a server.
k describe > "$OUT/describe-no-type.err"
k describe --show-events=maybe pods > "$OUT/describe-bad-show-events.err"
k describe --chunk-size=x pods > "$OUT/describe-bad-chunk-size.err"

# logs, exec, top, port-forward, explain (K4): argument errors, checked before any server call.
export KUBECONFIG="$TMP/none"
k logs > "$OUT/logs-no-args.err"
k logs a b c > "$OUT/logs-too-many-args.err"
k logs -l app=web web > "$OUT/logs-selector-and-name.err"
k exec web ls > "$OUT/exec-without-dash.err"
k exec -- ls > "$OUT/exec-no-pod.err"
k exec web > "$OUT/exec-no-command.err"
k top pod a b > "$OUT/top-pod-usage.err"
k top node a b > "$OUT/top-node-usage.err"
k top pods --sort-by=name > "$OUT/top-sort-by.err"
k port-forward web > "$OUT/portforward-no-ports.err"
k explain > "$OUT/explain-no-type.err"
