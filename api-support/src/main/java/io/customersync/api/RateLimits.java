package io.customersync.api;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;


import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

/**
 * Request budgets (resilience4j): one per credential, and one per client address for calls with a
 * wrong key, so guessing keys is slow. A caller over budget gets 429, not a queue.
 * <p>
 * Keys are few (the configured ones), addresses are not: at most
 * {@code api.rate-limit.max-tracked-addresses} of them are tracked (a Caffeine cache: past the
 * maximum, the addresses seen least often go first, so a busy guesser stays tracked); an address
 * pushed out starts again with a full budget.
 */
@Singleton
public class RateLimits {

    private final RateLimiterRegistry perCredential;
    private final RateLimiterConfig perClientConfig;
    private final Cache<String, RateLimiter> perUnknownClient;

    @Inject
    public RateLimits(ApiConfig config) {
        this(config.rateLimit().requestsPerPeriod(), config.rateLimit().failedAuthenticationsPerPeriod(),
                config.rateLimit().period(), config.rateLimit().maxTrackedAddresses());
    }

    RateLimits(int requests, int failures, Duration period, long maxTrackedAddresses) {
        this.perCredential = RateLimiterRegistry.of(config(requests, period));
        this.perClientConfig = config(failures, period);
        this.perUnknownClient = Caffeine.newBuilder().maximumSize(maxTrackedAddresses).build();
    }

    private static RateLimiterConfig config(int limit, Duration period) {
        return RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    public boolean allowCredential(String credentialHash) {
        return perCredential.rateLimiter(credentialHash).acquirePermission();
    }

    public boolean allowFailedAuthentication(String clientAddress) {
        return perUnknownClient.get(clientAddress, address -> RateLimiter.of(address, perClientConfig))
                .acquirePermission();
    }

    /** How many client addresses are tracked now (after pending evictions). */
    long trackedAddresses() {
        perUnknownClient.cleanUp();
        return perUnknownClient.estimatedSize();
    }

    /** How long until a limit of this kind lets calls in again, for Retry-After. */
    public Duration period() {
        return perCredential.getDefaultConfig().getLimitRefreshPeriod();
    }

}
