package io.customersync.distribution.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** distribution-service's own settings: the channel registry and how the 1010 job runs. */
@ConfigMapping(prefix = "distribution")
public interface DistributionConfig {

    /** The channel registry: channel id to its channel database and address book. */
    Map<String, ChannelDatabase> channels();

    Delivery delivery();

    Job job();

    Pipeline pipeline();

    interface ChannelDatabase {
        String jdbcUrl();

        String username();

        String password();

        /** Channels of one address book get copies of each other's customers. */
        Optional<String> addressBook();

        /** D365's "exclude from offline databases": the channel gets only its own customers' account numbers. */
        @WithDefault("false")
        boolean excludeCustomerData();
    }

    interface Delivery {
        int batchSize();

        Duration idleWait();

        Duration retryInitial();

        Duration retryMax();

        /** After this many failed attempts a delivery is parked as FAILED until ops retry it. */
        int maxAttempts();

        Duration stopGrace();

        int poolSize();

        Duration connectTimeout();

        Duration socketTimeout();
    }

    interface Job {
        /** CONTINUOUS (deliver the moment work is queued), SCHEDULED (every interval) or ON_DEMAND (ops run it). */
        JobMode mode();

        Duration interval();
    }

    /** The pipeline page (/pipeline.html) and its API (/api/v1/pipeline). */
    interface Pipeline {
        /** hq-service's base URL, for its staging and jobs; without it the page shows the channels only. */
        Optional<String> hqUrl();

        Duration hqTimeout();

        /** How long a channel database may take to answer the page's counts. */
        Duration channelTimeout();

        /** Conversion-latency percentiles cover about this much of the recent past. */
        Duration conversionWindow();

        /** How many waiting customers, recent conversions and failed rows the page lists. */
        int listSize();

        /** Consumer-group lag is read from the broker at most this often. */
        Duration lagMaxAge();
    }

    enum JobMode {
        CONTINUOUS, SCHEDULED, ON_DEMAND
    }
}
