# shellcheck shell=bash
# Sourced by ./zenith, scripts/test and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Order: JAVA_HOME if it is one; else the newest JDK >= 21 among the usual install places;
# else the JDK of the java on PATH if it is >= 21.

zenith_jdk_major() {
  # Prints the major version of the JDK at $1, or nothing if it is not a JDK.
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
  fi
  v="${v#1.}"
  echo "${v%%[.+-]*}"
}

zenith_find_jdk() {
  local min=21 best="" best_major=0 candidate major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(zenith_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    major=$(zenith_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(zenith_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      best="$candidate"
    fi
  fi
  if [ -z "$best" ]; then
    echo "zenith: no JDK $min or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt, ~/.sdkman)." >&2
    echo "zenith: install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

zenith_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
