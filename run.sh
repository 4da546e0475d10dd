#!/usr/bin/env bash
# Starts the whole system locally: embedded PostgreSQL, a KRaft Kafka broker, hq-service,
# distribution-service and two channel-services (HOUSTON, ONLINE). ./run.sh --help says more.
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  -h|--help)
    if [[ -f system-tests/target/system-launcher.jar ]]; then
      exec java -jar system-tests/target/system-launcher.jar --help
    fi
    cat <<'HELP'
./run.sh [--no-build]   build (unless --no-build) and start the whole system locally
                        (PostgreSQL :15432, Kafka :9092, hq :8090, distribution :8095,
                        channel HOUSTON :8081, channel ONLINE :8082); Ctrl-C stops it all.
./run.sh --help         this text
HELP
    exit 0 ;;
esac

if [[ "${1:-}" != "--no-build" ]]; then
  echo "Building (./mvnw -DskipTests package) ..."
  ./mvnw -B -q -DskipTests package
fi
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar system-tests/target/system-launcher.jar "$@"
