package io.customersync.channel.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;

import io.customersync.messaging.JobSchedule;
import io.customersync.messaging.PipelineConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** channel-service's own settings (docs/configuration.md), validated at start. */
@ConfigMapping(prefix = "channel")
public interface ChannelConfig {

    /** Each channel's creation mode, {@code CHANNEL:MODE} ({@link CreationModes}); channels not named create ASYNC. */
    Optional<List<@Pattern(regexp = "\\s*[^:\\s]+:(?i)(ASYNC|SYNC|SYNC_WITH_ASYNC_FALLBACK)\\s*",
            message = "must be CHANNEL:MODE with MODE ASYNC, SYNC or SYNC_WITH_ASYNC_FALLBACK") String>> creationModes();

    Rts rts();

    Sse sse();

    Notifications notifications();

    /** New customers saved in shared transactions (async ones, and sync-mode ones HQ numbered: writers of their own). */
    PipelineConfig.GroupCommits groupCommit();

    AsyncCustomerNumber asyncCustomerNumber();

    /** The P-job: the outbox relay to Kafka, with its mode (CONTINUOUS: the moment each transaction commits). */
    Pjob pjob();

    /** HQ's real-time service (the base URL is {@code quarkus.rest-client.hq-rts.url}). */
    interface Rts {
        @NotBlank
        String apiKey();
    }

    interface Sse {
        /** How long a customer's event stream stays open without news (HQ's answer ends it before). */
        @DurationMin(millis = 1)
        Duration timeout();

        /** How often the stream sends a comment line while nothing happens (keeps proxies from closing it). */
        @WithDefault("15s")
        @DurationMin(millis = 1)
        Duration heartbeat();

        /** The {@code retry} the stream tells clients: how long to wait before reconnecting. */
        @WithDefault("5s")
        @DurationMin(millis = 1)
        Duration retry();
    }

    /** The customer-synced listener behind the event streams. */
    interface Notifications {
        @DurationMin(millis = 1)
        Duration idleWait();

        @DurationMin(millis = 1)
        Duration retryInitial();

        @DurationMin(millis = 1)
        Duration retryMax();
    }

    interface AsyncCustomerNumber {
        @Min(1)
        @Max(18)
        int digits();
    }

    interface Pjob extends PipelineConfig.Relay, JobSchedule {
        /**
         * Data keys the P-job keeps made and escrowed to HQ ahead of the customers that will take them (decision
         * 0018), made again when fewer than half are left; 0: each key is made with its customer, as before.
         */
        @WithDefault("100")
        @Min(0)
        @Max(500)
        int keysAhead();

        /**
         * A key made ahead is given to a customer only this long after it was made; one no customer has, twice as
         * old, is purged: deleted here and forgotten at HQ (a crashed service's, a failed save's). At least a minute,
         * and not shorter than the transaction time-out ({@code quarkus.transaction-manager.default-transaction-timeout},
         * 60 s; a start is refused otherwise, {@link KeysAheadAge}): a save that took a key commits within that time-out
         * or not at all, so none is in flight at the purge.
         */
        @WithDefault("24h")
        @DurationMin(minutes = 1)
        Duration keysAheadMaxAge();
    }

    /** The purge of keys made ahead and left unused (job {@code unused-keys-purge}, decision 0018). */
    UnusedKeysPurge unusedKeysPurge();

    interface UnusedKeysPurge {
        /** How often it looks (a scan of the channel's keys); at start too. */
        @WithDefault("1h")
        @DurationMin(millis = 1)
        Duration interval();
    }

    /** The storefront webhook's delivery worker (docs/how-it-works.md, "The storefront webhook"). */
    Webhook webhook();

    interface Webhook {
        /** How long to wait for a receiver's connection to open. */
        @DurationMin(millis = 1)
        Duration connectTimeout();

        /** How long to wait for a receiver's answer, once connected. */
        @DurationMin(millis = 1)
        Duration requestTimeout();

        /** Attempts of one event before it is dead-lettered (ops replay it). */
        @Min(1)
        @Max(100)
        int maxAttempts();

        /** Delay before the second attempt; doubled for each further one, up to retry-max. */
        @DurationMin(millis = 1)
        Duration retryInitial();

        @DurationMin(millis = 1)
        Duration retryMax();

        /** How often the worker looks for due deliveries when it has nothing to do. */
        @DurationMin(millis = 1)
        Duration pollInterval();

        /** Deliveries sent at once (in parallel) per turn. */
        @Positive
        @Max(1000)
        int batchSize();
    }
}
