package io.customersync.distribution.domain;

import java.util.ArrayList;
import java.util.List;

import io.customersync.distribution.config.DistributionConfig;

/** What a channel registration must be before it is written (ops' changes and configuration's seeds alike). */
public final class ChannelRules {

    /** A channel id: letters, digits, '_' and '-', at most 32 (as the queue and the API keys name channels). */
    public static final String CHANNEL_ID = "[A-Za-z0-9_-]{1,32}";
    private static final String NAME = "[A-Za-z0-9_.-]{1,64}";

    private ChannelRules() {
    }

    /** The channel, if every field is acceptable; else {@link InvalidChannelException} naming the field. */
    public static Channel checked(Channel channel) {
        if (!channel.id().matches(CHANNEL_ID)) {
            throw new InvalidChannelException("channelId", "letters, digits, '_' and '-', at most 32");
        }
        if (!channel.jdbcUrl().startsWith("jdbc:postgresql:") || channel.jdbcUrl().length() > 500
                || channel.jdbcUrl().chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidChannelException("jdbcUrl", "must be a jdbc:postgresql: URL (at most 500 characters)");
        }
        if (!channel.username().matches("[A-Za-z_][A-Za-z0-9_$]{0,62}")) {
            throw new InvalidChannelException("username", "must be a PostgreSQL role name");
        }
        if (channel.addressBook() != null && !channel.addressBook().matches(NAME)) {
            throw new InvalidChannelException("addressBook", "letters, digits, '.', '_' and '-', at most 64");
        }
        if (channel.poolSize() != null && (channel.poolSize() < 1 || channel.poolSize() > 50)) {
            throw new InvalidChannelException("poolSize", "from 1 to 50");
        }
        if (!channel.deployment().matches(NAME)) {
            throw new InvalidChannelException("deployment", "letters, digits, '.', '_' and '-', at most 64");
        }
        return channel;
    }

    /** The channels {@code distribution.channels.*} seeds the registry with, each {@link #checked}. */
    static List<Channel> seeds(DistributionConfig config) {
        List<Channel> seeds = new ArrayList<>();
        config.channels().forEach((id, db) -> {
            String reference = db.passwordRef()
                    .orElseGet(() -> "config:distribution.channels." + id + ".password");
            if (db.passwordRef().isEmpty() && db.password().isEmpty()) {
                throw new IllegalStateException("distribution.channels." + id + " needs password or password-ref");
            }
            seeds.add(checked(new Channel(id, db.jdbcUrl(), db.username(), PasswordReference.parse(reference),
                    db.addressBook().orElse(null), db.excludeCustomerData(), db.poolSize().orElse(null),
                    db.deployment().orElse(config.deployment()), Channel.Status.ACTIVE)));
        });
        return seeds;
    }
}
