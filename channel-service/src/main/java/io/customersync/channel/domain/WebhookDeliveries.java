package io.customersync.channel.domain;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import io.customersync.messaging.Database;

/**
 * The storefront webhook's outbox (owner of {@code webhook_delivery}): events recorded in the
 * transaction of the change they report, claimed for an attempt, then DELIVERED, retried later or
 * DEAD; ops list and replay the dead ones. {@code customer.synced} is recorded by the database itself
 * (channel-schema V10's trigger) when the account number is written; the others here, through the
 * same SQL function {@code record_webhook_event}.
 */
@ApplicationScoped
public class WebhookDeliveries {

    private static final String CLAIM = """
            with due as (
                select id from webhook_delivery where status = 'PENDING' and next_attempt_at <= now()
                order by next_attempt_at limit ? for update skip locked)
            update webhook_delivery d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
            from due, webhook_subscription s
            where d.id = due.id and s.id = d.subscription_id
            returning d.id, d.event_type, d.attempts, s.url, s.secret, d.payload::text""";

    private static final String SELECT = """
            select d.id, s.channel_id, d.event_type, d.customer_id, d.status, d.attempts, d.last_error, d.created_at,
                   d.next_attempt_at, d.delivered_at
            from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
            where s.channel_id = ? and d.status = ? order by d.created_at, d.id limit ?""";

    private final ChannelDatabase database;

    public WebhookDeliveries(ChannelDatabase database) {
        this.database = database;
    }

    /** Records {@code customer.changed} in the caller's transaction, after the edit it reports (written first: the event is built from the row). */
    public void customerChanged(Customer customer) {
        record(customer.id, WebhookEventType.CUSTOMER_CHANGED, customer.updatedAt.toString());
    }

    private void record(UUID customerId, WebhookEventType type, String version) {
        database.call("record a webhook event", db -> {
            try (PreparedStatement call = db.prepareStatement("select record_webhook_event(?, ?, ?)")) {
                call.setObject(1, customerId);
                call.setString(2, type.wireName());
                call.setString(3, version);
                call.execute();
            }
            return null;
        });
    }

    /**
     * Claims up to {@code limit} due deliveries for one attempt each (counted now): none is claimed
     * again until {@code lease} has passed, so a worker that dies mid-attempt only delays it.
     */
    @Transactional
    public List<WebhookDelivery.Attempt> claimDue(int limit, Duration lease) {
        return database.call("claim webhook deliveries", db -> {
            try (PreparedStatement claim = db.prepareStatement(CLAIM)) {
                claim.setInt(1, limit);
                claim.setDouble(2, lease.toMillis() / 1000.0);
                List<WebhookDelivery.Attempt> attempts = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        attempts.add(new WebhookDelivery.Attempt(rs.getObject(1, UUID.class),
                                WebhookEventType.of(rs.getString(2)).orElseThrow(), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
                return attempts;
            }
        });
    }

    /** The receiver took the attempt (2xx): never sent again, unless ops replay it. */
    @Transactional
    public void delivered(WebhookDelivery.Attempt attempt) {
        database.call("mark a webhook delivered", db -> {
            try (PreparedStatement update = db.prepareStatement("""
                    update webhook_delivery set status = 'DELIVERED', delivered_at = now(), last_error = null
                    where id = ? and attempts = ? and status = 'PENDING'""")) {
                update.setObject(1, attempt.eventId());
                update.setInt(2, attempt.attempt());
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The attempt failed: DEAD once it was the last of {@code maxAttempts}, else due again after {@code retryIn}. */
    @Transactional
    public void failed(WebhookDelivery.Attempt attempt, String error, int maxAttempts, Duration retryIn) {
        database.call("note a failed webhook attempt", db -> {
            try (PreparedStatement update = db.prepareStatement("""
                    update webhook_delivery set status = ?, last_error = left(?, 200),
                        next_attempt_at = now() + make_interval(secs => ?)
                    where id = ? and attempts = ? and status = 'PENDING'""")) {
                update.setString(1, attempt.attempt() >= maxAttempts ? "DEAD" : "PENDING");
                update.setString(2, error);
                update.setDouble(3, retryIn.toMillis() / 1000.0);
                update.setObject(4, attempt.eventId());
                update.setInt(5, attempt.attempt());
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The channel's deliveries in one status, oldest first. */
    @Transactional
    public List<WebhookDelivery> list(String channelId, WebhookDelivery.Status status, int limit) {
        return database.call("list webhook deliveries", db -> {
            try (PreparedStatement select = db.prepareStatement(SELECT)) {
                select.setString(1, channelId);
                select.setString(2, status.name());
                select.setInt(3, limit);
                List<WebhookDelivery> found = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(new WebhookDelivery(rs.getObject(1, UUID.class), rs.getString(2),
                                WebhookEventType.of(rs.getString(3)).orElseThrow(), rs.getObject(4, UUID.class),
                                WebhookDelivery.Status.valueOf(rs.getString(5)), rs.getInt(6), rs.getString(7),
                                Database.instant(rs, 8), Database.instant(rs, 9), Database.instant(rs, 10)));
                    }
                }
                return found;
            }
        });
    }

    /** Sends a dead-lettered delivery again, as it was (same event id), with a fresh count of attempts. */
    @Transactional
    public void replay(String channelId, UUID eventId) {
        String before = database.call("replay a webhook delivery", db -> {
            try (PreparedStatement replay = db.prepareStatement("""
                    with found as (
                        select d.id, d.status from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
                        where d.id = ? and s.channel_id = ? for update of d),
                    replayed as (
                        update webhook_delivery d set status = 'PENDING', attempts = 0, next_attempt_at = now(),
                            last_error = null
                        from found where d.id = found.id and found.status = 'DEAD' returning d.id)
                    select status from found""")) {
                replay.setObject(1, eventId);
                replay.setString(2, channelId);
                try (ResultSet rs = replay.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (before == null) {
            throw new UnknownWebhookException("no webhook delivery " + eventId + " of channel " + channelId);
        }
        if (!"DEAD".equals(before)) {
            throw new WebhookConflictException("eventId", "webhook delivery " + eventId + " is " + before
                    + ", not DEAD: only a dead-lettered delivery can be replayed");
        }
    }
}
