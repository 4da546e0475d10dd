package io.customersync.api;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} before it is read, with a
 * 413 problem+json like every other error (HTTP's own limit answers with an empty body).
 */
@Singleton
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper json;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper json) {
        this.maxBytes = max.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLarge(length)) {
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", Problems.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(problem(ctx.request().path()));
            } else {
                ctx.next();
            }
        });
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String problem(String path) {
        try {
            return json.writeValueAsString(new Problem("about:blank", "Content Too Large", 413,
                    "the body may be at most " + maxBytes + " bytes", path, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
