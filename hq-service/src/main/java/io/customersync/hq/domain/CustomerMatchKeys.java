package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The table {@code customer_match_key}: for each customer of the master, the keys of its contact
 * values and of its match rules ({@link MatchRules}). Every lookup reads at most a fixed number of
 * index entries per key, however many customers share a value.
 */
@ApplicationScoped
public class CustomerMatchKeys {

    /** Who holds a key: how many customers (counted up to a limit), and the first account number. */
    public record Holders(int customers, String firstAccount) {
        static final Holders NONE = new Holders(0, null);
    }

    /**
     * Per key: for a contact value, its customers counted up to the limit (index entries read: at
     * most the limit); for a rule key, the lowest account number holding it (one index entry).
     */
    public static final String LOOKUP = """
            select k.key,
                   case when k.counted then (select count(*) from (select 1 from customer_match_key m
                                                                   where m.match_key = k.key limit ?) as holders) end,
                   case when not k.counted then (select m.account_number from customer_match_key m
                                                 where m.match_key = k.key order by m.account_number limit 1) end
            from unnest(?::uuid[], ?::boolean[]) as k(key, counted)""";

    private final HqDatabase database;

    public CustomerMatchKeys(HqDatabase database) {
        this.database = database;
    }

    /**
     * @param counted  contact value keys: how many customers hold each (up to {@code countUpTo})
     * @param matched  rule keys: the first account holding each
     */
    public Map<UUID, Holders> lookup(Connection db, Collection<UUID> counted, Collection<UUID> matched, int countUpTo)
            throws SQLException {
        Map<UUID, Holders> holders = new HashMap<>();
        if (counted.isEmpty() && matched.isEmpty()) {
            return holders;
        }
        List<UUID> keys = new ArrayList<>(counted);
        keys.addAll(matched);
        Boolean[] isCounted = new Boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            isCounted[i] = i < counted.size();
        }
        try (PreparedStatement select = db.prepareStatement(LOOKUP)) {
            select.setInt(1, countUpTo);
            select.setArray(2, db.createArrayOf("uuid", keys.toArray()));
            select.setArray(3, db.createArrayOf("boolean", isCounted));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    holders.put(rs.getObject(1, UUID.class), new Holders(rs.getInt(2), rs.getString(3)));
                }
            }
        }
        return holders;
    }

    public static Holders of(Map<UUID, Holders> holders, UUID key) {
        return holders.getOrDefault(key, Holders.NONE);
    }

    /** Remembers each account's keys (an account's keys already there are kept). */
    public void add(Connection db, List<String> accountNumbers, List<MatchRules.Keys> keys) throws SQLException {
        List<UUID> matchKeys = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            for (UUID key : keys.get(i).all()) {
                matchKeys.add(key);
                owners.add(accountNumbers.get(i));
            }
        }
        if (matchKeys.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement("""
                insert into customer_match_key (match_key, account_number)
                select * from unnest(?::uuid[], ?::text[]) on conflict do nothing""")) {
            insert.setArray(1, db.createArrayOf("uuid", matchKeys.toArray()));
            insert.setArray(2, db.createArrayOf("text", owners.toArray()));
            insert.executeUpdate();
        }
    }

    /** Forgets keys of an account (its data changed, or it was merged into another). */
    public void remove(Connection db, String accountNumber, MatchRules.Keys keys) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement(
                "delete from customer_match_key where account_number = ? and match_key = any(?)")) {
            delete.setString(1, accountNumber);
            delete.setArray(2, db.createArrayOf("uuid", keys.all().toArray()));
            delete.executeUpdate();
        }
    }

    /** A merge: the keys of account {@code from} are held by {@code to} (those it holds already stay as they are). */
    public void moveAll(Connection db, String from, String to) throws SQLException {
        try (PreparedStatement move = db.prepareStatement("""
                with moved as (delete from customer_match_key where account_number = ? returning match_key)
                insert into customer_match_key (match_key, account_number)
                select match_key, ? from moved on conflict do nothing""")) {
            move.setString(1, from);
            move.setString(2, to);
            move.executeUpdate();
        }
    }

    /** Erasure: the account's keys go (they are derived from its name and contact values). */
    public void forget(String accountNumber) {
        database.update("delete from customer_match_key where account_number = ?", accountNumber);
    }
}
