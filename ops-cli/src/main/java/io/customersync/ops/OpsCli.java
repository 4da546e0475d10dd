package io.customersync.ops;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code ./run.sh watch ...} and {@code ./run.sh replay ...}: what ops would otherwise do with kcat. */
public final class OpsCli {

    static final String HELP = """
            ./run.sh watch [options]    tail every topic of the pipeline in readable form (Ctrl-C stops)
                --bootstrap HOST:PORT   the broker (default localhost:9092, or $KAFKA_BOOTSTRAP_SERVERS)
                --channel ID            only events of this channel (e.g. HOUSTON)
                --type TEXT             only events whose type contains TEXT (e.g. created, synchronized)
                --customer UUID         only events of this customer
                --from-beginning        from the start of each topic (default: new events only)
                --dead-letters-only     only the dead-letter topics
                --seconds N             stop after N seconds (default: until Ctrl-C)
            ./run.sh replay --topic TOPIC.dlt --partition P --offset O [--value-file FILE] [--bootstrap HOST:PORT]
                                        send a dead letter back to the topic it came from, with its key and
                                        event headers (same ce_id), after the cause was fixed; --value-file
                                        replaces the body with a corrected one
            """;

    private OpsCli() {
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("org.apache.kafka").setLevel(Level.SEVERE); // a broker that is not there yet would flood the screen
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code: 0 done, 2 wrong arguments, 1 failed */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(HELP);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help")) {
            out.print(HELP);
            return 0;
        }
        try {
            switch (args[0]) {
                case "watch" -> {
                    Arguments arguments = Arguments.parse(rest);
                    long until = arguments.get("--seconds").map(Long::parseLong)
                            .map(seconds -> System.nanoTime() + seconds * 1_000_000_000L).orElse(Long.MAX_VALUE);
                    if (!TopicWatch.fromArguments(arguments).run(out, err, () -> System.nanoTime() - until > 0)) {
                        return 1;
                    }
                }
                case "replay" -> DeadLetterReplay.fromArguments(Arguments.parse(rest)).run(out);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
            return 0;
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        }
    }
}
