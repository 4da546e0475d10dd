package io.customersync.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;

/**
 * Sheds load before it piles up: when {@code api.load-shedding.max-in-flight} API requests are
 * already being served or queued for a worker, the next one is answered at once with 503 and
 * {@code Retry-After} (problem+json), instead of waiting in memory until the client gives up or
 * the heap runs out. A till retries later or, for customers, goes on offline. Health, metrics and
 * OpenAPI ({@code /q/*}) are never shed. The quarkus-load-shedding extension (experimental,
 * adaptive limit, 503 without a problem body) was considered; a fixed limit is what ops can
 * predict and size.
 */
@Singleton
public class LoadShedding {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final String retryAfterSeconds;
    private final ObjectMapper json;

    public LoadShedding(@ConfigProperty(name = "api.load-shedding.max-in-flight") int maxInFlight,
            @ConfigProperty(name = "api.load-shedding.retry-after") Duration retryAfter, ObjectMapper json) {
        this.maxInFlight = maxInFlight;
        this.retryAfterSeconds = Long.toString(Math.max(1, retryAfter.toSeconds()));
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().path().startsWith("/q/")) {
                ctx.next();
            } else if (tryEnter()) {
                ctx.addEndHandler(done -> leave());
                ctx.next();
            } else {
                ctx.response().setStatusCode(503)
                        .putHeader("Content-Type", Problems.MEDIA_TYPE)
                        .putHeader("Retry-After", retryAfterSeconds)
                        .end(problem(ctx.request().path()));
            }
        });
    }

    /** @return false when the limit is reached (nothing was counted) */
    boolean tryEnter() {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    private String problem(String path) {
        try {
            return json.writeValueAsString(new Problem("about:blank", "Service Unavailable", 503,
                    "more than " + maxInFlight + " requests at once; retry after " + retryAfterSeconds + " s", path,
                    List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
