package io.customersync.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What must hold after every fault, read from the databases (not from the tills' answers), over
 * every customer the system has ever held: each customer row of any channel database, each customer
 * acknowledged to a till, each customer of HQ's master, links and staging is at HQ under exactly one
 * account number and in every channel database of the address book (all demo channels share one)
 * with that number and HQ's async customer number; no async customer number or account number
 * names two customers; staging agrees with the master; every customer has its address (nothing
 * half-written); every sale of a channel database is at HQ with the same total, and HQ has no sale
 * a channel does not; statements balance.
 */
final class Invariants {

    /**
     * One look: what has not arrived everywhere yet ({@code pending}: customers and sales), what names
     * one customer twice ({@code doubled}), what disagrees for good ({@code inconsistent}), with examples.
     * A customer HQ numbered that its own store has not (a sync-mode store that died between HQ's answer
     * and its own commit) is pending: the 1010 job places it there after its origin grace.
     */
    record Check(Set<UUID> pending, int doubled, int inconsistent, List<String> examples, String counts) {

        boolean holds() {
            return pending.isEmpty() && doubled == 0 && inconsistent == 0;
        }
    }

    /**
     * The outcome after a load: {@code lost} never arrived (still pending when given up), {@code slow}
     * arrived, but after the convergence deadline; {@code converge}: from the end of the load until
     * nothing was pending.
     */
    record Outcome(Check check, int lost, int slow, Duration converge, int withoutAcknowledgement) {
    }

    private final LocalSystem system;

    Invariants(LocalSystem system) {
        this.system = system;
    }

    /** Polls until nothing is pending or {@code giveUp} passes, telling apart what arrived after {@code deadline}. */
    Outcome awaitConverged(CustomerLoad.Result load, Duration deadline, Duration giveUp) throws Exception {
        long start = System.nanoTime();
        Set<UUID> pendingAtDeadline = null;
        Check check = check(load);
        while (!check.pending().isEmpty() && System.nanoTime() - start < giveUp.toNanos()) {
            if (pendingAtDeadline == null && System.nanoTime() - start >= deadline.toNanos()) {
                pendingAtDeadline = Set.copyOf(check.pending());
            }
            Thread.sleep(1000);
            check = check(load);
        }
        Duration converge = Duration.ofNanos(System.nanoTime() - start);
        Set<UUID> stillPending = check.pending();
        int slow = pendingAtDeadline == null ? 0 : (int) pendingAtDeadline.stream()
                .filter(id -> !stillPending.contains(id)).count();
        return new Outcome(check, stillPending.size(), slow, converge, withoutAcknowledgement(load));
    }

    /** Customers of this load in a channel database that no till saw acknowledged. */
    private int withoutAcknowledgement(CustomerLoad.Result load) throws Exception {
        Set<UUID> acknowledged = new HashSet<>(load.customers());
        Set<UUID> stored = new HashSet<>();
        SystemState.read(system).channels().values().forEach(rows -> rows.forEach((id, row) -> {
            if (row.lastName().equals(load.lastName())) {
                stored.add(id);
            }
        }));
        stored.removeAll(acknowledged);
        return stored.size();
    }

    Check check(CustomerLoad.Result load) throws Exception {
        SystemState state = SystemState.read(system);
        List<String> examples = new ArrayList<>();
        Set<UUID> pending = new HashSet<>();
        int doubled = 0;
        int inconsistent = 0;
        Set<UUID> everyone = new HashSet<>(load.customers());
        state.channels().values().forEach(rows -> everyone.addAll(rows.keySet()));
        everyone.addAll(state.master().keySet());
        everyone.addAll(state.links().keySet());
        everyone.addAll(state.staging().keySet());
        for (UUID id : everyone) {
            SystemState.HqCustomer master = state.master().get(id);
            String link = state.links().get(id);
            if (master != null && link != null && !master.accountNumber().equals(link)) {
                doubled += note(examples, id + " has two HQ account numbers: " + master.accountNumber() + ", " + link);
                continue;
            }
            String account = master != null ? master.accountNumber() : link;
            if (account == null) {
                pending.add(id);
                continue;
            }
            SystemState.Staged staged = state.staging().get(id);
            if (staged != null && !"SYNCED".equals(staged.status())) {
                pending.add(id);
            } else if (staged != null && !account.equals(staged.accountNumber())) {
                inconsistent += note(examples, id + ": staging says " + staged.accountNumber() + ", HQ " + account);
            }
            for (var channel : state.channels().entrySet()) {
                SystemState.ChannelRow row = channel.getValue().get(id);
                if (row == null || !"SYNCED".equals(row.status())) {
                    pending.add(id);
                } else if (!account.equals(row.accountNumber())) {
                    inconsistent += note(examples, id + " in " + channel.getKey() + " has " + row.accountNumber()
                            + ", HQ " + account);
                } else if (master != null && !master.asyncCustomerNumber().equals(row.asyncCustomerNumber())) {
                    inconsistent += note(examples, id + " in " + channel.getKey() + " is " + row.asyncCustomerNumber()
                            + ", at HQ " + master.asyncCustomerNumber());
                } else if (!row.hasAddress()) {
                    inconsistent += note(examples, id + " in " + channel.getKey() + " has no address (half-written)");
                }
            }
        }
        doubled += twice(examples, "HQ async customer number", grouped(state.master(),
                c -> c.originChannelId() + "/" + c.asyncCustomerNumber()));
        Map<String, Set<UUID>> asyncNumbers = new HashMap<>();
        for (var channel : state.channels().entrySet()) {
            channel.getValue().forEach((id, row) -> asyncNumbers.computeIfAbsent(row.asyncCustomerNumber(),
                    k -> new HashSet<>()).add(id));
            doubled += twice(examples, channel.getKey() + " account number", grouped(channel.getValue(),
                    SystemState.ChannelRow::accountNumber));
        }
        doubled += twice(examples, "channel async customer number", asyncNumbers);
        Set<UUID> sales = new HashSet<>(load.transactions());
        sales.addAll(state.channelSales().keySet());
        for (UUID sale : sales) {
            if (!state.hqSales().containsKey(sale)) {
                pending.add(sale);
            } else if (state.channelSales().containsKey(sale)
                    && state.channelSales().get(sale).compareTo(state.hqSales().get(sale)) != 0) {
                inconsistent += note(examples, "sale " + sale + " has another total at HQ");
            }
        }
        for (UUID sale : state.hqSales().keySet()) {
            if (!state.channelSales().containsKey(sale)) {
                inconsistent += note(examples, "sale " + sale + " is at HQ only");
            }
        }
        if (state.unbalancedStatements() > 0) {
            inconsistent += note(examples, state.unbalancedStatements() + " statements do not balance");
        }
        return new Check(pending, doubled, inconsistent, examples, counts(state));
    }

    /** "HQ staging / HQ master (+ linked) / each channel database" */
    private static String counts(SystemState state) {
        StringBuilder counts = new StringBuilder(String.format("%,d / %,d", state.staging().size(),
                state.master().size()));
        if (!state.links().isEmpty()) {
            counts.append(String.format(" (+%,d linked)", state.links().size()));
        }
        state.channels().values().forEach(rows -> counts.append(String.format(" / %,d", rows.size())));
        return counts.toString();
    }

    private static <T> Map<String, Set<UUID>> grouped(Map<UUID, T> rows, java.util.function.Function<T, String> key) {
        Map<String, Set<UUID>> groups = new HashMap<>();
        rows.forEach((id, row) -> {
            String value = key.apply(row);
            if (value != null) {
                groups.computeIfAbsent(value, k -> new HashSet<>()).add(id);
            }
        });
        return groups;
    }

    /** @return how many customers more than one a value names */
    private static int twice(List<String> examples, String what, Map<String, Set<UUID>> groups) {
        int extra = 0;
        for (var group : groups.entrySet()) {
            if (group.getValue().size() > 1) {
                extra += group.getValue().size() - 1;
                note(examples, what + " " + group.getKey() + " names " + group.getValue());
            }
        }
        return extra;
    }

    private static int note(List<String> examples, String example) {
        if (examples.size() < 10) {
            examples.add(example);
        }
        return 1;
    }

    long count(String database, String sql) throws Exception {
        try (var db = system.connect(database); var select = db.prepareStatement(sql); var rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
