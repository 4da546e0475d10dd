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

    @Test
    void textDecomposedIsKeptComposedAsTheSameLettersTypedAtAnotherTill() throws Exception {
        // "Renée" with a combining acute accent (NFD), as a phone's keyboard or a paste may send it
        Person read = json.readValue("{\"name\":\"Rene\\u0301e\",\"tags\":[\"Zoe\\u0308\"],"
                + "\"attributes\":{\"cafe\\u0301\":\"cre\\u0300me\"}}", Person.class);
        assertEquals(new Person("Ren\u00e9e", List.of("Zo\u00eb"), Map.of("caf\u00e9", "cr\u00e8me")), read);
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
