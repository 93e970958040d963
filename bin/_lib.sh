# shellcheck shell=bash
# Shared helpers for the Steward launchers; sourced, never run. Build-on-demand and Java discovery.

STEWARD_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP_DIR=$STEWARD_HOME/target/quarkus-app

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# The java executable: $JAVA_HOME/bin/java when set, else java on the PATH. Fails unless it is Java 17 or newer.
find_java() {
    local java=java major
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        java=$JAVA_HOME/bin/java
    fi
    command -v "$java" >/dev/null 2>&1 ||
        die "Java 17 or newer is required but 'java' was not found (install openjdk-17-jre-headless or set JAVA_HOME)"
    major=$("$java" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\)\(\.[0-9]*\)*.*/\1/p' | head -n 1)
    [[ $major == 1 ]] && major=8
    [[ -n $major && $major -ge 17 ]] ||
        die "Java 17 or newer is required; '$java' is version ${major:-unknown} (set JAVA_HOME to a newer JDK)"
    echo "$java"
}

# True when target/quarkus-app is missing or older than pom.xml or any file under src/main.
app_is_stale() {
    local runner=$APP_DIR/quarkus-run.jar
    [[ -f $runner ]] || return 0
    [[ -n $(find "$STEWARD_HOME/pom.xml" "$STEWARD_HOME/src/main" -type f -newer "$runner" -print -quit 2>/dev/null) ]]
}

# Builds target/quarkus-app when stale: offline first (dependencies already in ~/.m2), then online.
ensure_built() {
    app_is_stale || return 0
    echo "Building Steward (target/quarkus-app is missing or older than the sources) ..." >&2
    (
        cd "$STEWARD_HOME" || exit 1
        ./mvnw -B -q -o package -DskipTests >&2 ||
            { echo "Offline build failed; retrying online ..." >&2 && ./mvnw -B -q package -DskipTests >&2; }
    ) || die "the build failed; run './mvnw package -DskipTests' in $STEWARD_HOME to see why"
    [[ -f $APP_DIR/quarkus-run.jar ]] || die "the build did not produce $APP_DIR/quarkus-run.jar"
}
