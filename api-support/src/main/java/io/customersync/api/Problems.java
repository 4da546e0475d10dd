package io.customersync.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds problem responses. Every problem has type {@code about:blank}, so its title is the HTTP
 * status phrase (RFC 9457 section 4.2.1, phrases as RFC 9110 names them); what went wrong is in
 * {@code detail} and {@code errors} (docs/decisions/0006-problem-types.md).
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE = "about:blank";

    /** RFC 9110 section 15 (and RFC 6585 for 428, 429, 431) reason phrases. */
    private static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(407, "Proxy Authentication Required"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(416, "Range Not Satisfiable"),
            Map.entry(417, "Expectation Failed"), Map.entry(421, "Misdirected Request"),
            Map.entry(422, "Unprocessable Content"), Map.entry(426, "Upgrade Required"),
            Map.entry(428, "Precondition Required"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"), Map.entry(505, "HTTP Version Not Supported"));

    private Problems() {
    }

    /** A problem with one field (or header) of the request, named in {@code errors} too. */
    public static Response field(int status, String field, String detail, String instance) {
        return Response.status(status).type(MEDIA_TYPE).entity(fieldProblem(status, field, detail, instance)).build();
    }

    /** The body of {@link #field}: for an answer kept to be sent again (an Idempotency-Key's). */
    public static Problem fieldProblem(int status, String field, String detail, String instance) {
        return problem(status, detail, instance, List.of(new Problem.FieldProblem(field, detail)));
    }

    /** The problem body for {@code status}: type {@code about:blank}, the status phrase as title. */
    public static Problem problem(int status, String detail, String instance, List<Problem.FieldProblem> errors) {
        return new Problem(TYPE, title(status), status, detail, instance, errors);
    }

    /**
     * The problem body for {@code status} as JSON text, for an answer written outside JAX-RS (a route before it:
     * load shedding, the body-size limit, a malformed URL).
     */
    public static String json(ObjectMapper json, int status, String detail, String instance) {
        try {
            return json.writeValueAsString(problem(status, detail, instance, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response.ResponseBuilder response(int status, String detail, String instance,
            List<Problem.FieldProblem> errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(problem(status, detail, instance, errors));
    }

    /** The RFC 9110 phrase of {@code status}; a status without one gets its class's generic phrase. */
    public static String title(int status) {
        String phrase = PHRASES.get(status);
        if (phrase != null) {
            return phrase;
        }
        return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Status " + status;
    }
}
