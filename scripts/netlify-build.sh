#!/usr/bin/env bash
# Netlify's build command (see netlify.toml): build the site into public/ with the release
# generator. Extra arguments go to `brightspot build` (deploy previews pass --base-url).
# --strict: a case study over the page-weight budget fails the deploy.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  echo "netlify-build: installing Rust with rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
export PATH="$HOME/.cargo/bin:$PATH"

cargo --version
exec cargo run --locked --release -- build --strict "$@"
