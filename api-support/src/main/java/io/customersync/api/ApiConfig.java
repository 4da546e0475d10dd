package io.customersync.api;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The API settings every service shares ({@code api.*}), typed and validated when it starts. */
@ConfigMapping(prefix = "api")
public interface ApiConfig {

    /** The API keys: {@code CHANNEL:role:sha256hex} entries (no production default). */
    @NotEmpty
    List<String> credentials();

    RateLimit rateLimit();

    LoadSheddingSettings loadShedding();

    interface RateLimit {
        /** Requests a key may make per period. */
        @Positive
        int requestsPerPeriod();

        /** Failed authentications an address may make per period. */
        @Positive
        int failedAuthenticationsPerPeriod();

        @DurationMin(millis = 1)
        Duration period();

        /** How many client addresses are tracked for failed authentications at most. */
        @Positive
        long maxTrackedAddresses();
    }

    interface LoadSheddingSettings {
        /** Requests in flight above which a request is refused with a ready-made 503. */
        @Positive
        int maxInFlight();

        @DurationMin(seconds = 1)
        Duration retryAfter();

        /** Requests beyond {@link #maxInFlight()} that wait for a slot (first come, first served); the next is refused. */
        @WithDefault("0")
        @PositiveOrZero
        int maxWaiting();

        /**
         * Of the requests waiting for a slot, how many are read into memory: a keep-alive client whose request ends
         * while every slot is taken and that many wait, or others are held, is held (its next request waits unread in
         * its connection) until one leaves; {@link #maxWaiting()} or more: none is held.
         */
        @WithDefault("64")
        @PositiveOrZero
        int waitingRead();

        /** How long a request waits for a slot at most; then it is refused. */
        @WithDefault("2s")
        @DurationMin(millis = 1)
        Duration maxWait();

        /** How long a refused HTTP/1.1 connection is not read again. */
        @DurationMin(millis = 0)
        Duration connectionPause();
    }
}
