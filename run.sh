#!/usr/bin/env bash
# Starts the whole system locally, each part a process of its own: embedded PostgreSQL, a KRaft
# Kafka broker (Kafka's own kafka.Kafka), hq-service, distribution-service and two channel-services
# (HOUSTON, ONLINE). It prints their process ids; logs in .run/logs/. ./run.sh --help says more.
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  watch|replay)
    if [[ ! -f ops-cli/target/customersync-ops.jar ]]; then
      echo "Building ops-cli ..." >&2
      ./mvnw -B -q -DskipTests package -pl ops-cli -am >&2
    fi
    exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar ops-cli/target/customersync-ops.jar "$@" ;;
  -h|--help)
    if [[ -f system-tests/target/system-launcher.jar ]]; then
      exec java -jar system-tests/target/system-launcher.jar --help
    fi
    cat <<'HELP'
./run.sh [--no-build]   build (unless --no-build) and start the whole system locally
                        (PostgreSQL :15432, Kafka :9092, hq :8090, distribution :8095,
                        channel HOUSTON :8081, channel ONLINE :8082), each a process of its
                        own (pids printed at the start, logs in .run/logs/, the broker's in
                        .run/logs/kafka.log); Ctrl-C stops it all.
./run.sh watch [...]    tail the pipeline's topics (./run.sh watch --help)
./run.sh replay [...]   send a dead letter back to its topic
./run.sh --help         this text
HELP
    exit 0 ;;
esac

if [[ "${1:-}" != "--no-build" ]]; then
  echo "Building (./mvnw -DskipTests package) ..."
  ./mvnw -B -q -DskipTests package
fi
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar system-tests/target/system-launcher.jar "$@"
