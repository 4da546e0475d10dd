package io.customersync.hq.domain;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerCreated;
import io.customersync.messaging.Database;

/**
 * The table {@code possible_duplicate}: a staged customer a match rule says may be a customer of the
 * master, flagged (FLAG: it got its own account) or held (HOLD: it waits), until ops decide. The
 * review queue reads it with the staged customer and the master customer it matched.
 */
@ApplicationScoped
public class PossibleDuplicates {

    /** Which side of the queue: customers already numbered (FLAG) or waiting (HOLD). */
    public enum Kind {
        FLAGGED, HELD
    }

    /** An open entry of the review queue: the staged customer and the master customer it matched. */
    public record Entry(UUID customerId, String channelId, String asyncCustomerNumber, StagingStatus status,
            String accountNumber, Kind kind, String matchedAccount, String rule, Instant detectedAt,
            CustomerCreated staged, MasterCustomer matched) {
    }

    /** The master customer an entry matched, as HQ holds it. */
    public record MasterCustomer(String accountNumber, String firstName, String lastName, String email, String phone) {
    }

    /** What a match rule found for a customer, waiting for a decision. */
    public record Open(String matchedAccount, String rule) {
    }

    private final HqDatabase database;

    public PossibleDuplicates(HqDatabase database) {
        this.database = database;
    }

    public void record(UUID customerId, DuplicatePolicy.Match match) {
        database.update("""
                insert into possible_duplicate (customer_id, account_number, matched_on) values (?, ?, ?)
                on conflict do nothing""", customerId, match.accountNumber(), match.rule());
    }

    /** The newest undecided match of the customer, if any. */
    public Optional<Open> open(UUID customerId) {
        return Optional.ofNullable(database.first("""
                select account_number, matched_on from possible_duplicate where customer_id = ? and decided_at is null
                order by id desc limit 1""", rs -> new Open(rs.getString(1), rs.getString(2)), customerId));
    }

    /** Closes every undecided match of the customer with ops' decision. */
    public void decide(UUID customerId, String decision) {
        database.update("""
                update possible_duplicate set decision = ?, decided_at = now() where customer_id = ? and decided_at is null""",
                decision, customerId);
    }

    /**
     * A merge: the undecided matches with the merged account {@code from} are matches with the account it joined; one
     * of a customer given that account already (its own, or linked to it), or that has a match with it, is closed
     * (decision {@code MERGED}): there is nothing left to decide about it.
     */
    public void followMerge(String from, String to) {
        database.update("""
                update possible_duplicate d set decision = 'MERGED', decided_at = now()
                where d.decided_at is null and d.account_number = ?
                  and (exists (select 1 from async_customer_staging s where s.customer_id = d.customer_id and s.account_number = ?)
                       or exists (select 1 from possible_duplicate o where o.customer_id = d.customer_id and o.account_number = ?))""",
                from, to, to);
        database.update("update possible_duplicate set account_number = ? where decided_at is null and account_number = ?",
                to, from);
    }

    /**
     * An erasure leaves nothing to decide about the erased person: its own undecided matches are closed, and so are
     * those of customers numbered on their own (flagged, not held) that matched its account; a held customer that
     * matched it still waits for ops (it has no account yet). Decision {@code ERASED}.
     */
    public void closeForErasure(UUID customerId, String accountNumber) {
        database.update("""
                update possible_duplicate d set decision = 'ERASED', decided_at = now()
                where d.decided_at is null and (d.customer_id = ? or (d.account_number = ? and exists (
                    select 1 from async_customer_staging s where s.customer_id = d.customer_id and s.held_reason is null)))""",
                customerId, accountNumber);
    }

    /**
     * A match involving the customer, decided or not: the staged customer HQ found may be the same person as the
     * master customer with {@code accountNumber}; {@code decision} null while undecided.
     */
    public record Involving(UUID customerId, String accountNumber, String matchedOn, Instant detectedAt, String decision) {
    }

    /**
     * Every match the customer is in, as the staged customer or as the account matched: for a personal-data export,
     * whose reader must know who else HQ thought may be this person (an erasure closes those matches, decision
     * {@code ERASED}, but the other customer keeps what it gave: its own data, perhaps the same person's).
     */
    public List<Involving> involving(UUID customerId, String accountNumber) {
        return database.list("""
                select customer_id, account_number, matched_on, detected_at, decision from possible_duplicate
                where customer_id = ? or account_number = ? order by id""",
                rs -> new Involving(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        Database.instant(rs, 4), rs.getString(5)), customerId, accountNumber);
    }

    /** Undecided entries, oldest first; {@code kind} null for both kinds. */
    public List<Entry> queue(Kind kind, int limit) {
        return database.call("read the review queue", db -> {
            try (PreparedStatement select = db.prepareStatement("""
                    select d.customer_id, s.channel_id, s.async_customer_number, s.status, s.account_number,
                           s.held_reason is not null, d.account_number, d.matched_on, d.detected_at, s.payload::text,
                           c.first_name, c.last_name, c.email, c.phone
                    from possible_duplicate d
                    join async_customer_staging s on s.customer_id = d.customer_id
                    join customer c on c.account_number = d.account_number
                    where d.decided_at is null and (? is null or (s.held_reason is not null) = ?)
                    order by d.detected_at, d.id limit ?""")) {
                select.setObject(1, kind == null ? null : kind.name(), java.sql.Types.VARCHAR);
                select.setObject(2, kind == Kind.HELD, java.sql.Types.BOOLEAN);
                select.setInt(3, limit);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                StagingStatus.valueOf(rs.getString(4)), rs.getString(5),
                                rs.getBoolean(6) ? Kind.HELD : Kind.FLAGGED, rs.getString(7), rs.getString(8),
                                rs.getTimestamp(9).toInstant(),
                                AsyncCustomerStaging.payloadOf(rs.getObject(1, UUID.class), rs.getString(10)),
                                new MasterCustomer(rs.getString(7),
                                        rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14))));
                    }
                }
                return entries;
            }
        });
    }
}
