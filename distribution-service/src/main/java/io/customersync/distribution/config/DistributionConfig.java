package io.customersync.distribution.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;

import io.customersync.messaging.JobSchedule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** distribution-service's own settings, validated at start: the channel registry and how the 1010 job runs. */
@ConfigMapping(prefix = "distribution")
public interface DistributionConfig {

    /**
     * Seeds of the channel registry (channel id to its channel database and address book): at start
     * each channel not registered yet is added; the registry itself lives in distribution's database.
     */
    Map<String, ChannelDatabase> channels();

    /** This deployment's name: it queues and delivers only for the registry's channels of this deployment. */
    @WithDefault("main")
    String deployment();

    Registry registry();

    Delivery delivery();

    Job job();

    Pipeline pipeline();

    Privacy privacy();

    CustomerKeys customerKeys();

    FullSync fullSync();

    interface ChannelDatabase {
        String jdbcUrl();

        String username();

        /** The password, for a seed that names no {@code password-ref}: it becomes {@code config:distribution.channels.<id>.password}. */
        Optional<String> password();

        /** Where the password is read: file:/path, env:NAME or config:some.key. */
        Optional<String> passwordRef();

        /** This channel's own pool size (default: distribution.delivery.pool-size). */
        Optional<Integer> poolSize();

        /** The deployment that owns the channel (default: this one's, distribution.deployment). */
        Optional<String> deployment();

        /** Channels of one address book get copies of each other's customers. */
        Optional<String> addressBook();

        /** D365's "exclude from offline databases": the channel gets only its own customers' account numbers. */
        @WithDefault("false")
        boolean excludeCustomerData();
    }

    interface Registry {
        /** How often the registry is read again (changes ops made through another instance). */
        @WithDefault("10s")
        @DurationMin(millis = 100)
        Duration refreshInterval();

        /** The only directory whose files a channel added through the API may name as {@code file:} password. */
        @WithDefault("/run/secrets")
        String passwordDirectory();

        /** The only environment variables a channel added through the API may name as {@code env:} password. */
        @WithDefault("CHANNEL_DB_PASSWORD_")
        String passwordEnvPrefix();
    }

    interface Delivery {
        /** The delivery workers serving all channels (one channel at a time each). */
        @WithDefault("4")
        @Positive
        int workers();

        /** A channel database's pool is closed after nobody used it this long. */
        @WithDefault("60s")
        @DurationMin(millis = 1)
        Duration idleClose();

        @Positive
        int batchSize();

        @DurationMin(millis = 1)
        Duration idleWait();

        @DurationMin(millis = 1)
        Duration retryInitial();

        @DurationMin(millis = 1)
        Duration retryMax();

        /** After this many failed attempts a delivery is parked as FAILED until ops retry it. */
        @Positive
        int maxAttempts();

        @DurationMin(millis = 0)
        Duration stopGrace();

        /**
         * A customer HQ numbered whose own store has not saved it this long after HQ's answer (a
         * sync-mode store that died between HQ's answer and its own commit) is placed there by the
         * 1010 job as the store's own SYNCED customer; until then its delivery waits for the store.
         */
        @DurationMin(millis = 0)
        Duration originGrace();

        /**
         * A poll of sync events whose customers go to at most this many channels is written into those
         * whose queues are empty straight from the consumer, in its own transaction, instead of being
         * queued for a delivery worker (0: always queued). Only in the CONTINUOUS job mode.
         */
        @WithDefault("4")
        @Min(0)
        int straightToChannels();

        @Positive
        int poolSize();

        @DurationMin(millis = 1)
        Duration connectTimeout();

        @DurationMin(millis = 1)
        Duration socketTimeout();
    }

    /** CONTINUOUS (deliver the moment work is queued), SCHEDULED (every interval) or ON_DEMAND (ops run it). */
    interface Job extends JobSchedule {
    }

    /**
     * The customers' data keys, read from hq-service to open the sealed records of the sync topic
     * (docs/privacy.md): with distribution's own key at HQ (role {@code distribution}, which may only read keys).
     */
    interface CustomerKeys {
        /** hq-service's base URL. */
        String hqUrl();

        /** distribution's key at HQ; without it a sealed record waits (retried) until it is configured. */
        Optional<String> apiKey();

        @WithDefault("2s")
        @DurationMin(millis = 1)
        Duration timeout();

        /** Keys kept in memory at most (least recently used go first; an erased customer's go at once). */
        @WithDefault("10000")
        @Positive
        int cacheSize();

        /**
         * Keys escrowed lately read along with a key that is not in memory (at most 500; 0: none): the keys the
         * channels make ahead of their customers, so that their records open without a call (decision 0018).
         */
        @WithDefault("500")
        @Min(0)
        @Max(500)
        int ahead();
    }

    /** The personal-data export's part of the channel databases (docs/privacy.md). */
    interface Privacy {
        /** Every channel database of one export is read within this (one deadline; keep it below HQ's hq.distribution.timeout). */
        @WithDefault("4s")
        @DurationMin(millis = 1)
        Duration channelTimeout();
    }

    /** The pipeline page (/pipeline.html) and its API (/api/v1/pipeline). */
    interface Pipeline {
        /** hq-service's base URL, for its staging and jobs; without it the page shows the channels only. */
        Optional<String> hqUrl();

        @DurationMin(millis = 1)
        Duration hqTimeout();

        /** How long a channel database may take to answer the page's counts. */
        @DurationMin(millis = 1)
        Duration channelTimeout();

        /** Conversion-latency percentiles cover about this much of the recent past. */
        @DurationMin(millis = 1)
        Duration conversionWindow();

        /** How many waiting customers, recent conversions and failed rows the page lists. */
        @Positive
        int listSize();

        /** Consumer-group lag is read from the broker at most this often. */
        @DurationMin(millis = 0)
        Duration lagMaxAge();

        /** The page's charts: distribution samples its figures this often (and reads the consumer lag). */
        @DurationMin(millis = 100)
        Duration sampleInterval();

        /** The page's charts: how much of the recent past they show (at least one sample interval). */
        @DurationMin(seconds = 1)
        Duration historyWindow();
    }

    /** A channel's full sync (docs/ops.md): every customer of its address book read from HQ page by page. */
    interface FullSync {
        /** Customers read from HQ and queued in one transaction (HQ answers 500 at most). */
        @WithDefault("500")
        @Min(1)
        @Max(500)
        int pageSize();

        /** Timeout of one page's read at HQ (a failed read is tried again after {@code retry-after}). */
        @WithDefault("30s")
        @DurationMin(millis = 1)
        Duration timeout();

        /** How often the job looks for full syncs to run (asked through another instance) and retries a failed page. */
        @WithDefault("5s")
        @DurationMin(millis = 1)
        Duration retryAfter();
    }
}
