# Sourced by bin/samos and .ci/run: finds a JDK 25 and exports JAVA_HOME and PATH for it.
# Order: JAVA_HOME if it is a JDK 25, else the `java` on the PATH if it is 25, else the newest /usr/lib/jvm/*25*.
is_jdk25() { [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | head -n 1 | grep -q '"25'; }

use_jdk25() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then
    :
  else
    JAVA_HOME=""
    if command -v javac >/dev/null 2>&1; then
      candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
      if is_jdk25 "$candidate"; then JAVA_HOME="$candidate"; fi
    fi
    if [ -z "$JAVA_HOME" ]; then
      for candidate in $(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -V -r); do
        if is_jdk25 "$candidate"; then JAVA_HOME="$candidate"; break; fi
      done
    fi
    if [ -z "$JAVA_HOME" ]; then
      echo "No JDK 25 found: set JAVA_HOME to a JDK 25, e.g. export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64" \
        "(looked at JAVA_HOME, the java on the PATH and /usr/lib/jvm)." >&2
      return 1
    fi
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}
