package io.customersync.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.customersync.testsupport.FreePorts;

/**
 * {@code ./run.sh}: starts PostgreSQL, Kafka and every service on this machine, each a process of
 * its own, prints where they are, their process ids and the demo keys, and stops everything on
 * Ctrl-C (or SIGTERM). Data stays under {@code .run/} for the next start.
 */
public final class SystemLauncher {

    private static final String HELP = """
            ./run.sh [--no-build]   build (unless --no-build) and start the whole system locally:
              PostgreSQL  localhost:15432  (embedded, data kept in .run/postgres)
              Kafka       localhost:9092   (single-node KRaft broker, its own process: Kafka's kafka.Kafka,
                                            data kept in .run/kafka, settings in .run/kafka-config)
              hq-service            http://localhost:8090
              distribution-service  http://localhost:8095
              channel-service HOUSTON (a store)         http://localhost:8081
              channel-service ONLINE  (the online store) http://localhost:8082
            Logs go to .run/logs/ (the broker's: .run/logs/kafka.log). The process ids are printed at the
            start: kill -9 <pid> stops one process alone (the launcher and the others go on; the broker
            comes back with the next ./run.sh). Ctrl-C stops everything; the next start reuses the data.
            A launcher killed itself (kill -9) leaves the others running: the next ./run.sh stops them first
            (those written down in .run/processes that still run) and says so.
            ./run.sh watch [...]    tail the pipeline's topics in readable form (./run.sh watch --help)
            ./run.sh replay [...]   send a dead letter back to its topic after the cause was fixed
            ./run.sh --help         this text
            """;

    private SystemLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(HELP);
            return;
        }
        Path root = Path.of("").toAbsolutePath();
        Path data = root.resolve(".run");
        LeftBehind leftBehind = LeftBehind.takeOver(data.resolve("processes"), "./run.sh");
        SystemLayout layout = SystemLayout.standard();
        for (Map.Entry<Integer, String> port : layout.ports().entrySet()) {
            if (!FreePorts.isFree(port.getKey())) {
                System.err.printf("Port %d (for %s) is already in use. Stop whatever uses it and start again.%n",
                        port.getKey(), port.getValue());
                System.exit(1);
            }
        }
        System.out.println("Starting PostgreSQL, Kafka and the services (logs in .run/logs/) ...");
        LocalSystem system = LocalSystem.start(layout, new LocalSystem.Options(root, data, data.resolve("logs"),
                SystemLayout.SERVICE_JVM_OPTIONS, Duration.ofMinutes(2), Duration.ofSeconds(15)));
        leftBehind.writeDown(system);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        ProcessHandle.of(system.kafkaPid()).ifPresent(broker -> broker.onExit().thenRun(() -> {
            if (!stopping.get()) {
                System.err.printf("%nThe Kafka broker (pid %d) has exited; see %s. The services wait for it and go on "
                        + "when it is back: stop with Ctrl-C and start ./run.sh again.%n", broker.pid(), system.kafkaLog());
            }
        }));
        // any service that exits is told too, not the broker only (found by probing: a killed HQ went unnoticed)
        for (ServiceProcess service : system.services()) {
            ProcessHandle.of(service.pid()).ifPresent(process -> process.onExit().thenRun(() -> {
                if (!stopping.get()) {
                    System.err.printf("%n%s (pid %d) has exited; see %s. The other parts go on without it: stop with "
                            + "Ctrl-C and start ./run.sh again.%n", service.name(), process.pid(), root.relativize(service.log()));
                }
            }));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("\nStopping ...");
            try {
                system.close();
                leftBehind.forget();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "local-system-shutdown"));
        System.out.print(banner(layout));
        System.out.print(processes(system, root, data));
        stopped.await();
    }

    /** Each process with its id and log, for ops who want to stop or kill one alone. */
    private static String processes(LocalSystem system, Path root, Path data) {
        StringBuilder text = new StringBuilder("Processes (kill -9 <pid> stops one alone):\n");
        String postgresPid = "?";
        try {
            postgresPid = Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException unknown) {
            // the pid file is PostgreSQL's; its pid is only shown when it is there
        }
        text.append(String.format("  %-28s pid %-8s data %s%n", "PostgreSQL", postgresPid, root.relativize(data.resolve("postgres"))));
        text.append(String.format("  %-28s pid %-8d %s%n", "Kafka broker", system.kafkaPid(), root.relativize(system.kafkaLog())));
        for (ServiceProcess service : system.services()) {
            text.append(String.format("  %-28s pid %-8d %s%n", service.name(), service.pid(), root.relativize(service.log())));
        }
        return text.append("\nCtrl-C stops everything.\n").toString();
    }

    private static String banner(SystemLayout layout) {
        StringBuilder text = new StringBuilder("\nCustomer sync is running.\n\n");
        for (SystemLayout.Channel channel : SystemLayout.CHANNELS) {
            text.append(String.format("  channel-service %-8s http://localhost:%d  %-12s key %s (%s), creates %s%n",
                    channel.id(), layout.channelPorts().get(channel.id()), channel.kind(), channel.demoKey(),
                    channel.role(), channel.creationMode()));
        }
        text.append(String.format("  hq-service                          http://localhost:%d%n", layout.hqPort()));
        text.append(String.format("  distribution-service                http://localhost:%d%n", layout.distributionPort()));
        text.append(String.format("  ops key: %s    Kafka: localhost:%d    PostgreSQL: localhost:%d (postgres/postgres)%n",
                SystemLayout.OPS_KEY, layout.kafkaPort(), layout.postgresPort()));
        text.append(String.format("""

                Try it:
                  curl -s -X POST http://localhost:%d/api/v1/customers \\
                    -H 'Authorization: Bearer demo-pos-houston' -H 'Content-Type: application/json' \\
                    -d '{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}'
                  curl -s http://localhost:%d/api/v1/customers/<customerId> -H 'Authorization: Bearer demo-pos-houston'

                """, layout.channelPorts().get("HOUSTON"), layout.channelPorts().get("HOUSTON")));
        return text.toString();
    }
}
