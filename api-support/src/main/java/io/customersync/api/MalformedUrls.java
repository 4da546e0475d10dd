package io.customersync.api;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A URL that is not one ({@code ?q=100%}, {@code /customers/%zz}, a space or {@code {}} unescaped) is refused with a 400
 * problem+json like every other bad request. Quarkus's HTTP layer checks every URL the same way ({@code new URI(..)})
 * but answers an empty 400 before any route, so the service turns that check off ({@link #TAKE_OVER}, set by
 * {@link ServiceMain} before Quarkus starts, and by the build for tests) and makes it here, as the first route.
 * The answer names where the URL broke, not the URL: a query may hold a customer's name or phone.
 */
@Singleton
public class MalformedUrls {

    /** The system property that turns Quarkus's own check off (read once, when its HTTP layer loads). */
    public static final String TAKE_OVER = "vertx.disableURIValidation";

    private final ObjectMapper json;

    public MalformedUrls(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String broken = broken(ctx.request().uri());
            if (broken == null) {
                ctx.next();
            } else {
                refuse(ctx, broken);
            }
        });
    }

    /** Where and why {@code uri} is not a URL, or null if it is one. */
    static String broken(String uri) {
        if (uri == null) {
            return "no URL";
        }
        try {
            new URI(uri);
            return null;
        } catch (URISyntaxException e) {
            return e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "");
        }
    }

    private void refuse(RoutingContext ctx, String broken) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", Problems.MEDIA_TYPE).end(Problems.json(json, 400,
                "the URL is malformed: " + broken + " (escape %, spaces and braces as %25, %20, %7B and %7D)", null));
    }
}
