package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.customersync.contracts.CustomerCreated;
import io.customersync.hq.config.DuplicateSettings;
import io.quarkus.runtime.StartupEvent;

/**
 * Two stores creating the same person offline: on sync, a customer that a match rule
 * ({@link MatchRules}, {@code hq.duplicates.rules}) says is a customer of the master is handled by
 * {@code hq.duplicates.policy}: FLAG (new account, listed for review), LINK (it gets the existing
 * account number) or HOLD (it waits for an ops decision). A contact value already held by
 * {@code hq.duplicates.shared-value-threshold} customers is a placeholder (a store's phone): no rule
 * matches on it. Every check reads a bounded number of index entries per key.
 */
@ApplicationScoped
public class DuplicatePolicy {

    public enum Policy {
        FLAG, LINK, HOLD
    }

    /**
     * A customer of the master the new one may be ({@code accountNumber}), or an earlier customer of
     * the same chunk ({@code earlierInChunk}, no account yet), and the rule that matched.
     */
    public record Match(String accountNumber, String rule, UUID earlierInChunk) {
    }

    /** Advisory lock namespace of customer names (first key of the two-key form). */
    private static final int NAME_LOCKS = 1020;

    private final HqDatabase database;
    private final Policy policy;
    private final MatchRules rules;
    private final int sharedValueThreshold;
    private final CustomerMatchKeys matchKeys;
    private final SharedContactValues sharedValues;

    public DuplicatePolicy(HqDatabase database, DuplicateSettings settings, CustomerMatchKeys matchKeys,
            SharedContactValues sharedValues) {
        this.database = database;
        this.policy = settings.policy();
        this.rules = MatchRules.of(settings.rules(), settings.neverMatch());
        this.sharedValueThreshold = settings.sharedValueThreshold();
        this.matchKeys = matchKeys;
        this.sharedValues = sharedValues;
    }

    /** Made at start, so that a wrong rule in {@code hq.duplicates.rules} stops hq-service there, saying which. */
    void checkRulesAtStart(@Observes StartupEvent start) {
        // the constructor parsed the rules
    }

    public Policy policy() {
        return policy;
    }

    static MatchRules.Profile profileOf(CustomerCreated customer) {
        return new MatchRules.Profile(customer.firstName(), customer.lastName(), customer.email(), customer.phone(),
                customer.addresses());
    }

    /**
     * The customers of a chunk that a rule matches to a customer of the master or to an earlier one
     * of the chunk, in the caller's transaction. Their names are locked first, in one sorted order
     * (no deadlock): a transaction syncing the same person at the same time (another worker, another
     * hq-service instance) waits until this one committed, and then finds its customer. Contact
     * values found shared by too many customers are recorded for ops.
     */
    public Map<UUID, Match> find(Connection db, List<CustomerCreated> customers) throws SQLException {
        List<MatchRules.Keys> keys = customers.stream().map(c -> rules.keysOf(profileOf(c))).toList();
        lockNames(db, keys.stream().map(MatchRules.Keys::nameLock).toList());
        Set<UUID> counted = new HashSet<>();
        Set<UUID> matched = new HashSet<>();
        keys.forEach(k -> {
            k.values().forEach(v -> counted.add(v.key()));
            k.rules().forEach(r -> matched.add(r.key()));
        });
        Map<UUID, CustomerMatchKeys.Holders> master = matchKeys.lookup(db, counted, matched, sharedValueThreshold);
        Map<UUID, Integer> sharersInChunk = new HashMap<>();
        Map<UUID, UUID> firstInChunk = new HashMap<>();
        Map<UUID, Match> matches = new LinkedHashMap<>();
        List<MatchRules.ContactValue> shared = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            UUID customerId = customers.get(i).customerId();
            Set<UUID> placeholders = new HashSet<>();
            for (MatchRules.ContactValue value : keys.get(i).values()) {
                int holders = CustomerMatchKeys.of(master, value.key()).customers()
                        + sharersInChunk.getOrDefault(value.key(), 0);
                if (holders >= sharedValueThreshold) {
                    placeholders.add(value.key());
                    shared.add(value);
                }
            }
            for (MatchRules.RuleKey rule : keys.get(i).rules()) {
                if (rule.contacts().stream().anyMatch(c -> placeholders.contains(c.key()))) {
                    continue;
                }
                String account = CustomerMatchKeys.of(master, rule.key()).firstAccount();
                UUID earlier = firstInChunk.get(rule.key());
                if (account != null || earlier != null) {
                    matches.put(customerId, new Match(account, rule.rule(), account != null ? null : earlier));
                    break;
                }
            }
            keys.get(i).values().forEach(v -> sharersInChunk.merge(v.key(), 1, Integer::sum));
            keys.get(i).rules().forEach(r -> firstInChunk.putIfAbsent(r.key(), customerId));
        }
        sharedValues.remember(db, shared);
        return matches;
    }

    /** The customer of the master this one may be (one by one, in the current transaction). */
    public Optional<Match> find(CustomerCreated customer) {
        return Optional.ofNullable(database.call("match a customer",
                db -> find(db, List.of(customer))).get(customer.customerId()));
    }

    /**
     * A store's edit of a customer of the master: the other account it may be now, if a rule key it did not have
     * before the edit (a new e-mail, phone, address or name) is another account's, its shared contact values ignored
     * as at its creation; whatever the policy, the customer has its account already (a flag, never a hold or a link).
     * Read before the edit's keys are remembered ({@link #move}), in the current transaction.
     */
    public Optional<Match> findAfterEdit(String accountNumber, MatchRules.Profile before, MatchRules.Profile after) {
        MatchRules.Keys now = rules.keysOf(after);
        Set<UUID> had = new HashSet<>(rules.keysOf(before).all());
        List<MatchRules.RuleKey> added = now.rules().stream().filter(rule -> !had.contains(rule.key())).toList();
        if (added.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(database.call("match an edited customer", db -> {
            lockNames(db, List.of(now.nameLock()));
            Map<UUID, CustomerMatchKeys.Holders> master = matchKeys.lookup(db,
                    now.values().stream().map(MatchRules.ContactValue::key).toList(),
                    added.stream().map(MatchRules.RuleKey::key).toList(), sharedValueThreshold);
            for (MatchRules.RuleKey rule : added) {
                String account = CustomerMatchKeys.of(master, rule.key()).firstAccount();
                if (account != null && !account.equals(accountNumber) && rule.contacts().stream().noneMatch(
                        c -> CustomerMatchKeys.of(master, c.key()).customers() >= sharedValueThreshold)) {
                    return new Match(account, rule.rule(), null);
                }
            }
            return null;
        }));
    }

    /** Remembers the keys of customers now in the master under these account numbers. */
    public void remember(Connection db, List<String> accountNumbers, List<MatchRules.Profile> customers)
            throws SQLException {
        matchKeys.add(db, accountNumbers, customers.stream().map(rules::keysOf).toList());
    }

    /** The same, in the current transaction. */
    public void remember(List<String> accountNumbers, List<MatchRules.Profile> customers) {
        database.call("remember match keys", db -> {
            remember(db, accountNumbers, customers);
            return null;
        });
    }

    /**
     * A master customer's keys change hands: those of {@code before} held by {@code from} are dropped,
     * those of {@code after} go to {@code to} (its data changed: the same account; merged: another one).
     */
    public void move(String from, MatchRules.Profile before, String to, MatchRules.Profile after) {
        database.call("move match keys", db -> {
            matchKeys.remove(db, from, rules.keysOf(before));
            remember(db, List.of(to), List.of(after));
            return null;
        });
    }

    /** A merge: every key account {@code from} holds (its own, and those of customers that joined it) goes to {@code to}. */
    public void moveAll(String from, String to) {
        database.call("move every match key", db -> {
            matchKeys.moveAll(db, from, to);
            return null;
        });
    }

    private static void lockNames(Connection db, List<String> names) throws SQLException {
        TreeSet<Integer> sorted = new TreeSet<>();
        names.forEach(name -> sorted.add(name.hashCode()));
        try (PreparedStatement lock = db.prepareStatement(
                "select count(pg_advisory_xact_lock(?, name)) from (select unnest(?::int[]) as name order by 1) as sorted")) {
            lock.setInt(1, NAME_LOCKS);
            lock.setArray(2, db.createArrayOf("int4", sorted.toArray()));
            lock.execute();
        }
    }
}
