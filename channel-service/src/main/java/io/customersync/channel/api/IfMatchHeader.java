package io.customersync.channel.api;

import jakarta.ws.rs.core.HttpHeaders;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A PATCH's {@code If-Match} lines are checked before its body is read ({@link CustomerETag#checkIfMatch}): the
 * resources' header parameters see an empty header as none, which made a conditional edit unconditional.
 */
public class IfMatchHeader {

    @ServerRequestFilter
    public void checkIfMatch(HttpServerRequest request) {
        if (request.method() == HttpMethod.PATCH) {
            request.headers().getAll(HttpHeaders.IF_MATCH).forEach(CustomerETag::checkIfMatch);
        }
    }
}
