package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpClosedException;

/** A client that closed its connection mid-request is not an error of the service (no ERROR log, no 500). */
class ClientWentAwayTest {

    @Test
    void aClosedConnectionUnderTheBodyReadersExceptionsIsTheClientGoingAway() {
        // as RESTEasy Reactive reports it: VertxInputStream's IOException over Vert.x's HttpClosedException
        assertTrue(ProblemMappers.clientWentAway(new IOException(new IOException(new HttpClosedException("closed")))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ProblemMappers.clientWentAway(new IOException("disk full")));
        assertFalse(ProblemMappers.clientWentAway(new IllegalStateException("bug", new RuntimeException("cause"))));
    }
}
