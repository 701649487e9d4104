#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages pushy's tests run against, when they are missing, or stops
# at once with one line saying what to install. The tests never skip for want of them.
#   goiardi                  a real Chef server (Go) that verifies pushy's signed requests
#   ruby, ruby-chef-config   knife's own config loader, to compare config.rb parsing with
#   tinyproxy                an HTTP proxy for the proxy tests
#   libxml2-utils            xmllint, to validate JUnit XML output
# As root it uses apt-get (after apt-get update); otherwise sudo, which must not need a password
# when there is no terminal to type one in (CI).
set -euo pipefail

missing=()
find_missing() {
  missing=()
  command -v goiardi >/dev/null 2>&1 || missing+=(goiardi)
  command -v ruby >/dev/null 2>&1 || missing+=(ruby)
  ruby -e 'require "chef-config/config"' >/dev/null 2>&1 || missing+=(ruby-chef-config)
  command -v tinyproxy >/dev/null 2>&1 || missing+=(tinyproxy)
  command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
}

stop() {
  echo "scripts/test-deps.sh: the tests need the Debian/Ubuntu packages ${missing[*]}: $1" >&2
  exit 1
}

find_missing
[ ${#missing[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null 2>&1 || stop "this system has no apt-get; install them (or their equivalents) by hand"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif ! command -v sudo >/dev/null 2>&1; then
  stop "run 'apt-get install ${missing[*]}' as root"
elif [ -t 0 ]; then
  as_root=(sudo)
else
  as_root=(sudo -n) # no terminal to type a password in: fail at once rather than hang
fi

echo "scripts/test-deps.sh: installing ${missing[*]}" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || stop "apt-get update failed"
packages=()
for package in "${missing[@]}"; do
  # tinyproxy-bin, where the archive has it, is the program alone: no daemon started at install
  if [ "$package" = tinyproxy ] && apt-cache show tinyproxy-bin >/dev/null 2>&1; then package=tinyproxy-bin; fi
  packages+=("$package")
done
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null ||
  stop "apt-get install ${packages[*]} failed"

# installed is not enough: each one must work now
find_missing
[ ${#missing[@]} -eq 0 ] || stop "still missing after apt-get install"
