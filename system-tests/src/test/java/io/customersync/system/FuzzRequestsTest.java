package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fuzzer's promise that the seed alone repeats a run: the same seed makes the same requests. */
class FuzzRequestsTest {

    private static final String DOCUMENT = """
            {"paths":{
              "/api/v1/things/{customerId}":{"patch":{"security":[{"apiKey":["pos"]}],
                "parameters":[{"name":"customerId","in":"path","schema":{"$ref":"#/components/schemas/UUID"}}],
                "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
                "responses":{"200":{"content":{"application/json":{}}}}}},
              "/api/v1/things":{"get":{"security":[{"apiKey":["pos","ops"]}],
                "parameters":[{"name":"size","in":"query","schema":{"type":"integer","minimum":1}}],
                "responses":{"200":{"content":{"text/event-stream":{}}}}}}},
             "components":{"schemas":{"UUID":{"type":"string","format":"uuid"},
               "Thing":{"type":"object","required":["name"],"properties":{"name":{"type":"string","example":"Ada"},
                 "kind":{"type":"string","enum":["A","B"]},"email":{"type":"string"},
                 "tags":{"type":"array","items":{"type":"string"}}}}}}}""";

    @Test
    void theSameSeedMakesTheSameRequestsAndAnotherSeedOthers() {
        assertEquals(requests(42), requests(42));
        assertNotEquals(requests(42), requests(43));
    }

    @Test
    void endpointsAreSortedAndCarryTheirRolesAndStreams() {
        List<ApiDescriptions.Endpoint> endpoints = ApiDescriptions.parse("HOUSTON", DOCUMENT);
        assertEquals("HOUSTON GET /api/v1/things", endpoints.get(0).toString());
        assertEquals(List.of("ops", "pos"), endpoints.get(0).roles());
        assertTrue(endpoints.get(0).eventStream());
        assertEquals("customerId", endpoints.get(1).params().get(0).name());
    }

    private static List<String> requests(long seed) {
        List<ApiDescriptions.Endpoint> endpoints = ApiDescriptions.parse("HOUSTON", DOCUMENT);
        FuzzRequests generator = new FuzzRequests(endpoints, new ExistingRecords(),
                Map.of("HOUSTON", new java.util.TreeMap<>(Map.of("pos", "k-pos", "ops", "k-ops"))));
        Random random = new Random(seed);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            FuzzRequests.FuzzRequest request = generator.next(random);
            made.add(request + " " + request.headers() + " " + request.body());
        }
        return made;
    }
}
