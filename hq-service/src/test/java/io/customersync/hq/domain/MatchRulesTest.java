package io.customersync.hq.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;

/** Match rules: who may be the same person, and who never is. */
class MatchRulesTest {

    private static final MatchRules DEFAULT = MatchRules.of(
            List.of("email+firstName+lastName", "phone+firstName+lastName", "address+firstName+lastName"),
            List.of("1234567890", "noemail@", "test@test.com"));

    @Test
    void theSamePersonTypedDifferentlyAtTwoStoresHasTheSameKeys() {
        MatchRules.Keys houston = keys("José", "García López", " Jose.Garcia@Example.COM ", "+1 (713) 555-0100",
                address("12 Main St.", "77002"));
        MatchRules.Keys online = keys(" jose ", "GARCIA-LOPEZ", "jose.garcia@example.com", "713.555.0100",
                address("12 main st", "77 002"));

        assertEquals(ruleKeys(houston), ruleKeys(online));
        assertEquals(3, ruleKeys(houston).size(), "e-mail, phone and address rules");
    }

    @Test
    void aHouseholdSharingPhoneEmailAndAddressIsNeverOnePerson() {
        MatchRules.Keys john = keys("John", "Smith", "smiths@example.com", "713 555 0199", address("4 Elm St", "77005"));
        MatchRules.Keys jane = keys("Jane", "Smith", "smiths@example.com", "713 555 0199", address("4 Elm St", "77005"));

        assertTrue(disjoint(ruleKeys(john), ruleKeys(jane)));
        assertEquals(values(john), values(jane), "but they share every contact value, which is counted");
    }

    @Test
    void differentLastNamesNeverMatch() {
        MatchRules.Keys a = keys("Ada", "Lovelace", "ada@example.com", "713 555 0101", address("1 Main St", "77002"));
        MatchRules.Keys b = keys("Ada", "Byron", "ada@example.com", "713 555 0101", address("1 Main St", "77002"));

        assertTrue(disjoint(ruleKeys(a), ruleKeys(b)));
    }

    @Test
    void placeholderValuesAreNeitherMatchedNorCounted() {
        MatchRules.Keys keys = keys("Ada", "Lovelace", "NoEmail@store.example", "123-456-7890");
        assertEquals(List.of(), keys.values());
        assertEquals(List.of(), keys.rules());

        assertEquals(List.of(), keys("Ada", "Lovelace", "test@test.com", "000-000-0000").values(), "one digit repeated");
        assertEquals(List.of(), keys("Ada", "Lovelace", "test@test.com", "+1 000-000-0000").values(),
                "one digit repeated behind a country code");
        assertEquals(List.of(), keys("Ada", "Lovelace", "not an e-mail", "555 12").values(), "too short to be a phone");
    }

    @Test
    void eachAddressHasItsOwnKey() {
        MatchRules.Keys keys = keys("Ada", "Lovelace", null, null, address("1 Main St", "77002"),
                address("2 Side St", "77003"));
        assertEquals(2, keys.rules().size());
        assertEquals(2, keys.values().size());
    }

    @Test
    void anAddressItsStoreRemovedMatchesNoOne() {
        MatchRules.Keys keys = keys("Ada", "Lovelace", null, null, address("1 Main St", "77002").asRemoved(),
                address("2 Side St", "77003"));
        assertEquals(1, keys.rules().size());
        assertEquals(1, keys.values().size());
        assertEquals(keys("Ada", "Lovelace", null, null, address("2 Side St", "77003")).values(), keys.values());
    }

    @Test
    void anAddressWithoutPostcodeIsComparedByItsCity() {
        AsyncAddress dubai = new AsyncAddress(UUID.randomUUID(), "Villa 12, Street 4, Al Wasl", "Dubai", null, "", "AE",
                "HOME");
        AsyncAddress dubaiTypedAgain = new AsyncAddress(UUID.randomUUID(), "villa 12 street 4 al wasl", " DUBAI ", null,
                null, "AE", "HOME");
        AsyncAddress sharjah = new AsyncAddress(UUID.randomUUID(), "Villa 12, Street 4, Al Wasl", "Sharjah", null, "", "AE",
                "HOME");

        assertEquals(ruleKeys(keys("Omar", "Haddad", null, null, dubai)),
                ruleKeys(keys("Omar", "Haddad", null, null, dubaiTypedAgain)));
        assertEquals(1, keys("Omar", "Haddad", null, null, dubai).rules().size(), "an address rule, as with a zip");
        assertTrue(disjoint(ruleKeys(keys("Omar", "Haddad", null, null, dubai)),
                ruleKeys(keys("Omar", "Haddad", null, null, sharjah))), "the same street in another city");
    }

    @Test
    void aRuleWithTwoContactFieldsNeedsBoth() {
        MatchRules strict = MatchRules.of(List.of("email+phone+lastName"), List.of());
        MatchRules.Profile full = new MatchRules.Profile("Ada", "Lovelace", "ada@example.com", "7135550101", List.of());
        MatchRules.Profile otherPhone = new MatchRules.Profile("Ada", "Lovelace", "ada@example.com", "7135550102", List.of());

        assertTrue(disjoint(ruleKeys(strict.keysOf(full)), ruleKeys(strict.keysOf(otherPhone))));
        assertEquals(List.of(), strict.keysOf(new MatchRules.Profile("Ada", "Lovelace", "ada@example.com", null,
                List.of())).rules());
    }

    @Test
    void aRuleMustNameTheLastNameAndAContactValue() {
        assertThrows(IllegalArgumentException.class, () -> MatchRules.of(List.of("phone"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> MatchRules.of(List.of("email+firstName"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> MatchRules.of(List.of("firstName+lastName"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> MatchRules.of(List.of("phone+lastName+nickname"), List.of()));
    }

    @Test
    void aKeyIsTheMd5DigestPostgresqlComputesToo() {
        // select md5('abc')::uuid -> 90015098-3cd2-4fb0-d696-3f7d28e17f72
        assertEquals(UUID.fromString("90015098-3cd2-4fb0-d696-3f7d28e17f72"), MatchRules.digest("abc"));
    }

    private static MatchRules.Keys keys(String first, String last, String email, String phone, AsyncAddress... addresses) {
        return DEFAULT.keysOf(new MatchRules.Profile(first, last, email, phone, List.of(addresses)));
    }

    private static AsyncAddress address(String street, String zip) {
        return new AsyncAddress(UUID.randomUUID(), street, "Houston", "TX", zip, "US", "HOME");
    }

    private static Set<UUID> ruleKeys(MatchRules.Keys keys) {
        Set<UUID> set = new HashSet<>();
        keys.rules().forEach(r -> set.add(r.key()));
        return set;
    }

    private static Set<UUID> values(MatchRules.Keys keys) {
        Set<UUID> set = new HashSet<>();
        keys.values().forEach(v -> set.add(v.key()));
        return set;
    }

    private static boolean disjoint(Set<UUID> a, Set<UUID> b) {
        Set<UUID> both = new HashSet<>(a);
        both.retainAll(b);
        return both.isEmpty() && !a.isEmpty();
    }
}
