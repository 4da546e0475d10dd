package io.customersync.channel.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SQL of a till search and its parameters, in the order they stand (public so that a test can EXPLAIN it):
 * the customers the channel sees (its own and copies from its address book, async ones included) whose account
 * number or async customer number is {@code text} (any case), whose name or e-mail contains it (any case, accents and
 * apostrophes, across first name, last name and e-mail: "amy search" finds Amy Search, "nunez" Núñez), or, when {@code text} is a phone number with
 * at least three digits, whose phone contains those digits whatever the punctuation. Ordered by name; an empty
 * text lists everyone. Each arm's expression is the one of its index (channel-schema V8, V24), character for character.
 */
public record CustomerSearch(String where, List<Object> parameters) {

    private static final Pattern PHONE_LIKE = Pattern.compile("[+0-9 ().\\-/]*[0-9][+0-9 ().\\-/]*");

    public String select() {
        return "select " + Customers.COLUMNS + " from customer where " + where + " order by last_name, first_name, id";
    }

    public String count() {
        return "select count(*) from customer where " + where;
    }

    public static CustomerSearch of(String channelId, String text) {
        StringBuilder where = new StringBuilder("(channel_id = ? or distributed) and erased_at is null");
        List<Object> parameters = new ArrayList<>();
        parameters.add(channelId);
        if (!text.isEmpty()) {
            String number = text.toUpperCase(Locale.ROOT);
            // folded by PostgreSQL, as the index's expression is (channel-schema V24: lower case, no accents, no
            // apostrophes; Java's lower case differs: İ, a final Σ)
            where.append(" and (account_number = ? or async_customer_number = ?"
                    + " or till_search_fold(first_name || ' ' || last_name || ' ' || coalesce(email, ''))"
                    + " like till_search_fold(?) escape '\\'");
            parameters.add(number);
            parameters.add(number);
            // names are kept in NFC (StrictJson): a query typed decomposed (NFD) finds them too
            parameters.add("%" + Normalizer.normalize(text, Normalizer.Form.NFC)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            String digits = text.replaceAll("[^0-9]", "");
            if (digits.length() >= 3 && PHONE_LIKE.matcher(text).matches()) {
                where.append(" or regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') like ?");
                parameters.add("%" + digits + "%");
            }
            where.append(')');
        }
        return new CustomerSearch(where.toString(), List.copyOf(parameters));
    }
}
