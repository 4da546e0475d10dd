package io.customersync.hq.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.customersync.contracts.CustomerUpdated;

/**
 * HQ is the source of truth (docs/versions.md): each change of a master customer is its next version,
 * and an edit a channel based on an older version changes only the fields it changed, and of those
 * only the ones nobody else (another channel, or HQ) changed since that version. A channel's own later
 * edit of a field it changed itself wins over its earlier one (its edits reach HQ in order).
 */
final class CustomerVersions {

    /** The prefix of a field change that dropped an attribute key: {@code attributes-} and the key. */
    static final String DROPPED = "attributes-";

    private CustomerVersions() {
    }

    /**
     * Applies a channel's edit to the customer under the rule above.
     *
     * @param baseVersion the version the edit is based on; null: none known (applied as it comes)
     * @return the fields it changed; when any, the customer is at its next version
     */
    static List<String> applyEdit(Customer customer, CustomerUpdated edit, Long baseVersion) {
        long next = customer.version + 1;
        Map<String, String> changes = new HashMap<>(customer.fieldChanges == null ? Map.of() : customer.fieldChanges);
        List<String> applied = new ArrayList<>();
        for (String field : CustomerUpdated.FIELDS) {
            if (!edit.changed(field)) {
                continue;
            }
            Object value = valueOf(edit, field);
            if (changedByOthersSince(changes.get(field), baseVersion, edit.channelId())) {
                if (!filledByHqOnly(changes.get(field))) {
                    continue;
                }
                // HQ only filled what the account lacked since (a merge or link gave it what the other record had):
                // the store's edit still applies, its attribute keys set over the account's, none removed (found by
                // probing: a till's edit sent with a merge decision was lost)
                if ("attributes".equals(field) && edit.attributes() != null) {
                    value = withKeysOf(customer, edit.attributes());
                }
            }
            if (Objects.equals(valueOf(customer, field), value)) {
                continue;
            }
            if ("attributes".equals(field) && customer.attributes != null && value instanceof Map<?, ?> now) {
                // each key it drops is remembered as dropped (a merge does not give it back, takeWhatOnlyItHad)
                customer.attributes.keySet().stream().filter(key -> !now.containsKey(key))
                        .forEach(key -> changes.put(DROPPED + key, next + " " + edit.channelId()));
            }
            set(customer, field, value);
            changes.put(field, next + " " + edit.channelId());
            applied.add(field);
        }
        if (!applied.isEmpty()) {
            customer.fieldChanges = changes;
            customer.version = next;
        }
        return applied;
    }

    /**
     * An edit made at the store of a customer that joined this account (linked or merged) from a row that does not show
     * the account yet (it had its own data until the account's next version reached it): the attributes it sends are
     * added to the account's, keys it does not send are kept (a storefront's stale map would drop a key another store
     * gave, e.g. a loyalty tier).
     */
    static CustomerUpdated keysAdded(Customer account, CustomerUpdated edit) {
        if (!edit.changed("attributes") || edit.attributes() == null) {
            return edit;
        }
        return new CustomerUpdated(edit.customerId(), edit.channelId(), edit.firstName(), edit.lastName(), edit.email(),
                edit.phone(), withKeysOf(account, edit.attributes()), edit.updatedAt(), edit.baseVersion(),
                edit.changedFields(), edit.sealed());
    }

    /** The account's attributes with the keys sent set over them, none removed. */
    private static Map<String, String> withKeysOf(Customer account, Map<String, String> sent) {
        Map<String, String> attributes = new HashMap<>(account.attributes == null ? Map.of() : account.attributes);
        attributes.putAll(sent);
        return attributes;
    }

    /** Any other change of the customer (an address added, a link or merge decision): its next version. */
    static void changed(Customer customer) {
        customer.version++;
    }

    /**
     * A merge (docs/duplicates.md): what only the merged customer's record had joins the account it is merged into (an
     * e-mail or phone the account has none of, attribute keys it does not have: a loyalty tier is not lost), unless the
     * account's field was changed since it was numbered (an e-mail removed stays so), or, for a key, it was dropped from
     * the account since (an opt-out stays); the account keeps its own values. Each field filled is marked changed by HQ
     * at the account's next version, which the caller gives it ({@link #changed}) with the merge's announcement.
     *
     * @return the fields filled
     */
    static List<String> takeWhatOnlyItHad(Customer account, Customer merged) {
        List<String> filled = new ArrayList<>();
        Map<String, String> changed = account.fieldChanges == null ? Map.of() : account.fieldChanges;
        // a field changed since the account was numbered is as someone left it: an e-mail removed is not given back
        if (account.email == null && merged.email != null && !changed.containsKey("email")) {
            account.email = merged.email;
            filled.add("email");
        }
        if (account.phone == null && merged.phone != null && !changed.containsKey("phone")) {
            account.phone = merged.phone;
            filled.add("phone");
        }
        Map<String, String> own = account.attributes == null ? Map.of() : account.attributes;
        Map<String, String> attributes = new HashMap<>(own);
        // keys the account never had join it; one a store dropped from it since its numbering (an opt-out) stays
        // dropped (until 2026-12-06 any change of the account's attributes kept every key out: found by probing)
        (merged.attributes == null ? Map.<String, String>of() : merged.attributes).forEach((key, value) -> {
            if (!own.containsKey(key) && !changed.containsKey(DROPPED + key)) {
                attributes.put(key, value);
            }
        });
        if (!attributes.equals(own)) {
            account.attributes = Map.copyOf(attributes);
            filled.add("attributes");
        }
        if (!filled.isEmpty()) {
            Map<String, String> changes = new HashMap<>(changed);
            filled.forEach(field -> changes.put(field, (account.version + 1) + " " + Customer.HQ));
            account.fieldChanges = changes;
        }
        return filled;
    }

    /** Whether the field's last change was HQ's: only a merge or a link, filling what the account lacked. */
    private static boolean filledByHqOnly(String lastChange) {
        return lastChange != null && lastChange.endsWith(" " + Customer.HQ);
    }

    /**
     * Whether the field's last change (as "version who", null: none since the customer was numbered)
     * came after {@code baseVersion} from someone other than {@code channelId}; an edit without a base
     * (made before the channel knew any version) is applied as it comes, as before versions.
     */
    static boolean changedByOthersSince(String lastChange, Long baseVersion, String channelId) {
        if (lastChange == null || baseVersion == null) {
            return false;
        }
        int space = lastChange.indexOf(' ');
        long version = Long.parseLong(lastChange.substring(0, space));
        return version > baseVersion && !lastChange.substring(space + 1).equals(channelId);
    }

    private static Object valueOf(CustomerUpdated edit, String field) {
        return switch (field) {
            case "firstName" -> edit.firstName();
            case "lastName" -> edit.lastName();
            case "email" -> edit.email();
            case "phone" -> edit.phone();
            default -> edit.attributes();
        };
    }

    private static Object valueOf(Customer customer, String field) {
        return switch (field) {
            case "firstName" -> customer.firstName;
            case "lastName" -> customer.lastName;
            case "email" -> customer.email;
            case "phone" -> customer.phone;
            default -> customer.attributes == null ? Map.of() : customer.attributes;
        };
    }

    @SuppressWarnings("unchecked")
    private static void set(Customer customer, String field, Object value) {
        switch (field) {
            case "firstName" -> customer.firstName = (String) value;
            case "lastName" -> customer.lastName = (String) value;
            case "email" -> customer.email = (String) value;
            case "phone" -> customer.phone = (String) value;
            default -> customer.attributes = Map.copyOf((Map<String, String>) value);
        }
    }
}
