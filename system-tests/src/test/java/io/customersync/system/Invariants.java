package io.customersync.system;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What must hold after every fault: every acknowledged customer is at HQ with exactly one account
 * number, which no other customer has; its channel database and every other channel database of
 * the address book show that same account number; every acknowledged sale is at HQ once;
 * statements balance. {@link #awaitConverged} waits for it and says how long it took.
 */
final class Invariants {

    /** The state of the acknowledged customers: how many are lost (not everywhere yet) and doubled. */
    record Check(int lost, int doubled, int missingTransactions, int unbalancedStatements) {

        boolean holds() {
            return lost == 0 && doubled == 0 && missingTransactions == 0 && unbalancedStatements == 0;
        }
    }

    private final LocalSystem system;

    Invariants(LocalSystem system) {
        this.system = system;
    }

    /** Polls until the invariants hold or the timeout passes; returns the last check and the time taken. */
    Map.Entry<Check, Duration> awaitConverged(CustomerLoad.Result load, Duration timeout) throws Exception {
        long start = System.nanoTime();
        Check check = check(load);
        while (!check.holds() && System.nanoTime() - start < timeout.toNanos()) {
            Thread.sleep(500);
            check = check(load);
        }
        return Map.entry(check, Duration.ofNanos(System.nanoTime() - start));
    }

    Check check(CustomerLoad.Result load) throws Exception {
        Map<UUID, String> atHq = accountNumbers("hq", "select customer_id, account_number from customer where customer_id = any(?)",
                load.customers());
        int lost = 0;
        Map<String, String> channelDatabases = Map.of("HOUSTON", "channel_houston", "ONLINE", "channel_online");
        Map<String, Map<UUID, String>> inChannels = new HashMap<>();
        for (var channel : channelDatabases.entrySet()) {
            inChannels.put(channel.getKey(), accountNumbers(channel.getValue(),
                    "select id, account_number from customer where status = 'SYNCED' and id = any(?)", load.customers()));
        }
        for (UUID customer : load.customers()) {
            String account = atHq.get(customer);
            boolean everywhere = account != null && inChannels.values().stream()
                    .allMatch(accounts -> Objects.equals(account, accounts.get(customer)));
            if (!everywhere) {
                lost++;
            }
        }
        long doubled = count("hq", "select count(*) from (select account_number from customer group by account_number "
                + "having count(*) > 1) d") + count("hq", "select count(*) from (select customer_id from customer "
                + "group by customer_id having count(*) > 1) d");
        for (String database : channelDatabases.values()) {
            doubled += count(database, "select count(*) from (select account_number from customer where account_number "
                    + "is not null group by account_number having count(*) > 1) d");
        }
        int transactions = load.transactions().isEmpty() ? 0 : (int) countIn("hq",
                "select count(*) from channel_transaction where transaction_id = any(?)", load.transactions());
        long unbalanced = count("hq", """
                select count(*) from statement s
                where s.transaction_count <> (select count(*) from channel_transaction t where t.statement_id = s.id)
                   or exists (select 1 from (select trim(currency) currency, sum(total) total from channel_transaction t
                                             where t.statement_id = s.id group by trim(currency)) x
                              where (s.totals ->> x.currency)::numeric <> x.total)""");
        return new Check(lost, (int) doubled, load.transactions().size() - transactions, (int) unbalanced);
    }

    private Map<UUID, String> accountNumbers(String database, String sql, List<UUID> ids) throws Exception {
        try (Connection db = system.connect(database); PreparedStatement select = db.prepareStatement(sql)) {
            Array array = db.createArrayOf("uuid", ids.toArray());
            select.setArray(1, array);
            Map<UUID, String> found = new HashMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            return found;
        }
    }

    long count(String database, String sql) throws Exception {
        try (Connection db = system.connect(database); PreparedStatement select = db.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long countIn(String database, String sql, List<UUID> ids) throws Exception {
        try (Connection db = system.connect(database); PreparedStatement select = db.prepareStatement(sql)) {
            select.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
