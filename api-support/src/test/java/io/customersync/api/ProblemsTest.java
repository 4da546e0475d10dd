package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void aProblemIsAboutBlankWithTheRfc9110PhraseAsTitle() {
        Problem conflict = Problems.problem(409, "channel X has no unposted transactions", "/api/v1/statements",
                List.of(new Problem.FieldProblem("channelId", "channel X has no unposted transactions")));

        assertEquals("about:blank", conflict.type());
        assertEquals("Conflict", conflict.title());
        assertEquals(409, conflict.status());
        assertEquals("channel X has no unposted transactions", conflict.detail());
        assertEquals("channelId", conflict.errors().get(0).field());
    }

    @Test
    void theTitlesAreTheRfc9110Names() {
        assertEquals("Bad Request", Problems.title(400));
        assertEquals("Content Too Large", Problems.title(413));
        assertEquals("Unprocessable Content", Problems.title(422));
        assertEquals("Too Many Requests", Problems.title(429));
        assertEquals("Service Unavailable", Problems.title(503));
    }

    @Test
    void aStatusWithoutAPhraseGetsItsClassName() {
        assertEquals("Client Error", Problems.title(499));
        assertEquals("Server Error", Problems.title(599));
    }

    @Test
    void theResponseCarriesTheProblemAsProblemJson() {
        var response = Problems.response(404, "no such customer", "/api/v1/customers/1", List.of()).build();

        assertEquals(404, response.getStatus());
        assertEquals(Problems.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("Not Found", ((Problem) response.getEntity()).title());
    }
}
