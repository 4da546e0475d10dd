package io.customersync.hq.domain;

import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;

/**
 * The owner of {@code async_customer_staging} (rows {@link AsyncCustomerStaging}) and of its
 * {@code staging_history}: what happened to a staged customer, in order (staged, held, synced,
 * failed, edited, retried, decided). A single row is read, and its changes saved, one at a time
 * ({@link #save}); staging and syncing whole chunks (the hot path) are set-based statements on the
 * caller's connection.
 */
@ApplicationScoped
public class StagedCustomers {

    /** Counts staged customers in one status: the pipeline gauge and the customer-sync job's backlog. */
    public static final String COUNT_IN_STATUS = "select count(*) from async_customer_staging where status = ?";

    /** An upload event of an async customer. */
    public record Upload(UUID eventId, CustomerCreated customer) {
    }

    /** How many staged customers a channel has in a status. */
    public record Count(String channelId, StagingStatus status, long count) {
    }

    /** One step of a staged customer's history. */
    public record HistoryEntry(String status, String detail, Instant at) {
    }

    private static final String COLUMNS = """
            select customer_id, channel_id, async_customer_number, payload::text, status, account_number, last_error,
                   upload_event_id, received_at, synced_at, held_reason
            from async_customer_staging""";

    private final HqDatabase database;

    public StagedCustomers(HqDatabase database) {
        this.database = database;
    }

    public void record(UUID customerId, String status, String detail) {
        database.update("insert into staging_history (customer_id, status, detail) values (?, ?, ?)", customerId,
                status, detail);
    }

    public AsyncCustomerStaging find(UUID customerId) {
        return database.first(COLUMNS + " where customer_id = ?", StagedCustomers::row, customerId);
    }

    /** Who a staged customer is at its store (its channel and async number), without its upload. */
    public record Identity(UUID customerId, String channelId, String asyncCustomerNumber) {
    }

    /** The store identities of these staged customers (those staged), with one query. */
    public List<Identity> identities(List<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return database.list("""
                select customer_id, channel_id, async_customer_number from async_customer_staging
                where customer_id = any(?) order by customer_id""",
                rs -> new Identity(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
                new HqDatabase.Array("uuid", customerIds));
    }

    /**
     * The staged customer, its row locked by the caller's transaction (null if it was never staged). Every
     * change of a staged customer takes it first; {@code for no key update}, not {@code for update}: the
     * foreign keys that refer to the row (its history) are not blocked.
     */
    public AsyncCustomerStaging locked(UUID customerId) {
        return database.first(COLUMNS + " where customer_id = ? for no key update", StagedCustomers::row, customerId);
    }

    /**
     * Writes a staged customer's changes (its upload, status, account number, reason, hold), in the caller's
     * transaction, which locked the row ({@link #locked}): every column a change may touch, as the row has it.
     */
    public void save(AsyncCustomerStaging row) {
        database.update("""
                update async_customer_staging
                set payload = cast(? as json), status = ?, account_number = ?, last_error = ?, synced_at = ?,
                    held_reason = ?
                where customer_id = ?""", row.payload, row.status, row.accountNumber, row.lastError, row.syncedAt,
                row.heldReason, row.customerId);
    }

    /** The row as the database has it now (after a set-based statement of the caller's transaction changed it). */
    public void reload(AsyncCustomerStaging row) {
        AsyncCustomerStaging now = find(row.customerId);
        row.payload = now.payload;
        row.status = now.status;
        row.accountNumber = now.accountNumber;
        row.lastError = now.lastError;
        row.syncedAt = now.syncedAt;
        row.heldReason = now.heldReason;
    }

    private static AsyncCustomerStaging row(ResultSet rs) throws SQLException {
        AsyncCustomerStaging row = new AsyncCustomerStaging();
        row.customerId = rs.getObject(1, UUID.class);
        row.channelId = rs.getString(2);
        row.asyncCustomerNumber = rs.getString(3);
        row.payload = rs.getString(4);
        row.status = StagingStatus.valueOf(rs.getString(5));
        row.accountNumber = rs.getString(6);
        row.lastError = rs.getString(7);
        row.uploadEventId = rs.getObject(8, UUID.class);
        row.receivedAt = HqDatabase.instant(rs, 9);
        row.syncedAt = HqDatabase.instant(rs, 10);
        row.heldReason = rs.getString(11);
        return row;
    }

    /**
     * Stages uploads, once per customer, with one statement: customers not staged yet become PENDING
     * staged customers with their history. A redelivered upload finds its customer staged (staging
     * rows are never deleted), so no event id needs remembering.
     */
    public void stageAll(List<Upload> uploads) {
        database.call("stage uploads", db -> {
            try (PreparedStatement insert = db.prepareStatement("""
                    with staged as (
                        insert into async_customer_staging (customer_id, channel_id, async_customer_number, payload,
                                                            status, upload_event_id, received_at)
                        select customer_id, channel_id, async_customer_number, cast(payload as json), 'PENDING', event_id,
                               now()
                        from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[]) with ordinality
                            as i(event_id, customer_id, channel_id, async_customer_number, payload, position)
                        order by position
                        on conflict (customer_id) do nothing returning customer_id, channel_id)
                    insert into staging_history (customer_id, status, detail)
                    select customer_id, 'PENDING', 'uploaded by ' || channel_id from staged""")) {
                insert.setArray(1, column(db, "uuid", uploads, Upload::eventId));
                insert.setArray(2, column(db, "uuid", uploads, u -> u.customer().customerId()));
                insert.setArray(3, column(db, "text", uploads, u -> u.customer().channelId()));
                insert.setArray(4, column(db, "text", uploads, u -> u.customer().asyncCustomerNumber()));
                insert.setArray(5, column(db, "text", uploads,
                        u -> new String(EventJson.write(u.customer()), StandardCharsets.UTF_8)));
                return insert.executeUpdate();
            }
        });
    }

    /**
     * Locks a chunk's rows by primary key alone, then keeps those still PENDING and not held (as
     * locked: a row synced meanwhile by another instance shows SYNCED here). Filtering by status in
     * the query let the planner add a bitmap scan of the status index, which walks every entry that
     * synced rows left there until vacuum. Rows locked by another transaction are skipped.
     */
    public static List<CustomerCreated> lockPending(Connection db, List<UUID> customerIds) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select customer_id, payload::text, status = 'PENDING' and held_reason is null
                from async_customer_staging where customer_id = any(?)
                order by received_at, customer_id for update skip locked""")) {
            select.setArray(1, db.createArrayOf("uuid", customerIds.toArray()));
            List<CustomerCreated> uploads = new ArrayList<>(customerIds.size());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(3)) {
                        uploads.add(AsyncCustomerStaging.payloadOf(rs.getObject(1, UUID.class), rs.getString(2)));
                    }
                }
            }
            return uploads;
        }
    }

    /** Marks customers SYNCED with their account numbers, and writes it in their history, in one statement. */
    public static void markSynced(Connection db, List<CustomerCreated> customers, List<String> numbers,
            Instant syncedAt) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("""
                with synced as (
                    update async_customer_staging s
                    set status = 'SYNCED', account_number = u.account_number, synced_at = ?, last_error = null
                    from unnest(?::uuid[], ?::text[]) as u(customer_id, account_number)
                    where s.customer_id = u.customer_id
                    returning s.customer_id, s.account_number)
                insert into staging_history (customer_id, status, detail)
                select customer_id, 'SYNCED', 'account ' || account_number from synced""")) {
            update.setTimestamp(1, Timestamp.from(syncedAt));
            update.setArray(2, column(db, "uuid", customers, CustomerCreated::customerId));
            update.setArray(3, db.createArrayOf("text", numbers.toArray()));
            update.executeUpdate();
        }
    }

    /** The oldest PENDING customers not held, for the customer-sync job. */
    public List<UUID> pending(int limit) {
        return database.list("""
                select customer_id from async_customer_staging
                where status = 'PENDING' and held_reason is null order by received_at limit ?""",
                rs -> rs.getObject(1, UUID.class), limit);
    }

    public long countInStatus(StagingStatus status) {
        return database.count(COUNT_IN_STATUS, status);
    }

    /** Staged customers, newest first; {@code held} null for both, true only those held for a decision. */
    public List<AsyncCustomerStaging> list(StagingStatus status, Boolean held, int limit) {
        String statusName = status == null ? null : status.name();
        return database.list(COLUMNS + """
                 where (cast(? as text) is null or status = ?)
                  and (cast(? as boolean) is null or (held_reason is not null) = ?)
                order by received_at desc limit ?""", StagedCustomers::row, statusName, statusName, held, held, limit);
    }

    /**
     * How many staged customers of each channel wait for the customer-sync job (PENDING, held ones too),
     * including 0 for a channel none of whose customers wait but which staged one since {@code stagedSince}
     * (both through the status index: only the rows waiting and those staged since then are read).
     */
    public Map<String, Long> pendingByChannel(Instant stagedSince) {
        return database.call("count the customers waiting", db -> {
            Map<String, Long> pending = new TreeMap<>();
            try (PreparedStatement select = db.prepareStatement("""
                    select channel_id, sum(waiting) from (
                        select channel_id, 1 as waiting from async_customer_staging where status = 'PENDING'
                        union all
                        select channel_id, 0 from async_customer_staging
                        where status in ('SYNCED', 'FAILED') and received_at >= ?) as staged
                    group by channel_id""")) {
                select.setTimestamp(1, Timestamp.from(stagedSince));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        pending.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return pending;
        });
    }

    /** How many staged customers each channel has in each status. */
    public List<Count> counts() {
        return database.call("count the staged customers", db -> {
            List<Count> counts = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement("""
                    select channel_id, status, count(*) from async_customer_staging
                    group by channel_id, status order by 1, 2""");
                    ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.add(new Count(rs.getString(1), StagingStatus.valueOf(rs.getString(2)), rs.getLong(3)));
                }
            }
            return counts;
        });
    }

    public List<HistoryEntry> history(UUID customerId) {
        return database.list("select status, detail, at from staging_history where customer_id = ? order by id",
                rs -> new HistoryEntry(rs.getString(1), rs.getString(2), HqDatabase.instant(rs, 3)), customerId);
    }
}
