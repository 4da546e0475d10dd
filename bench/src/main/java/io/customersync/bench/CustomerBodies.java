package io.customersync.bench;

import java.util.List;
import java.util.Random;

/**
 * What tills really send: a name from common names (so many people share one), an e-mail and a
 * phone of their own, one or two addresses and attributes. A share of them ({@code --shared=0.10}
 * by default) gives a contact value someone else gave too: half a household (the previous
 * customer's last name, landline, e-mail and address, another first name), half the store's own
 * phone typed for a customer who gave none.
 */
final class CustomerBodies {

    /** The store's phone, as tills type it for customers who give none. */
    static final String STORE_PHONE = "+1 713 555 0100";

    private static final List<String> FIRST = List.of("James", "Mary", "Robert", "Patricia", "John", "Jennifer",
            "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
            "Thomas", "Sarah", "Carlos", "Karen", "José", "María", "Wei", "Priya", "Ahmed", "Fatima", "Olga", "Kenji");
    private static final List<String> LAST = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Rodriguez", "Martinez", "Hernández", "Lopez", "Gonzalez", "Wilson", "Anderson",
            "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Nguyen", "O'Brien", "Müller", "Kowalski", "Chen");
    private static final List<String> STREETS = List.of("Main St", "Westheimer Rd", "Oak Ave", "Elm St", "Kirby Dr",
            "Bellaire Blvd", "Memorial Dr", "Richmond Ave");

    private final double shared;
    private final Random random;
    private String household = "";

    CustomerBodies(double shared, long seed) {
        this.shared = shared;
        this.random = new Random(seed);
    }

    /** Customer number {@code n} of the run, as a POST body. */
    synchronized String next(long n) {
        String first = FIRST.get(random.nextInt(FIRST.size()));
        double draw = random.nextDouble();
        if (draw < shared / 2 && !household.isEmpty()) {
            return household.replaceFirst("\"firstName\":\"[^\"]*\"", "\"firstName\":\"" + first + "\"");
        }
        String phone = draw < shared ? STORE_PHONE : phone(n);
        String body = body(n, first, LAST.get(random.nextInt(LAST.size())), phone, random.nextInt(10) < 3);
        household = body;
        return body;
    }

    /** Customer {@code n} with the given phone and a random common name (for the shared-phone comparison). */
    synchronized String withPhone(long n, String phone) {
        return body(n, FIRST.get(random.nextInt(FIRST.size())), LAST.get(random.nextInt(LAST.size())), phone, false);
    }

    /** A phone of the customer's own: +1 and ten digits made from its number. */
    static String phone(long n) {
        long digits = 2_000_000_000L + Math.floorMod(n * 7_919L, 7_000_000_000L);
        String d = Long.toString(digits);
        return "+1 " + d.substring(0, 3) + " " + d.substring(3, 6) + " " + d.substring(6);
    }

    private static String body(long n, String first, String last, String phone, boolean twoAddresses) {
        String home = address(n, "HOME");
        String addresses = twoAddresses ? home + "," + address(n + 1_000_003, "DELIVERY") : home;
        return "{\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"email\":\"" + ascii(first) + "."
                + ascii(last) + "." + n + "@example.com\",\"phone\":\"" + phone + "\",\"addresses\":[" + addresses
                + "],\"attributes\":{\"loyaltyTier\":\"" + (n % 3 == 0 ? "gold" : "silver") + "\",\"marketingOptIn\":\""
                + (n % 2 == 0) + "\"}}";
    }

    private static String address(long n, String purpose) {
        return "{\"street\":\"" + (1 + n % 9_999) + " " + STREETS.get((int) (n % STREETS.size())) + "\",\"city\":\"Houston\","
                + "\"state\":\"TX\",\"zip\":\"77" + String.format("%03d", n % 1000) + "\",\"country\":\"US\",\"purpose\":\""
                + purpose + "\"}";
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase();
    }
}
