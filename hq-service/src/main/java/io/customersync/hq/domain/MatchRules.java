package io.customersync.hq.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.customersync.contracts.AsyncAddress;

/**
 * Duplicate match rules: each a set of normalized fields that must all be equal (say
 * {@code phone+firstName+lastName}). Every rule names the last name and one contact value, so
 * different last names never match and nobody is matched on a shared phone, e-mail or address
 * alone. Names are compared without case, accents, spaces or punctuation ("José  García" is "jose
 * garcia"); e-mails without case; phones by their last ten digits; addresses by street, zip and
 * country. Values that never match (store phones, {@code noemail@...}) are left out.
 * <p>
 * A customer's keys are MD5 digests of the normalized values: what HQ stores and looks up
 * ({@code customer_match_key}), one per contact value (to count how many customers share it) and
 * one per rule.
 */
public final class MatchRules {

    // made once: String.replaceAll compiles its pattern at every call, and the JDK looks MD5 up among its
    // providers at every getInstance (about a fifth of what HQ allocated at 250 customers/s, --profile)
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]");
    private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(MatchRules::md5);

    /** A field a rule compares. */
    public enum Field {
        EMAIL("email"), PHONE("phone"), ADDRESS("address"), FIRST_NAME("firstName"), FIRST_INITIAL("firstInitial"),
        LAST_NAME("lastName");

        final String label;

        Field(String label) {
            this.label = label;
        }

        boolean isContact() {
            return this == EMAIL || this == PHONE || this == ADDRESS;
        }

        static Field of(String label) {
            for (Field field : values()) {
                if (field.label.equalsIgnoreCase(label.trim())) {
                    return field;
                }
            }
            throw new IllegalArgumentException("unknown match field '" + label.trim() + "' (email, phone, address, "
                    + "firstName, firstInitial, lastName)");
        }
    }

    /** One rule: its name (as configured) and fields. */
    public record Rule(String name, Set<Field> fields) {
    }

    /** What a customer is matched on: a name and contact values, as uploaded or as in the master. */
    public record Profile(String firstName, String lastName, String email, String phone, List<AsyncAddress> addresses) {
    }

    /** A normalized contact value (kind email, phone or address) and its key. */
    public record ContactValue(Field kind, String value, UUID key) {
    }

    /** A rule's key for one customer, and the contact values it rests on. */
    public record RuleKey(String rule, UUID key, List<ContactValue> contacts) {
    }

    /** Everything a customer is matched and counted by. */
    public record Keys(List<ContactValue> values, List<RuleKey> rules, String nameLock) {

        public List<UUID> all() {
            List<UUID> all = new ArrayList<>(values.size() + rules.size());
            values.forEach(v -> all.add(v.key()));
            rules.forEach(r -> all.add(r.key()));
            return all;
        }
    }

    private final List<Rule> rules;
    private final Set<String> neverMatch;
    private final boolean lockByFirstInitial;

    private MatchRules(List<Rule> rules, Set<String> neverMatch) {
        this.rules = List.copyOf(rules);
        this.neverMatch = Set.copyOf(neverMatch);
        this.lockByFirstInitial = rules.stream().allMatch(
                r -> r.fields().contains(Field.FIRST_NAME) || r.fields().contains(Field.FIRST_INITIAL));
    }

    /**
     * @param rules       e.g. {@code email+firstName+lastName}
     * @param neverMatch  e-mails and phones that never match; {@code noemail@} is any e-mail with that local part
     * @throws IllegalArgumentException for a rule without the last name or a contact field, or an unknown field
     */
    public static MatchRules of(List<String> rules, List<String> neverMatch) {
        List<Rule> parsed = new ArrayList<>();
        for (String rule : rules) {
            Set<Field> fields = EnumSet.noneOf(Field.class);
            for (String label : rule.split("\\+")) {
                fields.add(Field.of(label));
            }
            if (!fields.contains(Field.LAST_NAME) || fields.stream().noneMatch(Field::isContact)) {
                throw new IllegalArgumentException("match rule '" + rule.trim() + "' must name lastName and at least one of"
                        + " email, phone, address: nobody is the same person on a contact value alone");
            }
            parsed.add(new Rule(rule.trim(), fields));
        }
        Set<String> junk = new LinkedHashSet<>();
        for (String value : neverMatch) {
            String email = email(value);
            junk.add(value.trim().endsWith("@") ? value.trim().toLowerCase(Locale.ROOT) : email != null ? email : phone(value));
        }
        junk.remove(null);
        return new MatchRules(parsed, junk);
    }

    public List<Rule> rules() {
        return rules;
    }

    public Keys keysOf(Profile customer) {
        String first = name(customer.firstName());
        String last = name(customer.lastName());
        List<ContactValue> values = new ArrayList<>();
        String email = email(customer.email());
        if (email != null && !neverMatch.contains(email) && !neverMatch.contains(email.substring(0, email.indexOf('@') + 1))) {
            values.add(contact(Field.EMAIL, email));
        }
        String phone = phone(customer.phone());
        if (phone != null && !neverMatch.contains(phone)) {
            values.add(contact(Field.PHONE, phone));
        }
        for (AsyncAddress address : customer.addresses() == null ? List.<AsyncAddress> of() : customer.addresses()) {
            String value = address.wasRemoved() ? null : address(address); // its store removed it: no one lives there
            if (value != null && values.stream().noneMatch(v -> v.value().equals(value) && v.kind() == Field.ADDRESS)) {
                values.add(contact(Field.ADDRESS, value));
            }
        }
        List<RuleKey> ruleKeys = new ArrayList<>();
        if (!last.isEmpty()) {
            for (Rule rule : rules) {
                ruleKeys.addAll(keys(rule, values, first, last));
            }
        }
        String lock = last + "|" + (lockByFirstInitial && !first.isEmpty() ? first.substring(0, 1) : "");
        return new Keys(values, ruleKeys, lock);
    }

    /** One key per combination of the customer's values of the rule's contact fields (a key per address). */
    private static List<RuleKey> keys(Rule rule, List<ContactValue> values, String first, String last) {
        boolean byFirst = rule.fields().contains(Field.FIRST_NAME) || rule.fields().contains(Field.FIRST_INITIAL);
        if (byFirst && first.isEmpty()) {
            return List.of();
        }
        List<List<ContactValue>> combinations = List.of(List.of());
        for (Field field : rule.fields()) {
            if (!field.isContact()) {
                continue;
            }
            List<List<ContactValue>> longer = new ArrayList<>();
            for (List<ContactValue> combination : combinations) {
                for (ContactValue value : values) {
                    if (value.kind() == field) {
                        List<ContactValue> next = new ArrayList<>(combination);
                        next.add(value);
                        longer.add(next);
                    }
                }
            }
            combinations = longer;
        }
        String name = last + (byFirst ? "|" + (rule.fields().contains(Field.FIRST_NAME) ? first : first.substring(0, 1)) : "");
        List<RuleKey> keys = new ArrayList<>(combinations.size());
        for (List<ContactValue> combination : combinations) {
            StringBuilder key = new StringBuilder(rule.name());
            combination.forEach(value -> key.append('|').append(value.value()));
            keys.add(new RuleKey(rule.name(), digest(key.append('|').append(name).toString()), List.copyOf(combination)));
        }
        return keys;
    }

    private static ContactValue contact(Field kind, String value) {
        return new ContactValue(kind, value, digest(kind.label + ":" + value));
    }

    /** Lower case, no accents, no spaces or punctuation: "  José-María O'Brien " is "josemariaobrien". */
    static String name(String name) {
        if (name == null) {
            return "";
        }
        String decomposed = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
        return NOT_LETTER_OR_DIGIT.matcher(decomposed.toLowerCase(Locale.ROOT).replace("ß", "ss")).replaceAll("");
    }

    /** Trimmed, lower case; null unless it looks like an e-mail. */
    static String email(String email) {
        if (email == null) {
            return null;
        }
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        return normalized.indexOf('@') > 0 ? normalized : null;
    }

    /**
     * The last ten digits (+1 713 555 0100 and 713-555-0100 are one phone); null for fewer than seven
     * digits or, of the digits kept, one digit repeated (0000000, +1 000-000-0000): no one's phone.
     */
    static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = NOT_DIGIT.matcher(phone).replaceAll("");
        String lastTen = digits.length() > 10 ? digits.substring(digits.length() - 10) : digits;
        // judged on the digits kept: +1 000-000-0000 is 0000000000, no one's phone either
        if (lastTen.length() < 7 || lastTen.chars().distinct().count() == 1) {
            return null;
        }
        return lastTen;
    }

    /**
     * Street, zip and country, compared like names ("12 Main St." is "12mainst"); without a zip (a country without
     * postcodes: Hong Kong, the Emirates) the city in its place, marked so that no city equals a zip; null without
     * street, or without both zip and city.
     */
    static String address(AsyncAddress address) {
        String street = name(address.street());
        String zip = name(address.zip());
        String place = zip.isEmpty() && !name(address.city()).isEmpty() ? "city:" + name(address.city()) : zip;
        if (street.isEmpty() || place.isEmpty()) {
            return null;
        }
        return street + "|" + place + "|" + (address.country() == null ? "" : address.country().trim().toUpperCase(Locale.ROOT));
    }

    /** An MD5 digest as a UUID (PostgreSQL: {@code md5(text)::uuid}): 16 bytes a key, whatever its length. */
    static UUID digest(String text) {
        byte[] md5 = MD5.get().digest(text.getBytes(StandardCharsets.UTF_8));
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (md5[i] & 0xff);
            low = (low << 8) | (md5[i + 8] & 0xff);
        }
        return new UUID(high, low);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
