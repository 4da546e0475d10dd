package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;


import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.customersync.distribution.config.DistributionConfig;
import io.customersync.messaging.Database;

/**
 * What every channel database of the registry holds about one customer (docs/privacy.md): its row of
 * {@code customer} and its rows of {@code customer_address}, read as distribution's role (which may
 * read nothing else there). A channel database that does not answer is listed as unavailable. Every registered
 * channel is listed: a retired store's database is read too (it outlives the retirement, and an erasure queued for
 * the store while it was retired never reached it), and a channel another distribution deployment serves is
 * listed as unavailable here, naming that deployment (until 2026-12-06 both were left out, so an export said
 * nothing of a retired store that still held an erased customer: found by probing ./run.sh).
 */
@ApplicationScoped
public class ChannelPersonalData {

    private static final Logger LOG = Logger.getLogger(ChannelPersonalData.class);

    /** One channel database's part: where it came from, whether it answered, and the customer's rows if it holds them. */
    public record ChannelPart(String channelId, boolean retired, String source, boolean available,
            String unavailableReason, CustomerRow customer, List<AddressRow> addresses) {
    }

    /** The customer's row of {@code customer} in a channel database. */
    public record CustomerRow(UUID customerId, String channelId, String asyncCustomerNumber, String accountNumber,
            String status, boolean copy, String firstName, String lastName, String email, String phone,
            Map<String, String> attributes, Long hqVersion, Instant createdAt, Instant updatedAt, Instant erasedAt) {
    }

    /** One of its rows of {@code customer_address}; {@code removedAt} when its store removed it (the row stays). */
    public record AddressRow(UUID addressId, int position, String street, String city, String state, String zip,
            String country, String purpose, Long hqAddressId, Instant removedAt) {
    }

    private final ChannelRegistry registry;
    private final ChannelProbes probes;
    private final Duration timeout;
    private final int queryTimeoutSeconds;

    public ChannelPersonalData(ChannelRegistry registry, ChannelProbes probes, DistributionConfig config) {
        this.registry = registry;
        this.probes = probes;
        this.timeout = config.privacy().channelTimeout();
        this.queryTimeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    /**
     * Every visible channel database's part, in channel order; those that do not hold the customer say
     * so with no rows. The channel databases are read at once on the probe threads within one deadline
     * ({@code distribution.privacy.channel-timeout}), so an export of hundreds of channels, or with a
     * store that does not answer, fits HQ's timeout: a channel database not read by then is listed
     * as unavailable.
     */
    public List<ChannelPart> of(UUID customerId, Predicate<String> visible) {
        List<Channel> channels = registry.all().stream().filter(c -> visible.test(c.id()))
                .sorted(Comparator.comparing(Channel::id)).toList();
        List<String> read = channels.stream().filter(c -> c.deployment().equals(registry.deployment()))
                .map(Channel::id).toList();
        List<ChannelProbes.Outcome<ChannelPart>> outcomes = probes.readAll(read, id -> part(id, customerId), timeout);
        List<ChannelPart> parts = new ArrayList<>(channels.size());
        for (Channel channel : channels) {
            int i = read.indexOf(channel.id());
            ChannelProbes.Outcome<ChannelPart> outcome = i < 0 ? null : outcomes.get(i);
            if (outcome == null) {
                parts.add(unavailable(channel, "served by distribution deployment " + channel.deployment()
                        + ": its export reads it"));
            } else if (outcome.answered()) {
                parts.add(outcome.value());
            } else {
                LOG.warnf("personal data: channel database %s unavailable (%s)", channel.id(), outcome.error());
                parts.add(unavailable(channel, outcome.late() ? "channel database did not answer within "
                        + timeout.toMillis() + " ms" : "channel database unavailable"));
            }
        }
        return parts;
    }

    private static ChannelPart unavailable(Channel channel, String reason) {
        return new ChannelPart(channel.id(), !channel.active(), source(channel.id()), false, reason, null, List.of());
    }

    private ChannelPart part(String channelId, UUID customerId) throws SQLException {
        DeliveryTarget target = registry.deliveryTarget(channelId)
                .orElseThrow(() -> new SQLException("channel " + channelId + " changed meanwhile", "08003"));
        boolean retired = target.erasuresOnly();
        try (Connection db = target.database().getConnection()) {
            try {
                CustomerRow customer = customer(db, customerId);
                return new ChannelPart(channelId, retired, source(channelId), true, null, customer,
                        customer == null ? List.of() : addresses(db, customerId));
            } finally {
                db.rollback();
            }
        }
    }

    private static String source(String channelId) {
        return "channel database of " + channelId + ": customer, customer_address";
    }

    private CustomerRow customer(Connection db, UUID customerId) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select id, channel_id, async_customer_number, account_number, status, distributed, first_name, last_name,
                       email, phone, attributes::text, hq_version, created_at, updated_at, erased_at
                from customer where id = ?""")) {
            select.setQueryTimeout(queryTimeoutSeconds);
            select.setObject(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                @SuppressWarnings("unchecked")
                Map<String, String> attributes = Database.json(rs, 11, Map.class);
                return new CustomerRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), attributes, rs.getObject(12, Long.class), Database.instant(rs, 13), Database.instant(rs, 14),
                        Database.instant(rs, 15));
            }
        }
    }

    private List<AddressRow> addresses(Connection db, UUID customerId) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select id, position, street, city, state, zip, country, purpose, hq_address_id, removed_at
                from customer_address where customer_id = ? order by position""")) {
            select.setQueryTimeout(queryTimeoutSeconds);
            select.setObject(1, customerId);
            List<AddressRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AddressRow(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getObject(9, Long.class), Database.instant(rs, 10)));
                }
            }
            return rows;
        }
    }
}
