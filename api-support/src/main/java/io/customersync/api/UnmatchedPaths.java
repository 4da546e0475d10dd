package io.customersync.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.Context;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An API request no operation took (a method the path does not have: 405; a malformed URL: 400) is counted in the
 * HTTP metrics under {@value #UNMATCHED}, not under the path it came with: the unauthenticated {@code /q/metrics} showed
 * such paths as they were typed, an e-mail in a path among them, and each one grew the metrics by three series
 * (found by probing ./run.sh). A request an operation took keeps that operation's path template.
 */
@Singleton
public class UnmatchedPaths {

    /** The {@code uri} of those requests in {@code http_server_requests_seconds}. */
    static final String UNMATCHED = "/api/unmatched";

    /** Where Quarkus's HTTP metrics read a request's path template (RESTEasy Reactive writes it there). */
    private static final String TEMPLATE = "UrlPathTemplate";

    void install(@Observes Router router) {
        // no path on the route: matching one decodes the URL, which a malformed one fails before MalformedUrls answers
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (!ctx.request().path().startsWith("/api/")) {
                ctx.next();
                return;
            }
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() >= 400) {
                    Context request = requestContext(ctx);
                    if (request != null && request.getLocal(TEMPLATE) == null) {
                        request.putLocal(TEMPLATE, UNMATCHED);
                    }
                }
            });
            ctx.next();
        });
    }

    private static Context requestContext(RoutingContext ctx) {
        return ctx.request() instanceof HttpServerRequestInternal internal ? internal.context() : null;
    }
}
