package io.customersync.system;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the databases hold, read at one moment: every customer row of every channel database
 * (acknowledged to a till or not), HQ's master, links and staging, and the sales on both sides.
 */
record SystemState(Map<String, Map<UUID, ChannelRow>> channels, Map<UUID, HqCustomer> master,
        Map<UUID, String> links, Map<UUID, Staged> staging, Map<UUID, BigDecimal> channelSales,
        Map<UUID, BigDecimal> hqSales, long unbalancedStatements) {

    /** A customer row of a channel database; {@code copy}: placed by distribution for another channel. */
    record ChannelRow(String channelId, String asyncCustomerNumber, String lastName, String status,
            String accountNumber, boolean copy, boolean hasAddress) {
    }

    record HqCustomer(String accountNumber, String originChannelId, String asyncCustomerNumber) {
    }

    record Staged(String status, String accountNumber) {
    }

    static SystemState read(LocalSystem system) throws Exception {
        Map<String, Map<UUID, ChannelRow>> channels = new LinkedHashMap<>();
        Map<UUID, BigDecimal> channelSales = new HashMap<>();
        for (SystemLayout.Channel channel : SystemLayout.CHANNELS) {
            Map<UUID, ChannelRow> rows = new HashMap<>();
            try (Connection db = system.connect(channel.database()); Statement select = db.createStatement()) {
                try (ResultSet rs = select.executeQuery("""
                        select id, channel_id, async_customer_number, last_name, status, account_number, distributed,
                               exists (select 1 from customer_address a where a.customer_id = c.id)
                        from customer c""")) {
                    while (rs.next()) {
                        rows.put(rs.getObject(1, UUID.class), new ChannelRow(rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8)));
                    }
                }
                try (ResultSet rs = select.executeQuery(
                        "select id, total from retail_transaction where type = 'CASH_AND_CARRY'")) {
                    while (rs.next()) {
                        channelSales.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2));
                    }
                }
            }
            channels.put(channel.id(), rows);
        }
        Map<UUID, HqCustomer> master = new HashMap<>();
        Map<UUID, String> links = new HashMap<>();
        Map<UUID, Staged> staging = new HashMap<>();
        Map<UUID, BigDecimal> hqSales = new HashMap<>();
        long unbalanced;
        try (Connection db = system.connect(SystemLayout.HQ_DATABASE); Statement select = db.createStatement()) {
            try (ResultSet rs = select.executeQuery(
                    "select customer_id, account_number, origin_channel_id, async_customer_number from customer")) {
                while (rs.next()) {
                    master.put(rs.getObject(1, UUID.class), new HqCustomer(rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
            try (ResultSet rs = select.executeQuery("select customer_id, account_number from customer_link")) {
                while (rs.next()) {
                    links.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            try (ResultSet rs = select.executeQuery(
                    "select customer_id, status, account_number from async_customer_staging")) {
                while (rs.next()) {
                    staging.put(rs.getObject(1, UUID.class), new Staged(rs.getString(2), rs.getString(3)));
                }
            }
            try (ResultSet rs = select.executeQuery(
                    "select transaction_id, total from channel_transaction where type = 'CASH_AND_CARRY'")) {
                while (rs.next()) {
                    hqSales.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2));
                }
            }
            try (ResultSet rs = select.executeQuery("""
                    select count(*) from statement s
                    where s.transaction_count <> (select count(*) from channel_transaction t where t.statement_id = s.id)
                       or exists (select 1 from (select trim(currency) currency, sum(total) total from channel_transaction t
                                                 where t.statement_id = s.id group by trim(currency)) x
                                  where (s.totals ->> x.currency)::numeric is distinct from x.total)
                       or exists (select 1 from jsonb_each_text(s.totals) j
                                  where not exists (select 1 from channel_transaction t where t.statement_id = s.id
                                                    and trim(t.currency) = j.key))""")) {
                rs.next();
                unbalanced = rs.getLong(1);
            }
        }
        return new SystemState(channels, master, links, staging, channelSales, hqSales, unbalanced);
    }
}
