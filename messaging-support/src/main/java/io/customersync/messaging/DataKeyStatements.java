package io.customersync.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.customersync.contracts.DataKey;

/**
 * Takes each customer's data key, or makes one, with one statement on the caller's connection (crypto-shredding,
 * decision 0014; the channel's keys for its uploads, HQ's for its announcements). A fresh key is drawn for every
 * customer asked about and handed to the statement, which keeps a customer's key where it has one and stores
 * the fresh one where not, so a key made commits with the first event it seals, or not at all.
 */
public final class DataKeyStatements {

    private DataKeyStatements() {
    }

    /**
     * @param takeOrMake a statement of the caller's {@code customer_data_key} table with three parameters (the
     *                   customer ids {@code uuid[]}, fresh key ids {@code uuid[]}, fresh secrets in hex
     *                   {@code text[]}) that returns {@code customer_id, key_id, data_key}, one row per customer
     * @throws IllegalStateException a customer got no key (another transaction made one at the same moment:
     *                               the caller's transaction is retried)
     */
    public static Map<UUID, DataKey> takeOrMake(Connection db, String takeOrMake, Collection<UUID> customerIds)
            throws SQLException {
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(customerIds));
        UUID[] keyIds = new UUID[ids.size()];
        String[] secrets = new String[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            DataKey made = DataKey.generate();
            keyIds[i] = made.keyId();
            secrets[i] = HexFormat.of().formatHex(made.secret());
        }
        Map<UUID, DataKey> keys = new LinkedHashMap<>();
        try (PreparedStatement select = db.prepareStatement(takeOrMake)) {
            select.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            select.setArray(2, db.createArrayOf("uuid", keyIds));
            select.setArray(3, db.createArrayOf("text", secrets));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getObject(1, UUID.class), new DataKey(rs.getObject(2, UUID.class), rs.getBytes(3)));
                }
            }
        }
        if (keys.size() != ids.size()) {
            throw new IllegalStateException("data keys of " + (ids.size() - keys.size()) + " customers not found");
        }
        return keys;
    }
}
