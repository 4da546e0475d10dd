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

    @Test
    void halfOfACharacterIsRefusedAndAWholeOneBeyondTheBasicPlaneIsRead() throws Exception {
        for (String body : List.of("{\"name\":\"NOT_A_NJ\\udc003\"}", "{\"name\":\"\\ud83d\"}",
                "{\"tags\":[\"a\\ud83db\"]}", "{\"attributes\":{\"note\":\"\\ude00\\ud83d\"}}",
                "{\"attributes\":{\"k\\udfff\":\"v\"}}")) {
            assertThrows(StrictJson.UnstorableText.class, () -> json.readValue(body, Person.class), body);
        }
        Person read = json.readValue("{\"name\":\"smile \\ud83d\\ude00\",\"attributes\":{\"\ud83d\ude00\":\"\u00e9\"}}", Person.class);
        assertEquals(new Person("smile \ud83d\ude00", null, Map.of("\ud83d\ude00", "\u00e9")), read);
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
