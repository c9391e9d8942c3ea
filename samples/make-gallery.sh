#!/usr/bin/env bash
# Regenerates the README's gallery: runs every sample in full and copies its PNGs to docs/gallery/.
# About 4 minutes on 2 cores. Usage: samples/make-gallery.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
gallery="docs/gallery"
mkdir -p "$gallery"

dotnet build -c Release samples/Mnist/Mnist.csproj -v q -nologo
dotnet build -c Release samples/OptimizerPaths/OptimizerPaths.csproj -v q -nologo

run() { echo "== $*"; "$@"; }
run dotnet run -c Release --no-build --project samples/Mnist -- --output "$out/mnist"
for experiment in optimizers init batchnorm overfit; do
  run dotnet run -c Release --no-build --project samples/Mnist -- "$experiment" --output "$out/mnist"
done
run dotnet run -c Release --no-build --project samples/OptimizerPaths -- --output "$out/paths"

cp "$out"/mnist/*.png "$out"/paths/*.png "$gallery"/
cp "$out"/paths/optimizer-paths.csv "$gallery"/
echo "Gallery written to $gallery"
ls -l "$gallery"
