package io.customersync.api;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

/**
 * Request budgets (resilience4j): one per credential, and one per client address for calls with a
 * missing or wrong key, so guessing keys is slow. A caller over budget gets 429, not a queue.
 */
@Singleton
public class RateLimits {

    private final RateLimiterRegistry perCredential;
    private final RateLimiterRegistry perUnknownClient;

    public RateLimits(@ConfigProperty(name = "api.rate-limit.requests-per-period") int requests,
            @ConfigProperty(name = "api.rate-limit.failed-authentications-per-period") int failures,
            @ConfigProperty(name = "api.rate-limit.period") Duration period) {
        this.perCredential = RateLimiterRegistry.of(config(requests, period));
        this.perUnknownClient = RateLimiterRegistry.of(config(failures, period));
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
        return perUnknownClient.rateLimiter(clientAddress).acquirePermission();
    }

    /** How long until a limit of this kind lets calls in again, for Retry-After. */
    public Duration period() {
        return perCredential.getDefaultConfig().getLimitRefreshPeriod();
    }

}
