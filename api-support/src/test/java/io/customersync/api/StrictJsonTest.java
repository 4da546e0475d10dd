package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

class StrictJsonTest {

    record Person(String name, List<String> tags, Map<String, String> attributes) {
    }

    private final ObjectMapper json = strict();

    @Test
    void textWithoutNulIsRead() throws Exception {
        Person read = json.readValue("{\"name\":\"Ad\\u00e9\",\"tags\":[\"a\"],\"attributes\":{\"k\":\"v\"}}", Person.class);
        assertEquals(new Person("Ad\u00e9", List.of("a"), Map.of("k", "v")), read);
    }

    @Test
    void aNulCharacterAnywhereInTextIsRefused() {
        for (String body : List.of("{\"name\":\"a\\u0000b\"}", "{\"tags\":[\"\\u0000\"]}",
                "{\"attributes\":{\"k\":\"v\\u0000\"}}", "{\"attributes\":{\"k\\u0000\":\"v\"}}")) {
            assertThrows(MismatchedInputException.class, () -> json.readValue(body, Person.class), body);
        }
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
