package io.customersync.channel.domain;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The channels' webhook subscriptions, one per channel (owner of {@code webhook_subscription}). The
 * secret is made here, at creation, and handed out that once; it signs every delivery.
 */
@ApplicationScoped
public class WebhookSubscriptions {

    private static final String COLUMNS = "id, channel_id, url, secret, events, created_at";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelDatabase database;

    public WebhookSubscriptions(ChannelDatabase database) {
        this.database = database;
    }

    /** Subscribes the channel; refused if it already has a subscription (delete it first to change it). */
    @Transactional
    public WebhookSubscription create(String channelId, URI url, List<WebhookEventType> events) {
        WebhookSubscription subscription = new WebhookSubscription(UUID.randomUUID(), channelId, url, newSecret(),
                List.copyOf(events), Instant.now().truncatedTo(ChronoUnit.MICROS));
        int inserted = database.call("subscribe a webhook", db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into webhook_subscription (" + COLUMNS
                    + ") values (?, ?, ?, ?, ?, ?) on conflict (channel_id) do nothing")) {
                insert.setObject(1, subscription.id());
                insert.setString(2, channelId);
                insert.setString(3, url.toString());
                insert.setString(4, subscription.secret());
                insert.setArray(5, db.createArrayOf("text", events.stream().map(WebhookEventType::wireName).toArray()));
                insert.setTimestamp(6, Timestamp.from(subscription.createdAt()));
                return insert.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new WebhookConflictException("channelId", "channel " + channelId
                    + " already has a webhook subscription; delete it to subscribe anew");
        }
        return subscription;
    }

    @Transactional
    public Optional<WebhookSubscription> find(String channelId) {
        return select("where channel_id = ?", channelId).stream().findFirst();
    }

    @Transactional
    public List<WebhookSubscription> list() {
        return select("order by channel_id", null);
    }

    /** Unsubscribes the channel; its deliveries, dead letters included, go with it. */
    @Transactional
    public void delete(String channelId) {
        int deleted = database.call("unsubscribe a webhook", db -> {
            try (PreparedStatement delete = db.prepareStatement("delete from webhook_subscription where channel_id = ?")) {
                delete.setString(1, channelId);
                return delete.executeUpdate();
            }
        });
        if (deleted == 0) {
            throw new UnknownWebhookException("channel " + channelId + " has no webhook subscription");
        }
    }

    private List<WebhookSubscription> select(String where, String channelId) {
        return database.call("read webhook subscriptions", db -> read(db, where, channelId));
    }

    private static List<WebhookSubscription> read(Connection db, String where, String channelId) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select " + COLUMNS + " from webhook_subscription " + where)) {
            if (channelId != null) {
                select.setString(1, channelId);
            }
            List<WebhookSubscription> found = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    List<WebhookEventType> events = Arrays.stream((String[]) rs.getArray(5).getArray())
                            .map(name -> WebhookEventType.of(name).orElseThrow()).toList();
                    found.add(new WebhookSubscription(rs.getObject(1, UUID.class), rs.getString(2),
                            URI.create(rs.getString(3)), rs.getString(4), events, rs.getTimestamp(6).toInstant()));
                }
            }
            return found;
        }
    }

    /** 32 random bytes, base64url, with a prefix that says what it is ({@code whsec_...}). */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
