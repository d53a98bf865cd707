#!/usr/bin/env bash
# Refreshes the README's screenshots on purpose: runs the browser tests (which write artifacts/screenshots/, ignored by
# git) and copies every screenshot they wrote into docs/screenshots/. Review `git diff --stat docs/screenshots` and commit.
#
#   scripts/refresh-screenshots.sh            # the browser tests, then copy
#   scripts/refresh-screenshots.sh --copy     # copy what the last test run wrote, without running the tests again
set -euo pipefail
cd "$(dirname "$0")/.."
shots=artifacts/screenshots
if [[ "${1:-}" != --copy ]]; then
    rm -rf "$shots"
    ./test.sh --filter "FullyQualifiedName~AssessmentEngine.Web.Tests.Pages"
fi
compgen -G "$shots/*.png" > /dev/null || { echo "no screenshots in $shots: run the browser tests first" >&2; exit 1; }
mkdir -p docs/screenshots
cp "$shots"/*.png docs/screenshots/
echo "copied $(ls "$shots"/*.png | wc -l) screenshots from $shots to docs/screenshots"
git status --short docs/screenshots
