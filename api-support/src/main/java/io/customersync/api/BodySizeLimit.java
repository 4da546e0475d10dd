package io.customersync.api;


import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with a 413 problem+json like
 * every other error (HTTP's own limit answers with an empty body): at once when Content-Length says
 * so, and for a chunked body (no length) as soon as the bytes read pass the limit. A chunked body
 * within the limit is read here and handed on whole.
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
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBytes);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLarge(length)) {
                refuse(ctx);
            } else if (length == null && "chunked".equalsIgnoreCase(ctx.request().getHeader("Transfer-Encoding"))) {
                chunkedBodies.handle(ctx); // fails the request with 413 past the limit
            } else {
                ctx.next();
            }
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void refuse(RoutingContext ctx) {
        ctx.response().setStatusCode(413)
                .putHeader("Content-Type", Problems.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(Problems.json(json, 413, "the body may be at most " + maxBytes + " bytes", ctx.request().path()));
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
