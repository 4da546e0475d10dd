package io.customersync.distribution.domain;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.SyncedAddress;

/**
 * Writes one synced customer into its own channel database, touching only what the channel schema's
 * contract allows (channel-schema/README.md); the unusual cases of {@link ChannelDatabaseBatch}.
 * Applying the same event again changes nothing.
 * <p>
 * With {@link ChannelDatabaseBatch}, distribution's owner of the writes into a channel database: here
 * one customer's row of {@code customer} (SYNCED, or the account it was merged into; reading its current
 * account number; HQ's refusal or hold: FAILED / ON_HOLD with the reason code and fields to fix), its rows of {@code customer_address} (HQ's address ids) and the
 * {@code customer_synced} NOTIFY.
 */
public final class ChannelDatabaseWriter {

    /** NOTIFY channel in the channel database: payload is the customer id whose sync status changed (SYNCED, FAILED, ON_HOLD). */
    public static final String CUSTOMER_SYNCED = "customer_synced";

    private ChannelDatabaseWriter() {
    }

    /**
     * Applies the event to the customer's own channel database, in the caller's transaction: its
     * async row becomes SYNCED; a newer version of HQ's customer replaces the row's fields
     * ({@link ChannelDatabaseBatch#updateOrigins}), an older one changes nothing. A customer its store
     * does not have (a sync-mode store that died between HQ's answer and its own commit) is placed there as the store's own SYNCED customer once
     * HQ synced it before {@code placeMissingBefore}; until then the store may still be saving it,
     * and the delivery waits.
     *
     * @param converted told the creation time of an async customer that became SYNCED now
     * @return empty when the customer is synced there now (or already was), else why it cannot be
     */
    public static Optional<String> applyToOrigin(Connection channel, CustomerSynchronized synced,
            Instant placeMissingBefore, Consumer<Instant> converted) throws SQLException {
        int changed = 0;
        ChannelDatabaseBatch.Written written = ChannelDatabaseBatch.updateOrigins(channel, List.of(synced))
                .get(synced.customerId());
        if (written != null) {
            changed++;
            if (written.converted()) {
                converted.accept(written.createdAt());
            }
        }
        if (changed == 0 && synced.joinedAccount()) {
            // a customer that joined another's account: its row has a newer version already, or is erased, or is not
            // here (nothing to refresh: it is never placed)
            return Optional.empty();
        }
        if (changed == 0) {
            Optional<String> current = accountNumberOf(channel, synced);
            if (current.isEmpty()) {
                if (synced.customer() == null || !synced.syncedAt().isBefore(placeMissingBefore)) {
                    return Optional.of("customer " + synced.customerId() + " is not in this channel database (yet)");
                }
                ChannelDatabaseBatch.place(channel, List.of(synced), false);
                changed++;
            } else if (!current.get().equals(synced.accountNumber()) && !merged(channel, synced, current.get())) {
                return Optional.of("customer " + synced.customerId() + " already has another account number");
            }
        }
        if (written == null) { // else updateOrigins gave the addresses their HQ ids
            recordHqAddressIds(channel, synced);
        }
        if (changed > 0) {
            try (PreparedStatement notify = channel.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, CUSTOMER_SYNCED);
                notify.setString(2, synced.customerId().toString());
                notify.execute();
            }
        }
        return Optional.empty();
    }

    private static void recordHqAddressIds(Connection channel, CustomerSynchronized synced) throws SQLException {
        for (SyncedAddress address : synced.addresses()) {
            try (PreparedStatement update = channel.prepareStatement("""
                    update customer_address set hq_address_id = ?
                    where id = ? and customer_id = ? and hq_address_id is distinct from ?""")) {
                update.setLong(1, address.hqAddressId());
                update.setObject(2, address.asyncAddressId());
                update.setObject(3, synced.customerId());
                update.setLong(4, address.hqAddressId());
                update.executeUpdate();
            }
        }
    }

    /**
     * Writes HQ's refusal or hold into the customer's own channel database, in the caller's
     * transaction, and tells channel-service ({@code NOTIFY customer_synced}). Never downgrades: a
     * SYNCED customer stays SYNCED, and of two statuses the one HQ decided later wins
     * ({@code sync_status_at}); an older or repeated event changes nothing.
     *
     * @return empty when written or rightly ignored, else why it cannot be (the customer is not there yet)
     */
    public static Optional<String> applyStatus(Connection channel, CustomerNotSynchronized status) throws SQLException {
        int changed;
        try (PreparedStatement update = channel.prepareStatement("""
                update customer set status = ?, sync_reason = ?, fields_to_fix = cast(? as jsonb), sync_status_at = ?,
                    updated_at = now()
                where id = ? and channel_id = ? and not distributed and status <> 'SYNCED'
                  and (sync_status_at is null or sync_status_at < ?)""")) {
            Timestamp decidedAt = Timestamp.from(status.decidedAt());
            update.setString(1, status.status().name());
            update.setString(2, status.reasonCode());
            update.setString(3, new String(EventJson.write(status.fieldsToFix()), StandardCharsets.UTF_8));
            update.setTimestamp(4, decidedAt);
            update.setObject(5, status.customerId());
            update.setString(6, status.originChannelId());
            update.setTimestamp(7, decidedAt);
            changed = update.executeUpdate();
        }
        if (changed == 0) {
            try (PreparedStatement select = channel.prepareStatement("select 1 from customer where id = ?")) {
                select.setObject(1, status.customerId());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.empty()
                            : Optional.of("customer " + status.customerId() + " is not in this channel database");
                }
            }
        }
        try (PreparedStatement notify = channel.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CUSTOMER_SYNCED);
            notify.setString(2, status.customerId().toString());
            notify.execute();
        }
        return Optional.empty();
    }

    /**
     * Erases the customer's personal data in this channel database (its own or a copy), in the caller's
     * transaction, through the channel schema's {@code erase_customer} (V14, docs/privacy.md): the row
     * keeps its ids and takes the erasure's version, so no older version brings the data back; a copy
     * not here yet is placed erased. Repeating it changes nothing.
     *
     * @return always empty: the erasure applies whatever the row's state
     */
    public static Optional<String> erase(Connection channel, String channelId, CustomerErased erased)
            throws SQLException {
        try (PreparedStatement erase = channel.prepareStatement("select erase_customer(?, ?, ?, ?, ?, ?, ?)")) {
            erase.setObject(1, erased.customerId());
            erase.setString(2, erased.originChannelId());
            erase.setString(3, erased.asyncCustomerNumber());
            erase.setString(4, erased.accountNumber());
            erase.setLong(5, erased.version());
            erase.setTimestamp(6, Timestamp.from(erased.erasedAt()));
            erase.setBoolean(7, !erased.originChannelId().equals(channelId));
            erase.execute();
        }
        return Optional.empty();
    }

    /**
     * Ops merged the customer's own account into another at HQ: it takes the account it was merged into.
     * Its version was of its own account, not of the one it joins: it has none now (docs/versions.md).
     */
    private static boolean merged(Connection channel, CustomerSynchronized synced, String current) throws SQLException {
        if (!current.equals(synced.replacesAccountNumber())) {
            return false;
        }
        try (PreparedStatement update = channel.prepareStatement("""
                update customer set account_number = ?, synced_at = ?, updated_at = now(), hq_version = null
                where id = ? and account_number = ?""")) {
            update.setString(1, synced.accountNumber());
            update.setTimestamp(2, Timestamp.from(synced.syncedAt()));
            update.setObject(3, synced.customerId());
            update.setString(4, current);
            return update.executeUpdate() == 1;
        }
    }

    /** The customer's account number in this database: empty if the customer is not there, "" if it has none. */
    private static Optional<String> accountNumberOf(Connection channel, CustomerSynchronized synced)
            throws SQLException {
        try (PreparedStatement select = channel.prepareStatement("select account_number from customer where id = ?")) {
            select.setObject(1, synced.customerId());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String accountNumber = rs.getString(1);
                return Optional.of(accountNumber == null ? "" : accountNumber);
            }
        }
    }
}
