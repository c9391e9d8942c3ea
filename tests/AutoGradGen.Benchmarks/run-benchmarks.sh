#!/usr/bin/env bash
# The side-by-side benchmark suite in one command: the generated gradients beside their functions and
# hand-written adjoints, the same objectives in PyTorch, the matmul beside OpenBLAS and PyTorch, and an
# MLP training step, the generator's own cost, plus how GMM and LSTM gradients scale; writes docs/benchmarks/ (benchmarks.md
# and scaling.md: the README's tables; gradient-ratios.png and scaling.png).
# About 16 minutes on 2 cores. Usage: tests/AutoGradGen.Benchmarks/run-benchmarks.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
quick="${1:-}"
python=/usr/bin/python3
out="docs/benchmarks"
run="$(mktemp -d)"
mkdir -p "$out"

# PyTorch and NumPy come from Debian's packages (never a dependency of the tests).
if ! "$python" -c "import torch, numpy" 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread
  else
    echo "PyTorch is missing: run  sudo apt-get install python3-torch python3-numpy libopenblas0-pthread" >&2
    exit 1
  fi
fi

{
  echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
  echo "os:      $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo ".NET:    SDK $(dotnet --version), runtime $(dotnet --list-runtimes | grep NETCore.App | tail -1 | cut -d' ' -f2)"
  echo "python:  $("$python" -c 'import sys, torch, numpy; print(sys.version.split()[0], "· torch", torch.__version__, "· numpy", numpy.__version__)')"
  echo "command: tests/AutoGradGen.Benchmarks/run-benchmarks.sh $quick"
} > "$run/machine.txt"
cat "$run/machine.txt"

dotnet build-server shutdown >/dev/null 2>&1 || true
filter='*'
[ "$quick" = "--quick" ] && filter='*LogSumExp*'
dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- --filter "$filter" --artifacts "$run/bdn"
if [ "$quick" = "--quick" ]; then
  "$python" tests/AutoGradGen.Benchmarks/python/bench_torch.py --quick --output "$run/torch.json"
  echo "Quick run: BenchmarkDotNet results in $run/bdn, PyTorch in $run/torch.json (no report)."
  exit 0
fi
"$python" tests/AutoGradGen.Benchmarks/python/bench_torch.py --mlp-layers 784,256,256,10 --mlp-batch 128 --output "$run/torch.json"
# The generator's own cost: 1/50/200 methods from scratch, and re-runs after edits (about 10 minutes).
dotnet run -c Release --project tests/AutoGradGen.Generators.Benchmarks -- --filter '*' --artifacts "$run/generator"
dotnet run -c Release --no-build --project tests/AutoGradGen.Benchmarks -- scaling "$out"
dotnet run -c Release --no-build --project tests/AutoGradGen.Benchmarks -- report "$run/bdn/results" "$run/torch.json" "$run/machine.txt" "$out" "$run/generator/results"
cp "$run/torch.json" "$run/machine.txt" "$out"/
echo "Report: $out/benchmarks.md and $out/scaling.md, charts: $out/gradient-ratios.png and $out/scaling.png"
